// The GotoBLAS-layout matrix product, written once and compiled once per instruction set (see binding.gyp): blocks
// of op(B) (KC×NC) and op(A) (MC×KC) are packed into scratch, zero-padded to whole micro-panels, and a
// register-blocked micro-kernel (MR rows × NV vectors) runs over each pair of panels. Packing absorbs the
// transposes. Every element of C gets one chain of multiply-adds per KC block, in the order of k, added to C
// block by block: so the result does not depend on how C is split between threads, nor on the vector width (the
// AVX2 and AVX-512 builds give the same bits; both fuse the multiply-adds, the generic build does not).
#include <algorithm>
#include <cstring>

#include "kernel.h"

#ifndef IMPULSE_ISA
#error "IMPULSE_ISA (generic, avx2 or avx512) must be defined"
#endif

#define IMPULSE_STR2(x) #x
#define IMPULSE_STR(x) IMPULSE_STR2(x)

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
namespace {

volatile double peakSink;

template <typename T>
struct Kernel {
  typedef T V __attribute__((vector_size(VECTOR_BYTES)));
  static constexpr int W = VECTOR_BYTES / sizeof(T);
  static constexpr int NV = 2;
  static constexpr int MR = MR_ROWS;
  static constexpr int NR = NV * W;

  // Panels of MR rows of op(A)[i0 .. i0+mc, p0 .. p0+kc], each (kc, MR) with rows past mc zero.
  static void packA(const T* a, int lda, bool transA, int i0, int mc, int p0, int kc, T* dst) {
    for (int ir = 0; ir < mc; ir += MR) {
      const int rows = std::min(MR, mc - ir);
      if (transA) {
        for (int p = 0; p < kc; p++) {
          const T* src = a + (size_t)(p0 + p) * lda + i0 + ir;
          int i = 0;
          for (; i < rows; i++) dst[i] = src[i];
          for (; i < MR; i++) dst[i] = 0;
          dst += MR;
        }
      } else {
        for (int i = 0; i < MR; i++) {
          T* out = dst + i;
          if (i < rows) {
            const T* src = a + (size_t)(i0 + ir + i) * lda + p0;
            for (int p = 0; p < kc; p++) out[(size_t)p * MR] = src[p];
          } else {
            for (int p = 0; p < kc; p++) out[(size_t)p * MR] = 0;
          }
        }
        dst += (size_t)kc * MR;
      }
    }
  }

  // Panels of NR columns of op(B)[p0 .. p0+kc, j0 .. j0+nc], each (kc, NR) with columns past nc zero.
  static void packB(const T* b, int ldb, bool transB, int p0, int kc, int j0, int nc, T* dst) {
    for (int jr = 0; jr < nc; jr += NR) {
      const int cols = std::min(NR, nc - jr);
      if (transB) {
        for (int j = 0; j < NR; j++) {
          T* out = dst + j;
          if (j < cols) {
            const T* src = b + (size_t)(j0 + jr + j) * ldb + p0;
            for (int p = 0; p < kc; p++) out[(size_t)p * NR] = src[p];
          } else {
            for (int p = 0; p < kc; p++) out[(size_t)p * NR] = 0;
          }
        }
        dst += (size_t)kc * NR;
      } else {
        for (int p = 0; p < kc; p++) {
          const T* src = b + (size_t)(p0 + p) * ldb + j0 + jr;
          int j = 0;
          for (; j < cols; j++) dst[j] = src[j];
          for (; j < NR; j++) dst[j] = 0;
          dst += NR;
        }
      }
    }
  }

  // C[0 .. rows, 0 .. cols] += the (MR×kc) panel times the (kc×NR) panel.
  static inline void micro(int kc, const T* __restrict a, const T* __restrict b, T* __restrict c, int ldc, int rows,
                           int cols) {
    V acc[MR][NV];
    for (int i = 0; i < MR; i++)
      for (int v = 0; v < NV; v++) acc[i][v] = V{};
    for (int p = 0; p < kc; p++) {
      V bv[NV];
      for (int v = 0; v < NV; v++) std::memcpy(&bv[v], b + v * W, sizeof(V));
      for (int i = 0; i < MR; i++) {
        const T ai = a[i];
        for (int v = 0; v < NV; v++) acc[i][v] += ai * bv[v];
      }
      a += MR;
      b += NR;
    }
    if (rows == MR && cols == NR) {
      for (int i = 0; i < MR; i++) {
        for (int v = 0; v < NV; v++) {
          V cv;
          std::memcpy(&cv, c + (size_t)i * ldc + v * W, sizeof(V));
          cv += acc[i][v];
          std::memcpy(c + (size_t)i * ldc + v * W, &cv, sizeof(V));
        }
      }
      return;
    }
    T tile[MR * NR];
    for (int i = 0; i < MR; i++)
      for (int v = 0; v < NV; v++) std::memcpy(tile + i * NR + v * W, &acc[i][v], sizeof(V));
    for (int i = 0; i < rows; i++)
      for (int j = 0; j < cols; j++) c[(size_t)i * ldc + j] += tile[i * NR + j];
  }

  static void part(bool transA, bool transB, int, int, int k, const T* a, int lda, const T* b, int ldb, T* c, int ldc,
                   int i0, int i1, int j0, int j1, T* scratch) {
    T* pa = scratch;
    T* pb = scratch + MC * KC;
    for (int jc = j0; jc < j1; jc += NC) {
      const int nc = std::min(NC, j1 - jc);
      for (int pc = 0; pc < k; pc += KC) {
        const int kc = std::min(KC, k - pc);
        packB(b, ldb, transB, pc, kc, jc, nc, pb);
        for (int ic = i0; ic < i1; ic += MC) {
          const int mc = std::min(MC, i1 - ic);
          packA(a, lda, transA, ic, mc, pc, kc, pa);
          for (int jr = 0; jr < nc; jr += NR) {
            for (int ir = 0; ir < mc; ir += MR) {
              micro(kc, pa + (size_t)(ir / MR) * kc * MR, pb + (size_t)(jr / NR) * kc * NR,
                    c + (size_t)(ic + ir) * ldc + jc + jr, ldc, std::min(MR, mc - ir), std::min(NR, nc - jr));
            }
          }
        }
      }
    }
  }

  static double peak(long rounds) {
    V acc[12];
    for (int j = 0; j < 12; j++) acc[j] = V{} + (T)(j + 1);
    const V x = V{} + (T)0.999999, y = V{} + (T)1e-7;
    for (long r = 0; r < rounds; r++) {
      for (int j = 0; j < 12; j++) acc[j] = acc[j] * x + y;
    }
    T sum = 0;
    for (int j = 0; j < 12; j++)
      for (int w = 0; w < W; w++) sum += acc[j][w];
    peakSink = sum;  // keeps the loop from being optimised away
    return (double)rounds * 12 * 2 * W;
  }
};

}  // namespace

IsaKernels kernels() {
  return IsaKernels{
      IMPULSE_STR(IMPULSE_ISA), Kernel<double>::MR, Kernel<double>::NR, Kernel<float>::MR, Kernel<float>::NR,
      &Kernel<double>::part, &Kernel<float>::part, &Kernel<double>::peak, &Kernel<float>::peak,
  };
}

}  // namespace IMPULSE_ISA
}  // namespace impulse
