// Winograd's minimal filtering F(2x2, 3x3) for 3x3, stride-1, undilated convolutions (Lavin & Gray,
// "Fast Algorithms for Convolutional Neural Networks", 2015): each 2x2 tile of output pixels comes
// from a 4x4 tile of input pixels with 16 multiplications per channel pair instead of 36.
//
//   U[xi][c][k] = (G g[c][k] G^T)[xi]      the filter, once per call      (G: 4x3)
//   V[xi][t][c] = (B^T d[t][c] B)[xi]      the input tile t of channel c   (B: 4x4)
//   M[xi][t][k] = sum_c V[xi][t][c] U[xi][c][k]    16 matrix products, one per xi < 16
//   y[t][k]     = A^T M[.][t][k] A          the 2x2 output tile             (A: 4x2)
//
// Every transform is vectorized over 16 channels. Tiles go in blocks per thread, sized so that the
// block's V and M (16 * tiles * (in_c + out_c) floats) stay in a core's L2 between the input
// transform, the products and the output transform; the products are conv_direct.cc's forward
// micro-kernel (6 tiles x 64 output channels of accumulators) over U in blocks of 64 channels,
// [xi][block][c][64]. The input gradient of such a layer is one too: a forward convolution of dy
// with the layer's filter flipped and transposed, which the filter transform reads in place.
//
// The filter gradient runs the same way backwards: dU[xi][c][k] = sum over tiles of V[xi][t][c]
// dM[xi][t][k], dM = A dy A^T, and dw = G^T dU G.
//
// Numerically the transforms add and halve values of the same size (G's entries are 1 and 1/2,
// B's and A's 0 and +-1), so the result differs from the direct sum by a few ulps of its terms'
// size, as another summation order does; tests/native/convWinograd.test.ts holds it to a float64
// brute force.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>

#include "checked.h"
#include "env.h"
#include "kernels.h"
#include "scratch.h"
#include "threadpool.h"

#if defined(__x86_64__) && defined(__GNUC__)
#define BENCHTOP_HAVE_WINOGRAD 1
#include <immintrin.h>
#endif

