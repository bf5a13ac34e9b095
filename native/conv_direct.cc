// Direct convolutions (any stride, dilation 1) with AVX-512 micro-kernels: no im2col matrix and no
// BLAS packing. The input is copied once into a zero-padded buffer [batch, (out_h - 1) * stride_h +
// k_h, (out_w - 1) * stride_w + k_w, in_c] (every window then lies inside it).
//
// Forward (and the input gradient, which conv.cc runs as a forward convolution of dy): the filter
// is copied into blocks of 64 output channels, [block][k_h][k_w][in_c][64], read front to back. A
// micro-kernel computes P <= 6 consecutive output pixels (in y's order, across rows and images)
// times 16 * NV <= 64 output channels in up to 24 zmm accumulators: for each filter tap and input
// channel it loads NV filter vectors and broadcasts P input values, P * NV FMAs. Input channels go
// in blocks of at most 256 (the block's filter slice stays in a core's L2).
//
// Filter gradient: the same tile turned around, 6 input channels x 64 output channels of one tap
// summed over a block of ~256 output pixels (rows of one image) whose x and dy stay in cache, dy
// loaded and x broadcast; each thread sums its rows into its own partial dW.
//
// Used where it pays (direct_conv_applies): dilation 1, output channels a multiple of 16, a CPU
// with AVX-512F, not the few-pixel case (conv.cc's whole-batch im2col serves that as well: same
// CPU time at 16 x 4x4x512 and 2x2x512), and a padded batch and packed filter of at most 64 MB each
// (beyond, im2col's 1 MiB pieces use less memory); the filter gradient also needs 6 input channels.
// CPU time per call against im2col + OpenBLAS, medians of 5-6 alternating runs on two Zen 4 cores
// (2026-12-03): ResNet-18's 64-256 channel stages 0.81-0.90x (forward, input gradient) and
// 0.83-0.97x (filter gradient); stride-2 3x3 0.92-0.99x; the 7x7 stride-2 stem's forward 0.82x.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <initializer_list>

#include "checked.h"
#include "env.h"
#include "kernels.h"
#include "scratch.h"
#include "threadpool.h"

#if defined(__x86_64__) && defined(__GNUC__)
#define BENCHTOP_HAVE_DIRECT 1
#include <immintrin.h>
#endif

