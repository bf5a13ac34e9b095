// A small persistent thread pool: parallel_for splits [0, n) into one contiguous range per thread.
#pragma once

#include <condition_variable>
#include <exception>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace benchtop {

class ThreadPool {
 public:
  explicit ThreadPool(int threads);
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int threads() const { return threads_; }

  // Calls fn(begin, end) over disjoint ranges covering [0, n), at most one range per thread, and
  // returns when all are done. The calling thread runs the first range (and, as run() says, any
  // range no worker has started by then). Ranges hold at least `grain` items (except the last),
  // so small jobs stay on one thread. A call made from inside a running parallel_for, or while
  // another JS thread holds the pool, runs serially.
  void parallel_for(int64_t n, int64_t grain, const std::function<void(int64_t, int64_t)>& fn);

  // Calls fn(i) for i in [0, tasks) with tasks <= threads(), each on its own thread (the caller
  // runs task 0). A task that no worker has started by the time the caller finishes its own runs
  // on the caller too: on a busy machine a descheduled worker then costs one task's time, not a
  // wait for the scheduler. Serial, in order, when nested or when the pool is busy. An exception
  // thrown by a task (std::bad_alloc, say) is rethrown here once every task has finished.
  void run(int tasks, const std::function<void(int)>& fn);

  // How many tasks run() would really run at once from here (1 when nested or busy).
  int available() const;

 private:
  void worker_loop(int index);

  int threads_;
  std::vector<std::thread> workers_;
  std::mutex busy_;  // held by the caller of a parallel job: one job at a time
  std::mutex mutex_;
  std::condition_variable start_cv_;
  std::condition_variable done_cv_;
  uint64_t generation_ = 0;
  int pending_ = 0;
  int active_tasks_ = 0;
  std::vector<char> claimed_;  // per task of the current job: started by a worker or the caller
  const std::function<void(int)>* fn_ = nullptr;
  std::exception_ptr error_;
};

// The process-wide pool, sized by BENCHTOP_THREADS or the hardware concurrency.
ThreadPool& pool();
int configured_threads();

}  // namespace benchtop
