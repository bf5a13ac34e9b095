// The N-API surface of the element-wise, reduction and tile kernels (elementwise.h). Each entry
// point checks its op code, shapes, axes and every buffer length before touching memory, and throws
// a JS Error ("benchtop_native: ...") on anything inconsistent. JS allocates every output.
//
//   binary(op, a, aShape, b, bShape, out)          out has the broadcast shape
//   addN([x0, x1, ...], out)                        all of out's length
//   unary(op, x, out, alpha)
//   reduce(op, x, shape, axes, out)                 out: the kept dims
//   argReduce(op, x, shape, axis, out: Int32Array)
//   tile(x, shape, reps, out)
//   transpose(x, shape, perm, out)
//   concat([x0, x1, ...], inners, outer, out)
//   resizeBilinear(x, [batch, inH, inW, channels, outH, outW], alignCorners, halfPixelCenters, out)
#include <napi.h>

#include <string>
#include <vector>

#include "elementwise.h"
#include "napi_args.h"

using namespace benchtop_napi;
using benchtop::Shape;

namespace {

constexpr size_t kMaxRank = 64;

std::string describe(const Shape& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? "," : "") + std::to_string(shape[i]);
  return s + "]";
}

std::vector<int64_t> integers(Napi::Env env, Napi::Value value, const char* name, int64_t min, int64_t max) {
  if (!value.IsArray()) fail(env, std::string(name) + " must be an array of integers");
  Napi::Array array = value.As<Napi::Array>();
  if (array.Length() > kMaxRank) fail(env, std::string(name) + " has more than " + std::to_string(kMaxRank) + " entries");
  std::vector<int64_t> out(array.Length());
  for (uint32_t i = 0; i < array.Length(); ++i) out[i] = integer(env, array.Get(i), name, min, max);
  return out;
}

Shape shape_arg(Napi::Env env, Napi::Value value, const char* name) { return integers(env, value, name, 0, kMaxDim); }

int op_code(Napi::Env env, Napi::Value value, int count) {
  return static_cast<int>(integer(env, value, "op", 0, count - 1));
}

void expect_size(Napi::Env env, const FloatArray& array, const Shape& shape, const char* name) {
  const int64_t n = product(shape);
  if (n < 0) fail(env, std::string(name) + ": shape " + describe(shape) + " is too large");
  if (array.length != n)
    fail(env, std::string(name) + " has " + std::to_string(array.length) + " elements, but its shape " +
                  describe(shape) + " holds " + std::to_string(n));
}

// binary(op, a, aShape, b, bShape, out)
Napi::Value Binary(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  check_argc(info, 6, "binary");
  const auto op = static_cast<benchtop::BinaryOp>(op_code(env, info[0], benchtop::kBinaryOpCount));
  FloatArray a = float_array(info, 1, "a");
  Shape a_shape = shape_arg(env, info[2], "aShape");
  FloatArray b = float_array(info, 3, "b");
  Shape b_shape = shape_arg(env, info[4], "bShape");
  FloatArray out = float_array(info, 5, "out");
  Shape out_shape;
  if (!benchtop::broadcast_shape(a_shape, b_shape, &out_shape))
    fail(env, "shapes " + describe(a_shape) + " and " + describe(b_shape) + " do not broadcast");
  expect_size(env, a, a_shape, "a");
  expect_size(env, b, b_shape, "b");
  expect_size(env, out, out_shape, "out");
  expect_disjoint(env, out, a, "out", "a");
  expect_disjoint(env, out, b, "out", "b");
  return guarded(info, [&] { benchtop::binary(op, a.data, a_shape, b.data, b_shape, out.data); });
}

// addN([x0, x1, ...], out)
Napi::Value AddN(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  check_argc(info, 2, "addN");
  if (!info[0].IsArray()) fail(env, "inputs must be an array of Float32Arrays");
  Napi::Array list = info[0].As<Napi::Array>();
  if (list.Length() == 0) fail(env, "inputs must not be empty");
  FloatArray out = float_array(info, 1, "out");
  std::vector<const float*> inputs;
  for (uint32_t i = 0; i < list.Length(); ++i) {
    const std::string name = "inputs[" + std::to_string(i) + "]";
    FloatArray x = float_array(env, list.Get(i), name);
    expect_length(env, x, out.length, name.c_str());
    expect_disjoint(env, out, x, "out", name.c_str());
    inputs.push_back(x.data);
  }
  return guarded(info, [&] { benchtop::add_n(inputs, out.length, out.data); });
}

// unary(op, x, out, alpha)
Napi::Value Unary(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  check_argc(info, 4, "unary");
  const auto op = static_cast<benchtop::UnaryOp>(op_code(env, info[0], benchtop::kUnaryOpCount));
  FloatArray x = float_array(info, 1, "x");
  FloatArray out = float_array(info, 2, "out");
  const double alpha = number(env, info[3], "alpha");
  expect_length(env, out, x.length, "out");
  expect_disjoint(env, out, x, "out", "x");
  return guarded(info, [&] { benchtop::unary(op, x.data, x.length, alpha, out.data); });
}

