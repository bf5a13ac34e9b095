// Tile, Transpose and Concat: pure data movement over the pool, by output rows.
#include <algorithm>
#include <cstring>

#include "elementwise.h"
#include "threadpool.h"

namespace benchtop {

namespace {

constexpr int64_t kGrain = int64_t{1} << 15;  // output elements per task

}  // namespace

void tile(const float* x, const Shape& shape, const Shape& reps, float* out) {
  // Collapse: drop dims with size and reps 1; merge a dim into the one before it when it is not
  // repeated (x viewed as [s0, s1] tiled by [r0, 1] is x viewed as [s0 * s1] tiled by [r0]).
  Shape s, r;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] == 0 || reps[d] == 0) return;  // empty output
    if (shape[d] == 1 && reps[d] == 1) continue;
    if (!s.empty() && reps[d] == 1) {
      s.back() *= shape[d];
    } else {
      s.push_back(shape[d]);
      r.push_back(reps[d]);
    }
  }
  if (s.empty()) {
    out[0] = x[0];
    return;
  }
  const size_t rank = s.size();
  const int64_t src_row = s[rank - 1], out_row = src_row * r[rank - 1];
  Shape out_dims(rank - 1), src_strides(rank - 1);
  int64_t rows = 1, stride = src_row;
  for (size_t d = rank - 1; d-- > 0;) {
    out_dims[d] = s[d] * r[d];
    src_strides[d] = stride;
    stride *= s[d];
    rows *= out_dims[d];
  }
  pool().parallel_for(rows, std::max<int64_t>(1, kGrain / out_row), [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; ++row) {
      int64_t src = 0, i = row;
      for (size_t d = rank - 1; d-- > 0;) {
        src += (i % out_dims[d] % s[d]) * src_strides[d];
        i /= out_dims[d];
      }
      float* o = out + row * out_row;
      for (int64_t k = 0; k < r[rank - 1]; ++k) std::memcpy(o + k * src_row, x + src, sizeof(float) * src_row);
    }
  });
}

void transpose(const float* x, const Shape& shape, const std::vector<int>& perm, float* out) {
  const size_t rank = shape.size();
  int64_t total = 1;
  for (int64_t s : shape) total *= s;
  if (total == 0) return;
  Shape in_strides(rank);
  int64_t stride = 1;
  for (size_t d = rank; d-- > 0;) {
    in_strides[d] = stride;
    stride *= shape[d];
  }
  // Output dims (size-1 dims dropped, runs of consecutive input dims merged) with input strides.
  Shape dims, strides;
  int prev = -2;
  for (size_t i = 0; i < rank; ++i) {
    const int p = perm[i];
    if (shape[p] == 1) continue;
    if (!dims.empty() && p == prev + 1) {
      dims.back() *= shape[p];
      strides.back() = in_strides[p];
    } else {
      dims.push_back(shape[p]);
      strides.push_back(in_strides[p]);
    }
    prev = p;
  }
  if (dims.empty()) {
    out[0] = x[0];
    return;
  }
  const size_t r = dims.size();
  const int64_t inner = dims[r - 1], inner_stride = strides[r - 1];
  const int64_t rows = total / inner;
  pool().parallel_for(rows, std::max<int64_t>(1, kGrain / inner), [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; ++row) {
      int64_t src = 0, i = row;
      for (size_t d = r - 1; d-- > 0;) {
        src += (i % dims[d]) * strides[d];
        i /= dims[d];
      }
      float* o = out + row * inner;
      const float* in = x + src;
      if (inner_stride == 1) {
        std::memcpy(o, in, sizeof(float) * inner);
      } else {
        for (int64_t k = 0; k < inner; ++k) o[k] = in[k * inner_stride];
      }
    }
  });
}

void concat(const std::vector<const float*>& inputs, const std::vector<int64_t>& inner, int64_t outer, float* out) {
  int64_t out_row = 0;
  for (int64_t n : inner) out_row += n;
  if (outer == 0 || out_row == 0) return;
  pool().parallel_for(outer, std::max<int64_t>(1, kGrain / out_row), [&](int64_t begin, int64_t end) {
    for (int64_t o = begin; o < end; ++o) {
      float* dst = out + o * out_row;
      for (size_t i = 0; i < inputs.size(); ++i) {
        std::memcpy(dst, inputs[i] + o * inner[i], static_cast<size_t>(inner[i]) * sizeof(float));
        dst += inner[i];
      }
    }
  });
}

}  // namespace benchtop
