// The N-API wrappers of the layer kernels (layers.h): pooling and its gradients, batch
// normalisation, softmax and the Adam update. Like binding.cc, every function is synchronous, takes
// Float32Arrays that JavaScript allocated plus numbers, checks every length before touching memory
// and throws a JS Error on anything inconsistent.
#include <napi.h>

#include <algorithm>
#include <cstdint>
#include <string>

#include "layers.h"
#include "napi_args.h"

namespace {

using benchtop::PoolGeometry;
using namespace benchtop_napi;

// [batch, inHeight, inWidth, channels, outHeight, outWidth, filterHeight, filterWidth, strideHeight,
//  strideWidth, padTop, padLeft]
PoolGeometry pool_geometry(Napi::Env env, Napi::Value value) {
  Napi::Array a = array_of_length(env, value, 12, "geometry must be an array of 12 integers");
  static const char* names[12] = {"batch",        "inHeight",    "inWidth",      "channels",
                                  "outHeight",    "outWidth",    "filterHeight", "filterWidth",
                                  "strideHeight", "strideWidth", "padTop",       "padLeft"};
  int64_t v[12];
  for (uint32_t i = 0; i < 12; ++i) {
    int64_t min = i >= 6 && i <= 9 ? 1 : (i >= 10 ? -kMaxDim : 0);
    v[i] = integer(env, a.Get(i), names[i], min, kMaxDim);
  }
  return PoolGeometry{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11]};
}

int64_t input_size(const PoolGeometry& g) { return product({g.batch, g.in_h, g.in_w, g.channels}); }
int64_t output_size(const PoolGeometry& g) { return product({g.batch, g.out_h, g.out_w, g.channels}); }

// maxPool(x, y, geometry) / avgPool(x, y, geometry)
template <void (*Kernel)(const PoolGeometry&, const float*, float*)>
Napi::Value Pool(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  check_argc(info, 3, "maxPool/avgPool");
  FloatArray x = float_array(info, 0, "x");
  FloatArray y = float_array(info, 1, "y");
  PoolGeometry g = pool_geometry(env, info[2]);
  expect_length(env, x, input_size(g), "x");
  expect_length(env, y, output_size(g), "y");
  expect_disjoint(env, y, x, "y", "x");
  return guarded(info, [&] { Kernel(g, x.data, y.data); });
}

// maxPoolGrad(x, dy, dx, geometry)
Napi::Value MaxPoolGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  check_argc(info, 4, "maxPoolGrad");
  FloatArray x = float_array(info, 0, "x");
  FloatArray dy = float_array(info, 1, "dy");
  FloatArray dx = float_array(info, 2, "dx");
  PoolGeometry g = pool_geometry(env, info[3]);
  expect_length(env, x, input_size(g), "x");
  expect_length(env, dy, output_size(g), "dy");
  expect_length(env, dx, input_size(g), "dx");
  expect_disjoint(env, dx, x, "dx", "x");
  expect_disjoint(env, dx, dy, "dx", "dy");
  return guarded(info, [&] { benchtop::max_pool_grad(g, x.data, dy.data, dx.data); });
}

// avgPoolGrad(dy, dx, geometry)
Napi::Value AvgPoolGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  check_argc(info, 3, "avgPoolGrad");
  FloatArray dy = float_array(info, 0, "dy");
  FloatArray dx = float_array(info, 1, "dx");
  PoolGeometry g = pool_geometry(env, info[2]);
  expect_length(env, dy, output_size(g), "dy");
  expect_length(env, dx, input_size(g), "dx");
  expect_disjoint(env, dx, dy, "dx", "dy");
  return guarded(info, [&] { benchtop::avg_pool_grad(g, dy.data, dx.data); });
}

// batchNorm(x, mean, variance, offset | null, scale | null, out, varianceEpsilon): every parameter
// holds 1 or C values, where C (the longest) divides x's length.
Napi::Value BatchNorm(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  check_argc(info, 7, "batchNorm");
  FloatArray x = float_array(info, 0, "x");
  FloatArray mean = float_array(info, 1, "mean");
  FloatArray variance = float_array(info, 2, "variance");
  FloatArray offset = float_array(info, 3, "offset", true);
  FloatArray scale = float_array(info, 4, "scale", true);
  FloatArray out = float_array(info, 5, "out");
  double epsilon = number(env, info[6], "varianceEpsilon");
  const bool has_offset = offset.data != nullptr, has_scale = scale.data != nullptr;
  int64_t channels = std::max({mean.length, variance.length, offset.length, scale.length});
  auto check = [&](const FloatArray& p, bool present, const char* name) {
    if (present && p.length != 1 && p.length != channels)
      fail(env, std::string(name) + " has " + std::to_string(p.length) + " elements, expected 1 or " +
                    std::to_string(channels));
  };
  check(mean, true, "mean");
  check(variance, true, "variance");
  check(offset, has_offset, "offset");
  check(scale, has_scale, "scale");
  if (channels == 0 || x.length % channels != 0)
    fail(env, "x has " + std::to_string(x.length) + " elements, not a multiple of the " + std::to_string(channels) +
                  " channels of the parameters");
  expect_length(env, out, x.length, "out");
  for (const FloatArray* in : {&x, &mean, &variance, &offset, &scale}) expect_disjoint(env, out, *in, "out", "an input");
  return guarded(info, [&] {
    benchtop::batch_norm(x.length, channels, x.data, mean.data, mean.length, variance.data, variance.length,
                         has_offset ? offset.data : nullptr, offset.length, has_scale ? scale.data : nullptr,
                         scale.length, epsilon, out.data);
  });
}

