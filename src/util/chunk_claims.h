// Chunks of a parallel loop handed out while it runs: each thread takes its
// own chunks (its home range) in order, then helps with those the other
// threads have not reached yet. On a shared machine a thread is now and
// then held up for tens of microseconds (a timer interrupt, the host taking
// the core); with fixed ranges every other thread then waits for it at the
// next barrier, with claims it takes over the held-up thread's remaining
// chunks. One counter per home range, each on its own cache line: a thread
// claiming its own chunks touches only its own line.
//
// Callers must make the results independent of which thread runs which
// chunk (rejuv's pair loops sum exact integers), so that claims change
// timings only.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <vector>

namespace rejuv::util {

class ChunkClaims {
public:
  // Ranges of positions, one per thread; what a position stands for (a
  // chunk, or an entry of a list of chunks) is the caller's business.

  // first[t] .. first[t + 1]: thread t's range, for first.size() - 1
  // threads. Not thread safe: call while no thread claims.
  void reset(const std::vector<std::size_t>& first) {
    const std::size_t threads = first.size() - 1;
    if (threads != threads_) {
      ranges_ = std::make_unique<Range[]>(threads);
      threads_ = threads;
    }
    for (std::size_t t = 0; t < threads; ++t) set_range(static_cast<int>(t), first[t], first[t + 1]);
  }
  // Thread t's range alone, by thread t while nobody claims (for example
  // before the barrier that precedes the loop).
  void set_range(int t, std::size_t begin, std::size_t end) {
    Range& range = ranges_[static_cast<std::size_t>(t)];
    range.next.store(begin, std::memory_order_relaxed);
    range.end = end;
    range.from = static_cast<std::size_t>(t);
  }

  // The next position for thread t: from its own range while any are left,
  // then another range's next one; false when every position is taken.
  // Each position goes to exactly one caller. (The claims only divide
  // work: the data the chunks produce reach the others through the barrier
  // after the loop.)
  bool next(int t, std::size_t& position) {
    Range& self = ranges_[static_cast<std::size_t>(t)];
    for (std::size_t tried = 0; tried < threads_; ++tried) {
      Range& range = ranges_[self.from];
      if (range.next.load(std::memory_order_relaxed) < range.end) {
        const std::size_t k = range.next.fetch_add(1, std::memory_order_relaxed);
        if (k < range.end) {
          position = k;
          return true;
        }
      }
      self.from = (self.from + 1) % threads_;  // that range is done: go on to the next one
    }
    return false;
  }

private:
  struct alignas(64) Range {
    std::atomic<std::size_t> next{0};  // the range's next unclaimed position
    std::size_t end = 0;               // one past its last position
    std::size_t from = 0;              // the range the owner of this line claims from now (its own data)
  };
  std::unique_ptr<Range[]> ranges_;
  std::size_t threads_ = 0;
};

}  // namespace rejuv::util
