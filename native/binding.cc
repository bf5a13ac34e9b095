// The N-API surface of benchtop_native.node. Every entry point is synchronous, takes Float32Arrays
// that JavaScript allocated (inputs and the output to fill) plus plain numbers, checks every length
// against the geometry before touching memory, and throws a JS Error on anything inconsistent.
#include <napi.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <string>

#include "gemm.h"
#include "kernels.h"
#include "napi_args.h"
#include "threadpool.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

// binding_elementwise.cc: element-wise, reduction and tile kernels.
void RegisterElementwise(Napi::Env env, Napi::Object exports);
// binding_layers.cc: pooling, batch-norm, softmax and Adam kernels.
void RegisterLayerKernels(Napi::Env env, Napi::Object exports);
// binding_rnn.cc: whole-sequence recurrent kernels.
void RegisterRnnKernels(Napi::Env env, Napi::Object exports);

#ifndef BENCHTOP_NATIVE_VERSION
#define BENCHTOP_NATIVE_VERSION "0.1.0"
#endif

namespace {

using benchtop::Activation;
using benchtop::ConvGeometry;
using namespace benchtop_napi;

ConvGeometry geometry(Napi::Env env, Napi::Value value) {
  Napi::Array a = array_of_length(env, value, 15, "geometry must be an array of 15 integers");
  static const char* names[15] = {"batch", "inHeight", "inWidth", "inChannels", "outHeight", "outWidth",
                                  "outChannels", "filterHeight", "filterWidth", "strideHeight", "strideWidth",
                                  "dilationHeight", "dilationWidth", "padTop", "padLeft"};
  int64_t v[15];
  for (uint32_t i = 0; i < 15; ++i) {
    int64_t min = 0, max = kMaxDim;
    if (i >= 7 && i <= 12) min = 1;  // filter sizes, strides, dilations
    if (i >= 13) min = -kMaxDim;     // pads
    v[i] = integer(env, a.Get(i), names[i], min, max);
  }
  return ConvGeometry{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14]};
}

// Elements of x (dx), of y (dy) and of the filter (dw).
int64_t input_size(const ConvGeometry& g) { return product({g.batch, g.in_h, g.in_w, g.in_c}); }
int64_t output_size(const ConvGeometry& g) { return product({g.batch, g.out_h, g.out_w, g.out_c}); }
int64_t filter_size(const ConvGeometry& g) { return product({g.k_h, g.k_w, g.in_c, g.out_c}); }

Activation activation(Napi::Env env, Napi::Value value) {
  return static_cast<Activation>(integer(env, value, "activation", 0, 5));
}

int64_t bias_length(Napi::Env env, const FloatArray& bias, int64_t channels) {
  if (bias.data == nullptr && bias.length == 0) return 0;
  if (bias.length != 1 && bias.length != channels)
    fail(env, "bias has " + std::to_string(bias.length) + " elements, expected 1 or " + std::to_string(channels));
  return bias.length;
}

// The channel multiplier of a depthwise geometry: out_c must be in_c * M.
void expect_depthwise(Napi::Env env, const ConvGeometry& g) {
  if (g.in_c == 0 ? g.out_c != 0 : g.out_c % g.in_c != 0)
    fail(env, "outChannels (" + std::to_string(g.out_c) + ") must be a multiple of inChannels (" +
                  std::to_string(g.in_c) + ") in a depthwise convolution");
}

// Elements of a depthwise filter [k_h, k_w, in_c, M].
int64_t depthwise_filter_size(const ConvGeometry& g) { return product({g.k_h, g.k_w, g.out_c}); }

void any_geometry(Napi::Env, const ConvGeometry&) {}

// A family of convolutions: the dense and the depthwise one share every argument check and differ
// in their filter's size, their channel rule and their kernels.
struct ConvFamily {
  const char* forward_name;
  const char* input_name;
  const char* filter_name;
  int64_t (*filter_elements)(const ConvGeometry&);
  void (*check)(Napi::Env, const ConvGeometry&);
  decltype(&benchtop::conv2d_forward) forward;
  decltype(&benchtop::conv2d_backprop_input) backprop_input;
  decltype(&benchtop::conv2d_backprop_filter) backprop_filter;
};

constexpr ConvFamily kDense{"conv2d",           "conv2dBackpropInput",
                            "conv2dBackpropFilter", filter_size,
                            any_geometry,       benchtop::conv2d_forward,
                            benchtop::conv2d_backprop_input, benchtop::conv2d_backprop_filter};
