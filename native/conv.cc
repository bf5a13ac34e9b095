// Convolutions as im2col + GEMM. An output row is one (image, y) pair: out_w patches, one im2col
// row each. Forward and filter gradient give each pool thread a contiguous band of output rows; a
// thread builds the im2col matrix of its band in pieces of at most kColLimit floats and multiplies
// each piece at once (a single-threaded BLAS call with hundreds of rows), so the matrix is still
// in cache. A stride-1 input gradient is a forward convolution of dy with the flipped filter; any
// other multiplies dy by W^T over the pool, then gathers (col2im) by input rows, which one thread
// each owns. Where few output pixels meet a large filter, the batch's im2col matrix is built once
// and the product split over the filter's side (few_pixels). On CPUs with AVX-512F the routes below
// send 3x3 stride-1 layers to Winograd (conv_winograd.cc) and most others to the direct kernels
// (conv_direct.cc) first.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>

#include "checked.h"
#include "gemm.h"
#include "kernels.h"
#include "scratch.h"
#include "threadpool.h"

namespace benchtop {

namespace {

constexpr int64_t kColLimit = int64_t{1} << 18;  // floats in one im2col piece (1 MiB: fits a core's L2; 4 MiB ran ~5 % slower)

int64_t rows_per_chunk(const ConvGeometry& g) {
  int64_t row_floats = std::max<int64_t>(1, checked_product({g.out_w, g.k_h, g.k_w, g.in_c}));
  return std::max<int64_t>(1, kColLimit / row_floats);
}

// A 1x1 convolution with stride 1 and no padding: the im2col matrix is x itself.
bool is_pointwise(const ConvGeometry& g) {
  return g.k_h == 1 && g.k_w == 1 && g.stride_h == 1 && g.stride_w == 1 && g.pad_top == 0 && g.pad_left == 0 &&
         g.out_h == g.in_h && g.out_w == g.in_w;
}

std::unique_ptr<float[]> scratch(int64_t floats) {
  return std::unique_ptr<float[]>(new float[static_cast<size_t>(std::max<int64_t>(1, floats))]);
}

inline float activate(float v, Activation act, double leaky_alpha) {
  switch (act) {
    case Activation::kLinear: return v;
    case Activation::kRelu: return v < 0.0f ? 0.0f : v;  // NaN stays NaN, like Math.max(0, NaN)
    case Activation::kRelu6: return v < 0.0f ? 0.0f : (v > 6.0f ? 6.0f : v);
    case Activation::kSigmoid: return static_cast<float>(1.0 / (1.0 + std::exp(-static_cast<double>(v))));
    case Activation::kElu: return v >= 0.0f ? v : static_cast<float>(std::exp(static_cast<double>(v)) - 1.0);
    case Activation::kLeakyRelu: return v < 0.0f ? static_cast<float>(leaky_alpha * v) : v;
  }
  return v;
}

}  // namespace

void apply_epilogue(float* y, int64_t rows, int64_t cols, const float* bias, int64_t bias_len, Activation act,
                    double leaky_alpha) {
  if (rows <= 0 || cols <= 0 || (bias_len == 0 && act == Activation::kLinear)) return;
  int64_t grain = std::max<int64_t>(1, (int64_t{1} << 14) / cols);
  pool().parallel_for(rows, grain, [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      float* row = y + r * cols;
      if (bias_len == cols) {
        for (int64_t c = 0; c < cols; ++c) row[c] += bias[c];
      } else if (bias_len == 1) {
        for (int64_t c = 0; c < cols; ++c) row[c] += bias[0];
      }
      if (act != Activation::kLinear)
        for (int64_t c = 0; c < cols; ++c) row[c] = activate(row[c], act, leaky_alpha);
    }
  });
}

