// Bilinear resize (NHWC float32), TensorFlow.js's ResizeBilinear forward: every output element is
// computed in double, in the cpu kernel's order of operations, and rounded once to float32, so the
// result equals the cpu kernel's bit for bit. That needs no fused multiply-add contraction.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "elementwise.h"
#include "threadpool.h"

#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

namespace benchtop {

void resize_bilinear(const float* x, const ResizeGeometry& g, bool align_corners, bool half_pixel_centers, float* out) {
  const int64_t C = g.channels;
  if (g.batch == 0 || g.out_h == 0 || g.out_w == 0 || C == 0) return;
  const double in_h = (align_corners && g.out_h > 1) ? g.in_h - 1 : g.in_h;
  const double in_w = (align_corners && g.out_w > 1) ? g.in_w - 1 : g.in_w;
  const double out_h = (align_corners && g.out_h > 1) ? g.out_h - 1 : g.out_h;
  const double out_w = (align_corners && g.out_w > 1) ? g.out_w - 1 : g.out_w;
  const double row_ratio = in_h / out_h, col_ratio = in_w / out_w;
  const int64_t row_stride = g.in_w * C, image_stride = g.in_h * row_stride;
  pool().parallel_for(g.batch * g.out_h, std::max<int64_t>(1, (int64_t{1} << 14) / std::max<int64_t>(1, g.out_w * C)),
                      [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; ++row) {
      const int64_t b = row / g.out_h, r = row % g.out_h;
      const double src_row = half_pixel_centers ? row_ratio * (static_cast<double>(r) + 0.5) - 0.5 : row_ratio * static_cast<double>(r);
      const double row_floor = std::max(0.0, std::floor(src_row));
      const double row_frac = src_row - row_floor;
      const int64_t row_ceil = std::min<int64_t>(g.in_h - 1, static_cast<int64_t>(std::ceil(src_row)));
      const float* top_row = x + b * image_stride + static_cast<int64_t>(row_floor) * row_stride;
      const float* bottom_row = x + b * image_stride + row_ceil * row_stride;
      float* o = out + row * g.out_w * C;
      for (int64_t c = 0; c < g.out_w; ++c) {
        const double src_col = half_pixel_centers ? col_ratio * (static_cast<double>(c) + 0.5) - 0.5 : col_ratio * static_cast<double>(c);
        const double col_floor = std::max(0.0, std::floor(src_col));
        const double col_frac = src_col - col_floor;
        const int64_t col_ceil = std::min<int64_t>(g.in_w - 1, static_cast<int64_t>(std::ceil(src_col)));
        const float* tl = top_row + static_cast<int64_t>(col_floor) * C;
        const float* tr = top_row + col_ceil * C;
        const float* bl = bottom_row + static_cast<int64_t>(col_floor) * C;
        const float* br = bottom_row + col_ceil * C;
        for (int64_t d = 0; d < C; ++d) {
          const double top_left = tl[d], top_right = tr[d], bottom_left = bl[d], bottom_right = br[d];
          const double top = top_left + (top_right - top_left) * col_frac;
          const double bottom = bottom_left + (bottom_right - bottom_left) * col_frac;
          o[c * C + d] = static_cast<float>(top + (bottom - top) * row_frac);
        }
      }
    }
  });
}

}  // namespace benchtop
