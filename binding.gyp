{
  # The native kernels (native/): gemm.cc and thin.cc (products), adam.cc (Adam's update), gates.cc (gate steps) and
  # kernel.cc (their table) are compiled once per instruction set, each set in its own library with its own flags, and the addon (addon.cc,
  # napi_args.cc, pool.cc) picks one at load time. Built by `npm install` (scripts/build-native.mjs); where it
  # cannot be built the WebAssembly kernels are used.
  'variables': {
    'kernel_sources': ['native/gemm.cc', 'native/thin.cc', 'native/adam.cc', 'native/gates.cc', 'native/kernel.cc'],
  },
  'target_defaults': {
    'cflags_cc': ['-O3', '-std=c++17', '-fno-math-errno', '-Wno-psabi'],
    'cflags_cc!': ['-fno-exceptions'],
    'xcode_settings': { 'OTHER_CPLUSPLUSFLAGS': ['-O3', '-std=c++17'] },
  },
  'targets': [
    {
      'target_name': 'kernel_generic',
      'type': 'static_library',
      'sources': ['<@(kernel_sources)'],
      'defines': ['IMPULSE_ISA=generic'],
    },
    {
      'target_name': 'kernel_avx2',
      'type': 'static_library',
      'sources': ['<@(kernel_sources)'],
      'defines': ['IMPULSE_ISA=avx2'],
      'conditions': [['target_arch=="x64"', { 'cflags_cc': ['-mavx2', '-mfma'] }]],
    },
    {
      'target_name': 'kernel_avx512',
      'type': 'static_library',
      'sources': ['<@(kernel_sources)'],
      'defines': ['IMPULSE_ISA=avx512'],
      'conditions': [['target_arch=="x64"', { 'cflags_cc': ['-mavx512f', '-mavx512vl', '-mfma'] }]],
    },
    {
      'target_name': 'impulse_native',
      'sources': ['native/addon.cc', 'native/napi_args.cc', 'native/pool.cc'],
      'dependencies': ['kernel_generic', 'kernel_avx2', 'kernel_avx512'],
      'cflags_cc': ['-pthread'],
      'ldflags': ['-pthread'],
    },
  ],
}