namespace benchtop {

namespace {

constexpr int kLanes = 16;
constexpr int kBlock = 64;        // output channels per filter block (4 zmm)
constexpr int kMaxPixels = 6;     // output pixels per micro-kernel call (6 x 4 accumulators)
constexpr int64_t kChannelBlock = 256;  // input channels per pass over a filter block

#ifdef BENCHTOP_HAVE_DIRECT
// y[p][16j + lane] (+)= sum over taps (ky, kx) and input channels [c0, c1) of
// x[p][tap][c] * w[tap][c][16j + lane], for P output pixels (consecutive in y, y_pixel floats
// apart) and NV vectors. x[p] points at pixel p's window corner in the padded input (the pixels
// may lie in different rows or images); w at the filter block ([tap][in_c][64]).
template <int P, int NV>
__attribute__((target("avx512f"))) void micro_kernel(const float* const* x, int64_t x_row, int64_t in_c, int64_t c0,
                                                     int64_t c1, const float* w, int64_t k_h, int64_t k_w, float* y,
                                                     int64_t y_pixel, bool accumulate) {
  __m512 acc[P][NV];
  for (int p = 0; p < P; ++p)
    for (int j = 0; j < NV; ++j) acc[p][j] = accumulate ? _mm512_loadu_ps(y + p * y_pixel + kLanes * j) : _mm512_setzero_ps();
  for (int64_t ky = 0; ky < k_h; ++ky) {
    for (int64_t kx = 0; kx < k_w; ++kx) {
      const int64_t offset = ky * x_row + kx * in_c;
      const float* xt[P];
      for (int p = 0; p < P; ++p) xt[p] = x[p] + offset;
      const float* wt = w + (ky * k_w + kx) * in_c * kBlock;
      for (int64_t c = c0; c < c1; ++c) {
        __m512 wv[NV];
        for (int j = 0; j < NV; ++j) wv[j] = _mm512_loadu_ps(wt + c * kBlock + kLanes * j);
        for (int p = 0; p < P; ++p) {
          const __m512 b = _mm512_set1_ps(xt[p][c]);
          for (int j = 0; j < NV; ++j) acc[p][j] = _mm512_fmadd_ps(b, wv[j], acc[p][j]);
        }
      }
    }
  }
  for (int p = 0; p < P; ++p)
    for (int j = 0; j < NV; ++j) _mm512_storeu_ps(y + p * y_pixel + kLanes * j, acc[p][j]);
}

using MicroKernel = void (*)(const float* const*, int64_t, int64_t, int64_t, int64_t, const float*, int64_t, int64_t,
                             float*, int64_t, bool);

// Every instantiation, by [NV - 1][P - 1] (forward) or [NV - 1][CI - 1] (filter gradient).
template <int NV>
constexpr MicroKernel kernels_for[kMaxPixels] = {micro_kernel<1, NV>, micro_kernel<2, NV>, micro_kernel<3, NV>,
                                                 micro_kernel<4, NV>, micro_kernel<5, NV>, micro_kernel<6, NV>};
constexpr const MicroKernel* kForwardKernels[4] = {kernels_for<1>, kernels_for<2>, kernels_for<3>, kernels_for<4>};

MicroKernel pick(int64_t pixels, int64_t vectors) { return kForwardKernels[vectors - 1][pixels - 1]; }

// dw[c][16j + lane] += sum over the block's pixels of x[pixel + tap][c0 + c] * dy[pixel][16j + lane]
// for CI input channels and NV vectors of output channels. The pixels are `rows` output rows of
// one image, `width` pixels each; x points at the first pixel's tap in the padded input, and the
// next pixel's is x_pixel floats on (stride * in_c), the next row's x_row.
template <int CI, int NV>
__attribute__((target("avx512f"))) void filter_micro_kernel(const float* x, int64_t x_row, int64_t x_pixel, const float* dy,
                                                            int64_t dy_row, int64_t out_c, int64_t rows, int64_t width,
                                                            float* dw) {
  __m512 acc[CI][NV];
  for (int c = 0; c < CI; ++c)
    for (int j = 0; j < NV; ++j) acc[c][j] = _mm512_loadu_ps(dw + c * out_c + kLanes * j);
  for (int64_t r = 0; r < rows; ++r) {
    const float* xr = x + r * x_row;
    const float* dr = dy + r * dy_row;
    for (int64_t p = 0; p < width; ++p) {
      __m512 d[NV];
      for (int j = 0; j < NV; ++j) d[j] = _mm512_loadu_ps(dr + p * out_c + kLanes * j);
      for (int c = 0; c < CI; ++c) {
        const __m512 b = _mm512_set1_ps(xr[p * x_pixel + c]);
        for (int j = 0; j < NV; ++j) acc[c][j] = _mm512_fmadd_ps(b, d[j], acc[c][j]);
      }
    }
  }
  for (int c = 0; c < CI; ++c)
    for (int j = 0; j < NV; ++j) _mm512_storeu_ps(dw + c * out_c + kLanes * j, acc[c][j]);
}

using FilterMicroKernel = void (*)(const float*, int64_t, int64_t, const float*, int64_t, int64_t, int64_t, int64_t,
                                   float*);

template <int NV>
constexpr FilterMicroKernel filter_kernels_for[kMaxPixels] = {
    filter_micro_kernel<1, NV>, filter_micro_kernel<2, NV>, filter_micro_kernel<3, NV>,
    filter_micro_kernel<4, NV>, filter_micro_kernel<5, NV>, filter_micro_kernel<6, NV>};
constexpr const FilterMicroKernel* kFilterKernels[4] = {filter_kernels_for<1>, filter_kernels_for<2>,
                                                        filter_kernels_for<3>, filter_kernels_for<4>};

FilterMicroKernel pick_filter(int64_t channels, int64_t vectors) { return kFilterKernels[vectors - 1][channels - 1]; }

bool cpu_has_avx512f() {
  static const bool has = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") != 0;
  }();
  return has;
}
#endif

// Slots of the calling thread's scratch (scratch.h) for the padded input and the packed filter (or
// the partial filter gradients).
constexpr int kPaddedSlot = 2;
constexpr int kPackedSlot = 3;

// BENCHTOP_CONV_DIRECT=0 turns the direct path off (to compare it with im2col + BLAS).
bool direct_enabled() {
  static const bool enabled = !env_switched_off("BENCHTOP_CONV_DIRECT");
  return enabled;
}

// Whether a product of sizes is at most Scratch::kRetainLimit floats (without overflowing).
bool fits_scratch(std::initializer_list<int64_t> factors) {
  int64_t result = 1;
  for (int64_t f : factors) {
    if (f < 0 || (f != 0 && result > Scratch::kRetainLimit / f)) return false;
    result *= f;
  }
  return result <= Scratch::kRetainLimit;
}

// The padded input's height and width: every window of every output pixel lies inside.
int64_t padded_height(const ConvGeometry& g) { return (g.out_h - 1) * g.stride_h + g.k_h; }
int64_t padded_width(const ConvGeometry& g) { return (g.out_w - 1) * g.stride_w + g.k_w; }

// x [batch, in_h, in_w, in_c] into `padded` [batch, hp, wp, in_c] (padded_height, padded_width):
// the image's rows and columns where they fall, zeros around them.
void pad_input(const ConvGeometry& g, const float* x, float* padded) {
  const int64_t hp = padded_height(g), wp = padded_width(g), in_c = g.in_c;
  const int64_t x_row = wp * in_c;
  pool().parallel_for(g.batch * hp, std::max<int64_t>(1, (int64_t{1} << 14) / std::max<int64_t>(1, x_row)),
                      [&](int64_t begin, int64_t end) {
    for (int64_t item = begin; item < end; ++item) {
      const int64_t b = item / hp, r = item % hp;
      float* dst = padded + item * x_row;
      const int64_t xr = r - g.pad_top;
      if (xr < 0 || xr >= g.in_h) {
        std::memset(dst, 0, sizeof(float) * x_row);
        continue;
      }
      const int64_t left = std::min(wp, g.pad_left);
      const int64_t inside = std::max<int64_t>(0, std::min(g.in_w, wp - left));
      std::memset(dst, 0, sizeof(float) * left * in_c);
      std::memcpy(dst + left * in_c, x + (b * g.in_h + xr) * g.in_w * in_c, sizeof(float) * inside * in_c);
      std::memset(dst + (left + inside) * in_c, 0, sizeof(float) * (wp - left - inside) * in_c);
    }
  });
}

}  // namespace

