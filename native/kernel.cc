// One instruction set's table of entry points (IsaKernels, kernel.h): the products and peak loops of gemm.cc, the
// thin products of thin.cc, Adam's update of adam.cc and the gate kernels of gates.cc, all compiled with this build's
// flags (binding.gyp); addon.cc picks a table at load time.
#include "isa.h"

#define IMPULSE_STR2(x) #x
#define IMPULSE_STR(x) IMPULSE_STR2(x)

namespace impulse {
namespace IMPULSE_ISA {

IsaKernels kernels() {
  IsaKernels table{};
  table.name = IMPULSE_STR(IMPULSE_ISA);
  addGemmKernels(table);
  addGateKernels(table);
  addThinKernels(table);
  addAdamKernel(table);
  return table;
}

}  // namespace IMPULSE_ISA
}  // namespace impulse
