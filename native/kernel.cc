// The GotoBLAS-layout matrix product, written once and compiled once per instruction set (see binding.gyp): blocks
// of op(B) (KC×NC) and op(A) (MC×KC) are packed into scratch, zero-padded to whole micro-panels, and a
// register-blocked micro-kernel (MR rows × NV vectors) runs over each pair of panels. Packing absorbs the
// transposes. Every element of C gets one chain of multiply-adds per KC block, in the order of k, added to C
// block by block: so the result does not depend on how C is split between threads, nor on the vector width (the
// AVX2 and AVX-512 builds give the same bits; both fuse the multiply-adds, the generic build does not).
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <type_traits>

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


// The GRU/LSTM gate arithmetic of one step for B rows, the same equations and approximations as the WebAssembly
// kernels (scripts/wasm/gates.as.ts): exp − 1 by range reduction with ln 2 and a degree-13 (float64) or degree-7
// (float32) polynomial, σ(a) = 1 / (2 + expm1(−a)), tanh(a) = expm1(2a) / (expm1(2a) + 2). The reference
// (src-shared/engine/backend/reference.ts) has the same formulas with libm's expm1. A row's tail shorter than a vector
// runs through the same code on zero-padded vectors.
template <typename T>
struct Gates {
  typedef T V __attribute__((vector_size(VECTOR_BYTES)));
  typedef typename std::conditional<sizeof(T) == 8, int64_t, int32_t>::type Int;
  typedef Int VI __attribute__((vector_size(VECTOR_BYTES)));
  static constexpr int W = VECTOR_BYTES / sizeof(T);

  static inline V splat(T x) { return V{} + x; }
  static inline V load(const T* p) {
    V v;
    std::memcpy(&v, p, sizeof(V));
    return v;
  }
  static inline void store(T* p, V v) { std::memcpy(p, &v, sizeof(V)); }
  // A row's tail: `count` lanes of each of `blocks` blocks (stride apart) to or from whole zero-padded vectors.
  static void gather(T* dst, const T* src, int blocks, int stride, int count) {
    for (int k = 0; k < blocks; k++)
      for (int i = 0; i < W; i++) dst[k * W + i] = i < count ? src[(size_t)k * stride + i] : (T)0;
  }
  static void scatter(T* dst, const T* src, int blocks, int stride, int count) {
    for (int k = 0; k < blocks; k++)
      for (int i = 0; i < count; i++) dst[(size_t)k * stride + i] = src[k * W + i];
  }
  static inline V clamp(V x, T bound) {
    x = x < -bound ? splat(-bound) : x;
    return x > bound ? splat(bound) : x;
  }

  // e^x − 1 = 2^n (e^r − 1) + (2^n − 1) from p = e^r − 1 and t = x·log₂e + shifter, whose low mantissa bits hold n
  static inline V scaleBack(V t, V shifter, V p) {
    constexpr Int bias = sizeof(T) == 8 ? 1023 : 127;
    constexpr int mantissa = sizeof(T) == 8 ? 52 : 23;
    VI bits, base;
    std::memcpy(&bits, &t, sizeof(V));
    std::memcpy(&base, &shifter, sizeof(V));
    const VI e = ((bits - base) + bias) << mantissa;
    V twoN;
    std::memcpy(&twoN, &e, sizeof(V));
    return twoN * p + (twoN - splat((T)1));
  }

  static inline V expm1(V x0) {
    if (sizeof(T) == 8) {
      const V x = clamp(x0, (T)700);
      // round to nearest by adding 1.5·2^52: the low bits of the sum's mantissa are then n itself
      const V shifter = splat((T)6755399441055744.0);
      const V t = x * splat((T)1.4426950408889634) + shifter;
      const V n = t - shifter;
      const V r = (x - n * splat((T)6.93147180369123816490e-01)) - n * splat((T)1.90821492927058770002e-10);
      V q = splat((T)(1.0 / 6227020800.0));
      q = q * r + splat((T)(1.0 / 479001600.0));
      q = q * r + splat((T)(1.0 / 39916800.0));
      q = q * r + splat((T)(1.0 / 3628800.0));
      q = q * r + splat((T)(1.0 / 362880.0));
      q = q * r + splat((T)(1.0 / 40320.0));
      q = q * r + splat((T)(1.0 / 5040.0));
      q = q * r + splat((T)(1.0 / 720.0));
      q = q * r + splat((T)(1.0 / 120.0));
      q = q * r + splat((T)(1.0 / 24.0));
      q = q * r + splat((T)(1.0 / 6.0));
      q = q * r + splat((T)0.5);
      return scaleBack(t, shifter, (r * r) * q + r);
    } else {
      const V x = clamp(x0, (T)87);
      const V shifter = splat((T)12582912.0f);
      const V t = x * splat((T)1.4426950408889634) + shifter;
      const V n = t - shifter;
      const V r = (x - n * splat((T)0.693359375f)) - n * splat((T)-2.12194440e-4f);
      V q = splat((T)(1.0 / 5040.0));
      q = q * r + splat((T)(1.0 / 720.0));
      q = q * r + splat((T)(1.0 / 120.0));
      q = q * r + splat((T)(1.0 / 24.0));
      q = q * r + splat((T)(1.0 / 6.0));
      q = q * r + splat((T)0.5);
      return scaleBack(t, shifter, (r * r) * q + r);
    }
  }
  static inline V sigmoid(V a) { return splat(1) / (splat(2) + expm1(-a)); }
  static inline V tanh(V a) {
    const V e = expm1(a + a);
    return e / (e + splat(2));
  }