// batchNormGrad(dy, x, mean, variance, scale | null, dx, dmean, dvariance, dscale, doffset,
// varianceEpsilon): x and dy hold rows of C values, C the length of mean; variance, scale and the
// five-way outputs' parameters C values each, dx x's length.
Napi::Value BatchNormGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  check_argc(info, 11, "batchNormGrad");
  const char* names[10] = {"dy", "x", "mean", "variance", "scale", "dx", "dmean", "dvariance", "dscale", "doffset"};
  FloatArray a[10];
  for (size_t i = 0; i < 10; ++i) a[i] = float_array(info, i, names[i], i == 4);
  double epsilon = number(env, info[10], "varianceEpsilon");
  const int64_t channels = a[2].length;
  if (channels == 0 || a[1].length % channels != 0)
    fail(env, "x has " + std::to_string(a[1].length) + " elements, not a multiple of the " + std::to_string(channels) +
                  " values of mean");
  expect_length(env, a[0], a[1].length, "dy");
  expect_length(env, a[5], a[1].length, "dx");
  const bool has_scale = a[4].data != nullptr;
  for (size_t i : {3, 6, 7, 8, 9}) expect_length(env, a[i], channels, names[i]);
  if (has_scale) expect_length(env, a[4], channels, "scale");
  for (size_t o = 5; o < 10; ++o)
    for (size_t i = 0; i < 10; ++i)
      if (i != o) expect_disjoint(env, a[o], a[i], names[o], names[i]);
  return guarded(info, [&] {
    benchtop::batch_norm_grad(a[1].length / channels, channels, a[0].data, a[1].data, a[2].data, a[3].data,
                              has_scale ? a[4].data : nullptr, epsilon, a[5].data, a[6].data, a[7].data, a[8].data,
                              a[9].data);
  });
}

// batchNormTrain(x, scale | null, offset | null, y, mean, variance, varianceEpsilon): x holds rows
// of C values, C the length of mean; y x's length; scale, offset and variance C values each.
Napi::Value BatchNormTrain(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  check_argc(info, 7, "batchNormTrain");
  const char* names[6] = {"x", "scale", "offset", "y", "mean", "variance"};
  FloatArray a[6];
  for (size_t i = 0; i < 6; ++i) a[i] = float_array(info, i, names[i], i == 1 || i == 2);
  double epsilon = number(env, info[6], "varianceEpsilon");
  const int64_t channels = a[4].length;
  if (channels == 0 || a[0].length % channels != 0)
    fail(env, "x has " + std::to_string(a[0].length) + " elements, not a multiple of the " + std::to_string(channels) +
                  " values of mean");
  expect_length(env, a[3], a[0].length, "y");
  expect_length(env, a[5], channels, "variance");
  for (size_t i : {1, 2})
    if (a[i].data != nullptr) expect_length(env, a[i], channels, names[i]);
  for (size_t o = 3; o < 6; ++o)
    for (size_t i = 0; i < 6; ++i)
      if (i != o) expect_disjoint(env, a[o], a[i], names[o], names[i]);
  return guarded(info, [&] {
    benchtop::batch_norm_train(a[0].length / channels, channels, a[0].data, a[1].data, a[2].data, epsilon, a[3].data,
                               a[4].data, a[5].data);
  });
}

// batchNormTrainGrad(dy, x, mean, variance, scale | null, dmean | null, dvariance | null, dx, dscale,
// doffset, varianceEpsilon): x and dy rows of C values, C the length of mean; dx x's length; every
// other array C values.
Napi::Value BatchNormTrainGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  check_argc(info, 11, "batchNormTrainGrad");
  const char* names[10] = {"dy", "x", "mean", "variance", "scale", "dmean", "dvariance", "dx", "dscale", "doffset"};
  FloatArray a[10];
  for (size_t i = 0; i < 10; ++i) a[i] = float_array(info, i, names[i], i >= 4 && i <= 6);
  double epsilon = number(env, info[10], "varianceEpsilon");
  const int64_t channels = a[2].length;
  if (channels == 0 || a[1].length % channels != 0)
    fail(env, "x has " + std::to_string(a[1].length) + " elements, not a multiple of the " + std::to_string(channels) +
                  " values of mean");
  expect_length(env, a[0], a[1].length, "dy");
  expect_length(env, a[7], a[1].length, "dx");
  for (size_t i : {3, 8, 9}) expect_length(env, a[i], channels, names[i]);
  for (size_t i : {4, 5, 6})
    if (a[i].data != nullptr) expect_length(env, a[i], channels, names[i]);
  for (size_t o = 7; o < 10; ++o)
    for (size_t i = 0; i < 10; ++i)
      if (i != o) expect_disjoint(env, a[o], a[i], names[o], names[i]);
  return guarded(info, [&] {
    benchtop::batch_norm_train_grad(a[1].length / channels, channels, a[0].data, a[1].data, a[2].data, a[3].data,
                                    a[4].data, a[5].data, a[6].data, epsilon, a[7].data, a[8].data, a[9].data);
  });
}