// hardSwish(x, out, addend, scale)
Napi::Value HardSwish(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  check_argc(info, 4, "hardSwish");
  FloatArray x = float_array(info, 0, "x");
  FloatArray out = float_array(info, 1, "out");
  const auto addend = static_cast<float>(number(env, info[2], "addend"));
  const auto scale = static_cast<float>(number(env, info[3], "scale"));
  expect_length(env, out, x.length, "out");
  expect_disjoint(env, out, x, "out", "x");
  return guarded(info, [&] { benchtop::hard_swish(x.data, x.length, addend, scale, out.data); });
}

// The axes as flags per dim; each in [0, rank) and named once.
std::vector<bool> axis_flags(Napi::Env env, Napi::Value value, size_t rank) {
  const std::vector<int64_t> axes = integers(env, value, "axes", 0, static_cast<int64_t>(rank) - 1);
  std::vector<bool> flags(rank, false);
  for (int64_t axis : axes) {
    if (flags[axis]) fail(env, "axes names axis " + std::to_string(axis) + " twice");
    flags[axis] = true;
  }
  return flags;
}

// reduce(op, x, shape, axes, out)
Napi::Value Reduce(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  check_argc(info, 5, "reduce");
  const auto op = static_cast<benchtop::ReduceOp>(op_code(env, info[0], benchtop::kReduceOpCount));
  FloatArray x = float_array(info, 1, "x");
  Shape shape = shape_arg(env, info[2], "shape");
  std::vector<bool> reduced = axis_flags(env, info[3], shape.size());
  FloatArray out = float_array(info, 4, "out");
  Shape out_shape;
  for (size_t d = 0; d < shape.size(); ++d)
    if (!reduced[d]) out_shape.push_back(shape[d]);
  expect_size(env, x, shape, "x");
  expect_size(env, out, out_shape, "out");
  expect_disjoint(env, out, x, "out", "x");
  return guarded(info, [&] { benchtop::reduce(op, x.data, shape, reduced, out.data); });
}

// argReduce(op, x, shape, axis, out)
Napi::Value ArgReduce(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  check_argc(info, 5, "argReduce");
  const auto op = static_cast<benchtop::ArgOp>(op_code(env, info[0], 2));
  FloatArray x = float_array(info, 1, "x");
  Shape shape = shape_arg(env, info[2], "shape");
  if (shape.empty()) fail(env, "argReduce needs a shape of rank >= 1");
  const int64_t axis = integer(env, info[3], "axis", 0, static_cast<int64_t>(shape.size()) - 1);
  if (!info[4].IsTypedArray() || info[4].As<Napi::TypedArray>().TypedArrayType() != napi_int32_array)
    fail(env, "out must be an Int32Array");
  Napi::Int32Array out = info[4].As<Napi::Int32Array>();
  expect_size(env, x, shape, "x");
  Shape out_shape = shape;
  out_shape.erase(out_shape.begin() + axis);
  const int64_t out_size = product(out_shape);
  if (static_cast<int64_t>(out.ElementLength()) != out_size)
    fail(env, "out has " + std::to_string(out.ElementLength()) + " elements, expected " + std::to_string(out_size));
  // An Int32Array and a Float32Array could share an ArrayBuffer: check as bytes.
  FloatArray out_view{reinterpret_cast<float*>(out.Data()), out_size};
  expect_disjoint(env, out_view, x, "out", "x");
  return guarded(info, [&] { benchtop::arg_reduce(op, x.data, shape, axis, out.Data()); });
}

// tile(x, shape, reps, out)
Napi::Value Tile(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  check_argc(info, 4, "tile");
  FloatArray x = float_array(info, 0, "x");
  Shape shape = shape_arg(env, info[1], "shape");
  Shape reps = integers(env, info[2], "reps", 0, kMaxDim);
  FloatArray out = float_array(info, 3, "out");
  if (reps.size() != shape.size())
    fail(env, "reps " + describe(reps) + " must have one entry per dim of shape " + describe(shape));
  Shape out_shape(shape.size());
  for (size_t d = 0; d < shape.size(); ++d) out_shape[d] = shape[d] * reps[d];
  expect_size(env, x, shape, "x");
  expect_size(env, out, out_shape, "out");
  expect_disjoint(env, out, x, "out", "x");
  return guarded(info, [&] { benchtop::tile(x.data, shape, reps, out.data); });
}

