// The chosen kernel table and the thread pool (pool.h): a job is split into contiguous shares of whole micro-tiles of
// C (a product) or of batch rows (a gate step), one per thread, so no two threads write the same values.
#include "pool.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace impulse {

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

namespace {

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

  // One job at a time: another caller runs alone.
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

}  // namespace

void runJob(const Job& job) { Pool::instance().run(job); }
void setPoolThreads(int threads) { Pool::instance().setThreads(threads); }
int poolThreads() { return Pool::instance().threads(); }

}  // namespace impulse