// softmax(logits, out, cols): softmax of each row of `cols` values.
Napi::Value Softmax(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  check_argc(info, 3, "softmax");
  FloatArray logits = float_array(info, 0, "logits");
  FloatArray out = float_array(info, 1, "out");
  int64_t cols = integer(env, info[2], "cols", 1, kMaxDim);
  if (logits.length % cols != 0)
    fail(env, "logits has " + std::to_string(logits.length) + " elements, not a multiple of " + std::to_string(cols));
  expect_length(env, out, logits.length, "out");
  expect_disjoint(env, out, logits, "out", "logits");
  return guarded(info, [&] { benchtop::softmax(logits.length / cols, cols, logits.data, out.data); });
}

// An output of an element-wise update may be its own input exactly, but not overlap another array.
void expect_disjoint_or_same(Napi::Env env, const FloatArray& out, const FloatArray& in, const char* out_name,
                             const char* in_name, bool may_be_same) {
  if (may_be_same && out.data == in.data && out.length == in.length) return;
  expect_disjoint(env, out, in, out_name, in_name);
}

// adam(value, m, v, grad, newValue, newM, newV, [beta1, beta2, 1 - beta1, 1 - beta2, 1 - accBeta1,
// 1 - accBeta2, epsilon, -learningRate]); newValue may be value itself, newM m, newV v.
Napi::Value Adam(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  check_argc(info, 8, "adam");
  const char* names[7] = {"value", "m", "v", "grad", "newValue", "newM", "newV"};
  FloatArray a[7];
  for (size_t i = 0; i < 7; ++i) a[i] = float_array(info, i, names[i]);
  for (size_t i = 1; i < 7; ++i) expect_length(env, a[i], a[0].length, names[i]);
  for (size_t o = 4; o < 7; ++o)
    for (size_t i = 0; i < 7; ++i)
      if (i != o) expect_disjoint_or_same(env, a[o], a[i], names[o], names[i], i + 4 == o);
  Napi::Array k = array_of_length(env, info[7], 8, "coefficients must be an array of 8 numbers");
  float c[8];
  for (uint32_t i = 0; i < 8; ++i) {
    Napi::Value e = k.Get(i);
    if (!e.IsNumber()) fail(env, "coefficients must be an array of 8 numbers");
    c[i] = static_cast<float>(e.As<Napi::Number>().DoubleValue());  // as tfjs makes a float32 scalar of each
  }
  benchtop::AdamCoefficients coefficients{c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]};
  return guarded(info, [&] {
    benchtop::adam_update(a[0].length, coefficients, a[0].data, a[1].data, a[2].data, a[3].data, a[4].data,
                          a[5].data, a[6].data);
  });
}

}  // namespace

// Called from binding.cc's Init.
void RegisterLayerKernels(Napi::Env env, Napi::Object exports) {
  exports.Set("maxPool", Napi::Function::New(env, boundary<Pool<benchtop::max_pool>>, "maxPool"));
  exports.Set("avgPool", Napi::Function::New(env, boundary<Pool<benchtop::avg_pool>>, "avgPool"));
  exports.Set("maxPoolGrad", Napi::Function::New(env, boundary<MaxPoolGrad>, "maxPoolGrad"));
  exports.Set("avgPoolGrad", Napi::Function::New(env, boundary<AvgPoolGrad>, "avgPoolGrad"));
  exports.Set("batchNorm", Napi::Function::New(env, boundary<BatchNorm>, "batchNorm"));
  exports.Set("batchNormGrad", Napi::Function::New(env, boundary<BatchNormGrad>, "batchNormGrad"));
  exports.Set("batchNormTrain", Napi::Function::New(env, boundary<BatchNormTrain>, "batchNormTrain"));
  exports.Set("batchNormTrainGrad", Napi::Function::New(env, boundary<BatchNormTrainGrad>, "batchNormTrainGrad"));
  exports.Set("softmax", Napi::Function::New(env, boundary<Softmax>, "softmax"));
  exports.Set("adam", Napi::Function::New(env, boundary<Adam>, "adam"));
}
