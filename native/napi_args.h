// Argument checks shared by the N-API wrappers (binding.cc, binding_elementwise.cc,
// binding_layers.cc): each throws a JS Error (prefixed "benchtop_native: ") before any memory is
// touched.
#pragma once

#include <napi.h>

#include <cmath>
#include <exception>
#include <cstdint>
#include <initializer_list>
#include <new>
#include <string>

namespace benchtop_napi {

constexpr int64_t kMaxDim = int64_t{1} << 31;

[[noreturn]] inline void fail(Napi::Env env, const std::string& message) {
  throw Napi::Error::New(env, "benchtop_native: " + message);
}

struct FloatArray {
  float* data = nullptr;
  int64_t length = 0;
};

// `value` as a Float32Array; `name` in the error.
inline FloatArray float_array(Napi::Env env, Napi::Value value, const std::string& name) {
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array)
    fail(env, name + " must be a Float32Array");
  Napi::Float32Array array = value.As<Napi::Float32Array>();
  return {array.Data(), static_cast<int64_t>(array.ElementLength())};
}

// Argument `index` as a Float32Array; an optional one may be null or undefined (then empty).
inline FloatArray float_array(const Napi::CallbackInfo& info, size_t index, const char* name, bool optional = false) {
  Napi::Value value = info[index];
  if (optional && (value.IsNull() || value.IsUndefined())) return {};
  return float_array(info.Env(), value, name);
}

inline double number(Napi::Env env, Napi::Value value, const char* name) {
  if (!value.IsNumber()) fail(env, std::string(name) + " must be a number");
  return value.As<Napi::Number>().DoubleValue();
}

// `value` as an array of exactly `length` entries, else `message` ("geometry must be an array of 12 integers").
inline Napi::Array array_of_length(Napi::Env env, Napi::Value value, uint32_t length, const char* message) {
  if (!value.IsArray() || value.As<Napi::Array>().Length() != length) fail(env, message);
  return value.As<Napi::Array>();
}

inline int64_t integer(Napi::Env env, Napi::Value value, const char* name, int64_t min, int64_t max) {
  if (!value.IsNumber()) fail(env, std::string(name) + " must be a number");
  double d = value.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(d) || d != std::floor(d) || d < static_cast<double>(min) || d > static_cast<double>(max))
    fail(env, std::string(name) + " must be an integer in [" + std::to_string(min) + ", " + std::to_string(max) +
                  "], got " + std::to_string(d));
  return static_cast<int64_t>(d);
}

// a * b * ... (any range of int64_t, e.g. a shape), or -1 on overflow past 2^53 (no Float32Array is
// that long).
template <typename Factors>
int64_t product(const Factors& factors) {
  int64_t result = 1;
  for (int64_t f : factors) {
    if (f != 0 && result > (int64_t{1} << 53) / f) return -1;
    result *= f;
  }
  return result;
}

inline int64_t product(std::initializer_list<int64_t> factors) { return product<std::initializer_list<int64_t>>(factors); }

inline void expect_length(Napi::Env env, const FloatArray& array, int64_t expected, const char* name) {
  if (expected < 0) fail(env, std::string(name) + ": size overflows");
  if (array.length != expected)
    fail(env, std::string(name) + " has " + std::to_string(array.length) + " elements, expected " +
                  std::to_string(expected));
}

// The output must not share memory with an input: the kernels read inputs while writing it.
inline void expect_disjoint(Napi::Env env, const FloatArray& out, const FloatArray& in, const char* out_name,
                            const char* in_name) {
  if (out.length == 0 || in.length == 0) return;
  auto o = reinterpret_cast<uintptr_t>(out.data), i = reinterpret_cast<uintptr_t>(in.data);
  if (o < i + in.length * sizeof(float) && i < o + out.length * sizeof(float))
    fail(env, std::string(out_name) + " overlaps " + in_name);
}

// Turns the exception being handled into a JS Error: no exception may cross the N-API boundary
// (it would terminate the process). A Napi::Error (an argument check's) passes through as it is.
// Call only inside a catch block.
[[noreturn]] inline void rethrow_as_js_error(Napi::Env env, const char* unknown) {
  try {
    throw;
  } catch (const Napi::Error&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw Napi::Error::New(env, "benchtop_native: out of memory");
  } catch (const std::exception& error) {
    throw Napi::Error::New(env, std::string("benchtop_native: ") + error.what());
  } catch (...) {
    throw Napi::Error::New(env, unknown);
  }
}

// Runs a kernel; whatever it throws reaches JavaScript as an Error.
template <typename F>
Napi::Value guarded(const Napi::CallbackInfo& info, F body) {
  try {
    body();
  } catch (...) {
    rethrow_as_js_error(info.Env(), "benchtop_native: unknown C++ exception in a kernel");
  }
  return info.Env().Undefined();
}

// Every exported function goes through this: whatever a wrapper or kernel throws (a Napi::Error
// from the argument checks, std::bad_alloc, std::length_error from a scratch-size check, anything)
// reaches JavaScript as an Error instead of terminating the process.
template <Napi::Value (*Fn)(const Napi::CallbackInfo&)>
Napi::Value boundary(const Napi::CallbackInfo& info) {
  try {
    return Fn(info);
  } catch (...) {
    rethrow_as_js_error(info.Env(), "benchtop_native: unknown C++ exception");
  }
}

inline void check_argc(const Napi::CallbackInfo& info, size_t count, const char* fn) {
  if (info.Length() < count)
    fail(info.Env(), std::string(fn) + " takes " + std::to_string(count) + " arguments");
}

}  // namespace benchtop_napi
