#include "gemm.h"

#include <algorithm>
#include <climits>
#include <cstring>
#include <vector>

#include "threadpool.h"

#if defined(BENCHTOP_NO_BLAS)
// builtin only
#elif defined(BENCHTOP_BLAS_ACCELERATE)
#define ACCELERATE_NEW_LAPACK 1
#include <Accelerate/Accelerate.h>
#else
#include <cblas.h>
extern "C" {
// Declared here as well: some cblas.h variants (netlib's) lack OpenBLAS's extensions.
void openblas_set_num_threads(int num_threads);
char* openblas_get_corename(void);
}
#endif

namespace benchtop {

namespace {

constexpr int64_t MR = 4;
constexpr int64_t NR = 16;
constexpr int64_t MC = 128;
constexpr int64_t KC = 256;
constexpr int64_t NC = 1024;

inline float at(const float* x, bool trans, int64_t ld, int64_t row, int64_t col) {
  return trans ? x[col * ld + row] : x[row * ld + col];
}

// Packs rows [i0, i0+mc) x cols [p0, p0+kc) of op(A) into MR-row panels, k-major inside a panel.
void pack_a(bool trans, const float* a, int64_t lda, int64_t i0, int64_t mc, int64_t p0, int64_t kc, float* out) {
  for (int64_t ip = 0; ip < mc; ip += MR) {
    int64_t rows = std::min(MR, mc - ip);
    for (int64_t p = 0; p < kc; ++p) {
      for (int64_t r = 0; r < rows; ++r) out[r] = at(a, trans, lda, i0 + ip + r, p0 + p);
      for (int64_t r = rows; r < MR; ++r) out[r] = 0.0f;
      out += MR;
    }
  }
}

// Packs rows [p0, p0+kc) x cols [j0, j0+nc) of op(B) into NR-column panels, k-major inside a panel.
void pack_b(bool trans, const float* b, int64_t ldb, int64_t p0, int64_t kc, int64_t j0, int64_t nc, float* out) {
  for (int64_t jp = 0; jp < nc; jp += NR) {
    int64_t cols = std::min(NR, nc - jp);
    for (int64_t p = 0; p < kc; ++p) {
      if (!trans && cols == NR) {
        std::memcpy(out, b + (p0 + p) * ldb + j0 + jp, NR * sizeof(float));
      } else {
        for (int64_t c = 0; c < cols; ++c) out[c] = at(b, trans, ldb, p0 + p, j0 + jp + c);
        for (int64_t c = cols; c < NR; ++c) out[c] = 0.0f;
      }
      out += NR;
    }
  }
}

// acc[MR][NR] = sum_p a[p][0..MR) x b[p][0..NR), in four rows of accumulators the compiler keeps in
// vector registers; compiled for AVX2+FMA too where the compiler can dispatch at run time, so the
// binary stays runnable on plain x86-64-v2.
static_assert(MR == 4, "micro_kernel is written for four rows");
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__linux__)
__attribute__((target_clones("arch=haswell", "default")))
#endif
void micro_kernel(int64_t kc, const float* __restrict a, const float* __restrict b, float* __restrict acc) {
  float c0[NR] = {}, c1[NR] = {}, c2[NR] = {}, c3[NR] = {};
  for (int64_t p = 0; p < kc; ++p) {
    const float* __restrict bp = b + p * NR;
    const float a0 = a[p * MR + 0], a1 = a[p * MR + 1], a2 = a[p * MR + 2], a3 = a[p * MR + 3];
    for (int64_t j = 0; j < NR; ++j) {
      const float bv = bp[j];
      c0[j] += a0 * bv;
      c1[j] += a1 * bv;
      c2[j] += a2 * bv;
      c3[j] += a3 * bv;
    }
  }
  for (int64_t j = 0; j < NR; ++j) {
    acc[0 * NR + j] = c0[j];
    acc[1 * NR + j] = c1[j];
    acc[2 * NR + j] = c2[j];
    acc[3 * NR + j] = c3[j];
  }
}

// C rows [row_begin, row_end): the builtin kernel over a band of C, with its own packing buffers.
void builtin_rows(bool trans_a, bool trans_b, int64_t row_begin, int64_t row_end, int64_t n, int64_t k, float alpha,
                  const float* a, int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
  // Scale C by beta first (beta == 0 overwrites, so NaN already in C does not leak).
  for (int64_t i = row_begin; i < row_end; ++i) {
    float* row = c + i * ldc;
    if (beta == 0.0f) std::fill(row, row + n, 0.0f);
    else if (beta != 1.0f)
      for (int64_t j = 0; j < n; ++j) row[j] *= beta;
  }
  if (k == 0 || alpha == 0.0f) return;
  std::vector<float> a_pack(static_cast<size_t>(MC * KC));
  std::vector<float> b_pack(static_cast<size_t>(KC * ((std::min(NC, n) + NR - 1) / NR) * NR));
  float acc[MR * NR];
  for (int64_t j0 = 0; j0 < n; j0 += NC) {
    int64_t nc = std::min(NC, n - j0);
    for (int64_t p0 = 0; p0 < k; p0 += KC) {
      int64_t kc = std::min(KC, k - p0);
      pack_b(trans_b, b, ldb, p0, kc, j0, nc, b_pack.data());
      for (int64_t i0 = row_begin; i0 < row_end; i0 += MC) {
        int64_t mc = std::min(MC, row_end - i0);
        pack_a(trans_a, a, lda, i0, mc, p0, kc, a_pack.data());
        for (int64_t jp = 0; jp < nc; jp += NR) {
          int64_t cols = std::min(NR, nc - jp);
          const float* bpanel = b_pack.data() + (jp / NR) * kc * NR;
          for (int64_t ip = 0; ip < mc; ip += MR) {
            int64_t rows = std::min(MR, mc - ip);
            micro_kernel(kc, a_pack.data() + (ip / MR) * kc * MR, bpanel, acc);
            for (int64_t r = 0; r < rows; ++r) {
              float* crow = c + (i0 + ip + r) * ldc + j0 + jp;
              const float* arow = acc + r * NR;
              for (int64_t j = 0; j < cols; ++j) crow[j] += alpha * arow[j];
            }
          }
        }
      }
    }
  }
}

}  // namespace

