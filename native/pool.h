// The work behind the addon's functions (addon.cc): the kernel table chosen for this CPU, the description of one call
// (a product or a gate step on a WebAssembly.Memory's buffer) and the small thread pool that runs it in parts.
#pragma once

#include <cstdint>
#include <cstddef>

#include "kernel.h"

namespace impulse {

// The widest instruction set the CPU has; IMPULSE_NATIVE_ISA=avx2 or generic asks for a narrower one (tests compare them).
const IsaKernels& chosenKernels();

// The arguments of a gate kernel: the buffer, the precision, byte offsets of its arrays (array i holds sizes[i] × H
// values a row, or H in all when sizes[i] is 0), then B and H (and carry).
struct GateCall {
  char* base = nullptr;
  size_t bytes = 0;
  bool f32 = false;
  int arrays = 0;
  int sizes[7] = {};
  int64_t offsets[7] = {};
  int B = 0, H = 0;
  bool carry = false;
};

enum class Op { Gemm, Gru, Lstm, GruBackward, LstmBackward };

// One call's work; each thread takes the part its index gives: rows or columns of C for a product, rows of the
// batch for a gate step (rows are independent there).
struct Job {
  Op op = Op::Gemm;
  bool f32 = false, transA = false, transB = false;
  int m = 0, n = 0, k = 0, lda = 0, ldb = 0, ldc = 0;
  const void *a = nullptr, *b = nullptr;
  void* c = nullptr;
  bool splitRows = false;
  GateCall gate;
  int parts = 1;
};

// Runs the job on the calling thread and the pool's helpers (alone when it is small or the pool is busy).
void runJob(const Job& job);
// Threads a job may use from now on (1 = the calling thread only); poolThreads() is the setting.
void setPoolThreads(int threads);
int poolThreads();

template <typename T>
T* at(const GateCall& call, int i) {
  return reinterpret_cast<T*>(call.base + call.offsets[i]);
}

template <typename T>
const GateKernels<T>& gatesOf();
template <>
inline const GateKernels<double>& gatesOf<double>() { return chosenKernels().gates64; }
template <>
inline const GateKernels<float>& gatesOf<float>() { return chosenKernels().gates32; }

}  // namespace impulse