// Serial: rows [row_begin, row_end) into col, one row of patch floats per output pixel.
void im2col(const ConvGeometry& g, const float* x, int64_t row_begin, int64_t row_end, float* col) {
  const int64_t patch = g.patch();
  const int64_t in_c = g.in_c;
  const size_t pixel_bytes = static_cast<size_t>(in_c) * sizeof(float);
  if (patch == 0) return;
  for (int64_t row = row_begin; row < row_end; ++row) {
    const int64_t b = row / g.out_h;
    const int64_t yr = row % g.out_h;
    const float* xb = x + b * g.in_h * g.in_w * in_c;
    float* dst = col + (row - row_begin) * g.out_w * patch;
    for (int64_t yc = 0; yc < g.out_w; ++yc) {
      const int64_t xc0 = yc * g.stride_w - g.pad_left;
      const bool row_inside = g.dil_w == 1 && xc0 >= 0 && xc0 + g.k_w <= g.in_w;
      for (int64_t kh = 0; kh < g.k_h; ++kh) {
        const int64_t xr = yr * g.stride_h - g.pad_top + kh * g.dil_h;
        if (xr < 0 || xr >= g.in_h) {
          std::memset(dst, 0, pixel_bytes * g.k_w);
          dst += g.k_w * in_c;
          continue;
        }
        const float* xrow = xb + xr * g.in_w * in_c;
        if (row_inside) {  // the k_w pixels are contiguous in x
          std::memcpy(dst, xrow + xc0 * in_c, pixel_bytes * g.k_w);
          dst += g.k_w * in_c;
          continue;
        }
        for (int64_t kw = 0; kw < g.k_w; ++kw) {
          const int64_t xc = xc0 + kw * g.dil_w;
          if (xc < 0 || xc >= g.in_w) std::memset(dst, 0, pixel_bytes);
          else std::memcpy(dst, xrow + xc * in_c, pixel_bytes);
          dst += in_c;
        }
      }
    }
  }
}

void col2im_add(const ConvGeometry& g, const float* col, int64_t row_begin, int64_t row_end, float* dx) {
  if (row_end <= row_begin || g.in_h == 0 || g.in_w == 0 || g.in_c == 0) return;
  const int64_t patch = g.patch();
  const int64_t in_c = g.in_c;
  const int64_t b_first = row_begin / g.out_h;
  const int64_t b_last = (row_end - 1) / g.out_h;
  // Gather form: each dx row (b, xr) sums the patches that cover it; one thread owns each dx row,
  // so there are no write conflicts.
  const int64_t items = (b_last - b_first + 1) * g.in_h;
  pool().parallel_for(items, 1, [&](int64_t begin, int64_t end) {
    for (int64_t item = begin; item < end; ++item) {
      const int64_t b = b_first + item / g.in_h;
      const int64_t xr = item % g.in_h;
      float* dx_row = dx + (b * g.in_h + xr) * g.in_w * in_c;
      for (int64_t kh = 0; kh < g.k_h; ++kh) {
        const int64_t t = xr + g.pad_top - kh * g.dil_h;
        if (t < 0 || t % g.stride_h != 0) continue;
        const int64_t yr = t / g.stride_h;
        if (yr >= g.out_h) continue;
        const int64_t row = b * g.out_h + yr;
        if (row < row_begin || row >= row_end) continue;
        const float* src_row = col + (row - row_begin) * g.out_w * patch + kh * g.k_w * in_c;
        for (int64_t xc = 0; xc < g.in_w; ++xc) {
          float* d = dx_row + xc * in_c;
          for (int64_t kw = 0; kw < g.k_w; ++kw) {
            const int64_t u = xc + g.pad_left - kw * g.dil_w;
            if (u < 0 || u % g.stride_w != 0) continue;
            const int64_t yc = u / g.stride_w;
            if (yc >= g.out_w) continue;
            const float* s = src_row + yc * patch + kw * in_c;
            for (int64_t c = 0; c < in_c; ++c) d[c] += s[c];
          }
        }
      }
    }
  });
}

