// Adam's update over float64 parameters, compiled once per instruction set like gemm.cc: the formulas of
// adamUpdate in src-shared/engine/optim.ts term for term, with multiplies, adds, square roots and divisions that are
// each correctly rounded and never fused into multiply-adds, so every build gives the bits the TypeScript loop gives.
// The vector units only run several parameters at once.
#pragma GCC optimize("fp-contract=off")
#if defined(__clang__)
#pragma clang fp contract(off)
#endif
#include <cmath>

#include "isa.h"

namespace impulse {

namespace IMPULSE_ISA {
namespace {

void adam(double* __restrict params, const double* __restrict grad, double* __restrict m, double* __restrict v, long n,
          double stepSize, double sqrtBc2, double beta1, double beta2, double eps) {
  const double c1 = 1 - beta1, c2 = 1 - beta2;
  for (long i = 0; i < n; i++) {
    const double g = grad[i];
    const double mi = beta1 * m[i] + c1 * g;
    const double vi = beta2 * v[i] + c2 * g * g;
    m[i] = mi;
    v[i] = vi;
    params[i] -= (stepSize * mi) / (std::sqrt(vi) / sqrtBc2 + eps);
  }
}

}  // namespace

void addAdamKernel(IsaKernels& kernels) { kernels.adam = &adam; }

}  // namespace IMPULSE_ISA
}  // namespace impulse
