# Benchtop's native kernels: build/Release/benchtop_native.node from native/*.cc.
# scripts/build-native.mjs detects the BLAS (OpenBLAS on Linux, Accelerate on macOS, else the
# builtin GEMM with BENCHTOP_NO_BLAS) and the safe -march flags; `npm install` runs it.
{
  'targets': [
    {
      'target_name': 'benchtop_native',
      'sources': [
        'native/binding.cc',
        'native/conv.cc',
        'native/conv_direct.cc',
        'native/conv_winograd.cc',
        'native/depthwise.cc',
        'native/gemm.cc',
        'native/matmul.cc',
        'native/threadpool.cc',
        'native/binding_elementwise.cc',
        'native/elementwise.cc',
        'native/unary.cc',
        'native/reduce.cc',
        'native/tile.cc',
        'native/resize.cc',
        'native/pool.cc',
        'native/norm.cc',
        'native/adam.cc',
        'native/binding_layers.cc',
        'native/rnn.cc',
        'native/binding_rnn.cc',
      ],
      'dependencies': [
        "<!(node -p \"require('node-addon-api').targets\"):node_addon_api_except",
      ],
      'defines': [
        'NAPI_VERSION=8',
        '<!@(node scripts/build-native.mjs --gyp defines)',
      ],
      'include_dirs': [
        '<!@(node scripts/build-native.mjs --gyp include_dirs)',
      ],
      'libraries': [
        '<!@(node scripts/build-native.mjs --gyp libraries)',
      ],
      'cflags!': ['-O2', '-O0', '-Os'],
      'cflags_cc!': ['-O2', '-O0', '-Os'],
      'cflags_cc': [
        '-O3',
        # Neither errno nor the floating-point exception flags are ever read, and neither flag changes
        # a value: with them sqrt vectorizes instead of calling libm per element, and selects such
        # as ReLU's gradient (x > 0 ? 1 : alpha) become vector blends instead of branches.
        '-fno-math-errno',
        '-fno-trapping-math',
        '-fvisibility=hidden',
        '-Wall',
        '-Wextra',
        '-Wno-unused-parameter',
        '<!@(node scripts/build-native.mjs --gyp cflags)',
      ],
      # No OpenMP: the kernels use their own std::thread pool, and the BLAS its own threads.
      'conditions': [
        ['OS=="linux"', {
          'ldflags': ['-pthread'],
          'cflags_cc': ['-pthread'],
        }],
        ['OS=="mac"', {
          'xcode_settings': {
            'GCC_OPTIMIZATION_LEVEL': '3',
            'CLANG_CXX_LANGUAGE_STANDARD': 'c++17',
            'OTHER_CPLUSPLUSFLAGS': ['-fvisibility=hidden', '-fno-math-errno', '-fno-trapping-math', '<!@(node scripts/build-native.mjs --gyp cflags)'],
          },
        }],
      ],
    },
  ],
}
