// Node-API binding of the native kernels (gemm.cc, gates.cc): C += op(A) · op(B), split over a small pool of threads
// when asked (pool.cc), and the GRU/LSTM gate steps, on a WebAssembly.Memory's buffer (src-shared/engine/backend/wasm.ts
// keeps every model buffer there, so the WASM kernels and these share them and nothing is copied). The functions the
// addon exports are here; their argument checks are in napi_args.cc. Node-API is ABI-stable, so the one build loads in
// Node and in Electron's utility processes alike.
#include <node_api.h>

#include <cstdint>
#include <string>

#include "napi_args.h"
#include "pool.h"

namespace impulse {
namespace {

// gemm(memory: ArrayBuffer, float32: 0|1, transA, transB, m, n, k, a, lda, b, ldb, c, ldc): a, b and c are byte offsets.
napi_value Gemm(napi_env env, napi_callback_info info) {
  size_t argc = 13;
  napi_value args[13];
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  if (argc != 13) return throwError(env, "gemm: expected 13 arguments");
  void* data = nullptr;
  size_t bytes = 0;
  bool isBuffer = false;
  napi_is_arraybuffer(env, args[0], &isBuffer);
  if (!isBuffer || napi_get_arraybuffer_info(env, args[0], &data, &bytes) != napi_ok) {
    return throwError(env, "gemm: the first argument must be an ArrayBuffer");
  }
  static const char* names[] = {"float32", "transA", "transB", "m", "n", "k", "a", "lda", "b", "ldb", "c", "ldc"};
  int64_t v[12];
  for (int i = 0; i < 12; i++) {
    if (!intArg(env, args[i + 1], &v[i])) return throwError(env, std::string("gemm: ") + names[i] + " must be an integer");
  }
  const bool f32 = v[0] != 0, transA = v[1] != 0, transB = v[2] != 0;
  const int64_t m = v[3], n = v[4], k = v[5], a = v[6], lda = v[7], b = v[8], ldb = v[9], c = v[10], ldc = v[11];
  const int64_t size = f32 ? 4 : 8;
  if (m < 0 || n < 0 || k < 0 || m > INT32_MAX || n > INT32_MAX || k > INT32_MAX) return throwError(env, "gemm: m, n, k must be in [0, 2^31)");
  if (m == 0 || n == 0 || k == 0) return nullptr;
  // every operand inside the buffer, aligned to its element, with a leading dimension that covers its rows
  auto fits = [&](const char* name, int64_t offset, int64_t rows, int64_t cols, int64_t ld) -> std::string {
    if (ld < cols || ld > INT32_MAX) return std::string(name) + ": leading dimension too small or too large";
    if (offset < 0 || offset % size != 0) return std::string(name) + ": offset must be a non-negative multiple of the element size";
    const int64_t last = offset + ((rows - 1) * ld + cols) * size;
    if (last > (int64_t)bytes) return std::string(name) + ": extends past the end of the buffer";
    return "";
  };
  std::string bad = fits("a", a, transA ? k : m, transA ? m : k, lda);
  if (bad.empty()) bad = fits("b", b, transB ? n : k, transB ? k : n, ldb);
  if (bad.empty()) bad = fits("c", c, m, n, ldc);
  if (!bad.empty()) return throwError(env, "gemm: " + bad);
  auto* base = static_cast<char*>(data);
  Job job;
  job.f32 = f32;
  job.transA = transA;
  job.transB = transB;
  job.m = (int)m;
  job.n = (int)n;
  job.k = (int)k;
  job.lda = (int)lda;
  job.ldb = (int)ldb;
  job.ldc = (int)ldc;
  job.a = base + a;
  job.b = base + b;
  job.c = base + c;
  job.splitRows = m >= n;
  runJob(job);
  return nullptr;
}


napi_value runGates(Op op, const GateCall& call) {
  Job job;
  job.op = op;
  job.f32 = call.f32;
  job.gate = call;
  runJob(job);
  return nullptr;
}

// gruGates(memory, float32, pre, hh, gates, hPrev, hNext, B, H)
napi_value GruGates(napi_env env, napi_callback_info info) {
  static const int sizes[] = {3, 3, 3, 1, 1};
  GateCall c;
  return readGateCall(env, info, "gruGates", 5, sizes, false, &c) ? runGates(Op::Gru, c) : nullptr;
}

// lstmGates(memory, float32, pre, gates, cPrev, cNext, tanhCell, hNext, B, H)
napi_value LstmGates(napi_env env, napi_callback_info info) {
  static const int sizes[] = {4, 4, 1, 1, 1, 1};
  GateCall c;
  return readGateCall(env, info, "lstmGates", 6, sizes, false, &c) ? runGates(Op::Lstm, c) : nullptr;
}

// gruGatesBackward(memory, float32, dh, gates, hPrev, hh, dPre, dHh, dhPrev, B, H, carry)
napi_value GruGatesBackward(napi_env env, napi_callback_info info) {
  static const int sizes[] = {1, 3, 1, 3, 3, 3, 1};
  GateCall c;
  return readGateCall(env, info, "gruGatesBackward", 7, sizes, true, &c) ? runGates(Op::GruBackward, c) : nullptr;
}

// lstmGatesBackward(memory, float32, dh, gates, cPrev, tanhCell, dCell, dPre, B, H)
napi_value LstmGatesBackward(napi_env env, napi_callback_info info) {
  static const int sizes[] = {1, 4, 1, 1, 1, 4};
  GateCall c;
  return readGateCall(env, info, "lstmGatesBackward", 6, sizes, false, &c) ? runGates(Op::LstmBackward, c) : nullptr;
}

// addColumnSums(memory, float32, out, m, rows, n): out[0 .. n) += the column sums of rows × n values at m.
template <typename T>
void columnSums(const GateCall& c) { gatesOf<T>().columnSums(at<T>(c, 0), at<T>(c, 1), c.B, c.H); }
napi_value AddColumnSums(napi_env env, napi_callback_info info) {
  static const int sizes[] = {0, 1};
  GateCall c;
  if (readGateCall(env, info, "addColumnSums", 2, sizes, false, &c)) c.f32 ? columnSums<float>(c) : columnSums<double>(c);
  return nullptr;
}

// setThreads(n): threads a product may use from now on (1 = the calling thread only); returns the setting.
napi_value SetThreads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg;
  napi_get_cb_info(env, info, &argc, &arg, nullptr, nullptr);
  int64_t threads = 0;
  if (argc != 1 || !intArg(env, arg, &threads) || threads < 1 || threads > 64) {
    return throwError(env, "setThreads: expected an integer from 1 to 64");
  }
  setPoolThreads((int)threads);
  napi_value out;
  napi_create_int32(env, poolThreads(), &out);
  return out;
}

// The instruction set the kernel was chosen for ("avx512", "avx2" or "generic").
napi_value Isa(napi_env env, napi_callback_info) {
  napi_value out;
  napi_create_string_utf8(env, chosenKernels().name, NAPI_AUTO_LENGTH, &out);
  return out;
}

// peakLoop(rounds, float32: 0|1): runs the build's multiply-add loop, returns the flops done.
napi_value PeakLoop(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value args[2];
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  int64_t rounds = 0, f32 = 0;
  if (argc != 2 || !intArg(env, args[0], &rounds) || !intArg(env, args[1], &f32) || rounds < 0) {
    return throwError(env, "peakLoop: expected a non-negative round count and 0 or 1");
  }
  const double flops = f32 ? chosenKernels().peak32((long)rounds) : chosenKernels().peak64((long)rounds);
  napi_value out;
  napi_create_double(env, flops, &out);
  return out;
}

napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"gemm", nullptr, Gemm, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"setThreads", nullptr, SetThreads, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"isa", nullptr, Isa, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"peakLoop", nullptr, PeakLoop, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gruGates", nullptr, GruGates, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"lstmGates", nullptr, LstmGates, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gruGatesBackward", nullptr, GruGatesBackward, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"lstmGatesBackward", nullptr, LstmGatesBackward, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"addColumnSums", nullptr, AddColumnSums, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  return exports;
}

}  // namespace
}  // namespace impulse

NAPI_MODULE(NODE_GYP_MODULE_NAME, impulse::Init)
