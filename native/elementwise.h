// Float32 element-wise, broadcasting, reduction and tile kernels with the semantics of TensorFlow.js's
// cpu backend (same results, NaN propagation included). Every pointer addresses a buffer whose
// length the caller (binding_elementwise.cc) has checked against the shapes. Large tensors are split
// over the pool; small ones (below ~32k elements) stay on the calling thread.
#pragma once

#include <cstdint>
#include <vector>

namespace benchtop {

using Shape = std::vector<int64_t>;

// Codes shared with src/main/engine/native/addon.ts (NATIVE_BINARY_OPS).
enum class BinaryOp : int {
  kAdd = 0,
  kSub = 1,
  kMul = 2,
  kDiv = 3,
  kMaximum = 4,           // NaN if either is NaN (Math.max)
  kMinimum = 5,           // NaN if either is NaN (Math.min)
  kSquaredDifference = 6,
  kPow = 7,               // Math.pow, computed in double
  kPrelu = 8,             // a < 0 ? b * a : a  (a = x, b = alpha)
  kEluGrad = 9,           // b >= 0 ? a : a * (b + 1)  (a = dy, b = y)
};
constexpr int kBinaryOpCount = 10;

// The numpy/tfjs broadcast of two shapes (right-aligned; a dim of 1 stretches), or false when they
// do not broadcast.
bool broadcast_shape(const Shape& a, const Shape& b, Shape* out);

// out = op(a, b) broadcast to broadcast_shape(a_shape, b_shape).
void binary(BinaryOp op, const float* a, const Shape& a_shape, const float* b, const Shape& b_shape, float* out);

// out[i] = ((0 + in[0][i]) + in[1][i]) + ..., float adds in input order (tfjs's cpu AddN).
void add_n(const std::vector<const float*>& inputs, int64_t size, float* out);

// Codes shared with addon.ts (NATIVE_UNARY_OPS). alpha: Step's value for x <= 0, LeakyRelu's slope.
enum class UnaryOp : int {
  kSqrt = 0,
  kRsqrt = 1,
  kSquare = 2,
  kNeg = 3,
  kExp = 4,
  kLog = 5,
  kAbs = 6,
  kRelu = 7,
  kRelu6 = 8,
  kStep = 9,
  kSigmoid = 10,
  kTanh = 11,
  kElu = 12,
  kLeakyRelu = 13,
  kReciprocal = 14,
};
constexpr int kUnaryOpCount = 15;

void unary(UnaryOp op, const float* x, int64_t size, double alpha, float* out);
// MobileNetV3's hard swish as one pass: out = (x * scale) * relu6(x + addend), the same float
// operations in the same order as the graph's Mul, Add, Relu6 and Mul (bit for bit).
void hard_swish(const float* x, int64_t size, float addend, float scale, float* out);

// Codes shared with addon.ts (NATIVE_REDUCE_OPS).
enum class ReduceOp : int { kSum = 0, kMean = 1, kMax = 2, kMin = 3, kProd = 4 };
constexpr int kReduceOpCount = 5;

// out (the kept dims of x, in order) = op over the dims where reduced[d]. Each output accumulates
// its inputs in row-major order, in double for sum/mean/prod (as tfjs's cpu kernels, which
// transpose the reduced axes innermost and add in JS numbers); only fewer than 8 outputs over
// rows of more than 128k values are split into fixed blocks whose partial results are then
// combined in order (the same split on any number of threads).
// Empty reductions give 0 (sum, mean), 1 (prod), NaN (max, min).
void reduce(ReduceOp op, const float* x, const Shape& shape, const std::vector<bool>& reduced, float* out);

enum class ArgOp : int { kArgMax = 0, kArgMin = 1 };

// out[outer, inner] = index along `axis` of the first maximum (minimum) of x; NaN never wins
// unless it is the first element (tfjs's cpu ArgMax/ArgMin).
void arg_reduce(ArgOp op, const float* x, const Shape& shape, int64_t axis, int32_t* out);

// out[i] = x[i % shape] with out shape = shape * reps.
void tile(const float* x, const Shape& shape, const Shape& reps, float* out);

// out = x with its dims permuted: out shape[i] = shape[perm[i]].
void transpose(const float* x, const Shape& shape, const std::vector<int>& perm, float* out);

// out [outer, sum of inner] = the inputs [outer, inner[i]] side by side: Concat along one axis,
// each input viewed as [outer, inner[i]] (inner[i]: the product of its dims from the axis on).
void concat(const std::vector<const float*>& inputs, const std::vector<int64_t>& inner, int64_t outer, float* out);

// ResizeBilinear's forward (NHWC): x [batch, in_h, in_w, channels] -> out [batch, out_h, out_w, channels].
struct ResizeGeometry {
  int64_t batch, in_h, in_w, channels, out_h, out_w;
};
void resize_bilinear(const float* x, const ResizeGeometry& g, bool align_corners, bool half_pixel_centers, float* out);

}  // namespace benchtop
