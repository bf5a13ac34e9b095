// Overflow-checked size arithmetic for the kernels' scratch buffers. The bindings check every
// argument's length, but a kernel's own scratch size is a product of geometry values (patch width
// times rows, say) that no argument bounds: a wrapped product would allocate a tiny buffer and then
// overrun it. Each scratch size goes through checked_product, which throws std::length_error
// (turned into a JS Error at the binding boundary) instead of wrapping.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <stdexcept>

namespace benchtop {

// Above this many floats (2^40, 4 TiB) a request is refused as an overflow, not attempted.
constexpr int64_t kMaxScratchFloats = int64_t{1} << 40;

// a * b * ... for non-negative factors; throws std::length_error past kMaxScratchFloats.
inline int64_t checked_product(std::initializer_list<int64_t> factors) {
  int64_t result = 1;
  for (int64_t f : factors) {
    if (f < 0) throw std::length_error("negative size in a kernel's scratch computation");
    if (f != 0 && result > kMaxScratchFloats / f) throw std::length_error("a kernel's scratch size overflows");
    result *= f;
  }
  return result;
}

}  // namespace benchtop
