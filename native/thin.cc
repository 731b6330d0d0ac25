// The two thin products the impulse-response carries spend their time in, compiled once per instruction set like
// gemm.cc: one or two rows times a matrix (the left carry L_{j+1} = L_j A) and a matrix times the transpose of one or
// two rows (its adjoint, A M_jᵀ). Both stream a d × d matrix once per call with a handful of values per element, so
// they are bound by memory, not by arithmetic; no packing, no threads. Every element of C gets its sums in an order
// that does not depend on the vector width: the AVX2 and AVX-512 builds give the same bits (both fuse the
// multiply-adds; the generic build does not).
#include <cstring>

#include "isa.h"

namespace impulse {

namespace IMPULSE_ISA {
namespace {

template <typename T>
struct Thin {
  // A lane group of 64 bytes whatever the instruction set: P native vectors of VECTOR_BYTES. Sums are kept per lane
  // of the group, so the order of every sum is the same in every build.
  typedef T V __attribute__((vector_size(VECTOR_BYTES), aligned(sizeof(T))));
  static constexpr int VW = VECTOR_BYTES / sizeof(T);
  static constexpr int P = 64 / VECTOR_BYTES;
  static constexpr int W = P * VW;

  static inline V load(const T* p) { return *reinterpret_cast<const V*>(p); }
  static inline void addStore(T* p, V x) { *reinterpret_cast<V*>(p) = load(p) + x; }
  static inline T lanes(const V* x) {
    T s = 0;
    for (int u = 0; u < P; u++)
      for (int w = 0; w < VW; w++) s += x[u][w];
    return s;
  }

  // c (m × n) += a (m × k) · b (k × n) for m = 1 or 2, as axpys over the rows of b, KB rows at a time: each element of
  // c is loaded and stored once per KB rows and gets one chain of multiply-adds, from its old value in the order of k.
  // b streams row by row (KB streams at once), which the prefetchers follow better than columns of a row-major b.
  template <int M>
  static void fewRowsTimes(int n, int k, const T* __restrict a, const T* __restrict b, T* __restrict c) {
    constexpr int KB = 4;
    int p = 0;
    for (; p + KB <= k; p += KB) {
      T x[M][KB];
      for (int i = 0; i < M; i++)
        for (int q = 0; q < KB; q++) x[i][q] = a[(size_t)i * k + p + q];
      const T* rows = b + (size_t)p * n;
      int j = 0;
      for (; j + VW <= n; j += VW) {
        V bv[KB];
#pragma GCC unroll 8
        for (int q = 0; q < KB; q++) bv[q] = load(rows + (size_t)q * n + j);
#pragma GCC unroll 2
        for (int i = 0; i < M; i++) {
          V acc = load(c + (size_t)i * n + j);
#pragma GCC unroll 8
          for (int q = 0; q < KB; q++) acc += x[i][q] * bv[q];
          *reinterpret_cast<V*>(c + (size_t)i * n + j) = acc;
        }
      }
      for (; j < n; j++) {
        for (int i = 0; i < M; i++) {
          T acc = c[(size_t)i * n + j];
          for (int q = 0; q < KB; q++) acc += x[i][q] * rows[(size_t)q * n + j];
          c[(size_t)i * n + j] = acc;
        }
      }
    }
    for (; p < k; p++) {
      const T* row = b + (size_t)p * n;
      for (int i = 0; i < M; i++) {
        const T x = a[(size_t)i * k + p];
        T* ci = c + (size_t)i * n;
        for (int j = 0; j < n; j++) ci[j] += x * row[j];
      }
    }
  }

  // c (m × n) += a (m × k) · bᵀ with b (n × k), n = 1 or 2: Q rows of a at a time (independent chains that hide the
  // multiply-add latency), each with W lanes of partial sums over k, then the lanes and the tail in order.
  template <int N>
  static void timesFewRowsT(int m, int k, const T* __restrict a, const T* __restrict b, T* __restrict c) {
    constexpr int Q = 4;
    int i = 0;
    for (; i < m; i += Q) {
      const int rows = m - i < Q ? m - i : Q;
      const T* r[Q];
      for (int q = 0; q < Q; q++) r[q] = a + (size_t)(i + (q < rows ? q : 0)) * k;
      V acc[Q][N][P];
#pragma GCC unroll 16
      for (int q = 0; q < Q; q++)
#pragma GCC unroll 16
        for (int j = 0; j < N; j++)
#pragma GCC unroll 16
          for (int u = 0; u < P; u++) acc[q][j][u] = V{};
      int p = 0;
      for (; p + W <= k; p += W) {
#pragma GCC unroll 16
        for (int u = 0; u < P; u++) {
          V x[N];
#pragma GCC unroll 16
          for (int j = 0; j < N; j++) x[j] = load(b + (size_t)j * k + p + u * VW);
#pragma GCC unroll 16
          for (int q = 0; q < Q; q++) {
            const V av = load(r[q] + p + u * VW);
#pragma GCC unroll 16
            for (int j = 0; j < N; j++) acc[q][j][u] += av * x[j];
          }
        }
      }
      for (int q = 0; q < rows; q++) {
        for (int j = 0; j < N; j++) {
          T s = lanes(acc[q][j]);
          for (int t = p; t < k; t++) s += r[q][t] * b[(size_t)j * k + t];
          c[(size_t)(i + q) * N + j] += s;
        }
      }
    }
  }

  // The entry point: returns false for a shape it does not take (the caller then runs the WebAssembly kernel).
  static bool product(bool transA, bool transB, int m, int n, int k, const T* a, const T* b, T* c) {
    if (k == 1) transB = false;  // one row or one column of b: the same memory either way
    if (transA) return false;
    if (!transB && m == 1) return fewRowsTimes<1>(n, k, a, b, c), true;
    if (!transB && m == 2) return fewRowsTimes<2>(n, k, a, b, c), true;
    if (transB && n == 1) return timesFewRowsT<1>(m, k, a, b, c), true;
    if (transB && n == 2) return timesFewRowsT<2>(m, k, a, b, c), true;
    return false;
  }
};

}  // namespace

void addThinKernels(IsaKernels& kernels) {
  kernels.thin64 = &Thin<double>::product;
  kernels.thin32 = &Thin<float>::product;
}

}  // namespace IMPULSE_ISA
}  // namespace impulse
