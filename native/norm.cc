// Batch normalisation (inference form: given mean and variance; training form: the batch's moments)
// and their gradients, and softmax
// over the last axis, float32, split over the pool by rows.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "layers.h"
#include "threadpool.h"

namespace benchtop {

void batch_norm(int64_t n, int64_t channels, const float* x, const float* mean, int64_t mean_len,
                const float* variance, int64_t variance_len, const float* offset, int64_t offset_len,
                const float* scale, int64_t scale_len, double epsilon, float* out) {
  if (n <= 0 || channels <= 0) return;
  // One row of every parameter, each widened to double as JavaScript reads it. The square root is
  // per channel (the same value tfjs-cpu computes per element); the rest stays per element so the
  // rounding is the same: offset + ((x - mean) * scale) / sqrt(variance + epsilon).
  std::vector<double> m(static_cast<size_t>(channels)), s(static_cast<size_t>(channels)),
      root(static_cast<size_t>(channels)), o(static_cast<size_t>(channels));
  for (int64_t c = 0; c < channels; ++c) {
    m[c] = mean[mean_len == 1 ? 0 : c];
    s[c] = scale ? scale[scale_len == 1 ? 0 : c] : 1.0;
    o[c] = offset ? offset[offset_len == 1 ? 0 : c] : 0.0;
    root[c] = std::sqrt(static_cast<double>(variance[variance_len == 1 ? 0 : c]) + epsilon);
  }
  const int64_t rows = n / channels;
  pool().parallel_for(rows, std::max<int64_t>(1, (int64_t{1} << 15) / channels), [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      const float* xr = x + r * channels;
      float* yr = out + r * channels;
      for (int64_t c = 0; c < channels; ++c)
        yr[c] = static_cast<float>(o[c] + (static_cast<double>(xr[c]) - m[c]) * s[c] / root[c]);
    }
  });
}

void batch_norm_grad(int64_t rows, int64_t channels, const float* dy, const float* x, const float* mean,
                     const float* variance, const float* scale, double epsilon, float* dx, float* dmean,
                     float* dvariance, float* dscale, float* doffset) {
  if (rows < 0 || channels <= 0) return;
  const size_t c_count = static_cast<size_t>(channels);
  // Per channel, in double: r = 1 / sqrt(variance + eps) and r * scale (dx's factor).
  std::vector<double> m(c_count), r(c_count), s(c_count), rs(c_count);
  for (int64_t c = 0; c < channels; ++c) {
    m[c] = mean[c];
    r[c] = 1.0 / std::sqrt(static_cast<double>(variance[c]) + epsilon);
    s[c] = scale ? static_cast<double>(scale[c]) : 1.0;
    rs[c] = r[c] * s[c];
  }
  // The two sums every parameter gradient needs, sum(dy) and sum(dy * (x - mean)), per channel, in
  // double partials over fixed blocks of rows (the same blocks on any thread count), then added
  // in block order: the result does not depend on the pool's size.
  const int64_t block = std::max<int64_t>(1, (int64_t{1} << 14) / channels);
  const int64_t blocks = rows == 0 ? 0 : (rows + block - 1) / block;
  std::vector<double> partial(static_cast<size_t>(blocks) * 2 * c_count, 0.0);
  pool().parallel_for(blocks, 1, [&](int64_t begin, int64_t end) {
    for (int64_t b = begin; b < end; ++b) {
      double* sum_dy = partial.data() + static_cast<size_t>(b) * 2 * c_count;
      double* sum_dy_xm = sum_dy + c_count;
      const int64_t last = std::min(rows, (b + 1) * block);
      for (int64_t row = b * block; row < last; ++row) {
        const float* dyr = dy + row * channels;
        const float* xr = x + row * channels;
        float* dxr = dx + row * channels;
        for (int64_t c = 0; c < channels; ++c) {
          const double g = dyr[c];
          dxr[c] = static_cast<float>(g * rs[c]);
          sum_dy[c] += g;
          sum_dy_xm[c] += g * (static_cast<double>(xr[c]) - m[c]);
        }
      }
    }
  });
  for (int64_t c = 0; c < channels; ++c) {
    double sum_dy = 0.0, sum_dy_xm = 0.0;
    for (int64_t b = 0; b < blocks; ++b) {
      sum_dy += partial[static_cast<size_t>(b) * 2 * c_count + c];
      sum_dy_xm += partial[static_cast<size_t>(b) * 2 * c_count + c_count + c];
    }
    doffset[c] = static_cast<float>(sum_dy);
    dscale[c] = static_cast<float>(sum_dy_xm * r[c]);
    dmean[c] = static_cast<float>(-rs[c] * sum_dy);
    dvariance[c] = static_cast<float>(-0.5 * r[c] * r[c] * rs[c] * sum_dy_xm);
  }
}

namespace {

// Per-channel double sums over `rows` rows of `channels` values in fixed blocks of rows (the same
// blocks on any thread count), added in block order. `each(row, sums)` adds one row's terms to
// `width` sums per channel (sums[k * channels + c]).
template <typename Each>
std::vector<double> blocked_channel_sums(int64_t rows, int64_t channels, int width, Each each) {
  const size_t c_count = static_cast<size_t>(channels);
  const size_t stride = static_cast<size_t>(width) * c_count;
  const int64_t block = std::max<int64_t>(1, (int64_t{1} << 14) / channels);
  const int64_t blocks = rows == 0 ? 0 : (rows + block - 1) / block;
  std::vector<double> partial(static_cast<size_t>(blocks) * stride, 0.0);
  pool().parallel_for(blocks, 1, [&](int64_t begin, int64_t end) {
    for (int64_t b = begin; b < end; ++b) {
      double* sums = partial.data() + static_cast<size_t>(b) * stride;
      const int64_t last = std::min(rows, (b + 1) * block);
      for (int64_t row = b * block; row < last; ++row) each(row, sums);
    }
  });
  std::vector<double> total(stride, 0.0);
  for (int64_t b = 0; b < blocks; ++b)
    for (size_t k = 0; k < stride; ++k) total[k] += partial[static_cast<size_t>(b) * stride + k];
  return total;
}

}  // namespace