  // out[0 .. n) += the column sums of `count` rows of m (count × n): bias gradients, columns held in registers.
  static void columnSums(T* out, const T* m, int count, int n) {
    constexpr int BLOCK = 4 * W;
    for (int j0 = 0; j0 < n; j0 += BLOCK) {
      const int width = std::min(BLOCK, n - j0);
      if (width == BLOCK) {
        V acc[4] = {};
        for (int r = 0; r < count; r++)
          for (int v = 0; v < 4; v++) acc[v] += load(m + (size_t)r * n + j0 + v * W);
        for (int v = 0; v < 4; v++) store(out + j0 + v * W, load(out + j0 + v * W) + acc[v]);
      } else {
        for (int j = j0; j < n; j++) {
          T acc = 0;
          for (int r = 0; r < count; r++) acc += m[(size_t)r * n + j];
          out[j] += acc;
        }
      }
    }
  }

  // One vector of lanes of each kernel, S values between gate blocks. Not inlined: whole vectors and the zero-padded
  // tail run this same code, so the compiler's choice of which products to fuse cannot differ between lanes.
  __attribute__((noinline)) static void gruVector(const T* pre, const T* hh, T* gates, const T* hPrev, T* hNext, int S) {
    const V r = sigmoid(load(pre) + load(hh));
    const V z = sigmoid(load(pre + S) + load(hh + S));
    const V n = tanh(r * load(hh + 2 * S) + load(pre + 2 * S));
    store(gates, r);
    store(gates + S, z);
    store(gates + 2 * S, n);
    store(hNext, z * load(hPrev) + (splat(1) - z) * n);
  }

  __attribute__((noinline)) static void lstmVector(const T* pre, T* gates, const T* cPrev, T* cNext, T* tanhCell,
                                                   T* hNext, int S) {
    const V i = sigmoid(load(pre));
    const V f = sigmoid(load(pre + S));
    const V g = tanh(load(pre + 2 * S));
    const V o = sigmoid(load(pre + 3 * S));
    const V cell = f * load(cPrev) + i * g;
    const V tc = tanh(cell);
    store(gates, i);
    store(gates + S, f);
    store(gates + 2 * S, g);
    store(gates + 3 * S, o);
    store(cNext, cell);
    store(tanhCell, tc);
    store(hNext, o * tc);
  }

  __attribute__((noinline)) static void gruBackwardVector(const T* dh, const T* gates, const T* hPrev, const T* hh,
                                                          T* dPre, T* dHh, T* dhPrev, bool carry, int S) {
    const V one = splat(1);
    const V r = load(gates), z = load(gates + S), n = load(gates + 2 * S);
    const V d = load(dh);
    const V dan = (d * (one - z)) * (one - n * n);
    const V daz = (d * (load(hPrev) - n)) * (z * (one - z));
    const V dar = (dan * load(hh + 2 * S)) * (r * (one - r));
    store(dPre, dar);
    store(dPre + S, daz);
    store(dPre + 2 * S, dan);
    store(dHh, dar);
    store(dHh + S, daz);
    store(dHh + 2 * S, dan * r);
    if (carry) store(dhPrev, d * z + load(dhPrev));
  }

  __attribute__((noinline)) static void lstmBackwardVector(const T* dh, const T* gates, const T* cPrev,
                                                           const T* tanhCell, T* dCell, T* dPre, int S) {
    const V one = splat(1);
    const V i = load(gates), f = load(gates + S), g = load(gates + 2 * S), o = load(gates + 3 * S);
    const V tc = load(tanhCell), d = load(dh);
    const V dc = (d * o) * (one - tc * tc) + load(dCell);
    store(dPre, (dc * g) * (i * (one - i)));
    store(dPre + S, (dc * load(cPrev)) * (f * (one - f)));
    store(dPre + 2 * S, (dc * i) * (one - g * g));
    store(dPre + 3 * S, (d * tc) * (o * (one - o)));
    store(dCell, dc * f);
  }

