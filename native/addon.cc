// Node-API binding of the native kernels (gemm.cc, thin.cc, adam.cc, gates.cc): C += op(A) · op(B), split over a small
// pool of threads when asked (pool.cc), the thin products of the impulse carries, Adam's update, and the GRU/LSTM gate
// steps, on a WebAssembly.Memory's buffer (src-shared/engine/backend/wasm.ts keeps every model buffer there, so the
// WASM kernels and these share them and nothing is copied). The functions the addon exports are here; the gate
// steps' argument checks are in napi_args.cc. Node-API is ABI-stable, so the one build loads in
// Node and in Electron's utility processes alike.
#include <node_api.h>

#include <cstdint>
#include <string>

#include "napi_args.h"
#include "pool.h"

namespace impulse {
namespace {

// The operand `name` of rows × cols values with leading dimension ld at byte `offset`: inside the buffer of `bytes`
// and aligned to its element of `size` bytes; "" when it is, else what is wrong.
std::string operandFits(const char* name, int64_t offset, int64_t rows, int64_t cols, int64_t ld, int64_t size,
                        size_t bytes) {
  if (ld < cols || ld > INT32_MAX) return std::string(name) + ": leading dimension too small or too large";
  if (offset < 0 || offset % size != 0) return std::string(name) + ": offset must be a non-negative multiple of the element size";
  const int64_t last = offset + ((rows - 1) * ld + cols) * size;
  if (last > (int64_t)bytes) return std::string(name) + ": extends past the end of the buffer";
  return "";
}

// Reads a product's arguments after the memory: `count` integers named by `names`, into v; the memory into data and
// bytes. Returns false after throwing.
bool productArgs(napi_env env, napi_callback_info info, const char* fn, size_t count, const char* const* names,
                 int64_t* v, void** data, size_t* bytes) {
  napi_value args[16];
  size_t argc = 16;
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  if (argc != count + 1) {
    throwError(env, std::string(fn) + ": expected " + std::to_string(count + 1) + " arguments");
    return false;
  }
  bool isBuffer = false;
  napi_is_arraybuffer(env, args[0], &isBuffer);
  if (!isBuffer || napi_get_arraybuffer_info(env, args[0], data, bytes) != napi_ok) {
    throwError(env, std::string(fn) + ": the first argument must be an ArrayBuffer");
    return false;
  }
  for (size_t i = 0; i < count; i++) {
    if (!intArg(env, args[i + 1], &v[i])) {
      throwError(env, std::string(fn) + ": " + names[i] + " must be an integer");
      return false;
    }
  }
  const int64_t m = v[3], n = v[4], k = v[5];
  if (m < 0 || n < 0 || k < 0 || m > INT32_MAX || n > INT32_MAX || k > INT32_MAX) {
    throwError(env, std::string(fn) + ": m, n, k must be in [0, 2^31)");
    return false;
  }
  return true;
}

// gemm(memory: ArrayBuffer, float32: 0|1, transA, transB, m, n, k, a, lda, b, ldb, c, ldc): a, b and c are byte offsets.
napi_value Gemm(napi_env env, napi_callback_info info) {
  static const char* names[] = {"float32", "transA", "transB", "m", "n", "k", "a", "lda", "b", "ldb", "c", "ldc"};
  int64_t v[12];
  void* data = nullptr;
  size_t bytes = 0;
  if (!productArgs(env, info, "gemm", 12, names, v, &data, &bytes)) return nullptr;
  const bool f32 = v[0] != 0, transA = v[1] != 0, transB = v[2] != 0;
  const int64_t m = v[3], n = v[4], k = v[5], a = v[6], lda = v[7], b = v[8], ldb = v[9], c = v[10], ldc = v[11];
  const int64_t size = f32 ? 4 : 8;
  if (m == 0 || n == 0 || k == 0) return nullptr;
  // every operand inside the buffer, aligned to its element, with a leading dimension that covers its rows
  std::string bad = operandFits("a", a, transA ? k : m, transA ? m : k, lda, size, bytes);
  if (bad.empty()) bad = operandFits("b", b, transB ? n : k, transB ? k : n, ldb, size, bytes);
  if (bad.empty()) bad = operandFits("c", c, m, n, ldc, size, bytes);
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

// gemmThin(memory, float32, transA, transB, m, n, k, a, b, c): C += op(A) · op(B) on contiguous operands when one
// side has one or two rows (thin.cc), on the calling thread. Returns false, having done nothing, for another shape.
napi_value GemmThin(napi_env env, napi_callback_info info) {
  static const char* names[] = {"float32", "transA", "transB", "m", "n", "k", "a", "b", "c"};
  int64_t v[9];
  void* data = nullptr;
  size_t bytes = 0;
  if (!productArgs(env, info, "gemmThin", 9, names, v, &data, &bytes)) return nullptr;
  const bool f32 = v[0] != 0, transA = v[1] != 0, transB = v[2] != 0;
  const int64_t m = v[3], n = v[4], k = v[5], a = v[6], b = v[7], c = v[8];
  const int64_t size = f32 ? 4 : 8;
  bool done = m == 0 || n == 0 || k == 0;
  if (!done) {
    std::string bad = operandFits("a", a, transA ? k : m, transA ? m : k, transA ? m : k, size, bytes);
    if (bad.empty()) bad = operandFits("b", b, transB ? n : k, transB ? k : n, transB ? k : n, size, bytes);
    if (bad.empty()) bad = operandFits("c", c, m, n, n, size, bytes);
    if (!bad.empty()) return throwError(env, "gemmThin: " + bad);
    auto* base = static_cast<char*>(data);
    const IsaKernels& ks = chosenKernels();
    done = f32 ? ks.thin32(transA, transB, (int)m, (int)n, (int)k, reinterpret_cast<const float*>(base + a),
                           reinterpret_cast<const float*>(base + b), reinterpret_cast<float*>(base + c))
               : ks.thin64(transA, transB, (int)m, (int)n, (int)k, reinterpret_cast<const double*>(base + a),
                           reinterpret_cast<const double*>(base + b), reinterpret_cast<double*>(base + c));
  }
  napi_value out;
  napi_get_boolean(env, done, &out);
  return out;
}

// A Float64Array argument: its data and length; false after throwing.
bool float64Array(napi_env env, napi_value value, const char* fn, const char* name, double** data, size_t* length) {
  bool isTyped = false;
  napi_is_typedarray(env, value, &isTyped);
  napi_typedarray_type type;
  void* raw = nullptr;
  if (!isTyped || napi_get_typedarray_info(env, value, &type, length, &raw, nullptr, nullptr) != napi_ok ||
      type != napi_float64_array) {
    throwError(env, std::string(fn) + ": " + name + " must be a Float64Array");
    return false;
  }
  *data = static_cast<double*>(raw);
  return true;
}

// adamUpdate(params, grad, m, v, stepSize, sqrtBc2, beta1, beta2, eps): Float64Arrays of one length, updated in place
// (adam.cc); stepSize = lr / (1 − β1^t) and sqrtBc2 = √(1 − β2^t) come from the caller, as optim.ts computes them.
napi_value AdamUpdate(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value args[9];
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  if (argc != 9) return throwError(env, "adamUpdate: expected 9 arguments");
  static const char* arrays[] = {"params", "grad", "m", "v"};
  double* data[4];
  size_t lengths[4];
  for (int i = 0; i < 4; i++) {
    if (!float64Array(env, args[i], "adamUpdate", arrays[i], &data[i], &lengths[i])) return nullptr;
    if (lengths[i] != lengths[0]) return throwError(env, std::string("adamUpdate: ") + arrays[i] + " must have the length of params");
  }
  static const char* scalars[] = {"stepSize", "sqrtBc2", "beta1", "beta2", "eps"};
  double x[5];
  for (int i = 0; i < 5; i++) {
    napi_valuetype type;
    napi_typeof(env, args[4 + i], &type);
    if (type != napi_number) return throwError(env, std::string("adamUpdate: ") + scalars[i] + " must be a number");
    napi_get_value_double(env, args[4 + i], &x[i]);
  }
  chosenKernels().adam(data[0], data[1], data[2], data[3], (long)lengths[0], x[0], x[1], x[2], x[3], x[4]);
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
      {"gemmThin", nullptr, GemmThin, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"adamUpdate", nullptr, AdamUpdate, nullptr, nullptr, nullptr, napi_default, nullptr},
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
