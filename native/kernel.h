// The native matrix product's entry points: one set per instruction set the kernel is compiled for (kernel.cc is
// built once per set, each with its own compiler flags), chosen at load time by what the CPU supports.
#pragma once

namespace impulse {

// One thread's share of C (m×n) += op(A) · op(B): rows [i0, i1) and columns [j0, j1) of C, row-major with leading
// dimensions. `scratch` holds packedScratch<T>() values, 64-byte aligned.
template <typename T>
using GemmPart = void (*)(bool transA, bool transB, int m, int n, int k, const T* a, int lda, const T* b, int ldb,
                          T* c, int ldc, int i0, int i1, int j0, int j1, T* scratch);

// One step of gate arithmetic for B rows (the arguments of the Arena operations in src-shared/engine/backend/types.ts).
template <typename T>
struct GateKernels {
  void (*gru)(const T* pre, const T* hh, T* gates, const T* hPrev, T* hNext, int B, int H);
  void (*lstm)(const T* pre, T* gates, const T* cPrev, T* cNext, T* tanhCell, T* hNext, int B, int H);
  void (*gruBackward)(const T* dh, const T* gates, const T* hPrev, const T* hh, T* dPre, T* dHh, T* dhPrev, bool carry,
                      int B, int H);
  void (*lstmBackward)(const T* dh, const T* gates, const T* cPrev, const T* tanhCell, T* dCell, T* dPre, int B, int H);
  void (*columnSums)(T* out, const T* m, int rows, int n);
};

// The thin products of thin.cc: C += op(A) · op(B) for one or two rows of A (untransposed) or of B (transposed),
// contiguous and row-major; false for any other shape.
template <typename T>
using ThinProduct = bool (*)(bool transA, bool transB, int m, int n, int k, const T* a, const T* b, T* c);

struct IsaKernels {
  const char* name;
  // Micro-tile shape per precision: C is split between threads on these multiples, so no tile is shared.
  int mr64, nr64, mr32, nr32;
  GemmPart<double> gemm64;
  GemmPart<float> gemm32;
  ThinProduct<double> thin64;
  ThinProduct<float> thin32;
  // adam.cc: Adam's update of n float64 parameters and their moments, the bits of optim.ts's adamUpdate.
  void (*adam)(double* params, const double* grad, double* m, double* v, long n, double stepSize, double sqrtBc2,
               double beta1, double beta2, double eps);
  // The machine's limit for this build: `rounds` rounds of 12 independent vector multiply-adds, no memory traffic;
  // returns the flops done (the caller times it).
  double (*peak64)(long rounds);
  double (*peak32)(long rounds);
  GateKernels<double> gates64;
  GateKernels<float> gates32;
};

// Blocking, the same for every instruction set: KC fixes the order in which an element's products are summed.
constexpr int KC = 256;
constexpr int MC = 96;  // a multiple of every MR
constexpr int NC = 1024;
// Values of packing scratch one thread needs (A and B panels), whatever the instruction set.
constexpr int PACKED_SCRATCH = MC * KC + KC * NC + 64;

#define IMPULSE_DECLARE_ISA(ns) namespace ns { IsaKernels kernels(); }
IMPULSE_DECLARE_ISA(generic)
IMPULSE_DECLARE_ISA(avx2)
IMPULSE_DECLARE_ISA(avx512)

}  // namespace impulse