  static void gru(const T* pre, const T* hh, T* gates, const T* hPrev, T* hNext, int B, int H) {
    for (int b = 0; b < B; b++) {
      const size_t g = (size_t)b * 3 * H, s = (size_t)b * H;
      int j = 0;
      for (; j + W <= H; j += W) gruVector(pre + g + j, hh + g + j, gates + g + j, hPrev + s + j, hNext + s + j, H);
      if (j == H) continue;
      const int count = H - j;
      T p[3 * W], q[3 * W], gt[3 * W], hp[W], hn[W];
      gather(p, pre + g + j, 3, H, count);
      gather(q, hh + g + j, 3, H, count);
      gather(hp, hPrev + s + j, 1, H, count);
      gruVector(p, q, gt, hp, hn, W);
      scatter(gates + g + j, gt, 3, H, count);
      scatter(hNext + s + j, hn, 1, H, count);
    }
  }

  static void lstm(const T* pre, T* gates, const T* cPrev, T* cNext, T* tanhCell, T* hNext, int B, int H) {
    for (int b = 0; b < B; b++) {
      const size_t g = (size_t)b * 4 * H, s = (size_t)b * H;
      int j = 0;
      for (; j + W <= H; j += W) {
        lstmVector(pre + g + j, gates + g + j, cPrev + s + j, cNext + s + j, tanhCell + s + j, hNext + s + j, H);
      }
      if (j == H) continue;
      const int count = H - j;
      T p[4 * W], gt[4 * W], cp[W], cn[W], tc[W], hn[W];
      gather(p, pre + g + j, 4, H, count);
      gather(cp, cPrev + s + j, 1, H, count);
      lstmVector(p, gt, cp, cn, tc, hn, W);
      scatter(gates + g + j, gt, 4, H, count);
      scatter(cNext + s + j, cn, 1, H, count);
      scatter(tanhCell + s + j, tc, 1, H, count);
      scatter(hNext + s + j, hn, 1, H, count);
    }
  }

  static void gruBackward(const T* dh, const T* gates, const T* hPrev, const T* hh, T* dPre, T* dHh, T* dhPrev,
                          bool carry, int B, int H) {
    for (int b = 0; b < B; b++) {
      const size_t g = (size_t)b * 3 * H, s = (size_t)b * H;
      int j = 0;
      for (; j + W <= H; j += W) {
        gruBackwardVector(dh + s + j, gates + g + j, hPrev + s + j, hh + g + j, dPre + g + j, dHh + g + j,
                          dhPrev + s + j, carry, H);
      }
      if (j == H) continue;
      const int count = H - j;
      T d[W], gt[3 * W], hp[W], q[3 * W], dp[3 * W], dq[3 * W], dhp[W];
      gather(d, dh + s + j, 1, H, count);
      gather(gt, gates + g + j, 3, H, count);
      gather(hp, hPrev + s + j, 1, H, count);
      gather(q, hh + g + j, 3, H, count);
      gather(dhp, dhPrev + s + j, 1, H, count);
      gruBackwardVector(d, gt, hp, q, dp, dq, dhp, carry, W);
      scatter(dPre + g + j, dp, 3, H, count);
      scatter(dHh + g + j, dq, 3, H, count);
      if (carry) scatter(dhPrev + s + j, dhp, 1, H, count);
    }
  }

  static void lstmBackward(const T* dh, const T* gates, const T* cPrev, const T* tanhCell, T* dCell, T* dPre, int B,
                           int H) {
    for (int b = 0; b < B; b++) {
      const size_t g = (size_t)b * 4 * H, s = (size_t)b * H;
      int j = 0;
      for (; j + W <= H; j += W) {
        lstmBackwardVector(dh + s + j, gates + g + j, cPrev + s + j, tanhCell + s + j, dCell + s + j, dPre + g + j, H);
      }
      if (j == H) continue;
      const int count = H - j;
      T d[W], gt[4 * W], cp[W], tc[W], dc[W], dp[4 * W];
      gather(d, dh + s + j, 1, H, count);
      gather(gt, gates + g + j, 4, H, count);
      gather(cp, cPrev + s + j, 1, H, count);
      gather(tc, tanhCell + s + j, 1, H, count);
      gather(dc, dCell + s + j, 1, H, count);
      lstmBackwardVector(d, gt, cp, tc, dc, dp, W);
      scatter(dPre + g + j, dp, 4, H, count);
      scatter(dCell + s + j, dc, 1, H, count);
    }
  }
};

}  // namespace

IsaKernels kernels() {
  return IsaKernels{
      IMPULSE_STR(IMPULSE_ISA), Kernel<double>::MR, Kernel<double>::NR, Kernel<float>::MR, Kernel<float>::NR,
      &Kernel<double>::part, &Kernel<float>::part, &Kernel<double>::peak, &Kernel<float>::peak,
      {&Gates<double>::gru, &Gates<double>::lstm, &Gates<double>::gruBackward, &Gates<double>::lstmBackward,
       &Gates<double>::columnSums},
      {&Gates<float>::gru, &Gates<float>::lstm, &Gates<float>::gruBackward, &Gates<float>::lstmBackward,
       &Gates<float>::columnSums},
  };
}

}  // namespace IMPULSE_ISA
}  // namespace impulse
