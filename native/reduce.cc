// Reductions over any set of axes, without transposing. The shape is collapsed first (size-1 dims
// dropped, neighbouring dims of the same kind merged), then:
//  - last dim kept ("leading" reductions, [N, H, W, C] over [0, 1, 2] -> [NHW, C]): each task
//    owns a band of output columns and adds whole input rows into per-column accumulators, so the
//    loop over columns vectorizes and each output still adds its inputs in row-major order;
//  - last dim reduced ("trailing" reductions): each output runs over contiguous rows; a few outputs
//    over very long rows are split into fixed blocks whose partial results are combined in order.
// ArgMax/ArgMin collapse to [outer, R, inner] and keep the first extremum per (outer, inner).
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "elementwise.h"
#include "threadpool.h"

namespace benchtop {

namespace {

constexpr int64_t kGrain = int64_t{1} << 15;  // input elements per task
constexpr int64_t kBlock = int64_t{1} << 16;  // a block of a split row
constexpr int64_t kMinColumns = 16;           // a column band is at least one cache line of floats
constexpr int64_t kFewOutputs = 8;            // fewer outputs than this over long rows: split the rows
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// Accumulators: start from a row's first element, add one value, merge two partial results.
struct SumAcc {
  using T = double;
  T start(float) const { return 0.0; }
  T add(T acc, float v) const { return acc + static_cast<double>(v); }
  T merge(T acc, T part) const { return acc + part; }
  float finish(T acc) const { return static_cast<float>(acc); }
};
// tfjs's cpu Mean divides every element by the count (a float32 scalar) and sums the quotients.
struct MeanAcc {
  using T = double;
  float count;
  T start(float) const { return 0.0; }
  T add(T acc, float v) const { return acc + static_cast<double>(v / count); }
  T merge(T acc, T part) const { return acc + part; }
  float finish(T acc) const { return static_cast<float>(acc); }
};
// NaN wins; among equal values the first stays (so -0 before +0 stays -0), as tfjs's maxImpl.
struct MaxAcc {
  using T = float;
  T start(float first) const { return first; }
  T add(T acc, float v) const { return (v != v || v > acc) ? v : acc; }
  T merge(T acc, T part) const { return add(acc, part); }
  float finish(T acc) const { return acc; }
};
struct MinAcc {
  using T = float;
  T start(float first) const { return first; }
  T add(T acc, float v) const { return (v != v || v < acc) ? v : acc; }
  T merge(T acc, T part) const { return add(acc, part); }
  float finish(T acc) const { return acc; }
};
struct ProdAcc {
  using T = double;
  T start(float) const { return 1.0; }
  T add(T acc, float v) const { return acc * static_cast<double>(v); }
  T merge(T acc, T part) const { return acc * part; }
  float finish(T acc) const { return static_cast<float>(acc); }
};

// Dims of x with their element strides.
struct Dims {
  Shape size, stride;
  int64_t count() const {
    int64_t n = 1;
    for (int64_t s : size) n *= s;
    return n;
  }
  // Offset of the i-th index in row-major order over these dims.
  int64_t offset(int64_t i) const {
    int64_t off = 0;
    for (size_t d = size.size(); d-- > 0;) {
      off += (i % size[d]) * stride[d];
      i /= size[d];
    }
    return off;
  }
};

// Calls fn(offset) for every index of dims, in row-major order.
template <typename F>
void for_each_offset(const Dims& dims, F fn) {
  const int rank = static_cast<int>(dims.size.size());
  Shape idx(rank, 0);
  int64_t off = 0;
  for (;;) {
    fn(off);
    int d = rank - 1;
    for (; d >= 0; --d) {
      off += dims.stride[d];
      if (++idx[d] < dims.size[d]) break;
      off -= dims.size[d] * dims.stride[d];
      idx[d] = 0;
    }
    if (d < 0) return;
  }
}

struct Layout {
  Dims kept, reduced;  // reduced: the reduced dims, the last one excepted when last_reduced
  bool last_reduced = false;
  int64_t last = 1;  // size of the last collapsed dim (stride 1)
};

Layout collapse(const Shape& shape, const std::vector<bool>& reduced) {
  Shape dims;
  std::vector<bool> kinds;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] == 1) continue;
    if (!dims.empty() && kinds.back() == reduced[d]) {
      dims.back() *= shape[d];
    } else {
      dims.push_back(shape[d]);
      kinds.push_back(reduced[d]);
    }
  }
  if (dims.empty()) {  // a single element: one kept dim of 1
    dims.push_back(1);
    kinds.push_back(false);
  }
  Layout l;
  l.last_reduced = kinds.back();
  l.last = dims.back();
  int64_t stride = 1;
  Shape strides(dims.size());
  for (size_t d = dims.size(); d-- > 0;) {
    strides[d] = stride;
    stride *= dims[d];
  }
  for (size_t d = 0; d + 1 < dims.size(); ++d) {
    Dims& target = kinds[d] ? l.reduced : l.kept;
    target.size.push_back(dims[d]);
    target.stride.push_back(strides[d]);
  }
  return l;
}