namespace {

// Output rows [0, rows) in one contiguous band per pool thread: fn(task, begin, end).
struct Bands {
  int tasks;
  int64_t band;
};

Bands split_rows(int64_t rows, int64_t row_work) {
  const int threads = pool().available();
  // Below ~64k multiply-adds a band is not worth a thread.
  const int64_t useful = std::max<int64_t>(1, rows * row_work / (int64_t{1} << 16));
  const int tasks = static_cast<int>(std::max<int64_t>(1, std::min<int64_t>({threads, rows, useful})));
  const int64_t band = (rows + tasks - 1) / tasks;
  return {static_cast<int>((rows + band - 1) / band), band};
}

// The whole batch's im2col matrix, [rows * out_w, patch], built by bands of rows over the pool into
// the calling thread's slot-1 scratch (the caller holds a TemporaryGuard).
float* im2col_batch(const ConvGeometry& g, const float* x, int64_t rows, int64_t patch) {
  float* col = thread_scratch().get(1, checked_product({rows, g.out_w, patch}));
  const Bands bands = split_rows(rows, g.out_w * patch);
  pool().run(bands.tasks, [&](int t) {
    const int64_t begin = t * bands.band;
    const int64_t end = std::min(rows, begin + bands.band);
    if (begin < end) im2col(g, x, begin, end, col + begin * g.out_w * patch);
  });
  return col;
}

// Few output pixels against a large filter: the last stages of a ResNet (a 2x2 or 4x4 image, 256 to
// 512 channels, a filter of up to 9 MB). Bands of output rows would have every thread pack the whole
// filter (forward) or fill and add a filter-sized partial gradient (filter gradient) for a few dozen
// rows of work; instead the batch's im2col matrix (small then) is built once and the product is split
// over the pool by the side that is large (sgemm picks it).
constexpr int64_t kBatchColLimit = int64_t{1} << 22;  // floats in that whole-batch matrix (16 MiB)

bool few_pixels(int64_t pixels, int64_t patch, int64_t other) {
  return pool().available() > 1 && pixels < other && pixels * patch <= kBatchColLimit;
}

}  // namespace

ConvRoute conv2d_forward_route(const ConvGeometry& g) {
  if (g.batch == 0 || g.out_h == 0 || g.out_w == 0 || g.out_c == 0) return ConvRoute::kEmpty;
  if (is_pointwise(g)) return ConvRoute::kPointwise;
  if (winograd_applies(g)) return ConvRoute::kWinograd;
  if (few_pixels(g.batch * g.out_h * g.out_w, checked_product({g.k_h, g.k_w, g.in_c}), g.out_c)) return ConvRoute::kFewPixels;
  if (direct_conv_applies(g)) return ConvRoute::kDirect;
  return ConvRoute::kIm2col;
}

ConvRoute conv2d_filter_route(const ConvGeometry& g) {
  if (g.out_c == 0 || g.k_h == 0 || g.k_w == 0 || g.in_c == 0) return ConvRoute::kEmpty;  // dw is empty
  if (is_pointwise(g)) return ConvRoute::kPointwise;
  if (g.batch * g.out_h == 0 || g.out_w == 0) return ConvRoute::kEmpty;  // dw is zero
  const int64_t patch = checked_product({g.k_h, g.k_w, g.in_c});
  if (winograd_applies(g)) return ConvRoute::kWinograd;
  if (few_pixels(g.batch * g.out_h * g.out_w, patch, patch)) return ConvRoute::kFewPixels;
  if (direct_filter_gradient_applies(g)) return ConvRoute::kDirect;
  return ConvRoute::kIm2col;
}

const char* conv_route_name(ConvRoute route) {
  switch (route) {
    case ConvRoute::kEmpty: return "empty";
    case ConvRoute::kPointwise: return "pointwise";
    case ConvRoute::kFewPixels: return "few-pixels";
    case ConvRoute::kWinograd: return "winograd";
    case ConvRoute::kDirect: return "direct";
    case ConvRoute::kIm2col: return "im2col";
  }
  return "im2col";
}

