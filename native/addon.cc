// Node-API binding of the native kernels (kernel.cc): C += op(A) · op(B), split over a small pool of threads when
// asked, and the GRU/LSTM gate steps, on a WebAssembly.Memory's buffer (src-shared/engine/backend/wasm.ts keeps every model
// buffer there, so the WASM kernels and these share them and nothing is copied). Node-API is ABI-stable, so the one
// build loads in Node and in Electron's utility processes alike.
#include <node_api.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kernel.h"

namespace impulse {
namespace {

// The widest instruction set the CPU has; IMPULSE_NATIVE_ISA=avx2 or generic asks for a narrower one (tests compare them).
const IsaKernels& chosenKernels() {
  static const IsaKernels chosen = [] {
    const char* asked = std::getenv("IMPULSE_NATIVE_ISA");
    const std::string limit = asked ? asked : "";
#if defined(__x86_64__) || defined(_M_X64)
    __builtin_cpu_init();
    const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    if (limit != "avx2" && limit != "generic" && __builtin_cpu_supports("avx512f")) return avx512::kernels();
    if (limit != "generic" && avx2) return avx2::kernels();
#endif
    return generic::kernels();
  }();
  return chosen;
}

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

void runGatePart(const Job& job, int index);

// Scratch per thread, aligned to 64 bytes, sized for doubles (floats fit).
struct Scratch {
  std::vector<double> values = std::vector<double>(PACKED_SCRATCH + 8);
  double* aligned() {
    auto p = reinterpret_cast<uintptr_t>(values.data());
    return reinterpret_cast<double*>((p + 63) & ~uintptr_t(63));
  }
};

void runPart(const Job& job, int index, Scratch& scratch) {
  if (job.op != Op::Gemm) return runGatePart(job, index);
  const IsaKernels& ks = chosenKernels();
  const int mr = job.f32 ? ks.mr32 : ks.mr64;
  const int nr = job.f32 ? ks.nr32 : ks.nr64;
  int i0 = 0, i1 = job.m, j0 = 0, j1 = job.n;
  // contiguous shares of whole micro-tiles
  const int extent = job.splitRows ? job.m : job.n;
  const int tile = job.splitRows ? mr : nr;
  const int tiles = (extent + tile - 1) / tile;
  const int from = std::min(extent, (tiles * index / job.parts) * tile);
  const int to = std::min(extent, (tiles * (index + 1) / job.parts) * tile);
  if (from >= to) return;
  if (job.splitRows) { i0 = from; i1 = to; } else { j0 = from; j1 = to; }
  if (job.f32) {
    ks.gemm32(job.transA, job.transB, job.m, job.n, job.k, static_cast<const float*>(job.a), job.lda,
              static_cast<const float*>(job.b), job.ldb, static_cast<float*>(job.c), job.ldc, i0, i1, j0, j1,
              reinterpret_cast<float*>(scratch.aligned()));
  } else {
    ks.gemm64(job.transA, job.transB, job.m, job.n, job.k, static_cast<const double*>(job.a), job.lda,
              static_cast<const double*>(job.b), job.ldb, static_cast<double*>(job.c), job.ldc, i0, i1, j0, j1,
              scratch.aligned());
  }
}

// Helper threads that wait for a job: they spin briefly (a training step issues products back to back), then sleep.
class Pool {
 public:
  // Never destroyed: the helpers are detached and simply end with the process.
  static Pool& instance() {
    static Pool* pool = new Pool();
    return *pool;
  }

  void setThreads(int threads) {
    std::lock_guard<std::mutex> use(inUse_);
    while ((int)helpers_.size() + 1 < threads) {
      const int index = (int)helpers_.size() + 1;
      helpers_.push_back(std::make_unique<Scratch>());
      Scratch* scratch = helpers_.back().get();
      // the generation now, not when the thread gets to run: a job posted before then must not be missed
      const uint64_t seen = generation_.load(std::memory_order_acquire);
      std::thread([this, index, scratch, seen] { helperLoop(index, *scratch, seen); }).detach();
    }
    threads_ = threads;
  }

  int threads() const { return threads_; }