constexpr ConvFamily kDepthwise{"depthwiseConv2d",
                                "depthwiseConv2dBackpropInput",
                                "depthwiseConv2dBackpropFilter",
                                depthwise_filter_size,
                                expect_depthwise,
                                benchtop::depthwise_conv2d_forward,
                                benchtop::depthwise_conv2d_backprop_input,
                                benchtop::depthwise_conv2d_backprop_filter};

// conv2d / depthwiseConv2d(x, filter, bias | null, y, geometry, activation, leakyreluAlpha)
template <const ConvFamily& F>
Napi::Value ConvForward(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  check_argc(info, 7, F.forward_name);
  FloatArray x = float_array(info, 0, "x");
  FloatArray w = float_array(info, 1, "filter");
  FloatArray bias = float_array(info, 2, "bias", true);
  FloatArray y = float_array(info, 3, "y");
  ConvGeometry g = geometry(env, info[4]);
  Activation act = activation(env, info[5]);
  double alpha = number(env, info[6], "leakyreluAlpha");
  F.check(env, g);
  expect_length(env, x, input_size(g), "x");
  expect_length(env, w, F.filter_elements(g), "filter");
  expect_length(env, y, output_size(g), "y");
  int64_t bias_len = bias_length(env, bias, g.out_c);
  expect_disjoint(env, y, x, "y", "x");
  expect_disjoint(env, y, w, "y", "filter");
  expect_disjoint(env, y, bias, "y", "bias");
  return guarded(info, [&] { F.forward(g, x.data, w.data, bias.data, bias_len, act, alpha, y.data); });
}

// conv2dBackpropInput / depthwiseConv2dBackpropInput(dy, filter, dx, geometry)
template <const ConvFamily& F>
Napi::Value ConvBackpropInput(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  check_argc(info, 4, F.input_name);
  FloatArray dy = float_array(info, 0, "dy");
  FloatArray w = float_array(info, 1, "filter");
  FloatArray dx = float_array(info, 2, "dx");
  ConvGeometry g = geometry(env, info[3]);
  F.check(env, g);
  expect_length(env, dy, output_size(g), "dy");
  expect_length(env, w, F.filter_elements(g), "filter");
  expect_length(env, dx, input_size(g), "dx");
  expect_disjoint(env, dx, dy, "dx", "dy");
  expect_disjoint(env, dx, w, "dx", "filter");
  return guarded(info, [&] { F.backprop_input(g, dy.data, w.data, dx.data); });
}

// conv2dBackpropFilter / depthwiseConv2dBackpropFilter(x, dy, dw, geometry)
template <const ConvFamily& F>
Napi::Value ConvBackpropFilter(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  check_argc(info, 4, F.filter_name);
  FloatArray x = float_array(info, 0, "x");
  FloatArray dy = float_array(info, 1, "dy");
  FloatArray dw = float_array(info, 2, "dw");
  ConvGeometry g = geometry(env, info[3]);
  F.check(env, g);
  expect_length(env, x, input_size(g), "x");
  expect_length(env, dy, output_size(g), "dy");
  expect_length(env, dw, F.filter_elements(g), "dw");
  expect_disjoint(env, dw, x, "dw", "x");
  expect_disjoint(env, dw, dy, "dw", "dy");
  return guarded(info, [&] { F.backprop_filter(g, x.data, dy.data, dw.data); });
}

// convPaths(geometry): {forward, input, filter}, the way conv2d, conv2dBackpropInput and
// conv2dBackpropFilter compute it.
Napi::Value ConvPaths(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  check_argc(info, 1, "convPaths");
  ConvGeometry g = geometry(env, info[0]);
  Napi::Object result = Napi::Object::New(env);
  result.Set("forward", benchtop::conv_route_name(benchtop::conv2d_forward_route(g)));
  result.Set("input", benchtop::conv_route_name(benchtop::conv2d_input_route(g)));
  result.Set("filter", benchtop::conv_route_name(benchtop::conv2d_filter_route(g)));
  return result;
}

// Exports one family's three entry points under their JavaScript names.
template <const ConvFamily& F>
void export_convolution(Napi::Env env, Napi::Object exports) {
  exports.Set(F.forward_name, Napi::Function::New(env, boundary<ConvForward<F>>, F.forward_name));
  exports.Set(F.input_name, Napi::Function::New(env, boundary<ConvBackpropInput<F>>, F.input_name));
  exports.Set(F.filter_name, Napi::Function::New(env, boundary<ConvBackpropFilter<F>>, F.filter_name));
}

