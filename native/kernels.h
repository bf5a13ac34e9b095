// Float32 NHWC kernels with the semantics of TensorFlow.js's cpu backend. All pointers address
// buffers whose lengths the caller (binding.cc) has checked against the geometry.
#pragma once

#include <cstdint>

namespace benchtop {

// What backend_util.computeConv2DInfo says about one convolution (NHWC, filter [kH, kW, inC, outC]).
struct ConvGeometry {
  int64_t batch, in_h, in_w, in_c;
  int64_t out_h, out_w, out_c;
  int64_t k_h, k_w;
  int64_t stride_h, stride_w;
  int64_t dil_h, dil_w;
  int64_t pad_top, pad_left;

  int64_t patch() const { return k_h * k_w * in_c; }  // one im2col row
};

enum class Activation : int { kLinear = 0, kRelu = 1, kRelu6 = 2, kSigmoid = 3, kElu = 4, kLeakyRelu = 5 };

// y[rows x cols] += bias (length 0: none, 1: scalar, cols: per column); then the activation.
void apply_epilogue(float* y, int64_t rows, int64_t cols, const float* bias, int64_t bias_len, Activation act,
                    double leaky_alpha);

// im2col of output rows [row_begin, row_end) (a row is (b, yr): out_w patches), into col; serial.
void im2col(const ConvGeometry& g, const float* x, int64_t row_begin, int64_t row_end, float* col);
// dx += col2im of the patches of output rows [row_begin, row_end) (dx already holds earlier chunks).
void col2im_add(const ConvGeometry& g, const float* col, int64_t row_begin, int64_t row_end, float* dx);

// y = act(conv2d(x, w) + bias): y is [batch, out_h, out_w, out_c].
void conv2d_forward(const ConvGeometry& g, const float* x, const float* w, const float* bias, int64_t bias_len,
                    Activation act, double leaky_alpha, float* y);
// The direct convolution (conv_direct.cc): whether it serves geometry g on this CPU, and
// y = conv2d(x, w) with it (no bias or activation; the caller applies them).
bool direct_conv_supported();
bool direct_conv_applies(const ConvGeometry& g);
void conv2d_forward_direct(const ConvGeometry& g, const float* x, const float* w, float* y);
// dw = conv2d_backprop_filter(x, dy) with the direct kernels, where direct_filter_gradient_applies(g).
bool direct_filter_gradient_applies(const ConvGeometry& g);
void conv2d_backprop_filter_direct(const ConvGeometry& g, const float* x, const float* dy, float* dw);
// The way conv2d_forward / conv2d_backprop_filter compute g: they dispatch on these functions, and
// convPaths() reports them by conv_route_name ("empty", "pointwise", "few-pixels", "direct",
// "im2col"). The input gradient runs as a forward convolution where conv.cc says.
enum class ConvRoute { kEmpty, kPointwise, kFewPixels, kDirect, kIm2col };
ConvRoute conv2d_forward_route(const ConvGeometry& g);
ConvRoute conv2d_filter_route(const ConvGeometry& g);
const char* conv_route_name(ConvRoute route);
// dx = conv2d_backprop_input(dy, w): dx is [batch, in_h, in_w, in_c].
void conv2d_backprop_input(const ConvGeometry& g, const float* dy, const float* w, float* dx);
// dw = conv2d_backprop_filter(x, dy): dw is [k_h, k_w, in_c, out_c].
void conv2d_backprop_filter(const ConvGeometry& g, const float* x, const float* dy, float* dw);

// Depthwise convolution: g.out_c = g.in_c * M, the filter is [k_h, k_w, in_c, M] (k_h*k_w*out_c
// floats); output channel c*M+q reads input channel c. y = act(depthwise(x, w) + bias).
void depthwise_conv2d_forward(const ConvGeometry& g, const float* x, const float* w, const float* bias,
                              int64_t bias_len, Activation act, double leaky_alpha, float* y);
// dx [batch, in_h, in_w, in_c] = the input gradient of the depthwise convolution for dy.
void depthwise_conv2d_backprop_input(const ConvGeometry& g, const float* dy, const float* w, float* dx);
// dw [k_h, k_w, in_c, M] = the filter gradient (sums in double across rows).
void depthwise_conv2d_backprop_filter(const ConvGeometry& g, const float* x, const float* dy, float* dw);

// out[bi] = op(a[bi % batch_a]) x op(b[bi % batch_b]) for bi < batch, as tfjs's cpu BatchMatMul;
// a holds [batch_a, M, K] ([.., K, M] when trans_a), b holds [batch_b, K, N] ([.., N, K] when trans_b).
void batch_matmul(int64_t batch_a, int64_t batch_b, int64_t batch, int64_t m, int64_t n, int64_t k, bool trans_a,
                  bool trans_b, const float* a, const float* b, float* out);

}  // namespace benchtop
