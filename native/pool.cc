// 2-D max and average pooling and their gradients (NHWC float32), each split over the pool by
// rows: the forward passes by output rows, the gradients by input rows (a gather: every thread owns
// whole rows of dx, so no two threads write the same element and the sums keep tfjs-cpu's order).
#include <algorithm>
#include <cstring>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

#include "layers.h"
#include "threadpool.h"

namespace benchtop {

namespace {

// Rows per range so that a range holds about 32k multiply-adds: small poolings stay on one thread.
int64_t grain_for(int64_t work_per_row) {
  return std::max<int64_t>(1, (int64_t{1} << 15) / std::max<int64_t>(1, work_per_row));
}

// The in-image part [begin, end) of the window starting at `corner` (may be negative) of size k.
struct Span {
  int64_t begin, end;
};
Span window(int64_t corner, int64_t k, int64_t size) {
  return {std::max<int64_t>(0, corner), std::min<int64_t>(size, corner + k)};
}

// Calls fn(dy_row, dy_col) for every output window that covers input pixel (r, c), in tfjs-cpu's
// order (its avgPoolGrad / maxPoolGrad loops: filter rows, then filter columns, ascending).
template <typename F>
void for_each_covering_window(const PoolGeometry& g, int64_t r, int64_t c, F fn) {
  const int64_t pad_top = g.k_h - 1 - g.pad_top, pad_left = g.k_w - 1 - g.pad_left;
  for (int64_t wr = 0; wr < g.k_h; ++wr) {
    const int64_t num_r = r - pad_top + wr;
    if (num_r < 0 || num_r % g.stride_h != 0) continue;
    const int64_t dy_r = num_r / g.stride_h;
    if (dy_r >= g.out_h) continue;
    for (int64_t wc = 0; wc < g.k_w; ++wc) {
      const int64_t num_c = c - pad_left + wc;
      if (num_c < 0 || num_c % g.stride_w != 0) continue;
      const int64_t dy_c = num_c / g.stride_w;
      if (dy_c >= g.out_w) continue;
      fn(dy_r, dy_c);
    }
  }
}

// v where mask is all ones, +0.0 where it is zero.
inline float masked(float v, int32_t mask) {
  int32_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  bits &= mask;
  float out;
  std::memcpy(&out, &bits, sizeof out);
  return out;
}

// For every output element, the in-image index (row * in_w + col) of its window's first strict
// maximum in row-major order, or -1 (empty or all-NaN window): tfjs-cpu's maxPoolPositions.
// Positions are int32 (an image of up to 2^31 pixels), the width of the floats they sit beside, so
// the loop vectorizes.
std::vector<int32_t> max_positions(const PoolGeometry& g, const float* x) {
  const int64_t C = g.channels;
  if (g.in_h * g.in_w > std::numeric_limits<int32_t>::max()) throw std::length_error("maxPoolGrad: the image has more than 2^31 pixels");
  std::vector<int32_t> positions(static_cast<size_t>(g.batch * g.out_h * g.out_w * C));
  pool().parallel_for(g.batch * g.out_h, grain_for(g.out_w * C * g.k_h * g.k_w), [&](int64_t begin, int64_t end) {
    std::vector<float> best(static_cast<size_t>(C));
    for (int64_t row = begin; row < end; ++row) {
      const int64_t b = row / g.out_h, yr = row % g.out_h;
      const Span rs = window(yr * g.stride_h - g.pad_top, g.k_h, g.in_h);
      for (int64_t yc = 0; yc < g.out_w; ++yc) {
        const Span cs = window(yc * g.stride_w - g.pad_left, g.k_w, g.in_w);
        int32_t* __restrict pos = positions.data() + (row * g.out_w + yc) * C;
        float* __restrict top = best.data();
        std::fill(top, top + C, -std::numeric_limits<float>::infinity());
        std::fill(pos, pos + C, -1);
        for (int64_t r = rs.begin; r < rs.end; ++r)
          for (int64_t c = cs.begin; c < cs.end; ++c) {
            const float* __restrict px = x + ((b * g.in_h + r) * g.in_w + c) * C;
            const int32_t here = static_cast<int32_t>(r * g.in_w + c);
            // Selects, not branches: which pixel wins is close to random, and a branch on it
            // mispredicted every other element.
            // (The position as a mask: GCC if-converts a float select but not this int one.)
            for (int64_t d = 0; d < C; ++d) {
              const float v = px[d], t = top[d];
              const int32_t mask = -static_cast<int32_t>(v > t);
              top[d] = v > t ? v : t;
              pos[d] = (here & mask) | (pos[d] & ~mask);
            }
          }
      }
    }
  });
  return positions;
}

}  // namespace

void max_pool(const PoolGeometry& g, const float* x, float* y) {
  const int64_t C = g.channels;
  pool().parallel_for(g.batch * g.out_h, grain_for(g.out_w * C * g.k_h * g.k_w), [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; ++row) {
      const int64_t b = row / g.out_h, yr = row % g.out_h;
      const Span rs = window(yr * g.stride_h - g.pad_top, g.k_h, g.in_h);
      for (int64_t yc = 0; yc < g.out_w; ++yc) {
        const Span cs = window(yc * g.stride_w - g.pad_left, g.k_w, g.in_w);
        float* out = y + (row * g.out_w + yc) * C;
        std::fill(out, out + C, -std::numeric_limits<float>::infinity());
        for (int64_t r = rs.begin; r < rs.end; ++r)
          for (int64_t c = cs.begin; c < cs.end; ++c) {
            const float* px = x + ((b * g.in_h + r) * g.in_w + c) * C;
            for (int64_t d = 0; d < C; ++d) out[d] = px[d] > out[d] ? px[d] : out[d];
          }
      }
    }
  });
}

