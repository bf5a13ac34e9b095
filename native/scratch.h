// Scratch memory kept per thread between kernel calls, so that steady-state training does not fault
// in fresh pages for it on every call. A thread has a few slots, one per purpose (conv.cc: 0 a
// task's im2col piece, 1 the whole-batch im2col or the input gradient's dcol; conv_direct.cc: 2 the
// padded input, 3 the packed filter or the partial filter gradients; conv_winograd.cc: 0 and 1 a
// task's transformed tiles, or the whole batch's, 3 the transformed filter or its gradients).
// Buffers are 64-byte aligned (vector loads never straddle cache lines). A request above
// kRetainLimit floats gets a temporary buffer for its slot instead, freed when the caller's
// TemporaryGuard ends.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>

namespace benchtop {

class Scratch {
 public:
  static constexpr int kSlots = 4;
  static constexpr int64_t kRetainLimit = int64_t{16} << 20;  // floats (64 MB)

  float* get(int slot, int64_t floats) {
    floats = std::max<int64_t>(1, floats);
    Buffer& b = floats > kRetainLimit ? temporaries_[slot] : buffers_[slot];
    if (b.size < floats || floats > kRetainLimit) {
      b.data.reset();  // free first: the peak stays one buffer
      b.data.reset(new float[static_cast<size_t>(floats + kAlignFloats)]);
      b.size = floats;
    }
    return aligned(b.data.get());
  }

  void release_temporaries() {
    for (Buffer& b : temporaries_) b = Buffer{};
  }

 private:
  static constexpr int64_t kAlignFloats = 16;  // 64 bytes
  static float* aligned(float* p) {
    const auto address = reinterpret_cast<uintptr_t>(p);
    return reinterpret_cast<float*>((address + 63) & ~uintptr_t{63});
  }
  struct Buffer {
    std::unique_ptr<float[]> data;
    int64_t size = 0;
  };
  Buffer buffers_[kSlots];
  Buffer temporaries_[kSlots];
};

inline Scratch& thread_scratch() {
  thread_local Scratch scratch;
  return scratch;
}

// Frees the calling thread's temporary buffers when the scope ends (retained buffers stay).
struct TemporaryGuard {
  ~TemporaryGuard() { thread_scratch().release_temporaries(); }
};

}  // namespace benchtop
