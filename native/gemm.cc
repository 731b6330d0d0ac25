// The GotoBLAS-layout matrix product, written once and compiled once per instruction set (see binding.gyp): blocks
// of op(B) (KC×NC) and op(A) (MC×KC) are packed into scratch, zero-padded to whole micro-panels, and a
// register-blocked micro-kernel (MR rows × NV vectors) runs over each pair of panels. Packing absorbs the
// transposes. Every element of C gets one chain of multiply-adds per KC block, in the order of k, added to C
// block by block: so the result does not depend on how C is split between threads, nor on the vector width (the
// AVX2 and AVX-512 builds give the same bits; both fuse the multiply-adds, the generic build does not).
#include <algorithm>
#include <cstring>

#include "isa.h"

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

  // Panels of R lines (rows of op(A), columns of op(B)) x0 .. x0+extent over p0 .. p0+kc, each (kc, R), lines past
  // `extent` zero. Element (x, p) is src[p·ld + x] when `alongP` (the panel's R values are contiguous), else
  // src[x·ld + p]: op(A) is packed with alongP = transA, op(B) with alongP = !transB.
  template <int R>
  static void packPanels(const T* src, int ld, bool alongP, int x0, int extent, int p0, int kc, T* dst) {
    for (int xr = 0; xr < extent; xr += R) {
      const int lines = std::min(R, extent - xr);
      if (alongP) {
        for (int p = 0; p < kc; p++) {
          const T* from = src + (size_t)(p0 + p) * ld + x0 + xr;
          int x = 0;
          for (; x < lines; x++) dst[x] = from[x];
          for (; x < R; x++) dst[x] = 0;
          dst += R;
        }
      } else {
        for (int x = 0; x < R; x++) {
          T* out = dst + x;
          if (x < lines) {
            const T* from = src + (size_t)(x0 + xr + x) * ld + p0;
            for (int p = 0; p < kc; p++) out[(size_t)p * R] = from[p];
          } else {
            for (int p = 0; p < kc; p++) out[(size_t)p * R] = 0;
          }
        }
        dst += (size_t)kc * R;
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
        packPanels<NR>(b, ldb, !transB, jc, nc, pc, kc, pb);
        for (int ic = i0; ic < i1; ic += MC) {
          const int mc = std::min(MC, i1 - ic);
          packPanels<MR>(a, lda, transA, ic, mc, pc, kc, pa);
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

void addGemmKernels(IsaKernels& kernels) {
  kernels.mr64 = Kernel<double>::MR;
  kernels.nr64 = Kernel<double>::NR;
  kernels.mr32 = Kernel<float>::MR;
  kernels.nr32 = Kernel<float>::NR;
  kernels.gemm64 = &Kernel<double>::part;
  kernels.gemm32 = &Kernel<float>::part;
  kernels.peak64 = &Kernel<double>::peak;
  kernels.peak32 = &Kernel<float>::peak;
}

}  // namespace IMPULSE_ISA
}  // namespace impulse