namespace benchtop {

namespace {

constexpr int kLanes = 16;
constexpr int kBlock = 64;      // output channels per block of U (the micro-kernel's 4 vectors)
constexpr int kRows = 6;        // tiles per micro-kernel call
constexpr int kPoints = 16;     // xi: the 4x4 transformed tile
constexpr int64_t kMinTiles = 32;  // 2x2 output tiles of a batch, at least (winograd_applies)
// Floats of V and M a thread's block of tiles may take (16 * tiles * (in_c + out_c)): 512 KB, half
// a Zen 4 core's L2.
constexpr int64_t kBlockFloats = int64_t{1} << 17;

// Slots of thread_scratch() (scratch.h): the caller's transformed filter; each task's V and M.
constexpr int kFilterSlot = 3;
constexpr int kInputSlot = 0;
constexpr int kProductSlot = 1;

// BENCHTOP_CONV_WINOGRAD=0 turns it off (to compare it with the direct kernels).
bool winograd_enabled() {
  static const bool enabled = !env_switched_off("BENCHTOP_CONV_WINOGRAD");
  return enabled;
}

#ifdef BENCHTOP_HAVE_WINOGRAD
#define WINO_TARGET __attribute__((target("avx512f")))

// U[xi][block][c][64 lanes] for output channels [k, k + 16) of input channel c from g[ky][kx],
// those 16 channels' filter taps.
WINO_TARGET void transform_filter(const __m512 g[3][3], int64_t in_c, int64_t out_c, int64_t c, int64_t k, float* u) {
  const __m512 half = _mm512_set1_ps(0.5f);
  // G g: rows g0, (g0 + g1 + g2) / 2, (g0 - g1 + g2) / 2, g2 (per column).
  __m512 t[4][3];
  for (int kx = 0; kx < 3; ++kx) {
    const __m512 sum = _mm512_add_ps(g[0][kx], g[2][kx]);
    t[0][kx] = g[0][kx];
    t[1][kx] = _mm512_mul_ps(_mm512_add_ps(sum, g[1][kx]), half);
    t[2][kx] = _mm512_mul_ps(_mm512_sub_ps(sum, g[1][kx]), half);
    t[3][kx] = g[2][kx];
  }
  const int64_t blocks = (out_c + kBlock - 1) / kBlock;
  const int64_t block = k / kBlock, lane0 = k % kBlock;
  for (int i = 0; i < 4; ++i) {
    // (G g) G^T: the same combination along the row.
    const __m512 sum = _mm512_add_ps(t[i][0], t[i][2]);
    const __m512 row[4] = {t[i][0], _mm512_mul_ps(_mm512_add_ps(sum, t[i][1]), half),
                           _mm512_mul_ps(_mm512_sub_ps(sum, t[i][1]), half), t[i][2]};
    for (int j = 0; j < 4; ++j)
      _mm512_storeu_ps(u + (((i * 4 + j) * blocks + block) * in_c + c) * kBlock + lane0, row[j]);
  }
}

// U for input channels [c0, c0 + 16) and output channels [k, k + 16): with kForward from
// w[ky][kx][c][k]; with kFlippedOfInputGradient from w[2 - ky][2 - kx][k][c] (that layer's
// [3][3][out_c][in_c] filter in this convolution's names), a 16 x 16 block per tap transposed
// through the stack.
WINO_TARGET void transform_filter_block(const float* w, WinogradFilter layout, int64_t in_c, int64_t out_c, int64_t c0,
                                        int64_t k, float* u) {
  if (layout == WinogradFilter::kForward) {
    for (int64_t c = c0; c < c0 + kLanes; ++c) {
      __m512 g[3][3];
      for (int ky = 0; ky < 3; ++ky)
        for (int kx = 0; kx < 3; ++kx) g[ky][kx] = _mm512_loadu_ps(w + ((ky * 3 + kx) * in_c + c) * out_c + k);
      transform_filter(g, in_c, out_c, c, k, u);
    }
    return;
  }
  alignas(64) float block[9][kLanes][kLanes];  // [tap][c - c0][k lane]
  for (int tap = 0; tap < 9; ++tap)
    for (int kl = 0; kl < kLanes; ++kl) {
      const float* src = w + ((8 - tap) * out_c + k + kl) * in_c + c0;  // tap (ky, kx) reads (2 - ky, 2 - kx)
      for (int cl = 0; cl < kLanes; ++cl) block[tap][cl][kl] = src[cl];
    }
  for (int cl = 0; cl < kLanes; ++cl) {
    __m512 g[3][3];
    for (int tap = 0; tap < 9; ++tap) g[tap / 3][tap % 3] = _mm512_load_ps(block[tap][cl]);
    transform_filter(g, in_c, out_c, c0 + cl, k, u);
  }
}

// B^T d B for one tile and 16 channels: d[i][j] in, v[i * 4 + j] out (v may be d's storage).
WINO_TARGET inline void transform_input(__m512 d[4][4], __m512 v[16]) {
  __m512 r[4][4];
  for (int j = 0; j < 4; ++j) {
    r[0][j] = _mm512_sub_ps(d[0][j], d[2][j]);
    r[1][j] = _mm512_add_ps(d[1][j], d[2][j]);
    r[2][j] = _mm512_sub_ps(d[2][j], d[1][j]);
    r[3][j] = _mm512_sub_ps(d[1][j], d[3][j]);
  }
  for (int i = 0; i < 4; ++i) {
    v[i * 4 + 0] = _mm512_sub_ps(r[i][0], r[i][2]);
    v[i * 4 + 1] = _mm512_add_ps(r[i][1], r[i][2]);
    v[i * 4 + 2] = _mm512_sub_ps(r[i][2], r[i][1]);
    v[i * 4 + 3] = _mm512_sub_ps(r[i][1], r[i][3]);
  }
}

// A^T m A for one tile and 16 channels: m[xi] in, out[r][q] (the 2x2 output pixels).
WINO_TARGET inline void transform_output(const __m512 m[16], __m512 out[2][2]) {
  __m512 s[2][4];
  for (int j = 0; j < 4; ++j) {
    s[0][j] = _mm512_add_ps(_mm512_add_ps(m[j], m[4 + j]), m[8 + j]);
    s[1][j] = _mm512_sub_ps(_mm512_sub_ps(m[4 + j], m[8 + j]), m[12 + j]);
  }
  for (int r = 0; r < 2; ++r) {
    out[r][0] = _mm512_add_ps(_mm512_add_ps(s[r][0], s[r][1]), s[r][2]);
    out[r][1] = _mm512_sub_ps(_mm512_sub_ps(s[r][1], s[r][2]), s[r][3]);
  }
}

struct TilePlace {
  int64_t b, ty, tx;  // image, tile row, tile column
};

struct Tiling {
  int64_t rows, cols;  // tiles per image: ceil(out_h / 2) x ceil(out_w / 2)
  int64_t count() const { return rows * cols; }
  TilePlace at(int64_t tile) const { return {tile / count(), tile % count() / cols, tile % cols}; }
};

// V[xi][t - first][c] for tiles [first, first + n) (tiles in y's order: image, row, column).
WINO_TARGET void transform_tiles(const ConvGeometry& g, const Tiling& tiling, const float* x, int64_t first, int64_t n,
                                 int64_t block_tiles, float* v) {
  const int64_t in_c = g.in_c;
  const __m512 zero = _mm512_setzero_ps();
  for (int64_t t = 0; t < n; ++t) {
    const auto [b, ty, tx] = tiling.at(first + t);
    const int64_t y0 = 2 * ty - g.pad_top, x0 = 2 * tx - g.pad_left;
    const float* src[4][4];
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 4; ++j) {
        const int64_t yy = y0 + i, xx = x0 + j;
        src[i][j] = (yy >= 0 && yy < g.in_h && xx >= 0 && xx < g.in_w) ? x + ((b * g.in_h + yy) * g.in_w + xx) * in_c
                                                                         : nullptr;
      }
    for (int64_t c = 0; c < in_c; c += kLanes) {
      __m512 d[4][4];
      for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) d[i][j] = src[i][j] ? _mm512_loadu_ps(src[i][j] + c) : zero;
      __m512 out[16];
      transform_input(d, out);
      for (int xi = 0; xi < kPoints; ++xi) _mm512_storeu_ps(v + (xi * block_tiles + t) * in_c + c, out[xi]);
    }
  }
}