void conv2d_forward(const ConvGeometry& g, const float* x, const float* w, const float* bias, int64_t bias_len,
                    Activation act, double leaky_alpha, float* y) {
  const ConvRoute route = conv2d_forward_route(g);
  // Empty output: nothing to compute (and the patch width below may be any size).
  if (route == ConvRoute::kEmpty) return;
  const int64_t rows = g.batch * g.out_h;
  const int64_t patch = checked_product({g.k_h, g.k_w, g.in_c});
  if (route == ConvRoute::kPointwise) {
    sgemm(false, false, rows * g.out_w, g.out_c, patch, 1.0f, x, patch, w, g.out_c, 0.0f, y, g.out_c);
    apply_epilogue(y, rows * g.out_w, g.out_c, bias, bias_len, act, leaky_alpha);
    return;
  }
  if (route == ConvRoute::kFewPixels) {
    TemporaryGuard guard;
    const float* col = im2col_batch(g, x, rows, patch);
    sgemm(false, false, rows * g.out_w, g.out_c, patch, 1.0f, col, patch, w, g.out_c, 0.0f, y, g.out_c);
    apply_epilogue(y, rows * g.out_w, g.out_c, bias, bias_len, act, leaky_alpha);
    return;
  }
  if (route == ConvRoute::kWinograd) {
    conv2d_forward_winograd(g, x, w, WinogradFilter::kForward, y);
    apply_epilogue(y, rows * g.out_w, g.out_c, bias, bias_len, act, leaky_alpha);
    return;
  }
  if (route == ConvRoute::kDirect) {
    conv2d_forward_direct(g, x, w, y);
    apply_epilogue(y, rows * g.out_w, g.out_c, bias, bias_len, act, leaky_alpha);
    return;
  }
  const Bands bands = split_rows(rows, g.out_w * patch * g.out_c);
  const int64_t piece = std::min(bands.band, rows_per_chunk(g));
  pool().run(bands.tasks, [&](int t) {
    TemporaryGuard guard;
    float* my_col = thread_scratch().get(0, checked_product({piece, g.out_w, patch}));
    const int64_t end = std::min(rows, (t + 1) * bands.band);
    for (int64_t r0 = t * bands.band; r0 < end; r0 += piece) {
      const int64_t r1 = std::min(end, r0 + piece);
      const int64_t m = (r1 - r0) * g.out_w;
      float* y_piece = y + r0 * g.out_w * g.out_c;
      im2col(g, x, r0, r1, my_col);
      sgemm_serial(false, false, m, g.out_c, patch, 1.0f, my_col, std::max<int64_t>(1, patch), w, g.out_c, 0.0f,
                   y_piece, g.out_c);
      apply_epilogue(y_piece, m, g.out_c, bias, bias_len, act, leaky_alpha);
    }
  });
}

namespace {

// A stride-1, undilated convolution's input gradient is itself a stride-1 convolution: of dy, with
// the filter flipped in both spatial axes and its channel axes swapped, padded k-1-pad at the top
// and left (dx[i] = sum_k dy[i + pad - k] w[k]). It then runs as a forward pass does: Winograd's
// 3x3 kernel (which reads the flipped filter in place), or im2col piece by piece in cache instead of
// a large dcol product and a col2im gather over it (64-channel 3x3 layers at 31x31: 84-90 GFLOP/s
// that way, ~120 this way). The latter not where the image has few pixels for its channel count (a
// 2x2 or 4x4 stage): there the filter (up to 9 MB) costs more to flip than the product gains, and
// the dcol product splits well over the filter's side.
bool stride_one_window(const ConvGeometry& g) {
  return g.stride_h == 1 && g.stride_w == 1 && g.dil_h == 1 && g.dil_w == 1 && g.pad_top >= 0 && g.pad_left >= 0 &&
         g.pad_top <= g.k_h - 1 && g.pad_left <= g.k_w - 1 && !is_pointwise(g);
}

bool input_gradient_as_forward(const ConvGeometry& g) {
  return stride_one_window(g) && g.batch * g.in_h * g.in_w >= 2 * std::max(g.in_c, g.out_c);
}

// The forward convolution whose output is g's input gradient (its input is dy).
ConvGeometry input_gradient_geometry(const ConvGeometry& g);

// Winograd reads the flipped filter through a transposition, ~1.7x the time of the forward pass's
// filter transform: with few pixels and a large filter (16 4x4 images, 512 x 512 channels) that
// took as long as the dcol product it saves; a 256 x 256 filter (4 MB) still gained 0.65x.
constexpr int64_t kWinogradFlipLimit = int64_t{1} << 16;  // in_c * out_c

bool winograd_input_gradient(const ConvGeometry& g) {
  return stride_one_window(g) && winograd_applies(input_gradient_geometry(g)) &&
         (input_gradient_as_forward(g) || g.in_c * g.out_c <= kWinogradFlipLimit);
}

ConvGeometry input_gradient_geometry(const ConvGeometry& g) {
  ConvGeometry t = g;
  t.in_h = g.out_h;
  t.in_w = g.out_w;
  t.in_c = g.out_c;
  t.out_h = g.in_h;
  t.out_w = g.in_w;
  t.out_c = g.in_c;
  t.pad_top = g.k_h - 1 - g.pad_top;
  t.pad_left = g.k_w - 1 - g.pad_left;
  return t;
}

void backprop_input_as_forward(const ConvGeometry& g, const float* dy, const float* w, float* dx) {
  // flipped[kh][kw][co][ci] = w[k_h-1-kh][k_w-1-kw][ci][co]
  auto flipped = scratch(checked_product({g.k_h, g.k_w, g.out_c, g.in_c}));
  pool().parallel_for(g.k_h * g.k_w, 1, [&](int64_t begin, int64_t end) {
    for (int64_t tap = begin; tap < end; ++tap) {
      const int64_t kh = tap / g.k_w, kw = tap % g.k_w;
      const float* src = w + ((g.k_h - 1 - kh) * g.k_w + (g.k_w - 1 - kw)) * g.in_c * g.out_c;
      float* dst = flipped.get() + tap * g.out_c * g.in_c;
      for (int64_t co = 0; co < g.out_c; ++co)
        for (int64_t ci = 0; ci < g.in_c; ++ci) dst[co * g.in_c + ci] = src[ci * g.out_c + co];
    }
  });
  conv2d_forward(input_gradient_geometry(g), dy, flipped.get(), nullptr, 0, Activation::kLinear, 0.0, dx);
}

}  // namespace

