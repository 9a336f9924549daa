#include "util/blocked_sum.h"

#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>
#include <vector>

namespace rejuv::util {
namespace {

// Terms whose sum depends on the order of the additions: every third one
// near 1e16 (where doubles are 2 apart), the others near 1, so that each
// grouping rounds differently.
std::vector<double> order_sensitive_terms(std::size_t n) {
  std::vector<double> v(n);
  for (std::size_t i = 0; i < n; ++i)
    v[i] = std::sin(1.3 * static_cast<double>(i) + 0.2) * (i % 3 == 1 ? 1e16 : 1.0);
  return v;
}

// The documented order, written out serially: per block of kSumBlock atoms,
// atom i into lane (i - block start) mod 8, the lanes added as
// (0+4, 1+5, 2+6, 3+7) and then pairs of those, the blocks in order.
double documented_order_sum(const std::vector<double>& v) {
  double total = 0.0;
  for (std::size_t begin = 0; begin < v.size(); begin += kSumBlock) {
    double a[8] = {};
    for (std::size_t i = begin; i < std::min(v.size(), begin + kSumBlock); ++i) a[(i - begin) % 8] += v[i];
    total += ((a[0] + a[4]) + (a[2] + a[6])) + ((a[1] + a[5]) + (a[3] + a[7]));
  }
  return total;
}

TEST(BlockedSum, FollowsTheDocumentedOrderForAnyThreadCount) {
  const int saved = omp_get_max_threads();
  // Sizes with a single short block, full blocks, and a last block of a
  // few atoms (517 = 512 + 5).
  for (std::size_t n : {std::size_t{13}, std::size_t{24}, std::size_t{517}, std::size_t{3000}}) {
    const auto v = order_sensitive_terms(n);
    const double expected = documented_order_sum(v);
    double naive = 0.0;
    for (double x : v) naive += x;
    EXPECT_NE(naive, expected) << "terms not order-sensitive enough to test the order, n=" << n;
    for (int threads : {1, 2, 3}) {
      omp_set_num_threads(threads);
      const auto sum = blocked_sums<2>(n, [&](std::size_t i, auto acc) {
        acc[0] += v[i];
        acc[1] += 2.0 * v[i];
      });
      EXPECT_EQ(sum[0], expected) << "n=" << n << " threads=" << threads;  // bitwise
      EXPECT_EQ(sum[1], 2.0 * expected) << "n=" << n << " threads=" << threads;
    }
  }
  omp_set_num_threads(saved);
}

// Two sets of sums in one pass: each set in the documented order, as if
// summed alone, for any thread count (MD sums the potential's totals in the
// pass of its second half kick this way).
TEST(BlockedSum, TwoSetsInOnePassKeepEachSetsOrder) {
  const int saved = omp_get_max_threads();
  for (std::size_t n : {std::size_t{13}, std::size_t{517}, std::size_t{3000}}) {
    const auto v = order_sensitive_terms(n);
    std::vector<double> w(n);
    for (std::size_t i = 0; i < n; ++i) w[i] = v[(i * 7) % n] * 0.5;
    std::vector<double> w3(n);
    for (std::size_t i = 0; i < n; ++i) w3[i] = 3.0 * w[i];
    const double expected_v = documented_order_sum(v), expected_w = documented_order_sum(w),
                 expected_w3 = documented_order_sum(w3);
    for (int threads : {1, 2, 3}) {
      omp_set_num_threads(threads);
      const auto sums = blocked_sums<1, 2>(
          n, [&](std::size_t i, auto acc) { acc[0] += v[i]; },
          [&](std::size_t i, auto acc) {
            acc[0] += w[i];
            acc[1] += 3.0 * w[i];
          });
      EXPECT_EQ(sums.first[0], expected_v) << "n=" << n << " threads=" << threads;  // bitwise
      EXPECT_EQ(sums.second[0], expected_w) << "n=" << n << " threads=" << threads;
      EXPECT_EQ(sums.second[1], expected_w3) << "n=" << n << " threads=" << threads;
    }
  }
  omp_set_num_threads(saved);
}

}  // namespace
}  // namespace rejuv::util