// y's 2x2 pixels of tiles [first, first + n) from M[xi][t - first][k] (pixels past the image's edge,
// where out_h or out_w is odd, are not written).
WINO_TARGET void untransform_tiles(const ConvGeometry& g, const Tiling& tiling, const float* m, int64_t first,
                                   int64_t n, int64_t block_tiles, float* y) {
  const int64_t out_c = g.out_c;
  for (int64_t t = 0; t < n; ++t) {
    const auto [b, ty, tx] = tiling.at(first + t);
    const bool second_row = 2 * ty + 1 < g.out_h, second_col = 2 * tx + 1 < g.out_w;
    float* dst = y + ((b * g.out_h + 2 * ty) * g.out_w + 2 * tx) * out_c;
    for (int64_t k = 0; k < out_c; k += kLanes) {
      __m512 mv[16];
      for (int xi = 0; xi < kPoints; ++xi) mv[xi] = _mm512_loadu_ps(m + (xi * block_tiles + t) * out_c + k);
      __m512 out[2][2];
      transform_output(mv, out);
      _mm512_storeu_ps(dst + k, out[0][0]);
      if (second_col) _mm512_storeu_ps(dst + out_c + k, out[0][1]);
      if (second_row) {
        _mm512_storeu_ps(dst + g.out_w * out_c + k, out[1][0]);
        if (second_col) _mm512_storeu_ps(dst + (g.out_w + 1) * out_c + k, out[1][1]);
      }
    }
  }
}

// The filter gradient's transforms. y = A^T (U . V) A per tile gives dU[xi][c][k] = sum over tiles
// of V[xi][t][c] dM[xi][t][k], with dM = A dy A^T (the tile's 2x2 gradient spread to 4x4), and
// dw = G^T dU G (4x4 back to 3x3).