// transpose(x, shape, perm, out)
Napi::Value Transpose(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  check_argc(info, 4, "transpose");
  FloatArray x = float_array(info, 0, "x");
  Shape shape = shape_arg(env, info[1], "shape");
  std::vector<int64_t> perm64 = integers(env, info[2], "perm", 0, static_cast<int64_t>(shape.size()) - 1);
  FloatArray out = float_array(info, 3, "out");
  if (perm64.size() != shape.size())
    fail(env, "perm " + describe(perm64) + " must be a permutation of the " + std::to_string(shape.size()) + " dims");
  std::vector<bool> seen(shape.size(), false);
  std::vector<int> perm(shape.size());
  Shape out_shape(shape.size());
  for (size_t i = 0; i < perm64.size(); ++i) {
    if (seen[perm64[i]]) fail(env, "perm " + describe(perm64) + " is not a permutation");
    seen[perm64[i]] = true;
    perm[i] = static_cast<int>(perm64[i]);
    out_shape[i] = shape[perm64[i]];
  }
  expect_size(env, x, shape, "x");
  expect_size(env, out, out_shape, "out");
  expect_disjoint(env, out, x, "out", "x");
  return guarded(info, [&] { benchtop::transpose(x.data, shape, perm, out.data); });
}

// concat([x0, x1, ...], inners, outer, out): each xi is [outer, inners[i]]; out is [outer, sum].
Napi::Value Concat(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  check_argc(info, 4, "concat");
  if (!info[0].IsArray()) fail(env, "inputs must be an array of Float32Arrays");
  Napi::Array list = info[0].As<Napi::Array>();
  if (list.Length() == 0) fail(env, "inputs must not be empty");
  // Any number of inputs (tfjs's tests concatenate hundreds), each with its inner size.
  Napi::Array inners = array_of_length(env, info[1], list.Length(), "inners must be an array with one integer per input");
  Shape inner(list.Length());
  for (uint32_t i = 0; i < list.Length(); ++i) inner[i] = integer(env, inners.Get(i), "inners[i]", 0, kMaxDim);
  const int64_t outer = integer(env, info[2], "outer", 0, kMaxDim);
  FloatArray out = float_array(info, 3, "out");
  std::vector<const float*> inputs;
  int64_t row = 0;
  for (uint32_t i = 0; i < list.Length(); ++i) {
    const std::string name = "inputs[" + std::to_string(i) + "]";
    FloatArray x = float_array(env, list.Get(i), name);
    expect_length(env, x, product({outer, inner[i]}), name.c_str());
    expect_disjoint(env, out, x, "out", name.c_str());
    inputs.push_back(x.data);
    row += inner[i];
  }
  expect_length(env, out, product({outer, row}), "out");
  return guarded(info, [&] { benchtop::concat(inputs, inner, outer, out.data); });
}

// resizeBilinear(x, [batch, inH, inW, channels, outH, outW], alignCorners, halfPixelCenters, out)
Napi::Value ResizeBilinear(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  check_argc(info, 5, "resizeBilinear");
  FloatArray x = float_array(info, 0, "x");
  Napi::Array dims = array_of_length(env, info[1], 6, "dims must be an array of 6 integers");
  benchtop::ResizeGeometry g{};
  int64_t* fields[] = {&g.batch, &g.in_h, &g.in_w, &g.channels, &g.out_h, &g.out_w};
  const char* names[] = {"batch", "inH", "inW", "channels", "outH", "outW"};
  for (uint32_t i = 0; i < 6; ++i) *fields[i] = integer(env, dims.Get(i), names[i], i == 1 || i == 2 ? 1 : 0, kMaxDim);
  if (!info[2].IsBoolean() || !info[3].IsBoolean()) fail(env, "alignCorners and halfPixelCenters must be booleans");
  FloatArray out = float_array(info, 4, "out");
  expect_length(env, x, product({g.batch, g.in_h, g.in_w, g.channels}), "x");
  expect_length(env, out, product({g.batch, g.out_h, g.out_w, g.channels}), "out");
  expect_disjoint(env, out, x, "out", "x");
  const bool align = info[2].As<Napi::Boolean>().Value(), half = info[3].As<Napi::Boolean>().Value();
  return guarded(info, [&] { benchtop::resize_bilinear(x.data, g, align, half, out.data); });
}

}  // namespace

void RegisterElementwise(Napi::Env env, Napi::Object exports) {
  exports.Set("binary", Napi::Function::New(env, boundary<Binary>, "binary"));
  exports.Set("addN", Napi::Function::New(env, boundary<AddN>, "addN"));
  exports.Set("unary", Napi::Function::New(env, boundary<Unary>, "unary"));
  exports.Set("hardSwish", Napi::Function::New(env, boundary<HardSwish>, "hardSwish"));
  exports.Set("reduce", Napi::Function::New(env, boundary<Reduce>, "reduce"));
  exports.Set("argReduce", Napi::Function::New(env, boundary<ArgReduce>, "argReduce"));
  exports.Set("tile", Napi::Function::New(env, boundary<Tile>, "tile"));
  exports.Set("transpose", Napi::Function::New(env, boundary<Transpose>, "transpose"));
  exports.Set("concat", Napi::Function::New(env, boundary<Concat>, "concat"));
  exports.Set("resizeBilinear", Napi::Function::New(env, boundary<ResizeBilinear>, "resizeBilinear"));
}
