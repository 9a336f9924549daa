// The fixed-point pair sums: conversions exact and rounding like llrint,
// shares added to both atoms of a pair with Newton's third law exact, the
// exact (slow) conversion taken for large shares, and failures counted.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "potential/fixed_point.h"

using namespace rejuv::potential;

namespace {

// n random pairs of atom 0 with neighbours drawn from 1..9 (repeats
// included, as a small box lists images of one atom): separations, force
// over distance, energies and density shares.
struct RandomPairs {
  std::vector<int> j;
  std::vector<double> dx, dy, dz, fpair, energy, rho_in, rho_out;
};
RandomPairs random_pairs(int n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(-3.0, 3.0);
  RandomPairs p;
  for (int q = 0; q < n; ++q) {
    p.j.push_back(1 + static_cast<int>(rng() % 9));
    p.dx.push_back(u(rng));
    p.dy.push_back(u(rng));
    p.dz.push_back(u(rng));
    p.fpair.push_back(u(rng));
    p.energy.push_back(u(rng));
    p.rho_in.push_back(std::abs(u(rng)));
    p.rho_out.push_back(std::abs(u(rng)));
  }
  return p;
}

}  // namespace


TEST(FixedPoint, FastConversionRoundsLikeLlrint) {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  for (int k = 0; k < 100000; ++k) {
    const double x = std::ldexp(u(rng), static_cast<int>(rng() % 52));
    ASSERT_EQ(fixed::to_fixed(x), std::llrint(x)) << x;
  }
  for (double x : {0.5, 1.5, 2.5, -0.5, -1.5, 0x1p50 + 0.5, -0x1p50 - 0.5})  // ties to even
    EXPECT_EQ(fixed::to_fixed(x), std::llrint(x)) << x;
}

TEST(FixedPoint, DensitySharesGoToBothAtoms) {
  // Atom 0 (of three) with neighbours 1 and 2; the thread owns atoms 0..1,
  // atom 2 is in its halo.
  std::vector<std::int64_t> shared(3, 0), halo(1, 0), scratch(2);
  const fixed::Targets to{shared.data(), halo.data(), 2, 1};
  const int j[2] = {1, 2};
  const double in[2] = {0.25, 0.5}, out[2] = {0.75, 1.0};
  int failed = 0;
  const double scale = fixed::density_scale(4.0);
  const std::int64_t own = fixed::density_shares(2, j, in, out, scale, scratch.data(), to, failed);
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(static_cast<double>(own) / scale, 0.75);
  EXPECT_EQ(static_cast<double>(shared[1]) / scale, 0.75);
  EXPECT_EQ(static_cast<double>(halo[0]) / scale, 1.0);
  EXPECT_EQ(shared[0], 0);
}

TEST(FixedPoint, ForceSharesAreEqualAndOppositeAndLargeSharesExact) {
  // Two pairs of atom 0: an ordinary one and one with a force far beyond the
  // fast conversion's range (1e5 eV/A), which the exact conversion takes.
  std::vector<std::int64_t> shared(3 * 4, 0), scratch(4 * 2);
  const fixed::Targets to{shared.data(), nullptr, 3, 4};
  const int j[2] = {1, 2};
  const double dx[2] = {1.1, -0.3}, dy[2] = {0.7, 0.2}, dz[2] = {-2.1, 0.1};
  const double fpair[2] = {-1.37, 2.7e5}, energy[2] = {-0.41, 90.0};
  std::int64_t own[4] = {0, 0, 0, 0};
  double virial[6];
  int failed = 0;
  fixed::force_shares(2, j, dx, dy, dz, fpair, energy, scratch.data(), to, own, virial, failed);
  EXPECT_EQ(failed, 0);
  const double sep[2][3] = {{dx[0], dy[0], dz[0]}, {dx[1], dy[1], dz[1]}};
  for (int c = 0; c < 3; ++c) {
    std::int64_t expected_own = 0;
    for (int q = 0; q < 2; ++q) {
      const std::int64_t share = std::llrint(sep[q][c] * fpair[q] * fixed::kForceScale);
      expected_own += share;
      EXPECT_EQ(shared[4 * j[q] + c], -share) << "pair " << q << " component " << c;
    }
    EXPECT_EQ(own[c], expected_own) << c;
  }
  EXPECT_EQ(own[3], std::llrint(0.5 * energy[0] * fixed::kEnergyScale) + std::llrint(0.5 * energy[1] * fixed::kEnergyScale));
  EXPECT_EQ(shared[4 * 1 + 3], std::llrint(0.5 * energy[0] * fixed::kEnergyScale));
  EXPECT_DOUBLE_EQ(virial[0], dx[0] * dx[0] * fpair[0] + dx[1] * dx[1] * fpair[1]);
  EXPECT_DOUBLE_EQ(virial[3], dx[0] * dy[0] * fpair[0] + dx[1] * dy[1] * fpair[1]);
}