// Last dim kept: out[g, k] over groups g (the other kept dims) and columns k.
template <typename Acc>
void reduce_columns(const Acc& acc, const float* x, const Layout& l, float* out) {
  using T = typename Acc::T;
  const int64_t cols = l.last, groups = l.kept.count(), rows = l.reduced.count();
  const int threads = pool().available();
  int64_t band = cols;
  if (groups < threads && rows * cols >= 2 * kGrain) {
    band = std::max(kMinColumns, (cols + threads - 1) / threads);
    band = (band + kMinColumns - 1) / kMinColumns * kMinColumns;
  }
  const int64_t bands = (cols + band - 1) / band;
  const int64_t grain = std::max<int64_t>(1, kGrain / std::max<int64_t>(1, rows * band));
  pool().parallel_for(groups * bands, grain, [&](int64_t begin, int64_t end) {
    std::vector<T> sums(static_cast<size_t>(std::min(band, cols)));
    for (int64_t item = begin; item < end; ++item) {
      const int64_t g = item / bands, c0 = (item % bands) * band, n = std::min(band, cols - c0);
      const float* base = x + l.kept.offset(g) + c0;
      T* __restrict s = sums.data();
      for (int64_t k = 0; k < n; ++k) s[k] = acc.start(base[k]);
      for_each_offset(l.reduced, [&](int64_t roff) {
        const float* __restrict row = base + roff;
        for (int64_t k = 0; k < n; ++k) s[k] = acc.add(s[k], row[k]);
      });
      float* o = out + g * cols + c0;
      for (int64_t k = 0; k < n; ++k) o[k] = acc.finish(s[k]);
    }
  });
}

