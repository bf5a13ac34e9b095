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
// The forward micro-kernel as a small matrix product, for the Winograd convolution: out[p][16j +
// lane] = sum over d < depth of rows[p][d] * panel[d][16j + lane] for p < count <= 6 rows and
// j < vectors <= 4 (panel rows are 64 floats apart; out rows out_stride floats). AVX-512F only.
void direct_gemm_rows(const float* const* rows, int64_t count, int64_t depth, const float* panel, int64_t vectors,
                      float* out, int64_t out_stride);
// The filter-gradient micro-kernel likewise: out[i][16j + lane] += sum over p < n of
// a[p * a_stride + i] * b[p * stride + 16j + lane] for i < count <= 6 and j < vectors <= 4 (out
// rows stride floats apart).
void direct_gemm_sum_rows(const float* a, int64_t a_stride, const float* b, int64_t n, int64_t count, int64_t vectors,
                          int64_t stride, float* out);
// The Winograd F(2x2, 3x3) convolution (conv_winograd.cc): whether it serves g on this CPU, and
// y = conv2d(x, w) with it (no bias or activation). w is g's filter [3, 3, in_c, out_c] (kForward),
// or, where g is the forward convolution that computes another layer's input gradient (its in_c
// that layer's out_c and vice versa), that layer's filter [3, 3, out_c, in_c], read flipped in both
// spatial axes with its channel axes swapped (kFlippedOfInputGradient; no flipped copy is made).
enum class WinogradFilter { kForward, kFlippedOfInputGradient };
bool winograd_supported();  // AVX-512F, and BENCHTOP_CONV_DIRECT and BENCHTOP_CONV_WINOGRAD are not 0
bool winograd_applies(const ConvGeometry& g);
void conv2d_forward_winograd(const ConvGeometry& g, const float* x, const float* w, WinogradFilter filter, float* y);
// dw = conv2d_backprop_filter(x, dy) with the same transforms, where winograd_applies(g).
void conv2d_backprop_filter_winograd(const ConvGeometry& g, const float* x, const float* dy, float* dw);
// dw = conv2d_backprop_filter(x, dy) with the direct kernels, where direct_filter_gradient_applies(g).
bool direct_filter_gradient_applies(const ConvGeometry& g);
void conv2d_backprop_filter_direct(const ConvGeometry& g, const float* x, const float* dy, float* dw);
// The way conv2d_forward / conv2d_backprop_input / conv2d_backprop_filter compute g: they dispatch
// on these functions, and convPaths() reports them by conv_route_name ("empty", "pointwise",
// "few-pixels", "winograd", "direct", "im2col").
enum class ConvRoute { kEmpty, kPointwise, kFewPixels, kWinograd, kDirect, kIm2col };
ConvRoute conv2d_forward_route(const ConvGeometry& g);
ConvRoute conv2d_filter_route(const ConvGeometry& g);
// The input gradient's way: "winograd", the forward route of the convolution it runs as (stride 1),
// "pointwise", "few-pixels" (one dcol product for the batch) or "im2col" (dcol products + col2im).
ConvRoute conv2d_input_route(const ConvGeometry& g);
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