  // Runs the job on the calling thread and the helpers; one job at a time (another caller runs alone).
  void run(Job job) {
    std::unique_lock<std::mutex> use(inUse_, std::try_to_lock);
    const bool large = job.op == Op::Gemm ? (long)job.m * job.n * job.k >= MIN_SPLIT_WORK
                                          : (long)job.gate.B * job.gate.H >= MIN_SPLIT_GATES && job.gate.B > 1;
    if (!use.owns_lock() || threads_ < 2 || !large) {
      job.parts = 1;
      runPart(job, 0, own_);
      return;
    }
    job.parts = threads_;
    {
      std::lock_guard<std::mutex> lock(wake_);
      job_ = job;
      pending_.store((int)helpers_.size(), std::memory_order_relaxed);
      generation_.fetch_add(1, std::memory_order_release);
    }
    sleeping_.notify_all();
    runPart(job, 0, own_);
    while (pending_.load(std::memory_order_acquire) > 0) spinPause();
  }

 private:
  // Below this many multiply-adds a product runs on one thread: waking a helper would cost more than it saves.
  static constexpr long MIN_SPLIT_WORK = 200000;
  // Below this many gate lanes (B × H) a gate step runs on one thread.
  static constexpr long MIN_SPLIT_GATES = 4096;
  static constexpr auto SPIN = std::chrono::microseconds(200);

  static void spinPause() {
#if defined(__x86_64__) || defined(_M_X64)
    __builtin_ia32_pause();
#endif
  }

  void helperLoop(int index, Scratch& scratch, uint64_t seen) {
    for (;;) {
      const auto until = std::chrono::steady_clock::now() + SPIN;
      for (int spins = 0; generation_.load(std::memory_order_acquire) == seen; spins++) {
        spinPause();
        if (spins % 64 == 63 && std::chrono::steady_clock::now() > until) break;
      }
      if (generation_.load(std::memory_order_acquire) == seen) {
        std::unique_lock<std::mutex> lock(wake_);
        sleeping_.wait(lock, [&] { return generation_.load(std::memory_order_acquire) != seen; });
      }
      Job job;
      {
        std::lock_guard<std::mutex> lock(wake_);
        seen = generation_.load(std::memory_order_acquire);
        job = job_;
      }
      if (index < job.parts) runPart(job, index, scratch);
      pending_.fetch_sub(1, std::memory_order_acq_rel);
    }
  }