void batch_norm_train(int64_t rows, int64_t channels, const float* x, const float* scale, const float* offset,
                      double epsilon, float* y, float* mean, float* variance) {
  if (rows <= 0 || channels <= 0) return;
  const size_t c_count = static_cast<size_t>(channels);
  // Shifted sums (x - x[0][c]) keep the variance exact to double precision however large the mean.
  std::vector<double> shift(c_count);
  for (int64_t c = 0; c < channels; ++c) shift[c] = x[c];
  const std::vector<double> sums = blocked_channel_sums(rows, channels, 2, [&](int64_t row, double* s) {
    const float* xr = x + row * channels;
    double* sq = s + c_count;
    for (int64_t c = 0; c < channels; ++c) {
      const double d = static_cast<double>(xr[c]) - shift[c];
      s[c] += d;
      sq[c] += d * d;
    }
  });
  std::vector<double> m(c_count), k(c_count), o(c_count);
  for (int64_t c = 0; c < channels; ++c) {
    const double mean_shifted = sums[c] / static_cast<double>(rows);
    const double var = std::max(0.0, sums[c_count + c] / static_cast<double>(rows) - mean_shifted * mean_shifted);
    m[c] = shift[c] + mean_shifted;
    mean[c] = static_cast<float>(m[c]);
    variance[c] = static_cast<float>(var);
    k[c] = (scale ? static_cast<double>(scale[c]) : 1.0) / std::sqrt(var + epsilon);
    o[c] = offset ? static_cast<double>(offset[c]) : 0.0;
  }
  pool().parallel_for(rows, std::max<int64_t>(1, (int64_t{1} << 15) / channels), [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      const float* xr = x + r * channels;
      float* yr = y + r * channels;
      for (int64_t c = 0; c < channels; ++c) yr[c] = static_cast<float>(o[c] + (static_cast<double>(xr[c]) - m[c]) * k[c]);
    }
  });
}

void batch_norm_train_grad(int64_t rows, int64_t channels, const float* dy, const float* x, const float* mean,
                           const float* variance, const float* scale, const float* dmean, const float* dvariance,
                           double epsilon, float* dx, float* dscale, float* doffset) {
  if (rows <= 0 || channels <= 0) return;
  const size_t c_count = static_cast<size_t>(channels);
  std::vector<double> m(c_count);
  for (int64_t c = 0; c < channels; ++c) m[c] = mean[c];
  const std::vector<double> sums = blocked_channel_sums(rows, channels, 2, [&](int64_t row, double* s) {
    const float* dyr = dy + row * channels;
    const float* xr = x + row * channels;
    double* s_xm = s + c_count;
    for (int64_t c = 0; c < channels; ++c) {
      const double g = dyr[c];
      s[c] += g;
      s_xm[c] += g * (static_cast<double>(xr[c]) - m[c]);
    }
  });
  // dx = a * dy + b * (x - mean) + k, per channel.
  const double n = static_cast<double>(rows);
  std::vector<double> a(c_count), b(c_count), k(c_count);
  for (int64_t c = 0; c < channels; ++c) {
    const double r = 1.0 / std::sqrt(static_cast<double>(variance[c]) + epsilon);
    const double sr = (scale ? static_cast<double>(scale[c]) : 1.0) * r;
    const double sum_dy = sums[c], sum_dy_xm = sums[c_count + c];
    doffset[c] = static_cast<float>(sum_dy);
    dscale[c] = static_cast<float>(sum_dy_xm * r);
    a[c] = sr;
    b[c] = -sr * r * r * sum_dy_xm / n + (dvariance ? 2.0 * dvariance[c] / n : 0.0);
    k[c] = -sr * sum_dy / n + (dmean ? dmean[c] / n : 0.0);
  }
  pool().parallel_for(rows, std::max<int64_t>(1, (int64_t{1} << 15) / channels), [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      const float* dyr = dy + r * channels;
      const float* xr = x + r * channels;
      float* dxr = dx + r * channels;
      for (int64_t c = 0; c < channels; ++c)
        dxr[c] = static_cast<float>(a[c] * dyr[c] + b[c] * (static_cast<double>(xr[c]) - m[c]) + k[c]);
    }
  });
}

void softmax(int64_t rows, int64_t cols, const float* logits, float* out) {
  if (rows <= 0 || cols <= 0) return;
  pool().parallel_for(rows, std::max<int64_t>(1, (int64_t{1} << 13) / cols), [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      const float* x = logits + r * cols;
      float* y = out + r * cols;
      // tfjs-cpu's Max: starts at the first value, and a NaN replaces the running maximum.
      float max = x[0];
      for (int64_t c = 0; c < cols; ++c)
        if (std::isnan(x[c]) || x[c] > max) max = x[c];
      double sum = 0.0;
      for (int64_t c = 0; c < cols; ++c) {
        const float shifted = x[c] - max;  // Sub: one float32 rounding
        y[c] = static_cast<float>(std::exp(static_cast<double>(shifted)));  // Exp: Math.exp, stored float32
        sum += y[c];  // Sum: a double accumulator over the float32 values
      }
      const float total = static_cast<float>(sum);
      for (int64_t c = 0; c < cols; ++c) y[c] = y[c] / total;  // RealDiv: one float32 rounding
    }
  });
}

}  // namespace benchtop