#if !defined(BENCHTOP_NO_BLAS)
namespace {
bool fits_blas_int(int64_t v) { return v >= 0 && v <= INT_MAX; }
}  // namespace
#endif

void sgemm_serial(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
                  int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
  if (m <= 0 || n <= 0) return;
#if !defined(BENCHTOP_NO_BLAS)
  if (k > 0 && fits_blas_int(m) && fits_blas_int(n) && fits_blas_int(k) && fits_blas_int(lda) &&
      fits_blas_int(ldb) && fits_blas_int(ldc)) {
    cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans,
                static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), alpha, a, static_cast<int>(lda), b,
                static_cast<int>(ldb), beta, c, static_cast<int>(ldc));
    return;
  }
#endif
  builtin_rows(trans_a, trans_b, 0, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void sgemm(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t lda,
           const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
  if (m <= 0 || n <= 0) return;
  const int threads = pool().available();
  const int64_t flops = m * n * std::max<int64_t>(k, 1);
  if (threads <= 1 || flops < (int64_t{1} << 18)) {
    sgemm_serial(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    return;
  }
  // Bands of rows (a multiple of 8 each) or of columns (of 16), whichever side of C is longer: each
  // thread packs its band of one operand and all of the other, so splitting the longer side packs
  // the least (a conv's dcol = dy x W^T at a 2x2 image: 64 rows, 4608 columns; by rows each thread
  // would pack all of a 9 MB filter). Rows when there are too few columns to share.
  const bool by_rows = m >= n || n < 16 * threads;
  const int64_t extent = by_rows ? m : n;
  const int64_t align = by_rows ? 8 : 16;
  int64_t band = (extent + threads - 1) / threads;
  band = std::min(extent, (band + align - 1) / align * align);
  const int tasks = static_cast<int>((extent + band - 1) / band);
  pool().run(tasks, [&](int t) {
    const int64_t begin = t * band;
    const int64_t end = std::min(extent, begin + band);
    if (begin >= end) return;
    if (by_rows) {
      const float* a_band = trans_a ? a + begin : a + begin * lda;
      sgemm_serial(trans_a, trans_b, end - begin, n, k, alpha, a_band, lda, b, ldb, beta, c + begin * ldc, ldc);
    } else {
      const float* b_band = trans_b ? b + begin * ldb : b + begin;
      sgemm_serial(trans_a, trans_b, m, end - begin, k, alpha, a, lda, b_band, ldb, beta, c + begin, ldc);
    }
  });
}

const char* blas_name() {
#if defined(BENCHTOP_NO_BLAS)
  return "builtin";
#elif defined(BENCHTOP_BLAS_ACCELERATE)
  return "accelerate";
#else
  return "openblas";
#endif
}

const char* blas_detail() {
#if defined(BENCHTOP_NO_BLAS) || defined(BENCHTOP_BLAS_ACCELERATE)
  return "";
#else
  const char* core = openblas_get_corename();
  return core ? core : "";
#endif
}

void blas_set_threads(int threads) {
#if defined(BENCHTOP_NO_BLAS) || defined(BENCHTOP_BLAS_ACCELERATE)
  (void)threads;
#else
  openblas_set_num_threads(threads);
#endif
}

}  // namespace benchtop
