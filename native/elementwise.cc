// Binary element-wise kernels with broadcasting, and AddN. The two shapes are first collapsed:
// size-1 output dims are dropped and neighbouring dims that broadcast the same way (both inputs
// full, or one input stretched) are merged, so "same shape" and "scalar" become one dim and a
// per-channel operand over [N, H, W, C] becomes [NHW, C]. The innermost collapsed dim is then a
// contiguous run in which each input is either contiguous or a single repeated value; an odometer
// over the outer dims walks the runs. The pool splits the flat output range.
#include <algorithm>
#include <cmath>
#include <limits>

#include "elementwise.h"
#include "threadpool.h"

namespace benchtop {

namespace {

constexpr int64_t kCheapGrain = int64_t{1} << 15;  // elements per task for +, -, *, /: pool overhead pays off above
constexpr int64_t kCostlyGrain = int64_t{1} << 12;  // for pow and friends, ~10x the work per element
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// Each op computes what tfjs's cpu kernel computes in JS numbers (doubles) and then stores in a
// Float32Array. For +, -, *, / on two floats, the float operation rounds the same way (double has
// more than 2 * 24 + 2 bits), so those stay in float and vectorize.
struct Add {
  static float f(float a, float b) { return a + b; }
};
struct Sub {
  static float f(float a, float b) { return a - b; }
};
struct Mul {
  static float f(float a, float b) { return a * b; }
};
struct Div {
  static float f(float a, float b) { return a / b; }
};
// Math.max: NaN if either is NaN; max(+0, -0) is +0.
struct Maximum {
  static float f(float a, float b) {
    if (a != a || b != b) return kNaN;
    if (a > b) return a;
    if (b > a) return b;
    return std::signbit(a) ? b : a;
  }
};
// Math.min: NaN if either is NaN; min(+0, -0) is -0.
struct Minimum {
  static float f(float a, float b) {
    if (a != a || b != b) return kNaN;
    if (a < b) return a;
    if (b < a) return b;
    return std::signbit(a) ? a : b;
  }
};
struct SquaredDifference {
  static float f(float a, float b) {
    double d = static_cast<double>(a) - static_cast<double>(b);
    return static_cast<float>(d * d);
  }
};
// Math.pow differs from C's pow where the exponent is NaN (pow(1, NaN) is 1 in C) or infinite
// with |base| == 1 (1 in C): JavaScript says NaN for both.
struct Pow {
  static float f(float a, float b) {
    if (b != b) return kNaN;
    if (std::isinf(b) && std::fabs(a) == 1.0f) return kNaN;
    return static_cast<float>(std::pow(static_cast<double>(a), static_cast<double>(b)));
  }
};
struct Prelu {
  static float f(float x, float alpha) { return x < 0 ? alpha * x : x; }
};
struct EluGrad {
  static float f(float dy, float y) {
    return y >= 0 ? dy : static_cast<float>(static_cast<double>(dy) * (static_cast<double>(y) + 1.0));
  }
};

// One contiguous run of n outputs; a stride of 0 means that input repeats one value.
template <typename Op>
void run(float* __restrict out, const float* __restrict a, int64_t a_step, const float* __restrict b, int64_t b_step,
         int64_t n) {
  if (a_step != 0 && b_step != 0) {
    for (int64_t i = 0; i < n; ++i) out[i] = Op::f(a[i], b[i]);
  } else if (a_step != 0) {
    const float bv = *b;
    for (int64_t i = 0; i < n; ++i) out[i] = Op::f(a[i], bv);
  } else if (b_step != 0) {
    const float av = *a;
    for (int64_t i = 0; i < n; ++i) out[i] = Op::f(av, b[i]);
  } else {
    const float v = Op::f(*a, *b);
    for (int64_t i = 0; i < n; ++i) out[i] = v;
  }
}

// The collapsed iteration space: output dims, and each input's element stride per dim (0 where
// it is stretched).
struct Plan {
  Shape dims, a_strides, b_strides;
  int64_t total = 1;
};

Plan make_plan(const Shape& a_shape, const Shape& b_shape) {
  const size_t rank = std::max(a_shape.size(), b_shape.size());
  Shape ad(rank, 1), bd(rank, 1);
  std::copy(a_shape.begin(), a_shape.end(), ad.begin() + (rank - a_shape.size()));
  std::copy(b_shape.begin(), b_shape.end(), bd.begin() + (rank - b_shape.size()));
  Plan p;
  std::vector<int> kinds;  // bit 0: a full, bit 1: b full
  for (size_t d = 0; d < rank; ++d) {
    const int64_t o = ad[d] == 1 ? bd[d] : ad[d];
    p.total *= o;
    if (o == 1) continue;
    const int kind = (ad[d] == o ? 1 : 0) | (bd[d] == o ? 2 : 0);
    if (!p.dims.empty() && kinds.back() == kind) {
      p.dims.back() *= o;
    } else {
      p.dims.push_back(o);
      kinds.push_back(kind);
    }
  }
  if (p.dims.empty()) {  // every dim 1: one element
    p.dims.push_back(1);
    kinds.push_back(3);
  }
  const size_t r = p.dims.size();
  p.a_strides.assign(r, 0);
  p.b_strides.assign(r, 0);
  int64_t as = 1, bs = 1;
  for (size_t d = r; d-- > 0;) {
    if (kinds[d] & 1) {
      p.a_strides[d] = as;
      as *= p.dims[d];
    }
    if (kinds[d] & 2) {
      p.b_strides[d] = bs;
      bs *= p.dims[d];
    }
  }
  return p;
}

template <typename Op>
void run_range(const Plan& p, const float* a, const float* b, float* out, int64_t begin, int64_t end) {
  const size_t rank = p.dims.size();
  const size_t last = rank - 1;
  const int64_t inner = p.dims[last];
  const int64_t a_step = p.a_strides[last], b_step = p.b_strides[last];
  Shape idx(rank, 0);
  int64_t rem = begin, ao = 0, bo = 0;
  for (size_t d = rank; d-- > 0;) {
    idx[d] = rem % p.dims[d];
    rem /= p.dims[d];
    ao += idx[d] * p.a_strides[d];
    bo += idx[d] * p.b_strides[d];
  }
  int64_t pos = begin;
  while (pos < end) {
    const int64_t n = std::min(inner - idx[last], end - pos);
    run<Op>(out + pos, a + ao, a_step, b + bo, b_step, n);
    pos += n;
    idx[last] += n;
    ao += n * a_step;
    bo += n * b_step;
    if (idx[last] < inner) continue;
    ao -= inner * a_step;
    bo -= inner * b_step;
    idx[last] = 0;
    for (size_t d = last; d-- > 0;) {
      ao += p.a_strides[d];
      bo += p.b_strides[d];
      if (++idx[d] < p.dims[d]) break;
      ao -= p.dims[d] * p.a_strides[d];
      bo -= p.dims[d] * p.b_strides[d];
      idx[d] = 0;
    }
  }
}

template <typename Op>
void binary_with(const Plan& p, const float* a, const float* b, float* out, int64_t grain) {
  pool().parallel_for(p.total, grain, [&](int64_t begin, int64_t end) { run_range<Op>(p, a, b, out, begin, end); });
}

}  // namespace

bool broadcast_shape(const Shape& a, const Shape& b, Shape* out) {
  const size_t rank = std::max(a.size(), b.size());
  out->assign(rank, 1);
  for (size_t i = 0; i < rank; ++i) {
    const int64_t ad = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    const int64_t bd = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (ad == 1) {
      (*out)[i] = bd;
    } else if (bd == 1 || ad == bd) {
      (*out)[i] = ad;
    } else {
      return false;
    }
  }
  return true;
}

void binary(BinaryOp op, const float* a, const Shape& a_shape, const float* b, const Shape& b_shape, float* out) {
  const Plan p = make_plan(a_shape, b_shape);
  if (p.total == 0) return;
  switch (op) {
    case BinaryOp::kAdd: return binary_with<Add>(p, a, b, out, kCheapGrain);
    case BinaryOp::kSub: return binary_with<Sub>(p, a, b, out, kCheapGrain);
    case BinaryOp::kMul: return binary_with<Mul>(p, a, b, out, kCheapGrain);
    case BinaryOp::kDiv: return binary_with<Div>(p, a, b, out, kCheapGrain);
    case BinaryOp::kMaximum: return binary_with<Maximum>(p, a, b, out, kCheapGrain);
    case BinaryOp::kMinimum: return binary_with<Minimum>(p, a, b, out, kCheapGrain);
    case BinaryOp::kSquaredDifference: return binary_with<SquaredDifference>(p, a, b, out, kCheapGrain);
    case BinaryOp::kPow: return binary_with<Pow>(p, a, b, out, kCostlyGrain);
    case BinaryOp::kPrelu: return binary_with<Prelu>(p, a, b, out, kCheapGrain);
    case BinaryOp::kEluGrad: return binary_with<EluGrad>(p, a, b, out, kCheapGrain);
  }
}

void add_n(const std::vector<const float*>& inputs, int64_t size, float* out) {
  constexpr int64_t kBlock = 4096;  // a block of out stays in L1 while every input is added to it
  pool().parallel_for(size, kCheapGrain / std::max<int64_t>(1, static_cast<int64_t>(inputs.size())),
                      [&](int64_t begin, int64_t end) {
                        for (int64_t lo = begin; lo < end; lo += kBlock) {
                          const int64_t hi = std::min(end, lo + kBlock);
                          float* __restrict o = out;
                          for (int64_t i = lo; i < hi; ++i) o[i] = 0.0f;
                          for (const float* in : inputs) {
                            const float* __restrict x = in;
                            for (int64_t i = lo; i < hi; ++i) o[i] += x[i];
                          }
                        }
                      });
}

}  // namespace benchtop