bool direct_conv_supported() {
#ifdef BENCHTOP_HAVE_DIRECT
  return cpu_has_avx512f() && direct_enabled();
#else
  return false;
#endif
}

bool direct_conv_applies(const ConvGeometry& g) {
  return direct_conv_supported() && g.stride_h >= 1 && g.stride_w >= 1 && g.dil_h == 1 && g.dil_w == 1 &&
         g.out_c % kLanes == 0 && g.in_c > 0 && g.k_h > 0 && g.k_w > 0 && g.pad_top >= 0 && g.pad_left >= 0 &&
         g.pad_top <= g.k_h - 1 && g.pad_left <= g.k_w - 1 && g.out_h > 0 && g.out_w > 0 && g.batch > 0 &&
         // the padded buffer holds every window (its first rows and columns are the padding)
         padded_height(g) >= g.pad_top && padded_width(g) >= g.pad_left &&
         // The padded copy of the whole batch and the packed filter stay within a retained scratch
         // buffer (64 MB): a larger input (a 512x512 image with 64 channels) would need a second
         // input-sized array for the call; im2col works in 1 MiB pieces.
         fits_scratch({g.batch, padded_height(g), padded_width(g), g.in_c}) &&
         fits_scratch({(g.out_c + kBlock - 1) / kBlock * kBlock, g.k_h, g.k_w, g.in_c});
}

