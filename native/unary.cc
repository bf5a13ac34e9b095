// Unary element-wise kernels. Each computes what tfjs's cpu kernel computes in JS numbers (double)
// before storing to a Float32Array: transcendental functions run in double and round once;
// sqrt, square, negation and reciprocal round identically in float, so they stay in float.
#include <algorithm>
#include <cmath>
#include <limits>

#include "elementwise.h"
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
struct Sigmoid {
  static float f(float x, double) { return ::benchtop::f(1.0 / (1.0 + std::exp(-d(x)))); }
};
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
    case UnaryOp::kSigmoid: return unary_with<Sigmoid>(x, size, alpha, out, kCostlyGrain);
    case UnaryOp::kTanh: return unary_with<Tanh>(x, size, alpha, out, kCostlyGrain);
    case UnaryOp::kElu: return unary_with<Elu>(x, size, alpha, out, kCostlyGrain);
    case UnaryOp::kLeakyRelu: return unary_with<LeakyRelu>(x, size, alpha, out, kCheapGrain);
    case UnaryOp::kReciprocal: return unary_with<Reciprocal>(x, size, alpha, out, kCheapGrain);
  }
}

}  // namespace benchtop
