#include <algorithm>

#include "gemm.h"
#include "kernels.h"
#include "threadpool.h"

namespace benchtop {

void batch_matmul(int64_t batch_a, int64_t batch_b, int64_t batch, int64_t m, int64_t n, int64_t k, bool trans_a,
                  bool trans_b, const float* a, const float* b, float* out) {
  if (batch == 0 || m == 0 || n == 0) return;
  const int64_t lda = trans_a ? m : k;
  const int64_t ldb = trans_b ? k : n;
  const int64_t a_step = m * k, b_step = k * n, out_step = m * n;
  // One B for every A, and the A's stacked row-major: a single [batch*M, K] x [K, N] product.
  if (batch_b == 1 && batch_a == batch && !trans_a) {
    sgemm(false, trans_b, batch * m, n, k, 1.0f, a, lda, b, ldb, 0.0f, out, n);
    return;
  }
  // Large products: one after the other, each split over the pool.
  const int64_t flops = m * n * std::max<int64_t>(k, 1);
  if (flops >= (int64_t{1} << 18) || batch == 1) {
    for (int64_t bi = 0; bi < batch; ++bi)
      sgemm(trans_a, trans_b, m, n, k, 1.0f, a + (bi % batch_a) * a_step, lda, b + (bi % batch_b) * b_step, ldb, 0.0f,
            out + bi * out_step, n);
    return;
  }
  // Many small products: spread the batch over the pool, each a single-threaded call.
  const int64_t grain = std::max<int64_t>(1, (int64_t{1} << 16) / flops);
  pool().parallel_for(batch, grain, [&](int64_t begin, int64_t end) {
    for (int64_t bi = begin; bi < end; ++bi)
      sgemm_serial(trans_a, trans_b, m, n, k, 1.0f, a + (bi % batch_a) * a_step, lda,
                   b + (bi % batch_b) * b_step, ldb, 0.0f, out + bi * out_step, n);
  });
}

}  // namespace benchtop