void direct_gemm_rows(const float* const* rows, int64_t count, int64_t depth, const float* panel, int64_t vectors,
                      float* out, int64_t out_stride) {
#ifdef BENCHTOP_HAVE_DIRECT
  pick(count, vectors)(rows, 0, depth, 0, depth, panel, 1, 1, out, out_stride, false);
#else
  (void)rows, (void)count, (void)depth, (void)panel, (void)vectors, (void)out, (void)out_stride;
#endif
}

void direct_gemm_sum_rows(const float* a, int64_t a_stride, const float* b, int64_t n, int64_t count, int64_t vectors,
                          int64_t stride, float* out) {
#ifdef BENCHTOP_HAVE_DIRECT
  pick_filter(count, vectors)(a, 0, a_stride, b, 0, stride, 1, n, out);
#else
  (void)a, (void)a_stride, (void)b, (void)n, (void)count, (void)vectors, (void)stride, (void)out;
#endif
}

bool direct_filter_gradient_applies(const ConvGeometry& g) {
  // Below 6 input channels the tile is narrow and dy is reloaded for every filter tap: a 7x7 stem
  // on RGB images took 1.17x im2col + OpenBLAS's CPU time.
  return direct_conv_applies(g) && g.in_c >= kMaxPixels;
}

void conv2d_forward_direct(const ConvGeometry& g, const float* x, const float* w, float* y) {
#ifdef BENCHTOP_HAVE_DIRECT
  const int64_t hp = padded_height(g), wp = padded_width(g), in_c = g.in_c;
  const int64_t x_row = wp * in_c;
  const int64_t blocks = (g.out_c + kBlock - 1) / kBlock;
  TemporaryGuard guard;
  float* const padded = thread_scratch().get(kPaddedSlot, checked_product({g.batch, hp, wp, in_c}));
  pad_input(g, x, padded);
  // The filter in blocks of 64 output channels: [block][tap][in_c][64] (a short last block is
  // padded with zeros to 64 columns and only its own vectors are computed).
  const int64_t taps = g.k_h * g.k_w;
  float* const packed = thread_scratch().get(kPackedSlot, checked_product({blocks, taps, in_c, kBlock}));
  pool().parallel_for(blocks * taps, 1, [&](int64_t begin, int64_t end) {
    for (int64_t item = begin; item < end; ++item) {
      const int64_t block = item / taps, tap = item % taps;
      const int64_t width = std::min<int64_t>(kBlock, g.out_c - block * kBlock);
      float* dst = packed + item * in_c * kBlock;
      for (int64_t c = 0; c < in_c; ++c) {
        std::memcpy(dst + c * kBlock, w + (tap * in_c + c) * g.out_c + block * kBlock, sizeof(float) * width);
        std::memset(dst + c * kBlock + width, 0, sizeof(float) * (kBlock - width));
      }
    }
  });
  // Output pixels in flattened order (b, yr, xc), one contiguous range per thread, in tiles of 6
  // consecutive pixels wherever they lie (a tile may span rows and images: tiny images fill it too).
  const int64_t pixels = g.batch * g.out_h * g.out_w;
  const int64_t image = g.out_h * g.out_w;
  const int tasks = static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(pool().available(), pixels / kMaxPixels)));
  pool().run(tasks, [&](int t) {
    // Each thread starts at a multiple of 6 so that only the last range has a short tile.
    const int64_t tiles = (pixels + kMaxPixels - 1) / kMaxPixels;
    const int64_t q0 = std::min(pixels, tiles * t / tasks * kMaxPixels);
    const int64_t q1 = std::min(pixels, tiles * (t + 1) / tasks * kMaxPixels);
    for (int64_t block = 0; block < blocks; ++block) {
      const int64_t vectors = std::min<int64_t>(kBlock, g.out_c - block * kBlock) / kLanes;
      const float* wb = packed + block * taps * in_c * kBlock;
      for (int64_t c0 = 0; c0 < in_c; c0 += kChannelBlock) {
        const int64_t c1 = std::min(in_c, c0 + kChannelBlock);
        for (int64_t q = q0; q < q1; q += kMaxPixels) {
          const int64_t n = std::min<int64_t>(kMaxPixels, q1 - q);
          const float* corners[kMaxPixels];
          for (int64_t p = 0; p < n; ++p) {
            const int64_t b = (q + p) / image, yr = (q + p) % image / g.out_w, xc = (q + p) % g.out_w;
            corners[p] = padded + ((b * hp + yr * g.stride_h) * wp + xc * g.stride_w) * in_c;
          }
          pick(n, vectors)(corners, x_row, in_c, c0, c1, wb, g.k_h, g.k_w, y + q * g.out_c + block * kBlock, g.out_c, c0 > 0);
        }
      }
    }
  });
