// The N-API wrappers of the whole-sequence recurrent kernels (rnn.h). Synchronous, Float32Arrays
// that JavaScript allocated, every length checked before any memory is touched.
#include <napi.h>

#include <cstdint>
#include <string>

#include "napi_args.h"
#include "rnn.h"

namespace {

using namespace benchtop_napi;

benchtop::RnnCell rnn_cell(Napi::Env env, Napi::Value value) {
  return static_cast<benchtop::RnnCell>(integer(env, value, "cell", 0, 1));
}

// [steps, batch, input, hidden], each at least 1.
benchtop::RnnDims rnn_dims(Napi::Env env, Napi::Value value) {
  Napi::Array a = array_of_length(env, value, 4, "dims must be an array of 4 integers");
  static const char* names[4] = {"steps", "batch", "input", "hidden"};
  int64_t v[4];
  for (uint32_t i = 0; i < 4; ++i) v[i] = integer(env, a.Get(i), names[i], 1, kMaxDim);
  return {v[0], v[1], v[2], v[3]};
}

// Lengths every argument must have: x, wi, wh, bi/bh, h, cache.
struct RnnLengths {
  int64_t x, wi, wh, bias, h, cache;
};

RnnLengths rnn_lengths(Napi::Env env, benchtop::RnnCell cell, const benchtop::RnnDims& d) {
  const int64_t g = benchtop::rnn_gates(cell);
  RnnLengths l{product({d.steps, d.batch, d.input}), product({g, d.input, d.hidden}), product({g, d.hidden, d.hidden}),
               product({g, d.hidden}), product({d.steps, d.batch, d.hidden}),
               product({d.steps, d.batch, benchtop::rnn_cache_width(cell), d.hidden})};
  for (int64_t v : {l.x, l.wi, l.wh, l.bias, l.h, l.cache})
    if (v < 0) fail(env, "rnn: the dims' sizes overflow");
  return l;
}

// rnnForward(cell, dims, x, wi, wh, bi, bh | null, h, cache): bh is required for GRU (cell 1) and
// must be null for tanh (cell 0).
Napi::Value RnnForward(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  check_argc(info, 9, "rnnForward");
  const benchtop::RnnCell cell = rnn_cell(env, info[0]);
  const benchtop::RnnDims d = rnn_dims(env, info[1]);
  const RnnLengths l = rnn_lengths(env, cell, d);
  const char* names[7] = {"x", "wi", "wh", "bi", "bh", "h", "cache"};
  FloatArray a[7];
  for (size_t i = 0; i < 7; ++i) a[i] = float_array(info, i + 2, names[i], i == 4);
  const bool gru = cell == benchtop::kRnnGru;
  if (gru != (a[4].data != nullptr)) fail(env, gru ? "rnnForward: a GRU needs bh" : "rnnForward: a tanh cell takes no bh");
  const int64_t expected[7] = {l.x, l.wi, l.wh, l.bias, gru ? l.bias : 0, l.h, l.cache};
  for (size_t i = 0; i < 7; ++i)
    if (i != 4 || gru) expect_length(env, a[i], expected[i], names[i]);
  for (size_t o : {5, 6})
    for (size_t i = 0; i < 7; ++i)
      if (i != o) expect_disjoint(env, a[o], a[i], names[o], names[i]);
  return guarded(info, [&] {
    benchtop::rnn_forward(cell, d, a[0].data, a[1].data, a[2].data, a[3].data, a[4].data, a[5].data, a[6].data);
  });
}

// rnnBackward(cell, dims, x, wi, wh, bh | null, h, cache, dh, dx, dwi, dwh, dbi, dbh | null).
Napi::Value RnnBackward(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  check_argc(info, 14, "rnnBackward");
  const benchtop::RnnCell cell = rnn_cell(env, info[0]);
  const benchtop::RnnDims d = rnn_dims(env, info[1]);
  const RnnLengths l = rnn_lengths(env, cell, d);
  const char* names[12] = {"x", "wi", "wh", "bh", "h", "cache", "dh", "dx", "dwi", "dwh", "dbi", "dbh"};
  FloatArray a[12];
  for (size_t i = 0; i < 12; ++i) a[i] = float_array(info, i + 2, names[i], i == 3 || i == 11);
  const bool gru = cell == benchtop::kRnnGru;
  if (gru != (a[3].data != nullptr) || gru != (a[11].data != nullptr))
    fail(env, gru ? "rnnBackward: a GRU needs bh and dbh" : "rnnBackward: a tanh cell takes no bh or dbh");
  const int64_t expected[12] = {l.x, l.wi, l.wh, l.bias, l.h, l.cache, l.h, l.x, l.wi, l.wh, l.bias, l.bias};
  for (size_t i = 0; i < 12; ++i)
    if ((i != 3 && i != 11) || gru) expect_length(env, a[i], expected[i], names[i]);
  for (size_t o = 7; o < 12; ++o)
    for (size_t i = 0; i < 12; ++i)
      if (i != o) expect_disjoint(env, a[o], a[i], names[o], names[i]);
  return guarded(info, [&] {
    benchtop::rnn_backward(cell, d, a[0].data, a[1].data, a[2].data, a[3].data, a[4].data, a[5].data, a[6].data,
                           a[7].data, a[8].data, a[9].data, a[10].data, a[11].data);
  });
}

}  // namespace

void RegisterRnnKernels(Napi::Env env, Napi::Object exports) {
  exports.Set("rnnForward", Napi::Function::New(env, benchtop_napi::boundary<RnnForward>, "rnnForward"));
  exports.Set("rnnBackward", Napi::Function::New(env, benchtop_napi::boundary<RnnBackward>, "rnnBackward"));
}
