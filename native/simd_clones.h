// BENCHTOP_SIMD_CLONES: compile a function three times (AVX-512, AVX2, baseline x86-64) and pick the
// version the CPU supports at load time (GCC's target_clones, Linux x86-64 only; elsewhere nothing).
// For loops the compiler vectorizes itself; the hand-written AVX-512 kernels check the CPU instead.
#pragma once

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define BENCHTOP_SIMD_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define BENCHTOP_SIMD_CLONES
#endif