ConvRoute conv2d_input_route(const ConvGeometry& g) {
  if (g.batch == 0 || g.in_h == 0 || g.in_w == 0 || g.in_c == 0) return ConvRoute::kEmpty;  // dx is empty
  if (g.out_h == 0 || g.out_w == 0 || g.out_c == 0) return ConvRoute::kEmpty;               // dx is zero
  if (winograd_input_gradient(g)) return ConvRoute::kWinograd;
  if (input_gradient_as_forward(g)) return conv2d_forward_route(input_gradient_geometry(g));
  if (is_pointwise(g)) return ConvRoute::kPointwise;
  if (few_pixels(g.batch * g.out_h * g.out_w, checked_product({g.k_h, g.k_w, g.in_c}), g.in_c)) return ConvRoute::kFewPixels;
  return ConvRoute::kIm2col;
}

void conv2d_backprop_input(const ConvGeometry& g, const float* dy, const float* w, float* dx) {
  const int64_t dx_size = checked_product({g.batch, g.in_h, g.in_w, g.in_c});
  const ConvRoute route = conv2d_input_route(g);
  if (route == ConvRoute::kEmpty) {
    // No output element (or no output channel): dx is zero, whatever the filter's size. The patch
    // width below is then bounded by nothing (the filter has 0 elements for any k_h, k_w, in_c), so
    // return before computing it.
    std::fill(dx, dx + dx_size, 0.0f);
    return;
  }
  if (route == ConvRoute::kWinograd) {
    conv2d_forward_winograd(input_gradient_geometry(g), dy, w, WinogradFilter::kFlippedOfInputGradient, dx);
    return;
  }
  if (input_gradient_as_forward(g)) {
    backprop_input_as_forward(g, dy, w, dx);
    return;
  }
  const int64_t rows = g.batch * g.out_h;
  const int64_t patch = checked_product({g.k_h, g.k_w, g.in_c});
  if (route == ConvRoute::kPointwise) {
    // dx [pixels x in_c] = dy [pixels x out_c] x W^T, W being [in_c x out_c].
    sgemm(false, true, rows * g.out_w, g.in_c, g.out_c, 1.0f, dy, g.out_c, w, g.out_c, 0.0f, dx, g.in_c);
    return;
  }
  std::fill(dx, dx + dx_size, 0.0f);
  if (patch == 0) return;
  // Few pixels against a large filter: one product for the whole batch, so the filter is packed once.
  const int64_t chunk = route == ConvRoute::kFewPixels
                            ? rows
                            : std::min(rows, checked_product({rows_per_chunk(g), std::max(1, pool().available())}));
  TemporaryGuard guard;
  float* col = thread_scratch().get(1, checked_product({chunk, g.out_w, patch}));
  for (int64_t r0 = 0; r0 < rows; r0 += chunk) {
    const int64_t r1 = std::min(rows, r0 + chunk);
    const int64_t m = (r1 - r0) * g.out_w;
    // dcol [m x patch] = dy [m x out_c] x W^T, W being [patch x out_c].
    sgemm(false, true, m, patch, g.out_c, 1.0f, dy + r0 * g.out_w * g.out_c, g.out_c, w, g.out_c, 0.0f, col, patch);
    col2im_add(g, col, r0, r1, dx);
  }
}