#else
  (void)g, (void)x, (void)w, (void)y;
#endif
}

void conv2d_backprop_filter_direct(const ConvGeometry& g, const float* x, const float* dy, float* dw) {
#ifdef BENCHTOP_HAVE_DIRECT
  const int64_t hp = padded_height(g), wp = padded_width(g), in_c = g.in_c, out_c = g.out_c;
  const int64_t x_row = wp * in_c;
  const int64_t taps = g.k_h * g.k_w;
  const int64_t dw_size = checked_product({taps, in_c, out_c});
  TemporaryGuard guard;
  float* const padded = thread_scratch().get(kPaddedSlot, checked_product({g.batch, hp, wp, in_c}));
  pad_input(g, x, padded);
  // Output rows (b, yr) in one band per thread, each summing into its own partial dW (the first
  // into dw itself), added at the end; a band goes in blocks of rows of one image, ~256 pixels,
  // whose x and dy stay in cache while every tap, channel block and filter block passes over them.
  const int64_t rows = g.batch * g.out_h;
  const int tasks = static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(pool().available(), rows)));
  float* const partials = thread_scratch().get(kPackedSlot, checked_product({tasks - 1, dw_size}));
  const int64_t block_rows = std::max<int64_t>(1, 256 / g.out_w);
  pool().run(tasks, [&](int t) {
    float* const mine = t == 0 ? dw : partials + (t - 1) * dw_size;
    std::memset(mine, 0, sizeof(float) * dw_size);
    const int64_t r0 = rows * t / tasks, r1 = rows * (t + 1) / tasks;
    for (int64_t row = r0; row < r1;) {
      const int64_t b = row / g.out_h, yr = row % g.out_h;
      const int64_t n = std::min({block_rows, r1 - row, g.out_h - yr});
      const float* dy_block = dy + row * g.out_w * out_c;
      for (int64_t tap = 0; tap < taps; ++tap) {
        const int64_t ky = tap / g.k_w, kx = tap % g.k_w;
        const float* x_block = padded + ((b * hp + yr * g.stride_h + ky) * wp + kx) * in_c;
        for (int64_t co = 0; co < out_c; co += kBlock) {
          const int64_t vectors = std::min<int64_t>(kBlock, out_c - co) / kLanes;
          for (int64_t c = 0; c < in_c; c += kMaxPixels) {
            const int64_t channels = std::min<int64_t>(kMaxPixels, in_c - c);
            pick_filter(channels, vectors)(x_block + c, x_row * g.stride_h, in_c * g.stride_w, dy_block + co,
                                           g.out_w * out_c, out_c, n, g.out_w,
                                           mine + (tap * in_c + c) * out_c + co);
          }
        }
      }
      row += n;
    }
  });
  if (tasks > 1) {
    pool().parallel_for(dw_size, 4096, [&](int64_t begin, int64_t end) {
      for (int t = 1; t < tasks; ++t) {
        const float* p = partials + (t - 1) * dw_size;
        for (int64_t i = begin; i < end; ++i) dw[i] += p[i];
      }
    });
  }
#else
  (void)g, (void)x, (void)dy, (void)dw;
#endif
}

}  // namespace benchtop