TEST(FixedPoint, SharesBeyondTheExactRangeOrNotFiniteAreCounted) {
  std::vector<std::int64_t> shared(2 * 4, 0), scratch(4 * 2);
  const fixed::Targets to{shared.data(), nullptr, 2, 4};
  const int j[2] = {1, 1};
  const double dx[2] = {1.0, 1.0}, dy[2] = {0.0, 0.0}, dz[2] = {0.0, 0.0};
  const double fpair[2] = {1e9, NAN}, energy[2] = {0.0, 0.0};  // 1e9 eV/A: beyond 2^60 / 2^40
  std::int64_t own[4] = {0, 0, 0, 0};
  double virial[6];
  int failed = 0;
  fixed::force_shares(2, j, dx, dy, dz, fpair, energy, scratch.data(), to, own, virial, failed);
  EXPECT_EQ(failed, 4);  // pair 0: x beyond the range; pair 1: x, y, z not finite
}

TEST(FixedPoint, ManyPairsWithRepeatedNeighboursAndAHalo) {
  // 27 pairs (three blocks of eight and a tail) of atom 0 with neighbours
  // drawn from 1..9, repeats included (a small box lists images of one atom);
  // atoms 6..9 are in the thread's halo.
  const int n = 27;
  auto [j, dx, dy, dz, fpair, energy, rho_in, rho_out] = random_pairs(n, 11);
  std::vector<std::int64_t> shared(6 * 4, 0), halo(4 * 4, 0), scratch(4 * n);
  const fixed::Targets to{shared.data(), halo.data(), 6, 4};
  std::int64_t own[4] = {0, 0, 0, 0};
  double virial[6];
  int failed = 0;
  fixed::force_shares(n, j.data(), dx.data(), dy.data(), dz.data(), fpair.data(), energy.data(), scratch.data(), to,
                      own, virial, failed);
  EXPECT_EQ(failed, 0);
  std::vector<std::int64_t> expected(10 * 4, 0);
  for (int q = 0; q < n; ++q) {
    expected[4 * j[q] + 0] -= std::llrint(dx[q] * fpair[q] * fixed::kForceScale);
    expected[4 * j[q] + 1] -= std::llrint(dy[q] * fpair[q] * fixed::kForceScale);
    expected[4 * j[q] + 2] -= std::llrint(dz[q] * fpair[q] * fixed::kForceScale);
    expected[4 * j[q] + 3] += std::llrint(0.5 * energy[q] * fixed::kEnergyScale);
  }
  for (int a = 1; a < 10; ++a)
    for (int c = 0; c < 4; ++c) {
      const std::int64_t got = a < 6 ? shared[4 * a + c] : halo[4 * (a - 6) + c];
      EXPECT_EQ(got, expected[4 * a + c]) << "atom " << a << " component " << c;
    }
  for (int c = 0; c < 3; ++c) {
    std::int64_t total = own[c];
    for (int a = 1; a < 10; ++a) total += expected[4 * a + c];
    EXPECT_EQ(total, 0) << "Newton's third law, component " << c;
  }
}