// dM[xi][t - first][k] for tiles [first, first + n) from dy (pixels past the edge count as zero).
WINO_TARGET void spread_tiles(const ConvGeometry& g, const Tiling& tiling, const float* dy, int64_t first, int64_t n,
                              int64_t block_tiles, float* dm) {
  const int64_t out_c = g.out_c;
  const __m512 zero = _mm512_setzero_ps();
  for (int64_t t = 0; t < n; ++t) {
    const auto [b, ty, tx] = tiling.at(first + t);
    const bool second_row = 2 * ty + 1 < g.out_h, second_col = 2 * tx + 1 < g.out_w;
    const float* src = dy + ((b * g.out_h + 2 * ty) * g.out_w + 2 * tx) * out_c;
    for (int64_t k = 0; k < out_c; k += kLanes) {
      const __m512 d00 = _mm512_loadu_ps(src + k);
      const __m512 d01 = second_col ? _mm512_loadu_ps(src + out_c + k) : zero;
      const __m512 d10 = second_row ? _mm512_loadu_ps(src + g.out_w * out_c + k) : zero;
      const __m512 d11 = second_row && second_col ? _mm512_loadu_ps(src + (g.out_w + 1) * out_c + k) : zero;
      // A's rows: (1, 0), (1, 1), (1, -1), (0, -1), down the rows, then along them.
      const __m512 e[4][2] = {{d00, d01},
                              {_mm512_add_ps(d00, d10), _mm512_add_ps(d01, d11)},
                              {_mm512_sub_ps(d00, d10), _mm512_sub_ps(d01, d11)},
                              {_mm512_sub_ps(zero, d10), _mm512_sub_ps(zero, d11)}};
      for (int i = 0; i < 4; ++i) {
        const __m512 out[4] = {e[i][0], _mm512_add_ps(e[i][0], e[i][1]), _mm512_sub_ps(e[i][0], e[i][1]),
                               _mm512_sub_ps(zero, e[i][1])};
        for (int j = 0; j < 4; ++j) _mm512_storeu_ps(dm + ((i * 4 + j) * block_tiles + t) * out_c + k, out[j]);
      }
    }
  }
}

// dw[ky][kx][c][k, k + 16) = (G^T dU G)[ky][kx], dU being the sum of `parts` arrays [xi][c][k]
// `part` floats apart.
WINO_TARGET void gather_filter_gradient(const float* du, int64_t parts, int64_t part, int64_t in_c, int64_t out_c,
                                        int64_t c, int64_t k, float* dw) {
  __m512 d[4][4];
  for (int xi = 0; xi < kPoints; ++xi) {
    __m512 sum = _mm512_loadu_ps(du + (xi * in_c + c) * out_c + k);
    for (int64_t p = 1; p < parts; ++p) sum = _mm512_add_ps(sum, _mm512_loadu_ps(du + p * part + (xi * in_c + c) * out_c + k));
    d[xi / 4][xi % 4] = sum;
  }
  const __m512 half = _mm512_set1_ps(0.5f);
  // G^T's rows: (1, 1/2, 1/2, 0), (0, 1/2, -1/2, 0), (0, 1/2, 1/2, 1), down the rows, then along them.
  __m512 s[3][4];
  for (int j = 0; j < 4; ++j) {
    const __m512 plus = _mm512_mul_ps(_mm512_add_ps(d[1][j], d[2][j]), half);
    s[0][j] = _mm512_add_ps(d[0][j], plus);
    s[1][j] = _mm512_mul_ps(_mm512_sub_ps(d[1][j], d[2][j]), half);
    s[2][j] = _mm512_add_ps(plus, d[3][j]);
  }
  for (int ky = 0; ky < 3; ++ky) {
    const __m512 plus = _mm512_mul_ps(_mm512_add_ps(s[ky][1], s[ky][2]), half);
    const __m512 out[3] = {_mm512_add_ps(s[ky][0], plus), _mm512_mul_ps(_mm512_sub_ps(s[ky][1], s[ky][2]), half),
                           _mm512_add_ps(plus, s[ky][3])};
    for (int kx = 0; kx < 3; ++kx) _mm512_storeu_ps(dw + ((ky * 3 + kx) * in_c + c) * out_c + k, out[kx]);
  }
}

// dU[xi][c][k0, k0 + 16 * vectors) += sum over n tiles of V[xi][t][c] dM[xi][t][k0 ...], for every
// input channel, in the filter micro-kernel's 6 x 64 tiles; v and dm point at this xi's first tile
// (rows in_c and out_c floats apart), du at this xi's [c][k] matrix.
void sum_tile_products(const float* v, const float* dm, int64_t n, int64_t in_c, int64_t out_c, int64_t k0,
                       int64_t vectors, float* du) {
  for (int64_t c = 0; c < in_c; c += kRows)
    direct_gemm_sum_rows(v + c, in_c, dm + k0, n, std::min<int64_t>(kRows, in_c - c), vectors, out_c,
                         du + c * out_c + k0);
}
#endif

}  // namespace

namespace {

// The threads to split `tiles` over (one contiguous range each, at least a micro-kernel's rows).
int tile_tasks(int64_t tiles) {
  return static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(pool().available(), tiles / kRows)));
}

