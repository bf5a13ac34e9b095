// Recurrent layers over a whole sequence as single kernels: the forward pass of every step and the
// backward pass through time, each one call. Time-major float32: x [T, B, I], states [T, B, H].
// All pointers address buffers whose lengths binding_rnn.cc has checked.
#pragma once

#include <cstdint>

namespace benchtop {

// 0: h_t = tanh(x_t Wi + b + h_{t-1} Wh) (one gate). 1: torch.nn.GRU, gates r, z, n:
// r = s(x Wi_r + bi_r + h Wh_r + bh_r), z = s(x Wi_z + bi_z + h Wh_z + bh_z),
// n = tanh(x Wi_n + bi_n + r * (h Wh_n + bh_n)), h' = n + z * (h - n). h_{-1} = 0.
enum RnnCell : int { kRnnTanh = 0, kRnnGru = 1 };

struct RnnDims {
  int64_t steps, batch, input, hidden;
};

// Gates of a cell (1 or 3) and the floats of its saved cache per state value (0 or 4: r, z, n and
// h Wh_n + bh_n, for the backward pass).
int rnn_gates(RnnCell cell);
int rnn_cache_width(RnnCell cell);

// wi [G, I, H], wh [G, H, H], bi [G, H], bh [G, H] (null for tanh) -> h [T, B, H] and
// cache [T, B, cache_width * H].
void rnn_forward(RnnCell cell, const RnnDims& d, const float* x, const float* wi, const float* wh, const float* bi,
                 const float* bh, float* h, float* cache);

// Given dh [T, B, H] (the gradient of every state), the forward inputs and outputs: dx [T, B, I],
// dwi, dwh, dbi, dbh (null for tanh) in the shapes of their weights. Bias sums are in double.
void rnn_backward(RnnCell cell, const RnnDims& d, const float* x, const float* wi, const float* wh, const float* bh,
                  const float* h, const float* cache, const float* dh, float* dx, float* dwi, float* dwh, float* dbi,
                  float* dbh);

}  // namespace benchtop
