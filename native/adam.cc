// The Adam update of one variable in one pass: value, first and second moment together, where
// tfjs's AdamOptimizer runs about a dozen element-wise kernels, each allocating a full array.
//
// Every line is one float32 operation in the order tfjs's ops run them, so the result is
// bit-identical to tf.train.adam on the cpu backend (each cpu kernel computes in double and rounds
// to float32, which for one +, -, *, / or sqrt is the correctly rounded float32 result). That needs
// no fused multiply-add contraction, hence the pragmas.
#include <cmath>
#include <cstdint>
#include <cstring>

#include "layers.h"
#include "simd_clones.h"
#include "threadpool.h"

#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off", "no-math-errno")
#endif

namespace benchtop {

namespace {

// Elements [begin, end) of w, m and v, updated in place, compiled for AVX-512, AVX2 and baseline
// (three divisions and a square root per element: wider vectors help). The four arrays are
// distinct (__restrict: without it the compiler cannot vectorize, for fear that they overlap).
BENCHTOP_SIMD_CLONES
void adam_range(int64_t begin, int64_t end, const AdamCoefficients c, float* __restrict w, float* __restrict m,
                float* __restrict v, const float* __restrict grad) {
  for (int64_t i = begin; i < end; ++i) {
    const float g = grad[i];
    // newFirstMoment = add(mul(m, beta1), mul(g, 1 - beta1))
    const float m_decayed = m[i] * c.beta1;
    const float g_scaled = g * c.one_minus_beta1;
    const float m1 = m_decayed + g_scaled;
    // newSecondMoment = add(mul(v, beta2), mul(square(g), 1 - beta2))
    const float v_decayed = v[i] * c.beta2;
    const float g_squared = g * g;
    const float g2_scaled = g_squared * c.one_minus_beta2;
    const float v1 = v_decayed + g2_scaled;
    // bias corrections: div(m1, 1 - accBeta1), div(v1, 1 - accBeta2)
    const float m_hat = m1 / c.one_minus_acc_beta1;
    const float v_hat = v1 / c.one_minus_acc_beta2;
    // add(mul(div(m_hat, add(sqrt(v_hat), epsilon)), -lr), value)
    const float denominator = std::sqrt(v_hat) + c.epsilon;
    const float step = m_hat / denominator;
    const float change = step * c.neg_learning_rate;
    m[i] = m1;
    v[i] = v1;
    w[i] = change + w[i];
  }
}

// Copies [begin, end) of `from` into `to` unless they are the same array (an in-place update).
void copy_in(const float* from, float* to, int64_t begin, int64_t end) {
  if (from != to) std::memcpy(to + begin, from + begin, static_cast<size_t>(end - begin) * sizeof(float));
}

}  // namespace

void adam_update(int64_t n, const AdamCoefficients& k, const float* value, const float* m, const float* v,
                 const float* grad, float* new_value, float* new_m, float* new_v) {
  if (n <= 0) return;
  const AdamCoefficients c = k;  // a local copy: the loop need not reload it through a reference
  // Each output starts as its input (no copy when it is the input: in place), then one in-place
  // pass. The binding refuses outputs that partly overlap an input, and outputs that are the grad.
  pool().parallel_for(n, int64_t{1} << 15, [&](int64_t begin, int64_t end) {
    copy_in(value, new_value, begin, end);
    copy_in(m, new_m, begin, end);
    copy_in(v, new_v, begin, end);
    adam_range(begin, end, c, new_value, new_m, new_v, grad);
  });
}

}  // namespace benchtop
