// Sums over atoms that give the same bits for any number of threads: atoms
// in fixed blocks of 512, each block summed in order (in parallel from
// kParallelLoopAtoms atoms on), the block sums then added in order. Small
// blocks let a step's sums (fused with velocity updates in MD) spread over
// the threads of a 1,000-atom system too.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <vector>

#include "util/parallel.h"

namespace rejuv::util {

inline constexpr std::size_t kSumBlock = 512;

// K sums at once: add(i, acc) adds atom i's terms to acc[0..K-1].
template <std::size_t K, class Add>
std::array<double, K> blocked_sums(std::size_t n, Add add) {
  const std::size_t nblocks = (n + kSumBlock - 1) / kSumBlock;
  std::vector<std::array<double, K>> partial(nblocks);
#pragma omp parallel for schedule(static) if (nblocks > 1 && n >= kParallelLoopAtoms)
  for (std::size_t b = 0; b < nblocks; ++b) {
    std::array<double, K> acc{};
    const std::size_t end = std::min(n, (b + 1) * kSumBlock);
    for (std::size_t i = b * kSumBlock; i < end; ++i) add(i, acc);
    partial[b] = acc;
  }
  std::array<double, K> total{};
  for (const auto& p : partial)
    for (std::size_t k = 0; k < K; ++k) total[k] += p[k];
  return total;
}

}  // namespace rejuv::util