void avg_pool(const PoolGeometry& g, const float* x, float* y) {
  const int64_t C = g.channels;
  pool().parallel_for(g.batch * g.out_h, grain_for(g.out_w * C * g.k_h * g.k_w), [&](int64_t begin, int64_t end) {
    std::vector<double> sum(static_cast<size_t>(C));
    for (int64_t row = begin; row < end; ++row) {
      const int64_t b = row / g.out_h, yr = row % g.out_h;
      const Span rs = window(yr * g.stride_h - g.pad_top, g.k_h, g.in_h);
      for (int64_t yc = 0; yc < g.out_w; ++yc) {
        const Span cs = window(yc * g.stride_w - g.pad_left, g.k_w, g.in_w);
        std::fill(sum.begin(), sum.end(), 0.0);
        int64_t count = 0;
        for (int64_t r = rs.begin; r < rs.end; ++r)
          for (int64_t c = cs.begin; c < cs.end; ++c, ++count) {
            const float* px = x + ((b * g.in_h + r) * g.in_w + c) * C;
            for (int64_t d = 0; d < C; ++d) sum[d] += px[d];
          }
        float* out = y + (row * g.out_w + yc) * C;
        // count 0 (a window wholly in the padding) gives 0 / 0 = NaN, as in tfjs-cpu.
        for (int64_t d = 0; d < C; ++d) out[d] = static_cast<float>(sum[d] / static_cast<double>(count));
      }
    }
  });
}

void max_pool_grad(const PoolGeometry& g, const float* x, const float* dy, float* dx) {
  const int64_t C = g.channels;
  const std::vector<int32_t> positions = max_positions(g, x);
  const int64_t covering = ((g.k_h + g.stride_h - 1) / g.stride_h) * ((g.k_w + g.stride_w - 1) / g.stride_w);
  pool().parallel_for(g.batch * g.in_h, grain_for(g.in_w * C * covering), [&](int64_t begin, int64_t end) {
    std::vector<double> sum(static_cast<size_t>(C));
    for (int64_t row = begin; row < end; ++row) {
      const int64_t b = row / g.in_h, r = row % g.in_h;
      for (int64_t c = 0; c < g.in_w; ++c) {
        std::fill(sum.begin(), sum.end(), 0.0);
        const int32_t here = static_cast<int32_t>(r * g.in_w + c);
        double* __restrict acc = sum.data();
        for_each_covering_window(g, r, c, [&](int64_t dy_r, int64_t dy_c) {
          const int64_t at = ((b * g.out_h + dy_r) * g.out_w + dy_c) * C;
          const int32_t* __restrict pos = positions.data() + at;
          const float* __restrict grad = dy + at;
          // A select, not a branch (see max_positions): dy's bits masked by the compare, then
          // widened, so that the loop vectorizes (GCC made `pos == here ? dy : 0.0` a branch and a
          // scalar loop). Adding +0.0 leaves the sum as it is: it starts at +0.0, so it is never -0.0.
          for (int64_t d = 0; d < C; ++d) {
            const int32_t mask = -static_cast<int32_t>(pos[d] == here);
            acc[d] += static_cast<double>(masked(grad[d], mask));
          }
        });
        float* out = dx + (row * g.in_w + c) * C;
        for (int64_t d = 0; d < C; ++d) out[d] = static_cast<float>(sum[d]);
      }
    }
  });
}

void avg_pool_grad(const PoolGeometry& g, const float* dy, float* dx) {
  const int64_t C = g.channels;
  const double multiplier = 1.0 / static_cast<double>(g.k_h * g.k_w);
  const int64_t covering = ((g.k_h + g.stride_h - 1) / g.stride_h) * ((g.k_w + g.stride_w - 1) / g.stride_w);
  pool().parallel_for(g.batch * g.in_h, grain_for(g.in_w * C * covering), [&](int64_t begin, int64_t end) {
    std::vector<double> sum(static_cast<size_t>(C));
    for (int64_t row = begin; row < end; ++row) {
      const int64_t b = row / g.in_h, r = row % g.in_h;
      for (int64_t c = 0; c < g.in_w; ++c) {
        std::fill(sum.begin(), sum.end(), 0.0);
        for_each_covering_window(g, r, c, [&](int64_t dy_r, int64_t dy_c) {
          const float* grad = dy + ((b * g.out_h + dy_r) * g.out_w + dy_c) * C;
          for (int64_t d = 0; d < C; ++d) sum[d] += grad[d];
        });
        float* out = dx + (row * g.in_w + c) * C;
        for (int64_t d = 0; d < C; ++d) out[d] = static_cast<float>(sum[d] * multiplier);
      }
    }
  });
}

}  // namespace benchtop