// Last dim reduced: out[o] over the kept dims; each output runs over rows of l.last values.
template <typename Acc>
void reduce_rows(const Acc& acc, const float* x, const Layout& l, float* out) {
  using T = typename Acc::T;
  const int64_t outputs = l.kept.count(), len = l.last, total = outputs * l.reduced.count() * len;
  if (outputs < kFewOutputs && l.reduced.size.empty() && len >= 2 * kBlock) {
    // Few long rows: fixed blocks, merged in order; the split (and so the rounding) does not depend
    // on the number of threads.
    const int64_t blocks = (len + kBlock - 1) / kBlock;
    std::vector<T> parts(static_cast<size_t>(outputs * blocks));
    pool().parallel_for(outputs * blocks, 1, [&](int64_t begin, int64_t end) {
      for (int64_t item = begin; item < end; ++item) {
        const int64_t o = item / blocks, lo = (item % blocks) * kBlock, hi = std::min(len, lo + kBlock);
        const float* row = x + l.kept.offset(o);
        T a = acc.start(row[lo]);
        for (int64_t j = lo; j < hi; ++j) a = acc.add(a, row[j]);
        parts[static_cast<size_t>(item)] = a;
      }
    });
    for (int64_t o = 0; o < outputs; ++o) {
      T a = parts[static_cast<size_t>(o * blocks)];
      for (int64_t b = 1; b < blocks; ++b) a = acc.merge(a, parts[static_cast<size_t>(o * blocks + b)]);
      out[o] = acc.finish(a);
    }
    return;
  }
  const int64_t grain = std::max<int64_t>(1, kGrain / std::max<int64_t>(1, total / std::max<int64_t>(1, outputs)));
  pool().parallel_for(outputs, grain, [&](int64_t begin, int64_t end) {
    for (int64_t o = begin; o < end; ++o) {
      const float* base = x + l.kept.offset(o);
      T a = acc.start(base[0]);
      for_each_offset(l.reduced, [&](int64_t roff) {
        const float* row = base + roff;
        for (int64_t j = 0; j < len; ++j) a = acc.add(a, row[j]);
      });
      out[o] = acc.finish(a);
    }
  });
}

template <typename Acc>
void reduce_with(const Acc& acc, const float* x, const Shape& shape, const std::vector<bool>& reduced, float* out) {
  const Layout l = collapse(shape, reduced);
  if (l.last_reduced) {
    reduce_rows(acc, x, l, out);
  } else {
    reduce_columns(acc, x, l, out);
  }
}

}  // namespace

void reduce(ReduceOp op, const float* x, const Shape& shape, const std::vector<bool>& reduced, float* out) {
  int64_t in_size = 1, out_size = 1, count = 1;
  for (size_t d = 0; d < shape.size(); ++d) {
    in_size *= shape[d];
    (reduced[d] ? count : out_size) *= shape[d];
  }
  if (out_size == 0) return;
  if (in_size == 0) {  // every output reduces nothing
    const float empty = op == ReduceOp::kProd ? 1.0f : (op == ReduceOp::kMax || op == ReduceOp::kMin) ? kNaN : 0.0f;
    std::fill(out, out + out_size, empty);
    return;
  }
  switch (op) {
    case ReduceOp::kSum: return reduce_with(SumAcc{}, x, shape, reduced, out);
    case ReduceOp::kMean: return reduce_with(MeanAcc{static_cast<float>(count)}, x, shape, reduced, out);
    case ReduceOp::kMax: return reduce_with(MaxAcc{}, x, shape, reduced, out);
    case ReduceOp::kMin: return reduce_with(MinAcc{}, x, shape, reduced, out);
    case ReduceOp::kProd: return reduce_with(ProdAcc{}, x, shape, reduced, out);
  }
}

void arg_reduce(ArgOp op, const float* x, const Shape& shape, int64_t axis, int32_t* out) {
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d) outer *= shape[d];
  for (size_t d = axis + 1; d < shape.size(); ++d) inner *= shape[d];
  const int64_t len = shape[axis];
  if (outer * inner == 0) return;
  if (len == 0) {
    std::fill(out, out + outer * inner, 0);
    return;
  }
  const bool is_max = op == ArgOp::kArgMax;
  const int64_t grain = std::max<int64_t>(1, kGrain / len);
  pool().parallel_for(outer * inner, grain, [&](int64_t begin, int64_t end) {
    for (int64_t item = begin; item < end; ++item) {
      const int64_t o = item / inner, i = item % inner;
      const float* p = x + o * len * inner + i;
      float best = p[0];
      int32_t index = 0;
      for (int64_t r = 1; r < len; ++r) {
        const float v = p[r * inner];
        if (is_max ? v > best : v < best) {
          best = v;
          index = static_cast<int32_t>(r);
        }
      }
      out[item] = index;
    }
  });
}

}  // namespace benchtop
