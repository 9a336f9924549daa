#include "util/chunk_claims.h"

#include <gtest/gtest.h>
#include <omp.h>

#include <atomic>
#include <vector>

namespace rejuv::util {
namespace {

// Alone, a thread runs its own range first, in order, then the others'.
TEST(ChunkClaims, OwnRangeFirstThenTheOthers) {
  ChunkClaims claims;
  claims.reset({0, 3, 5, 9});
  std::vector<std::size_t> got;
  for (std::size_t p; claims.next(1, p);) got.push_back(p);
  EXPECT_EQ(got, (std::vector<std::size_t>{3, 4, 5, 6, 7, 8, 0, 1, 2}));
  std::size_t p;
  EXPECT_FALSE(claims.next(0, p));  // nothing left for anyone
  EXPECT_FALSE(claims.next(2, p));
}

// A range set by its thread alone (as pass 2 does) replaces the old one;
// empty ranges are skipped.
TEST(ChunkClaims, SetRangeAndEmptyRanges) {
  ChunkClaims claims;
  claims.reset({0, 0, 0});
  std::size_t p;
  EXPECT_FALSE(claims.next(0, p));
  claims.set_range(0, 10, 12);
  claims.set_range(1, 20, 20);
  std::vector<std::size_t> got;
  while (claims.next(1, p)) got.push_back(p);
  EXPECT_EQ(got, (std::vector<std::size_t>{10, 11}));
}

// Under contention every position goes to exactly one thread, whoever
// finishes first, and each thread's own positions come to it in order.
TEST(ChunkClaims, EveryPositionExactlyOnceUnderContention) {
  constexpr int kThreads = 4;
  constexpr std::size_t kPerThread = 5000;
  std::vector<std::size_t> first(kThreads + 1);
  for (int t = 0; t <= kThreads; ++t) first[static_cast<std::size_t>(t)] = static_cast<std::size_t>(t) * kPerThread;
  for (int round = 0; round < 20; ++round) {
    ChunkClaims claims;
    claims.reset(first);
    std::vector<std::atomic<int>> taken(kThreads * kPerThread);
    std::atomic<int> out_of_order{0};
#pragma omp parallel num_threads(kThreads)
    {
      const int t = omp_get_thread_num();
      std::size_t last_own = 0;
      bool any_own = false;
      for (std::size_t p; claims.next(t, p);) {
        taken[p].fetch_add(1);
        if (p / kPerThread == static_cast<std::size_t>(t)) {
          if (any_own && p <= last_own) out_of_order.fetch_add(1);
          last_own = p;
          any_own = true;
        }
      }
    }
    int wrong = 0;
    for (const auto& k : taken) wrong += k.load() != 1;
    EXPECT_EQ(wrong, 0) << "round " << round;
    EXPECT_EQ(out_of_order.load(), 0) << "round " << round;
  }
}

}  // namespace
}  // namespace rejuv::util
