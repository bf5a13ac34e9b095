#include "threadpool.h"

#include <algorithm>
#include <cstdlib>
#include <string>

namespace benchtop {

namespace {
thread_local bool in_parallel_region = false;
}

ThreadPool::ThreadPool(int threads) : threads_(std::max(1, threads)), claimed_(threads_, 0) {
  for (int i = 1; i < threads_; ++i) workers_.emplace_back([this, i] { worker_loop(i); });
  // The workers live as long as the process: the pool is never destroyed (see pool()).
  for (auto& w : workers_) w.detach();
}

void ThreadPool::worker_loop(int index) {
  in_parallel_region = true;
  uint64_t seen = 0;
  for (;;) {
    const std::function<void(int)>* fn;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      start_cv_.wait(lock, [&] { return generation_ != seen; });
      seen = generation_;
      if (index >= active_tasks_ || claimed_[index]) continue;  // the caller ran it already
      claimed_[index] = 1;
      fn = fn_;
    }
    std::exception_ptr error;
    try {
      (*fn)(index);
    } catch (...) {
      error = std::current_exception();
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (error && !error_) error_ = error;
      if (--pending_ == 0) done_cv_.notify_one();
    }
  }
}

int ThreadPool::available() const { return in_parallel_region ? 1 : threads_; }

void ThreadPool::run(int tasks, const std::function<void(int)>& fn) {
  if (tasks <= 0) return;
  tasks = std::min(tasks, threads_);
  std::unique_lock<std::mutex> busy(busy_, std::defer_lock);
  if (tasks == 1 || in_parallel_region || !busy.try_lock()) {
    for (int i = 0; i < tasks; ++i) fn(i);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    fn_ = &fn;
    error_ = nullptr;
    active_tasks_ = tasks;
    std::fill(claimed_.begin(), claimed_.end(), 0);
    claimed_[0] = 1;
    pending_ = tasks - 1;
    ++generation_;
  }
  start_cv_.notify_all();
  std::exception_ptr error;
  in_parallel_region = true;
  try {
    fn(0);
  } catch (...) {
    error = std::current_exception();
  }
  // Then every task whose worker has not woken up yet.
  for (int i = 1; i < tasks; ++i) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (claimed_[i]) continue;
      claimed_[i] = 1;
    }
    try {
      fn(i);
    } catch (...) {
      if (!error) error = std::current_exception();
    }
    std::lock_guard<std::mutex> lock(mutex_);
    --pending_;
  }
  in_parallel_region = false;
  std::unique_lock<std::mutex> lock(mutex_);
  done_cv_.wait(lock, [&] { return pending_ == 0; });
  fn_ = nullptr;
  if (!error) error = error_;
  error_ = nullptr;
  lock.unlock();
  if (error) std::rethrow_exception(error);
}

void ThreadPool::parallel_for(int64_t n, int64_t grain, const std::function<void(int64_t, int64_t)>& fn) {
  if (n <= 0) return;
  grain = std::max<int64_t>(1, grain);
  const int64_t tasks = std::min<int64_t>(threads_, (n + grain - 1) / grain);
  const int64_t chunk = (n + tasks - 1) / tasks;
  run(static_cast<int>((n + chunk - 1) / chunk), [&](int i) {
    const int64_t begin = i * chunk;
    const int64_t end = std::min(n, begin + chunk);
    if (begin < end) fn(begin, end);
  });
}

int configured_threads() {
  static const int threads = [] {
    if (const char* env = std::getenv("BENCHTOP_THREADS")) {
      char* end = nullptr;
      long value = std::strtol(env, &end, 10);
      if (end != env && *end == '\0' && value >= 1 && value <= 1024) return static_cast<int>(value);
    }
    unsigned hw = std::thread::hardware_concurrency();
    return hw == 0 ? 1 : static_cast<int>(hw);
  }();
  return threads;
}

ThreadPool& pool() {
  // Leaked on purpose: detached workers must never see a destroyed pool at process exit.
  static ThreadPool* instance = new ThreadPool(configured_threads());
  return *instance;
}

}  // namespace benchtop
