// What one per-instruction-set build of the kernels shares (gemm.cc, gates.cc and kernel.cc are compiled once per
// instruction set, each build with its own flags and IMPULSE_ISA, see binding.gyp): the vector width and the GEMM
// micro-tile height the flags give, and how kernel.cc collects the entry points of the other two into IsaKernels.
#pragma once

#include "kernel.h"

#ifndef IMPULSE_ISA
#error "IMPULSE_ISA (generic, avx2 or avx512) must be defined"
#endif

#if defined(__AVX512F__)
#define VECTOR_BYTES 64
#define MR_ROWS 12
#elif defined(__AVX2__)
#define VECTOR_BYTES 32
#define MR_ROWS 6
#else
#define VECTOR_BYTES 16
#define MR_ROWS 4
#endif

namespace impulse {
namespace IMPULSE_ISA {

// gemm.cc: the tile shapes, products and peak loops; gates.cc: the gate kernels.
void addGemmKernels(IsaKernels& kernels);
void addGateKernels(IsaKernels& kernels);
// thin.cc: the one- and two-row products of the impulse-response carries.
void addThinKernels(IsaKernels& kernels);
// adam.cc: Adam's update, unfused arithmetic.
void addAdamKernel(IsaKernels& kernels);

}  // namespace IMPULSE_ISA
}  // namespace impulse