// Task t of `tasks` takes its range of [0, tiles) in blocks whose V and M, [16][block_tiles][in_c]
// and [16][block_tiles][out_c] in the thread's scratch, fit kBlockFloats: fn(task, first, n,
// block_tiles, v, m) per block of n tiles from `first`.
void over_tile_blocks(int tasks, int64_t tiles, int64_t in_c, int64_t out_c,
                      const std::function<void(int, int64_t, int64_t, int64_t, float*, float*)>& fn) {
  const int64_t fit = kBlockFloats / (kPoints * (in_c + out_c)) / kRows * kRows;
  pool().run(tasks, [&](int task) {
    const int64_t t0 = tiles * task / tasks, t1 = tiles * (task + 1) / tasks;
    const int64_t block_tiles = std::max<int64_t>(kRows, std::min(fit, t1 - t0));
    TemporaryGuard task_guard;
    float* const v = thread_scratch().get(kInputSlot, checked_product({kPoints, block_tiles, in_c}));
    float* const m = thread_scratch().get(kProductSlot, checked_product({kPoints, block_tiles, out_c}));
    for (int64_t first = t0; first < t1; first += block_tiles)
      fn(task, first, std::min(block_tiles, t1 - first), block_tiles, v, m);
  });
}

}  // namespace

bool winograd_supported() { return direct_conv_supported() && winograd_enabled(); }

bool winograd_applies(const ConvGeometry& g) {
  return winograd_supported() && g.k_h == 3 && g.k_w == 3 && g.stride_h == 1 &&
         g.stride_w == 1 && g.dil_h == 1 && g.dil_w == 1 && g.in_c % kLanes == 0 && g.out_c % kLanes == 0 &&
         g.in_c > 0 && g.out_c > 0 && g.batch > 0 && g.out_h > 0 && g.out_w > 0 && g.pad_top >= 0 &&
         g.pad_left >= 0 && g.pad_top <= 2 && g.pad_left <= 2 &&
         // Enough tiles to repay transforming the filter (~2 ms for 512 x 512 channels: 16 2x2
         // images took as long as im2col + OpenBLAS; 16 4x4 images 0.7x its CPU time).
         checked_product({g.batch, (g.out_h + 1) / 2, (g.out_w + 1) / 2}) >= kMinTiles &&
         // the transformed filter stays within a retained scratch buffer (64 MB)
         checked_product({kPoints, (g.out_c + kBlock - 1) / kBlock * kBlock, g.in_c}) <= Scratch::kRetainLimit;
}

void conv2d_forward_winograd(const ConvGeometry& g, const float* x, const float* w, WinogradFilter filter, float* y) {
#ifdef BENCHTOP_HAVE_WINOGRAD
  const int64_t in_c = g.in_c, out_c = g.out_c;
  const int64_t blocks = (out_c + kBlock - 1) / kBlock;
  TemporaryGuard guard;
  float* const u = thread_scratch().get(kFilterSlot, checked_product({kPoints, blocks * kBlock, in_c}));
  // In blocks of 16 input x 16 output channels.
  const int64_t vectors = out_c / kLanes;
  pool().parallel_for(in_c / kLanes * vectors, 16, [&](int64_t begin, int64_t end) {
    for (int64_t item = begin; item < end; ++item)
      transform_filter_block(w, filter, in_c, out_c, item / vectors * kLanes, item % vectors * kLanes, u);
  });
  const Tiling tiling{(g.out_h + 1) / 2, (g.out_w + 1) / 2};
  const int64_t tiles = checked_product({g.batch, tiling.count()});
  over_tile_blocks(tile_tasks(tiles), tiles, in_c, out_c,
                   [&](int, int64_t first, int64_t n, int64_t block_tiles, float* v, float* m) {
    transform_tiles(g, tiling, x, first, n, block_tiles, v);
    for (int xi = 0; xi < kPoints; ++xi) {
      for (int64_t block = 0; block < blocks; ++block) {
        const int64_t vectors = std::min<int64_t>(kBlock, out_c - block * kBlock) / kLanes;
        const float* panel = u + (xi * blocks + block) * in_c * kBlock;
        for (int64_t r = 0; r < n; r += kRows) {
          const int64_t count = std::min<int64_t>(kRows, n - r);
          const float* rows[kRows];
          for (int64_t p = 0; p < count; ++p) rows[p] = v + (xi * block_tiles + r + p) * in_c;
          direct_gemm_rows(rows, count, in_c, panel, vectors, m + (xi * block_tiles + r) * out_c + block * kBlock,
                           out_c);
        }
      }
    }
    untransform_tiles(g, tiling, m, first, n, block_tiles, y);
  });
#else
  (void)g, (void)x, (void)w, (void)filter, (void)y;
#endif
}

