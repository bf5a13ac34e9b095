// Depthwise convolution (tfjs's DepthwiseConv2dNative and its two gradients), float32 NHWC.
// Input channel c with channel multiplier M feeds output channels c*M .. c*M+M-1; the filter is
// [k_h, k_w, in_c, M], so filter tap (kh, kw) is one row of out_c = in_c*M weights laid out like an
// output pixel. Every loop runs along channels (contiguous in x, y and the filter), which the
// compiler vectorises; the hot loops are compiled for AVX-512, AVX2 and baseline x86-64 and the
// loader picks one for the CPU at run time (target_clones), so the build stays portable.
//
// Work splits over the pool by rows: forward by output rows (b, yr), the input gradient by input
// rows (b, xr), each written by one thread; the filter gradient by output-row bands, each thread
// summing into its own partial filter, added at the end.
#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

#include "checked.h"
#include "kernels.h"
#include "simd_clones.h"
#include "threadpool.h"

namespace benchtop {

namespace {

// y rows [begin, end) of (b, yr): y = sum over taps of x * w, in the cpu kernel's order (kh, then
// kw, per output element), starting from zero.
BENCHTOP_SIMD_CLONES
void forward_rows(const ConvGeometry& g, int64_t mult, const float* x, const float* w, int64_t begin, int64_t end,
                  float* y) {
  const int64_t in_c = g.in_c, out_c = g.out_c;
  for (int64_t row = begin; row < end; ++row) {
    const int64_t b = row / g.out_h;
    const int64_t yr = row % g.out_h;
    float* y_row = y + row * g.out_w * out_c;
    std::fill(y_row, y_row + g.out_w * out_c, 0.0f);
    for (int64_t kh = 0; kh < g.k_h; ++kh) {
      const int64_t xr = yr * g.stride_h - g.pad_top + kh * g.dil_h;
      if (xr < 0 || xr >= g.in_h) continue;
      const float* x_row = x + (b * g.in_h + xr) * g.in_w * in_c;
      const float* w_kh = w + kh * g.k_w * out_c;
      for (int64_t yc = 0; yc < g.out_w; ++yc) {
        float* __restrict yp = y_row + yc * out_c;
        const int64_t xc0 = yc * g.stride_w - g.pad_left;
        for (int64_t kw = 0; kw < g.k_w; ++kw) {
          const int64_t xc = xc0 + kw * g.dil_w;
          if (xc < 0 || xc >= g.in_w) continue;
          const float* __restrict xp = x_row + xc * in_c;
          const float* __restrict wp = w_kh + kw * out_c;
          if (mult == 1) {
            for (int64_t c = 0; c < in_c; ++c) yp[c] += xp[c] * wp[c];
          } else {
            for (int64_t c = 0; c < in_c; ++c) {
              const float xv = xp[c];
              for (int64_t q = 0; q < mult; ++q) yp[c * mult + q] += xv * wp[c * mult + q];
            }
          }
        }
      }
    }
  }
}

// dx rows [begin, end) of (b, xr): each dx element sums dy * w over the output pixels and taps
// that read it (and over the M outputs of its channel).
BENCHTOP_SIMD_CLONES
void input_grad_rows(const ConvGeometry& g, int64_t mult, const float* dy, const float* w, int64_t begin, int64_t end,
                     float* dx) {
  const int64_t in_c = g.in_c, out_c = g.out_c;
  for (int64_t item = begin; item < end; ++item) {
    const int64_t b = item / g.in_h;
    const int64_t xr = item % g.in_h;
    float* dx_row = dx + item * g.in_w * in_c;
    std::fill(dx_row, dx_row + g.in_w * in_c, 0.0f);
    for (int64_t kh = 0; kh < g.k_h; ++kh) {
      const int64_t t = xr + g.pad_top - kh * g.dil_h;
      if (t < 0 || t % g.stride_h != 0) continue;
      const int64_t yr = t / g.stride_h;
      if (yr >= g.out_h) continue;
      const float* dy_row = dy + (b * g.out_h + yr) * g.out_w * out_c;
      const float* w_kh = w + kh * g.k_w * out_c;
      for (int64_t xc = 0; xc < g.in_w; ++xc) {
        float* __restrict dxp = dx_row + xc * in_c;
        for (int64_t kw = 0; kw < g.k_w; ++kw) {
          const int64_t u = xc + g.pad_left - kw * g.dil_w;
          if (u < 0 || u % g.stride_w != 0) continue;
          const int64_t yc = u / g.stride_w;
          if (yc >= g.out_w) continue;
          const float* __restrict dyp = dy_row + yc * out_c;
          const float* __restrict wp = w_kh + kw * out_c;
          if (mult == 1) {
            for (int64_t c = 0; c < in_c; ++c) dxp[c] += dyp[c] * wp[c];
          } else {
            for (int64_t c = 0; c < in_c; ++c) {
              float s = 0.0f;
              for (int64_t q = 0; q < mult; ++q) s += dyp[c * mult + q] * wp[c * mult + q];
              dxp[c] += s;
            }
          }
        }
      }
    }
  }
}

// One output row (b, yr) of the filter gradient: acc [k_h*k_w*out_c] = sum over yc of x * dy per
// tap (float, out_w terms), then added into the thread's double partial.
BENCHTOP_SIMD_CLONES
void filter_grad_row(const ConvGeometry& g, int64_t mult, const float* x, const float* dy, int64_t row, float* acc,
                     double* partial) {
  const int64_t in_c = g.in_c, out_c = g.out_c;
  const int64_t taps = g.k_h * g.k_w;
  std::fill(acc, acc + taps * out_c, 0.0f);
  const int64_t b = row / g.out_h;
  const int64_t yr = row % g.out_h;
  const float* dy_row = dy + row * g.out_w * out_c;
  for (int64_t kh = 0; kh < g.k_h; ++kh) {
    const int64_t xr = yr * g.stride_h - g.pad_top + kh * g.dil_h;
    if (xr < 0 || xr >= g.in_h) continue;
    const float* x_row = x + (b * g.in_h + xr) * g.in_w * in_c;
    for (int64_t yc = 0; yc < g.out_w; ++yc) {
      const float* __restrict dyp = dy_row + yc * out_c;
      const int64_t xc0 = yc * g.stride_w - g.pad_left;
      for (int64_t kw = 0; kw < g.k_w; ++kw) {
        const int64_t xc = xc0 + kw * g.dil_w;
        if (xc < 0 || xc >= g.in_w) continue;
        const float* __restrict xp = x_row + xc * in_c;
        float* __restrict ap = acc + (kh * g.k_w + kw) * out_c;
        if (mult == 1) {
          for (int64_t c = 0; c < in_c; ++c) ap[c] += xp[c] * dyp[c];
        } else {
          for (int64_t c = 0; c < in_c; ++c) {
            const float xv = xp[c];
            for (int64_t q = 0; q < mult; ++q) ap[c * mult + q] += xv * dyp[c * mult + q];
          }
        }
      }
    }
  }
  const int64_t n = taps * out_c;
  for (int64_t i = 0; i < n; ++i) partial[i] += static_cast<double>(acc[i]);
}

int64_t multiplier(const ConvGeometry& g) { return g.in_c == 0 ? 0 : g.out_c / g.in_c; }

// Rows of at least ~32k multiply-adds per range, so small layers stay on one thread.
int64_t row_grain(int64_t row_work) { return std::max<int64_t>(1, (int64_t{1} << 15) / std::max<int64_t>(1, row_work)); }

}  // namespace

void depthwise_conv2d_forward(const ConvGeometry& g, const float* x, const float* w, const float* bias,
                              int64_t bias_len, Activation act, double leaky_alpha, float* y) {
  if (g.batch == 0 || g.out_h == 0 || g.out_w == 0 || g.out_c == 0) return;
  const int64_t rows = g.batch * g.out_h;
  const int64_t mult = multiplier(g);
  const int64_t row_work = checked_product({g.out_w, g.out_c, g.k_h, g.k_w});
  pool().parallel_for(rows, row_grain(row_work), [&](int64_t begin, int64_t end) {
    forward_rows(g, mult, x, w, begin, end, y);
    apply_epilogue(y + begin * g.out_w * g.out_c, (end - begin) * g.out_w, g.out_c, bias, bias_len, act, leaky_alpha);
  });
}

void depthwise_conv2d_backprop_input(const ConvGeometry& g, const float* dy, const float* w, float* dx) {
  const int64_t dx_size = checked_product({g.batch, g.in_h, g.in_w, g.in_c});
  if (dx_size == 0) return;
  if (g.out_h == 0 || g.out_w == 0 || g.out_c == 0) {
    std::fill(dx, dx + dx_size, 0.0f);
    return;
  }
  const int64_t mult = multiplier(g);
  const int64_t items = g.batch * g.in_h;
  const int64_t row_work = checked_product({g.in_w, g.out_c, g.k_h, g.k_w});
  pool().parallel_for(items, row_grain(row_work),
                      [&](int64_t begin, int64_t end) { input_grad_rows(g, mult, dy, w, begin, end, dx); });
}

void depthwise_conv2d_backprop_filter(const ConvGeometry& g, const float* x, const float* dy, float* dw) {
  const int64_t taps = checked_product({g.k_h, g.k_w});
  const int64_t dw_size = checked_product({taps, g.out_c});
  if (dw_size == 0) return;
  const int64_t rows = g.batch * g.out_h;
  if (rows == 0 || g.out_w == 0) {
    std::fill(dw, dw + dw_size, 0.0f);
    return;
  }
  const int64_t mult = multiplier(g);
  const int64_t row_work = checked_product({g.out_w, g.out_c, taps});
  const int threads = pool().available();
  const int64_t useful = std::max<int64_t>(1, rows * row_work / (int64_t{1} << 15));
  const int tasks = static_cast<int>(std::max<int64_t>(1, std::min<int64_t>({threads, rows, useful})));
  const int64_t band = (rows + tasks - 1) / tasks;
  const int used = static_cast<int>((rows + band - 1) / band);
  // One double partial and one float row accumulator per task.
  std::vector<double> partials(static_cast<size_t>(checked_product({used, dw_size})), 0.0);
  std::unique_ptr<float[]> rows_acc(new float[static_cast<size_t>(checked_product({used, dw_size}))]);
  pool().run(used, [&](int t) {
    double* partial = partials.data() + t * dw_size;
    float* acc = rows_acc.get() + t * dw_size;
    const int64_t end = std::min(rows, (t + 1) * band);
    for (int64_t row = t * band; row < end; ++row) filter_grad_row(g, mult, x, dy, row, acc, partial);
  });
  for (int64_t i = 0; i < dw_size; ++i) {
    double s = 0.0;
    for (int t = 0; t < used; ++t) s += partials[static_cast<size_t>(t * dw_size + i)];
    dw[i] = static_cast<float>(s);
  }
}

}  // namespace benchtop