void conv2d_backprop_filter(const ConvGeometry& g, const float* x, const float* dy, float* dw) {
  if (g.out_c == 0 || g.k_h == 0 || g.k_w == 0 || g.in_c == 0) return;  // dw is empty
  const ConvRoute route = conv2d_filter_route(g);
  const int64_t rows = g.batch * g.out_h;
  const int64_t patch = checked_product({g.k_h, g.k_w, g.in_c});
  const int64_t dw_size = checked_product({patch, g.out_c});
  if (route == ConvRoute::kPointwise) {
    // dW [in_c x out_c] = x^T [in_c x pixels] x dy [pixels x out_c].
    sgemm(true, false, patch, g.out_c, rows * g.out_w, 1.0f, x, patch, dy, g.out_c, 0.0f, dw, g.out_c);
    return;
  }
  if (route == ConvRoute::kEmpty) {  // no output pixels: dw is zero
    std::fill(dw, dw + dw_size, 0.0f);
    return;
  }
  if (route == ConvRoute::kWinograd) {
    conv2d_backprop_filter_winograd(g, x, dy, dw);
    return;
  }
  if (route == ConvRoute::kDirect) {
    conv2d_backprop_filter_direct(g, x, dy, dw);
    return;
  }
  if (route == ConvRoute::kFewPixels) {
    // dW [patch x out_c] = col^T [patch x pixels] x dy [pixels x out_c], split by rows of dW.
    TemporaryGuard guard;
    const float* col = im2col_batch(g, x, rows, patch);
    sgemm(true, false, patch, g.out_c, rows * g.out_w, 1.0f, col, patch, dy, g.out_c, 0.0f, dw, g.out_c);
    return;
  }
  std::fill(dw, dw + dw_size, 0.0f);
  // Each thread sums col^T x dy over its band into its own partial dW; then the partials are added.
  const Bands bands = split_rows(rows, g.out_w * patch * g.out_c);
  const int64_t piece = std::min(bands.band, rows_per_chunk(g));
  auto partial = scratch(checked_product({bands.tasks - 1, dw_size}));
  pool().run(bands.tasks, [&](int t) {
    TemporaryGuard guard;
    float* my_col = thread_scratch().get(0, checked_product({piece, g.out_w, patch}));
    float* my_dw = t == 0 ? dw : partial.get() + (t - 1) * dw_size;
    if (t > 0) std::fill(my_dw, my_dw + dw_size, 0.0f);
    const int64_t end = std::min(rows, (t + 1) * bands.band);
    for (int64_t r0 = t * bands.band; r0 < end; r0 += piece) {
      const int64_t r1 = std::min(end, r0 + piece);
      const int64_t m = (r1 - r0) * g.out_w;
      im2col(g, x, r0, r1, my_col);
      // dW [patch x out_c] += col^T [patch x m] x dy [m x out_c].
      sgemm_serial(true, false, patch, g.out_c, m, 1.0f, my_col, patch, dy + r0 * g.out_w * g.out_c, g.out_c, 1.0f,
                   my_dw, g.out_c);
    }
  });
  if (bands.tasks > 1) {
    pool().parallel_for(dw_size, 4096, [&](int64_t begin, int64_t end) {
      for (int t = 1; t < bands.tasks; ++t) {
        const float* p = partial.get() + (t - 1) * dw_size;
        for (int64_t i = begin; i < end; ++i) dw[i] += p[i];
      }
    });
  }
}

}  // namespace benchtop