// batchMatMul(a, b, bias | null, out, [batchA, batchB, batch, M, N, K, transposeA, transposeB], activation, alpha)
Napi::Value BatchMatMul(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  check_argc(info, 7, "batchMatMul");
  FloatArray a = float_array(info, 0, "a");
  FloatArray b = float_array(info, 1, "b");
  FloatArray bias = float_array(info, 2, "bias", true);
  FloatArray out = float_array(info, 3, "out");
  Napi::Array d = array_of_length(env, info[4], 8, "dims must be an array of 8 integers");
  int64_t batch_a = integer(env, d.Get(0u), "batchA", 0, kMaxDim);
  int64_t batch_b = integer(env, d.Get(1u), "batchB", 0, kMaxDim);
  int64_t batch = integer(env, d.Get(2u), "batch", 0, kMaxDim);
  int64_t m = integer(env, d.Get(3u), "M", 0, kMaxDim);
  int64_t n = integer(env, d.Get(4u), "N", 0, kMaxDim);
  int64_t k = integer(env, d.Get(5u), "K", 0, kMaxDim);
  bool trans_a = integer(env, d.Get(6u), "transposeA", 0, 1) == 1;
  bool trans_b = integer(env, d.Get(7u), "transposeB", 0, 1) == 1;
  Activation act = activation(env, info[5]);
  double alpha = number(env, info[6], "leakyreluAlpha");
  if (batch > 0 && (batch_a == 0 || batch_b == 0 || batch_a > batch || batch_b > batch))
    fail(env, "batch sizes " + std::to_string(batch_a) + " and " + std::to_string(batch_b) +
                  " do not broadcast to " + std::to_string(batch));
  expect_length(env, a, product({batch_a, m, k}), "a");
  expect_length(env, b, product({batch_b, k, n}), "b");
  expect_length(env, out, product({batch, m, n}), "out");
  int64_t bias_len = bias_length(env, bias, n);
  expect_disjoint(env, out, a, "out", "a");
  expect_disjoint(env, out, b, "out", "b");
  expect_disjoint(env, out, bias, "out", "bias");
  return guarded(info, [&] {
    benchtop::batch_matmul(batch_a, batch_b, batch, m, n, k, trans_a, trans_b, a.data, b.data, out.data);
    benchtop::apply_epilogue(out.data, batch * m, n, bias.data, bias_len, act, alpha);
  });
}

Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object result = Napi::Object::New(env);
  result.Set("blas", benchtop::blas_name());
  result.Set("blasCore", benchtop::blas_detail());
  result.Set("threads", benchtop::pool().threads());
  result.Set("directConv", benchtop::direct_conv_supported());
  result.Set("winogradConv", benchtop::winograd_supported());
  result.Set("version", BENCHTOP_NATIVE_VERSION);
  return result;
}

// Every kernel's output is a fresh Float32Array, calloc'ed by V8. glibc serves blocks above its mmap
// threshold (128 KiB, raised only after a free) with a new mapping each time: every page of every
// output is then faulted in and zeroed by the kernel, and unmapped again when the tensor is
// collected. In CenterNet on native that was over half the CPU time per image. Keeping blocks up to
// 32 MiB (glibc's maximum) in the heap, and the heap's free top instead of trimming it, reuses the
// same pages from op to op. The peak RSS is unchanged; it is returned to the OS when the process
// (a training or detection worker) ends. BENCHTOP_MALLOC=default keeps glibc's own settings.
void tune_allocator() {
#if defined(__GLIBC__)
  const char* setting = std::getenv("BENCHTOP_MALLOC");
  if (setting != nullptr && std::strcmp(setting, "default") == 0) return;
  mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  mallopt(M_TOP_PAD, 256 * 1024 * 1024);
#endif
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  // Once per process, though every worker thread that loads the addon runs Init.
  static std::once_flag configured;
  std::call_once(configured, [] {
    benchtop::blas_set_threads(1);  // the pool owns the parallelism (see gemm.h)
    benchtop::pool();  // start the workers now rather than in the first kernel
    tune_allocator();
  });
  exports.Set("info", Napi::Function::New(env, Info, "info"));
  export_convolution<kDense>(env, exports);
  exports.Set("convPaths", Napi::Function::New(env, boundary<ConvPaths>, "convPaths"));
  export_convolution<kDepthwise>(env, exports);
  exports.Set("batchMatMul", Napi::Function::New(env, boundary<BatchMatMul>, "batchMatMul"));
  RegisterElementwise(env, exports);
  RegisterLayerKernels(env, exports);
  RegisterRnnKernels(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(benchtop_native, Init)
