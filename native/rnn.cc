// Whole-sequence recurrent kernels (rnn.h). The input projections of all steps are one GEMM
// ([T*B, I] x [I, G*H]); each step is one GEMM of the previous state by the packed recurrent
// weights ([B, H] x [H, G*H]) and one element-wise pass; the backward pass runs the steps in
// reverse with one GEMM per step, and the weight gradients are three GEMMs over the whole sequence.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "checked.h"
#include "gemm.h"
#include "rnn.h"
#include "threadpool.h"

namespace benchtop {

int rnn_gates(RnnCell cell) { return cell == kRnnGru ? 3 : 1; }
int rnn_cache_width(RnnCell cell) { return cell == kRnnGru ? 4 : 0; }

namespace {

inline float sigmoid(float v) { return 1.0f / (1.0f + std::exp(-v)); }

// [G, rows, H] gate-major -> [rows, G*H] (a gate's columns side by side), and back.
std::vector<float> pack(const float* w, int gates, int64_t rows, int64_t hidden) {
  std::vector<float> out(static_cast<size_t>(checked_product({gates, rows, hidden})));
  for (int g = 0; g < gates; ++g)
    for (int64_t r = 0; r < rows; ++r)
      std::memcpy(out.data() + (r * gates + g) * hidden, w + (g * rows + r) * hidden, sizeof(float) * hidden);
  return out;
}

void unpack(const float* packed, int gates, int64_t rows, int64_t hidden, float* w) {
  for (int g = 0; g < gates; ++g)
    for (int64_t r = 0; r < rows; ++r)
      std::memcpy(w + (g * rows + r) * hidden, packed + (r * gates + g) * hidden, sizeof(float) * hidden);
}

// Rows of a [rows, cols] matrix in bands over the pool, small ones on the calling thread.
template <typename F>
void for_rows(int64_t rows, int64_t cols, F fn) {
  pool().parallel_for(rows, std::max<int64_t>(1, (int64_t{1} << 13) / std::max<int64_t>(cols, 1)),
                      [&](int64_t begin, int64_t end) {
                        for (int64_t r = begin; r < end; ++r) fn(r);
                      });
}

}  // namespace

void rnn_forward(RnnCell cell, const RnnDims& d, const float* x, const float* wi, const float* wh, const float* bi,
                 const float* bh, float* h, float* cache) {
  const int gates = rnn_gates(cell);
  const int64_t T = d.steps, B = d.batch, I = d.input, H = d.hidden, GH = gates * H;
  const int64_t rows = checked_product({T, B});
  if (rows == 0 || H == 0) return;
  const std::vector<float> wip = pack(wi, gates, I, H), whp = pack(wh, gates, H, H);
  // Every step's input projection plus the biases that do not sit inside r * (...).
  std::vector<float> xg(static_cast<size_t>(checked_product({rows, GH})));
  std::vector<float> bias(static_cast<size_t>(GH));
  for (int64_t c = 0; c < GH; ++c) bias[c] = bi[c] + (cell == kRnnGru && c < 2 * H ? bh[c] : 0.0f);
  if (I > 0) {
    sgemm(false, false, rows, GH, I, 1.0f, x, I, wip.data(), GH, 0.0f, xg.data(), GH);
  } else {
    std::fill(xg.begin(), xg.end(), 0.0f);
  }
  std::vector<float> hg(static_cast<size_t>(checked_product({B, GH})), 0.0f);
  for (int64_t t = 0; t < T; ++t) {
    const float* hp = t > 0 ? h + (t - 1) * B * H : nullptr;
    if (hp) sgemm(false, false, B, GH, H, 1.0f, hp, H, whp.data(), GH, 0.0f, hg.data(), GH);
    for_rows(B, GH, [&](int64_t b) {
      const float* xr = xg.data() + (t * B + b) * GH;
      const float* hr = hg.data() + b * GH;
      float* out = h + (t * B + b) * H;
      if (cell == kRnnTanh) {
        for (int64_t j = 0; j < H; ++j) out[j] = std::tanh((xr[j] + bias[j]) + (hp ? hr[j] : 0.0f));
        return;
      }
      float* c = cache + (t * B + b) * 4 * H;
      for (int64_t j = 0; j < H; ++j) {
        const float prev = hp ? hp[b * H + j] : 0.0f;
        const float r = sigmoid((xr[j] + bias[j]) + (hp ? hr[j] : 0.0f));
        const float z = sigmoid((xr[H + j] + bias[H + j]) + (hp ? hr[H + j] : 0.0f));
        const float hn = (hp ? hr[2 * H + j] : 0.0f) + bh[2 * H + j];
        const float n = std::tanh((xr[2 * H + j] + bias[2 * H + j]) + r * hn);
        out[j] = n + z * (prev - n);
        c[j] = r;
        c[H + j] = z;
        c[2 * H + j] = n;
        c[3 * H + j] = hn;
      }
    });
  }
}

void rnn_backward(RnnCell cell, const RnnDims& d, const float* x, const float* wi, const float* wh, const float* bh,
                  const float* h, const float* cache, const float* dh, float* dx, float* dwi, float* dwh, float* dbi,
                  float* dbh) {
  const int gates = rnn_gates(cell);
  const int64_t T = d.steps, B = d.batch, I = d.input, H = d.hidden, GH = gates * H;
  const int64_t rows = checked_product({T, B});
  (void)bh;
  const int64_t wi_size = checked_product({gates, I, H}), wh_size = checked_product({gates, H, H});
  if (rows == 0 || H == 0) {
    std::fill(dx, dx + checked_product({rows, I}), 0.0f);
    std::fill(dwi, dwi + wi_size, 0.0f);
    std::fill(dwh, dwh + wh_size, 0.0f);
    std::fill(dbi, dbi + GH, 0.0f);
    if (dbh) std::fill(dbh, dbh + GH, 0.0f);
    return;
  }
  const std::vector<float> wip = pack(wi, gates, I, H), whp = pack(wh, gates, H, H);
  // The gradients of the pre-activations: through the input projection (dxg) and through the
  // recurrent product (dhg; the same as dxg for tanh and for GRU's r and z, r * dn for n).
  std::vector<float> dxg(static_cast<size_t>(checked_product({rows, GH})));
  std::vector<float> dhg_gru(cell == kRnnGru ? dxg.size() : 0);
  float* dhg = cell == kRnnGru ? dhg_gru.data() : dxg.data();
  std::vector<float> next(static_cast<size_t>(checked_product({B, H})), 0.0f);
  for (int64_t t = T - 1; t >= 0; --t) {
    const float* hp = t > 0 ? h + (t - 1) * B * H : nullptr;
    const bool first = t == T - 1;
    for_rows(B, GH, [&](int64_t b) {
      const int64_t row = t * B + b;
      const float* dhr = dh + row * H;
      float* nr = next.data() + b * H;
      float* dxr = dxg.data() + row * GH;
      if (cell == kRnnTanh) {
        const float* hr = h + row * H;
        for (int64_t j = 0; j < H; ++j) {
          const float g = dhr[j] + (first ? 0.0f : nr[j]);
          dxr[j] = g * (1.0f - hr[j] * hr[j]);
        }
        return;
      }
      const float* c = cache + row * 4 * H;
      float* dhgr = dhg + row * GH;
      for (int64_t j = 0; j < H; ++j) {
        const float g = dhr[j] + (first ? 0.0f : nr[j]);
        const float r = c[j], z = c[H + j], n = c[2 * H + j], hn = c[3 * H + j];
        const float prev = hp ? hp[b * H + j] : 0.0f;
        const float dpn = g * (1.0f - z) * (1.0f - n * n);
        const float dpz = g * (prev - n) * z * (1.0f - z);
        const float dpr = dpn * hn * r * (1.0f - r);
        dxr[j] = dpr;
        dxr[H + j] = dpz;
        dxr[2 * H + j] = dpn;
        dhgr[j] = dpr;
        dhgr[H + j] = dpz;
        dhgr[2 * H + j] = dpn * r;
        nr[j] = g * z;  // through h' = n + z (h - n) directly
      }
    });
    // The gradient reaching h_{t-1} through the recurrent product.
    if (t > 0) {
      sgemm(false, true, B, H, GH, 1.0f, dhg + t * B * GH, GH, whp.data(), GH, cell == kRnnGru ? 1.0f : 0.0f,
            next.data(), H);
    }
  }
  // dWh = sum_t h_{t-1}^T dhg_t (h_{-1} = 0), dWi = x^T dxg, dx = dxg Wi^T.
  std::vector<float> packed(static_cast<size_t>(std::max(checked_product({H, GH}), checked_product({I, GH}))));
  if (T > 1) {
    sgemm(true, false, H, GH, (T - 1) * B, 1.0f, h, H, dhg + B * GH, GH, 0.0f, packed.data(), GH);
  } else {
    std::fill(packed.begin(), packed.begin() + H * GH, 0.0f);
  }
  unpack(packed.data(), gates, H, H, dwh);
  if (I > 0) {
    sgemm(true, false, I, GH, rows, 1.0f, x, I, dxg.data(), GH, 0.0f, packed.data(), GH);
    unpack(packed.data(), gates, I, H, dwi);
    sgemm(false, true, rows, I, GH, 1.0f, dxg.data(), GH, wip.data(), GH, 0.0f, dx, I);
  }
  // Bias sums per column in double, over fixed blocks of rows added in order.
  std::vector<double> sum_x(static_cast<size_t>(GH), 0.0), sum_h(static_cast<size_t>(GH), 0.0);
  for (int64_t r = 0; r < rows; ++r) {
    const float* a = dxg.data() + r * GH;
    for (int64_t c = 0; c < GH; ++c) sum_x[c] += a[c];
    if (cell == kRnnGru) {
      const float* e = dhg + r * GH;
      for (int64_t c = 2 * H; c < GH; ++c) sum_h[c] += e[c];
    }
  }
  for (int64_t c = 0; c < GH; ++c) dbi[c] = static_cast<float>(sum_x[c]);
  if (dbh)
    for (int64_t c = 0; c < GH; ++c) dbh[c] = static_cast<float>(c < 2 * H ? sum_x[c] : sum_h[c]);
}

}  // namespace benchtop