// Below this many floats of V and M for the whole batch (16 MB), the filter gradient transforms
// the batch at once and splits the products by (xi, 64 output channels): no partial sums, and a
// large filter (a 4x4x512 stage) is written once. Above, each thread sums its tiles' products into
// its own dU, block by block as the forward pass goes, and the partial dUs are added.
constexpr int64_t kWholeBatchFloats = int64_t{1} << 22;

void conv2d_backprop_filter_winograd(const ConvGeometry& g, const float* x, const float* dy, float* dw) {
#ifdef BENCHTOP_HAVE_WINOGRAD
  const int64_t in_c = g.in_c, out_c = g.out_c;
  const int64_t blocks = (out_c + kBlock - 1) / kBlock;
  const Tiling tiling{(g.out_h + 1) / 2, (g.out_w + 1) / 2};
  const int64_t tiles = checked_product({g.batch, tiling.count()});
  const int64_t du_size = checked_product({kPoints, in_c, out_c});
  const auto block_vectors = [&](int64_t block) { return std::min<int64_t>(kBlock, out_c - block * kBlock) / kLanes; };
  TemporaryGuard guard;
  if (checked_product({kPoints, tiles, in_c + out_c}) <= kWholeBatchFloats) {
    float* const v = thread_scratch().get(kInputSlot, checked_product({kPoints, tiles, in_c}));
    float* const dm = thread_scratch().get(kProductSlot, checked_product({kPoints, tiles, out_c}));
    float* const du = thread_scratch().get(kFilterSlot, du_size);
    // With the whole batch as one block (block_tiles = tiles), tile t's rows sit at t.
    pool().parallel_for(tiles, 8, [&](int64_t begin, int64_t end) {
      transform_tiles(g, tiling, x, begin, end - begin, tiles, v + begin * in_c);
      spread_tiles(g, tiling, dy, begin, end - begin, tiles, dm + begin * out_c);
    });
    pool().parallel_for(kPoints * blocks, 1, [&](int64_t begin, int64_t end) {
      for (int64_t item = begin; item < end; ++item) {
        const int64_t xi = item / blocks, block = item % blocks;
        float* const du_xi = du + xi * in_c * out_c;
        for (int64_t c = 0; c < in_c; ++c)
          std::memset(du_xi + c * out_c + block * kBlock, 0, sizeof(float) * kLanes * block_vectors(block));
        sum_tile_products(v + xi * tiles * in_c, dm + xi * tiles * out_c, tiles, in_c, out_c, block * kBlock,
                          block_vectors(block), du_xi);
      }
    });
    pool().parallel_for(in_c, 4, [&](int64_t begin, int64_t end) {
      for (int64_t c = begin; c < end; ++c)
        for (int64_t k = 0; k < out_c; k += kLanes) gather_filter_gradient(du, 1, du_size, in_c, out_c, c, k, dw);
    });
    return;
  }
  const int tasks = tile_tasks(tiles);
  float* const partials = thread_scratch().get(kFilterSlot, checked_product({tasks, du_size}));
  pool().parallel_for(tasks * du_size, 1 << 16, [&](int64_t begin, int64_t end) {
    std::memset(partials + begin, 0, sizeof(float) * (end - begin));
  });
  over_tile_blocks(tasks, tiles, in_c, out_c,
                   [&](int task, int64_t first, int64_t n, int64_t block_tiles, float* v, float* dm) {
    transform_tiles(g, tiling, x, first, n, block_tiles, v);
    spread_tiles(g, tiling, dy, first, n, block_tiles, dm);
    for (int xi = 0; xi < kPoints; ++xi)
      for (int64_t block = 0; block < blocks; ++block)
        sum_tile_products(v + xi * block_tiles * in_c, dm + xi * block_tiles * out_c, n, in_c, out_c, block * kBlock,
                          block_vectors(block), partials + task * du_size + xi * in_c * out_c);
  });
  pool().parallel_for(in_c, 4, [&](int64_t begin, int64_t end) {
    for (int64_t c = begin; c < end; ++c)
      for (int64_t k = 0; k < out_c; k += kLanes) gather_filter_gradient(partials, tasks, du_size, in_c, out_c, c, k, dw);
  });
#else
  (void)g, (void)x, (void)dy, (void)dw;
#endif
}

}  // namespace benchtop