#ifdef REJUV_AVX512
// The AVX-512 pair loops convert and add each block of eight pairs in
// registers (force_shares_v, density_shares_v); they must give the portable
// functions' bits: the same integer sums and the same virial, for full
// blocks, a tail, repeated neighbours, a halo, and a block with a share
// beyond the fast range (converted exactly) and one beyond the exact range.
TEST(FixedPoint, VectorBlocksGiveThePortableBits) {
  const int n = 29;
  auto [j, dx, dy, dz, fpair, energy, rho_in, rho_out] = random_pairs(n, 23);
  fpair[10] = 3e5;      // block 1: beyond the fast range, exact conversion
  rho_out[19] = 5e3;    // block 2: a density share beyond the fast range
  fpair[26] = 1e9;      // the tail: beyond the exact range (counted)
  const double scale = fixed::density_scale(4.0);
  for (int pass = 0; pass < 2; ++pass) {
    const int width = pass == 0 ? 1 : 4;
    std::vector<std::int64_t> shared_a(6 * width, 0), halo_a(4 * width, 0), shared_b = shared_a, halo_b = halo_a;
    const fixed::Targets to_a{shared_a.data(), halo_a.data(), 6, width}, to_b{shared_b.data(), halo_b.data(), 6, width};
    std::vector<std::int64_t> scratch(4 * n);
    int failed_a = 0, failed_b = 0;
    if (width == 1) {
      const std::int64_t own_a =
          fixed::density_shares(n, j.data(), rho_in.data(), rho_out.data(), scale, scratch.data(), to_a, failed_a);
      __m512i own = _mm512_setzero_si512();
      for (int q = 0; q < n; q += 8) {
        const __mmask8 lanes = rejuv::util::tail_mask(n - q);
        own = _mm512_add_epi64(own, fixed::density_shares_v(lanes, std::min(8, n - q), &j[q],
                                                            _mm512_maskz_loadu_pd(lanes, &rho_in[q]),
                                                            _mm512_maskz_loadu_pd(lanes, &rho_out[q]),
                                                            _mm512_set1_pd(scale), to_b, failed_b));
      }
      EXPECT_EQ(own_a, _mm512_reduce_add_epi64(own));
    } else {
      std::int64_t own_a[4] = {0, 0, 0, 0}, own_b[4] = {0, 0, 0, 0};
      double virial_a[6], virial_b[6];
      fixed::force_shares(n, j.data(), dx.data(), dy.data(), dz.data(), fpair.data(), energy.data(), scratch.data(),
                          to_a, own_a, virial_a, failed_a);
      fixed::ForceSumsV sums;
      for (int q = 0; q < n; q += 8) {
        const __mmask8 lanes = rejuv::util::tail_mask(n - q);
        auto load = [&](const std::vector<double>& v) { return _mm512_maskz_loadu_pd(lanes, &v[q]); };
        fixed::force_shares_v(lanes, std::min(8, n - q), &j[q], load(dx), load(dy), load(dz), load(fpair),
                              load(energy), to_b, sums, failed_b);
      }
      sums.finish(own_b, virial_b);
      for (int c = 0; c < 4; ++c) EXPECT_EQ(own_a[c], own_b[c]) << c;
      for (int c = 0; c < 6; ++c) EXPECT_EQ(virial_a[c], virial_b[c]) << c;  // bitwise
    }
    EXPECT_EQ(failed_a, failed_b);
    EXPECT_EQ(failed_a, width == 1 ? 0 : 3) << "width " << width;  // pair 26: x, y and z
    EXPECT_EQ(shared_a, shared_b) << "width " << width;
    EXPECT_EQ(halo_a, halo_b) << "width " << width;
  }
}
#endif
