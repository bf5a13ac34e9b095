// Single-precision GEMM on row-major matrices: C = alpha * op(A) * op(B) + beta * C.
// op(A) is M x K, op(B) is K x N, C is M x N. Uses the BLAS found at build time (OpenBLAS on
// Linux, Accelerate on macOS) or, with BENCHTOP_NO_BLAS, a portable blocked kernel.
#pragma once

#include <cstdint>

namespace benchtop {

// Splits C into bands of rows (or of columns when C is wide and short) over the pool, each band one
// single-threaded BLAS call (the BLAS is set to one thread: the pool owns the parallelism). Small
// products stay on the calling thread. Dimensions may be zero. beta == 0 overwrites C without
// reading it (NaN already in C does not leak).
void sgemm(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t lda,
           const float* b, int64_t ldb, float beta, float* c, int64_t ldc);

// One single-threaded product on the calling thread: the BLAS, or the builtin kernel. Safe to call
// from pool workers concurrently.
void sgemm_serial(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
                  int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc);

// "openblas", "accelerate" or "builtin".
const char* blas_name();
// A detail such as OpenBLAS's core name ("Haswell"), or "" when unknown.
const char* blas_detail();
// Tells the BLAS how many threads of its own to use (no-op where it cannot be set). Benchtop sets 1:
// its pool calls the BLAS from several threads at once, the arrangement OpenBLAS documents for
// multithreaded programs, and no BLAS thread is left spinning while the pool does im2col.
void blas_set_threads(int threads);

}  // namespace benchtop
