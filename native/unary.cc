// Unary element-wise kernels. Each computes what tfjs's cpu kernel computes in JS numbers (double)
// before storing to a Float32Array: transcendental functions run in double and round once;
// sqrt, square, negation and reciprocal round identically in float, so they stay in float.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "elementwise.h"
#include "simd_clones.h"
#include "threadpool.h"

namespace benchtop {

namespace {

constexpr int64_t kCheapGrain = int64_t{1} << 15;
constexpr int64_t kCostlyGrain = int64_t{1} << 12;  // exp, log, tanh: ~10-20 ns per element

double d(float x) { return static_cast<double>(x); }
float f(double x) { return static_cast<float>(x); }

struct Sqrt {
  static float f(float x, double) { return std::sqrt(x); }
};
struct Rsqrt {
  static float f(float x, double) { return ::benchtop::f(1.0 / std::sqrt(d(x))); }
};
struct Square {
  static float f(float x, double) { return x * x; }
};
struct Neg {
  static float f(float x, double) { return -x; }
};
struct Exp {
  static float f(float x, double) { return ::benchtop::f(std::exp(d(x))); }
};
struct Log {
  static float f(float x, double) { return ::benchtop::f(std::log(d(x))); }
};
struct Abs {
  static float f(float x, double) { return std::fabs(x); }
};
// Math.max(0, x): NaN stays NaN, -0 becomes +0.
struct Relu {
  static float f(float x, double) { return x > 0 ? x : (x != x ? x : 0.0f); }
};
struct Relu6 {
  static float f(float x, double) { return x != x ? x : (x > 6.0f ? 6.0f : (x > 0 ? x : 0.0f)); }
};
// Step and LeakyRelu compute both sides and then select, so the loop has no branch on the sign
// (ReLU's gradient calls Step on activations whose signs are close to random: a branch there
// mispredicted every other element and ran 14x slower than Relu).
struct Step {
  static float f(float x, double alpha) {
    const float below = x > 0 ? 1.0f : ::benchtop::f(alpha);
    return x != x ? x : below;
  }
};
// exp(t) for |t| <= 200 in double without a library call, so a loop of it vectorizes: t = n ln2 + r
// with |r| <= ln2/2 (n rounded by the 1.5 * 2^52 shifter, ln2 split in two for an exact product),
// exp(r) by its Taylor series to degree 12 (remainder < 2e-16), times 2^n built in the exponent
// bits. Relative error below 5e-16 against the C library's exp.
inline double exp_bounded(double t) {
  const double shifter = 6755399441055744.0;
  const double k = t * 1.4426950408889634 + shifter;
  const double n = k - shifter;
  const double r = (t - n * 0.6931471803691238) - n * 1.9082149292705877e-10;
  double p = 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  const int64_t exponent = (__builtin_bit_cast(int64_t, k) - 0x4338000000000000LL + 1023) << 52;
  return p * __builtin_bit_cast(double, exponent);
}

// Sigmoid over [begin, end): 1 / (1 + exp(-x)) in double, rounded once. exp's argument is clamped
// to [-200, 200]: beyond it the float32 result is exactly 0 or 1 either way (below 7e-46 rounds to
// 0). In 20 million random inputs the float32 results equal those of the C library's exp.
BENCHTOP_SIMD_CLONES
void sigmoid_range(const float* __restrict x, float* __restrict out, int64_t begin, int64_t end) {
  for (int64_t i = begin; i < end; ++i) {
    const double v = x[i];
    double t = -v;
    t = t > 200.0 ? 200.0 : t;
    t = t < -200.0 ? -200.0 : t;
    const float s = static_cast<float>(1.0 / (1.0 + exp_bounded(t)));
    out[i] = v != v ? x[i] : s;
  }
}
struct Tanh {
  static float f(float x, double) { return ::benchtop::f(std::tanh(d(x))); }
};
struct Elu {
  static float f(float x, double) { return x >= 0 ? x : ::benchtop::f(std::exp(d(x)) - 1.0); }
};
struct LeakyRelu {
  static float f(float x, double alpha) {
    const float scaled = ::benchtop::f(alpha * d(x));
    return x < 0 ? scaled : x;
  }
};
struct Reciprocal {
  static float f(float x, double) { return 1.0f / x; }
};

template <typename Op>
void unary_with(const float* x, int64_t size, double alpha, float* out, int64_t grain) {
  pool().parallel_for(size, grain, [&](int64_t begin, int64_t end) {
    const float* __restrict in = x;
    float* __restrict o = out;
    for (int64_t i = begin; i < end; ++i) o[i] = Op::f(in[i], alpha);
  });
}

}  // namespace

void unary(UnaryOp op, const float* x, int64_t size, double alpha, float* out) {
  switch (op) {
    case UnaryOp::kSqrt: return unary_with<Sqrt>(x, size, alpha, out, kCheapGrain);
    case UnaryOp::kRsqrt: return unary_with<Rsqrt>(x, size, alpha, out, kCheapGrain);
    case UnaryOp::kSquare: return unary_with<Square>(x, size, alpha, out, kCheapGrain);
    case UnaryOp::kNeg: return unary_with<Neg>(x, size, alpha, out, kCheapGrain);
    case UnaryOp::kExp: return unary_with<Exp>(x, size, alpha, out, kCostlyGrain);
    case UnaryOp::kLog: return unary_with<Log>(x, size, alpha, out, kCostlyGrain);
    case UnaryOp::kAbs: return unary_with<Abs>(x, size, alpha, out, kCheapGrain);
    case UnaryOp::kRelu: return unary_with<Relu>(x, size, alpha, out, kCheapGrain);
    case UnaryOp::kRelu6: return unary_with<Relu6>(x, size, alpha, out, kCheapGrain);
    case UnaryOp::kStep: return unary_with<Step>(x, size, alpha, out, kCheapGrain);
    case UnaryOp::kSigmoid:
      return pool().parallel_for(size, kCheapGrain, [&](int64_t begin, int64_t end) { sigmoid_range(x, out, begin, end); });
    case UnaryOp::kTanh: return unary_with<Tanh>(x, size, alpha, out, kCostlyGrain);
    case UnaryOp::kElu: return unary_with<Elu>(x, size, alpha, out, kCostlyGrain);
    case UnaryOp::kLeakyRelu: return unary_with<LeakyRelu>(x, size, alpha, out, kCheapGrain);
    case UnaryOp::kReciprocal: return unary_with<Reciprocal>(x, size, alpha, out, kCheapGrain);
  }
}

void hard_swish(const float* x, int64_t size, float addend, float scale, float* out) {
  pool().parallel_for(size, kCheapGrain, [&](int64_t begin, int64_t end) {
    const float* __restrict in = x;
    float* __restrict o = out;
    // The composed ops' order and roundings: (x * scale) * relu6(x + addend), each in float.
    for (int64_t i = begin; i < end; ++i) o[i] = (in[i] * scale) * Relu6::f(in[i] + addend, 0.0);
  });
}

}  // namespace benchtop
