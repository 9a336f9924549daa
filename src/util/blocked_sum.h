// Sums over atoms that give the same bits for any number of threads: atoms
// in fixed blocks of 512, each block summed in eight lanes (in parallel from
// kParallelLoopAtoms atoms on), the block sums then added in order. Small
// blocks let a step's sums (fused with velocity updates in MD) spread over
// the threads of a 1,000-atom system too.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <utility>
#include <vector>

#include "util/parallel.h"

namespace rejuv::util {

inline constexpr std::size_t kSumBlock = 512;

// The sum of eight lanes in a fixed order: (0+4, 1+5, 2+6, 3+7), then
// pairs of those, as the vector loops reduce a register.
inline double lane_sum(const double a[8]) {
  const double t0 = a[0] + a[4], t1 = a[1] + a[5], t2 = a[2] + a[6], t3 = a[3] + a[7];
  return (t0 + t2) + (t1 + t3);
}

// Lane l of K sums, as add sees them: acc[k] is lanes[k][l].
template <std::size_t K>
struct LaneSums {
  double (*lanes)[8];
  std::size_t l;
  double& operator[](std::size_t k) const { return lanes[k][l]; }
};

// K sums at once: add(i, acc) adds atom i's terms to acc[0..K-1] (and may
// update atom i first). The loop runs as vector code, atoms i..i+7 at once,
// so add must touch nothing but atom i's own data and its acc. Within a
// block, atom i's terms go to lane (i - block start) mod 8 of each sum, and
// the lanes are added with lane_sum: a fixed order, so the bits depend
// neither on the number of threads nor on the vector width (tested).
// add takes acc by value (`auto acc`): GCC's simd lowering turned a handle
// passed by reference into a per-lane array, and the loop stayed scalar.
// One block's K sums, atoms begin .. end (at most kSumBlock), in the order
// described above.
template <std::size_t K, class Add>
std::array<double, K> block_sums(std::size_t begin, std::size_t end, Add& add) {
  alignas(64) double lanes[K][8] = {};
  std::size_t i = begin;
  for (; i + 8 <= end; i += 8) {
#pragma omp simd
    for (std::size_t l = 0; l < 8; ++l) add(i + l, LaneSums<K>{lanes, l});
  }
  for (std::size_t l = 0; i < end; ++i, ++l) add(i, LaneSums<K>{lanes, l});
  std::array<double, K> out;
  for (std::size_t k = 0; k < K; ++k) out[k] = lane_sum(lanes[k]);
  return out;
}

template <std::size_t K>
void add_blocks(const std::vector<std::array<double, K>>& partial, std::array<double, K>& total) {
  for (const auto& p : partial)
    for (std::size_t k = 0; k < K; ++k) total[k] += p[k];
}

template <std::size_t K, class Add>
std::array<double, K> blocked_sums(std::size_t n, Add add) {
  const std::size_t nblocks = (n + kSumBlock - 1) / kSumBlock;
  std::vector<std::array<double, K>> partial(nblocks);
#pragma omp parallel for schedule(static) if (nblocks > 1 && n >= kParallelLoopAtoms)
  for (std::size_t b = 0; b < nblocks; ++b)
    partial[b] = block_sums<K>(b * kSumBlock, std::min(n, (b + 1) * kSumBlock), add);
  std::array<double, K> total{};
  add_blocks(partial, total);
  return total;
}

// Two sets of sums in one pass over the blocks (one thread team): per
// block, add_a's loop over the block's atoms, then add_b's, each as vector
// code as in blocked_sums. The same bits as blocked_sums<KA>(n, add_a) and
// blocked_sums<KB>(n, add_b) apart. (One loop doing both kept 13 lanes of
// sums in memory and ran ~3x slower.)
template <std::size_t KA, std::size_t KB, class AddA, class AddB>
std::pair<std::array<double, KA>, std::array<double, KB>> blocked_sums(std::size_t n, AddA add_a, AddB add_b) {
  const std::size_t nblocks = (n + kSumBlock - 1) / kSumBlock;
  std::vector<std::array<double, KA>> partial_a(nblocks);
  std::vector<std::array<double, KB>> partial_b(nblocks);
#pragma omp parallel for schedule(static) if (nblocks > 1 && n >= kParallelLoopAtoms)
  for (std::size_t b = 0; b < nblocks; ++b) {
    const std::size_t begin = b * kSumBlock, end = std::min(n, begin + kSumBlock);
    partial_a[b] = block_sums<KA>(begin, end, add_a);
    partial_b[b] = block_sums<KB>(begin, end, add_b);
  }
  std::pair<std::array<double, KA>, std::array<double, KB>> total{};
  add_blocks(partial_a, total.first);
  add_blocks(partial_b, total.second);
  return total;
}

}  // namespace rejuv::util
