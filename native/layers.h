// Float32 kernels for pooling, batch normalisation, softmax and the Adam update, with the exact
// semantics (tie-breaking, NaN handling, accumulation order and precision) of TensorFlow.js's cpu
// backend. All pointers address buffers whose lengths binding_layers.cc has checked.
#pragma once

#include <cstdint>

namespace benchtop {

// What backend_util.computePool2DInfo says about one 2-D pooling (NHWC; dilation is always 1:
// tfjs's pooling kernels fix it to 1).
struct PoolGeometry {
  int64_t batch, in_h, in_w, channels;
  int64_t out_h, out_w;
  int64_t k_h, k_w;
  int64_t stride_h, stride_w;
  int64_t pad_top, pad_left;
};

// y [batch, out_h, out_w, channels] = the window maximum; NaN never wins (`pixel > max` is false),
// an empty or all-NaN window gives -Infinity, as tfjs-cpu's pool().
void max_pool(const PoolGeometry& g, const float* x, float* y);
// y = the mean of the window's in-image pixels (padding not counted), summed in double.
void avg_pool(const PoolGeometry& g, const float* x, float* y);
// dx [batch, in_h, in_w, channels]: each dy goes to its window's first strict maximum in row-major
// order (tfjs-cpu's maxPoolPositions), summed in double in tfjs-cpu's order.
void max_pool_grad(const PoolGeometry& g, const float* x, const float* dy, float* dx);
// dx = the sum of the dy windows covering each pixel, times 1 / (k_h * k_w) (tfjs-cpu divides by the
// full window even where the forward pass counted fewer pixels).
void avg_pool_grad(const PoolGeometry& g, const float* dy, float* dx);

// out[i] = offset[i % L_o] + (x[i] - mean[i % L_m]) * scale[i % L_s] / sqrt(variance[i % L_v] + eps)
// in double, tfjs-cpu's cyclic indexing; every L is 1 or `channels`, and n is a multiple of channels.
// scale / offset may be null (1 and 0).
void batch_norm(int64_t n, int64_t channels, const float* x, const float* mean, int64_t mean_len,
                const float* variance, int64_t variance_len, const float* offset, int64_t offset_len,
                const float* scale, int64_t scale_len, double epsilon, float* out);

// The gradient of batch_norm with respect to each of its inputs, for x [rows, channels] and every
// parameter of `channels` values (scale may be null: 1), in one pass over dy and x, in double:
// r = 1 / sqrt(variance + eps); dx = dy * r * scale; per channel, over the rows,
// doffset = sum(dy), dscale = r * sum(dy * (x - mean)), dmean = -r * scale * sum(dy),
// dvariance = -r^3 / 2 * scale * sum(dy * (x - mean)) (tfjs-core's FusedBatchNorm gradient).
void batch_norm_grad(int64_t rows, int64_t channels, const float* dy, const float* x, const float* mean,
                     const float* variance, const float* scale, double epsilon, float* dx, float* dmean,
                     float* dvariance, float* dscale, float* doffset);

// Batch normalisation in training, x [rows, channels]: the batch's mean and (biased) variance per
// channel, as tf.moments gives them, and y = offset + (x - mean) * scale / sqrt(variance + eps), in
// one pass for the moments (double sums over fixed row blocks: the result does not depend on the
// thread count) and one for y. scale / offset may be null (1 and 0).
void batch_norm_train(int64_t rows, int64_t channels, const float* x, const float* scale, const float* offset,
                      double epsilon, float* y, float* mean, float* variance);

// The gradient of batch_norm_train: with r = 1 / sqrt(variance + eps), per channel over the rows,
// doffset = sum(dy), dscale = r * sum(dy * (x - mean)), and
// dx = scale * r * (dy - sum(dy) / rows - (x - mean) * r^2 * sum(dy * (x - mean)) / rows)
//      + dmean / rows + 2 * dvariance * (x - mean) / rows
// (the mean and variance outputs' own gradients; dmean / dvariance may be null: zero).
void batch_norm_train_grad(int64_t rows, int64_t channels, const float* dy, const float* x, const float* mean,
                           const float* variance, const float* scale, const float* dmean, const float* dvariance,
                           double epsilon, float* dx, float* dscale, float* doffset);

// out [rows, cols] = softmax of each row, step by step as tfjs-cpu's Softmax: max (NaN wins), a
// float32 difference, exp in double rounded to float32, the row sum in double, a float32 quotient.
void softmax(int64_t rows, int64_t cols, const float* logits, float* out);

// tfjs's AdamOptimizer.applyGradients for one variable, each step one float32 operation as its
// ops do them. c = {beta1, beta2, 1 - beta1, 1 - beta2, 1 - accBeta1, 1 - accBeta2, epsilon, -lr}.
// An output may be the same buffer as its input (each element depends only on its own index).
struct AdamCoefficients {
  float beta1, beta2, one_minus_beta1, one_minus_beta2, one_minus_acc_beta1, one_minus_acc_beta2, epsilon,
      neg_learning_rate;
};
void adam_update(int64_t n, const AdamCoefficients& c, const float* value, const float* m, const float* v,
                 const float* grad, float* new_value, float* new_m, float* new_v);

}  // namespace benchtop
