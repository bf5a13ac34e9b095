// 1x1 convolutions (stride 1, no padding) with few input x output channels, the shape of
// MobileNet's expand and project layers at high resolution: y [pixels x N] = act(x [pixels x K] x
// W [K x N] + bias). With K x N small the product is memory-bound: a BLAS call packs x (reading it
// twice) and the bias/activation is a second pass over y. This kernel reads x once and writes y
// once, bias and activation applied in registers: 4 pixels x 16 output channels per block, the
// 4 x K input values in L1 and W (at most kMaxWeights floats) in L2. Compiled for AVX-512, AVX2 and
// baseline x86-64, picked at run time.
#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "kernels.h"
#include "threadpool.h"

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define BENCHTOP_SIMD_CLONES __attribute__((target_clones("arch=skylake-avx512", "arch=haswell", "default")))
#else
#define BENCHTOP_SIMD_CLONES
#endif

namespace benchtop {

namespace {

constexpr int kPixels = 4;     // pixels per block
constexpr int kChannels = 16;  // output channels per block
constexpr int64_t kMaxWeights = 12288;  // K x N at most (48 KiB of W): above, the BLAS path wins

inline float finish(float v, const float* bias, int64_t bias_len, int64_t n, Activation act, double alpha) {
  if (bias_len == 1) v += bias[0];
  else if (bias_len > 1) v += bias[n];
  return activate(v, act, alpha);
}

BENCHTOP_SIMD_CLONES
void pointwise_rows(const float* x, int64_t begin, int64_t end, int64_t K, const float* w, int64_t N, const float* bias,
                    int64_t bias_len, Activation act, double alpha, float* y) {
  int64_t p = begin;
  for (; p + kPixels <= end; p += kPixels) {
    const float* xp = x + p * K;
    float* yp = y + p * N;
    int64_t n0 = 0;
    for (; n0 + kChannels <= N; n0 += kChannels) {
      float acc[kPixels][kChannels] = {};
      for (int64_t k = 0; k < K; ++k) {
        const float* wr = w + k * N + n0;
        for (int i = 0; i < kPixels; ++i) {
          const float xv = xp[i * K + k];
          for (int j = 0; j < kChannels; ++j) acc[i][j] += xv * wr[j];
        }
      }
      for (int i = 0; i < kPixels; ++i)
        for (int j = 0; j < kChannels; ++j) yp[i * N + n0 + j] = finish(acc[i][j], bias, bias_len, n0 + j, act, alpha);
    }
    if (n0 < N) {  // the last N % 16 channels
      const int64_t nb = N - n0;
      float acc[kPixels][kChannels] = {};
      for (int64_t k = 0; k < K; ++k) {
        const float* wr = w + k * N + n0;
        for (int i = 0; i < kPixels; ++i) {
          const float xv = xp[i * K + k];
          for (int64_t j = 0; j < nb; ++j) acc[i][j] += xv * wr[j];
        }
      }
      for (int i = 0; i < kPixels; ++i)
        for (int64_t j = 0; j < nb; ++j) yp[i * N + n0 + j] = finish(acc[i][j], bias, bias_len, n0 + j, act, alpha);
    }
  }
  for (; p < end; ++p) {  // the last pixels, one at a time
    const float* xp = x + p * K;
    float* yp = y + p * N;
    for (int64_t n0 = 0; n0 < N; n0 += kChannels) {
      const int64_t nb = std::min<int64_t>(kChannels, N - n0);
      float acc[kChannels] = {};
      for (int64_t k = 0; k < K; ++k) {
        const float xv = xp[k];
        const float* wr = w + k * N + n0;
        for (int64_t j = 0; j < nb; ++j) acc[j] += xv * wr[j];
      }
      for (int64_t j = 0; j < nb; ++j) yp[n0 + j] = finish(acc[j], bias, bias_len, n0 + j, act, alpha);
    }
  }
}

// BENCHTOP_POINTWISE=gemm turns the direct kernel off (to compare it with the BLAS path).
bool direct_enabled() {
  static const bool enabled = [] {
    const char* v = std::getenv("BENCHTOP_POINTWISE");
    return v == nullptr || std::strcmp(v, "gemm") != 0;
  }();
  return enabled;
}

}  // namespace

bool pointwise_forward(const float* x, int64_t pixels, int64_t K, const float* w, int64_t N, const float* bias,
                       int64_t bias_len, Activation act, double leaky_alpha, float* y) {
  if (!direct_enabled() || K <= 0 || N <= 0 || K > kMaxWeights / N) return false;
  const int64_t grain = std::max<int64_t>(kPixels, ((int64_t{1} << 15) / (K * N) + kPixels - 1) / kPixels * kPixels);
  pool().parallel_for(pixels, grain, [&](int64_t begin, int64_t end) {
    pointwise_rows(x, begin, end, K, w, N, bias, bias_len, act, leaky_alpha, y);
  });
  return true;
}

}  // namespace benchtop