  std::mutex inUse_;
  std::mutex wake_;
  std::condition_variable sleeping_;
  std::atomic<uint64_t> generation_{0};
  std::atomic<int> pending_{0};
  Job job_{};
  int threads_ = 1;
  Scratch own_;
  std::vector<std::unique_ptr<Scratch>> helpers_;
};

napi_value throwError(napi_env env, const std::string& message) {
  napi_throw_range_error(env, nullptr, message.c_str());
  return nullptr;
}

bool intArg(napi_env env, napi_value value, int64_t* out) {
  napi_valuetype type;
  if (napi_typeof(env, value, &type) != napi_ok || type != napi_number) return false;
  double d;
  napi_get_value_double(env, value, &d);
  if (!(d >= -9007199254740991.0 && d <= 9007199254740991.0) || d != (double)(int64_t)d) return false;
  *out = (int64_t)d;
  return true;
}

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
  Pool::instance().run(job);
  return nullptr;
}


// Reads (memory, float32, offsets × arrays, B, H[, carry]) and checks that array i, of sizes[i] × B·H values (H when
// sizes[i] is 0), lies inside the buffer; returns false after throwing.
bool readGateCall(napi_env env, napi_callback_info info, const char* name, int arrays, const int* sizes, bool withCarry,
                  GateCall* call) {
  const size_t expected = 2 + arrays + 2 + (withCarry ? 1 : 0);
  size_t argc = 12;
  napi_value args[12];
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  const std::string fn(name);
  if (argc != expected) return throwError(env, fn + ": expected " + std::to_string(expected) + " arguments"), false;
  void* data = nullptr;
  bool isBuffer = false;
  napi_is_arraybuffer(env, args[0], &isBuffer);
  if (!isBuffer || napi_get_arraybuffer_info(env, args[0], &data, &call->bytes) != napi_ok) {
    return throwError(env, fn + ": the first argument must be an ArrayBuffer"), false;
  }
  call->base = static_cast<char*>(data);
  int64_t v[11];
  for (size_t i = 1; i < expected; i++) {
    if (!intArg(env, args[i], &v[i - 1])) return throwError(env, fn + ": argument " + std::to_string(i) + " must be an integer"), false;
  }
  call->f32 = v[0] != 0;
  call->arrays = arrays;
  for (int i = 0; i < arrays; i++) call->sizes[i] = sizes[i];
  const int64_t B = v[1 + arrays], H = v[2 + arrays];
  if (B < 0 || H < 0 || B > (1 << 24) || H > (1 << 24)) return throwError(env, fn + ": B and H must be in [0, 2^24)"), false;
  call->B = (int)B;
  call->H = (int)H;
  call->carry = withCarry && v[3 + arrays] != 0;
  const int64_t size = call->f32 ? 4 : 8;
  for (int i = 0; i < arrays; i++) {
    const int64_t offset = v[1 + i];
    const int64_t values = sizes[i] > 0 ? sizes[i] * B * H : H;
    if (offset < 0 || offset % size != 0 || offset + values * size > (int64_t)call->bytes) {
      return throwError(env, fn + ": array " + std::to_string(i + 1) + " lies outside the buffer or is misaligned"), false;
    }
    call->offsets[i] = offset;
  }
  return true;
}

template <typename T>
T* at(const GateCall& call, int i) {
  return reinterpret_cast<T*>(call.base + call.offsets[i]);
}

template <typename T>
const GateKernels<T>& gatesOf();
template <>
const GateKernels<double>& gatesOf<double>() { return chosenKernels().gates64; }
template <>
const GateKernels<float>& gatesOf<float>() { return chosenKernels().gates32; }

template <typename T>
void gruOf(const GateCall& c) {
  gatesOf<T>().gru(at<T>(c, 0), at<T>(c, 1), at<T>(c, 2), at<T>(c, 3), at<T>(c, 4), c.B, c.H);
}

template <typename T>
void lstmOf(const GateCall& c) {
  gatesOf<T>().lstm(at<T>(c, 0), at<T>(c, 1), at<T>(c, 2), at<T>(c, 3), at<T>(c, 4), at<T>(c, 5), c.B, c.H);
}

template <typename T>
void gruBackwardOf(const GateCall& c) {
  gatesOf<T>().gruBackward(at<T>(c, 0), at<T>(c, 1), at<T>(c, 2), at<T>(c, 3), at<T>(c, 4), at<T>(c, 5), at<T>(c, 6),
                           c.carry, c.B, c.H);
}

template <typename T>
void lstmBackwardOf(const GateCall& c) {
  gatesOf<T>().lstmBackward(at<T>(c, 0), at<T>(c, 1), at<T>(c, 2), at<T>(c, 3), at<T>(c, 4), at<T>(c, 5), c.B, c.H);
}

// Rows [B·index/parts, B·(index+1)/parts) of a gate step: the same call on those rows' slices of every array.
void runGatePart(const Job& job, int index) {
  const GateCall& whole = job.gate;
  const int b0 = (int)((long)whole.B * index / job.parts), b1 = (int)((long)whole.B * (index + 1) / job.parts);
  if (b0 >= b1) return;
  GateCall part = whole;
  part.B = b1 - b0;
  const int64_t size = whole.f32 ? 4 : 8;
  for (int i = 0; i < whole.arrays; i++) part.offsets[i] += (int64_t)b0 * whole.sizes[i] * whole.H * size;
  switch (job.op) {
    case Op::Gru: return part.f32 ? gruOf<float>(part) : gruOf<double>(part);
    case Op::Lstm: return part.f32 ? lstmOf<float>(part) : lstmOf<double>(part);
    case Op::GruBackward: return part.f32 ? gruBackwardOf<float>(part) : gruBackwardOf<double>(part);
    case Op::LstmBackward: return part.f32 ? lstmBackwardOf<float>(part) : lstmBackwardOf<double>(part);
    case Op::Gemm: return;
  }
}

napi_value runGates(Op op, const GateCall& call) {
  Job job;
  job.op = op;
  job.f32 = call.f32;
  job.gate = call;
  Pool::instance().run(job);
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
  Pool::instance().setThreads((int)threads);
  napi_value out;
  napi_create_int32(env, Pool::instance().threads(), &out);
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
