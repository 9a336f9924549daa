// Analytic checks of the pair potentials, in particular the study's 8-4
// Cu-Zr form V(r) = C2/r^8 - C1/r^4 + C3 r + C4 ("mie" 8-4, shift = "force"),
// which LAMMPS has no pair style for.
#include <gtest/gtest.h>

#include <cmath>

#include "io/potential_config.h"
#include "potential/lennard_jones.h"
#include "support/test_support.h"

using namespace rejuv;

namespace {

io::PotentialSpec one_pair(const std::string& style, io::PairShift shift, double eps, double sigma,
                           double rc, double m, double n) {
  io::PotentialSpec s;
  s.source = "analytic";
  s.style = style;
  s.elements = {"A"};
  s.shift = shift;
  io::PairSpec p;
  p.element_a = p.element_b = "A";
  p.epsilon = eps;
  p.sigma = sigma;
  p.cutoff = rc;
  p.m = m;
  p.n = n;
  s.pairs.push_back(p);
  return s;
}

System dimer(double r, double box = 40.0) {
  System s;
  s.resize(2);
  s.box.hi = {box, box, box};
  s.x = {10.0, 10.0 + r};
  s.y = {10.0, 10.0};
  s.z = {10.0, 10.0};
  s.id = {1, 2};
  s.mass = {63.546};
  return s;
}

}  // namespace

TEST(LennardJones, EightFourForceShiftedIsTheKobayashiForm) {
  const double eps = 0.42, sigma = 2.55, rc = 6.3;
  const auto spec = one_pair("mie", io::PairShift::force, eps, sigma, rc, 8, 4);
  potential::LennardJones lj(spec);
  // Closed form: C = 8/4 (8/4)^(4/4) = 4; C2 = 4 eps sigma^8, C1 = 4 eps sigma^4,
  // C3 = -V0'(rc), C4 = -V0(rc) + rc V0'(rc) with V0 = C2/r^8 - C1/r^4.
  const double C2 = 4 * eps * std::pow(sigma, 8), C1 = 4 * eps * std::pow(sigma, 4);
  const double v0c = C2 / std::pow(rc, 8) - C1 / std::pow(rc, 4);
  const double dv0c = -8 * C2 / std::pow(rc, 9) + 4 * C1 / std::pow(rc, 5);
  const double C3 = -dv0c, C4 = -v0c + rc * dv0c;
  for (double r : {2.2, 2.6, 2.86, 3.5, 4.7, 6.0, 6.29}) {
    const double v = C2 / std::pow(r, 8) - C1 / std::pow(r, 4) + C3 * r + C4;
    const double f = 8 * C2 / std::pow(r, 9) - 4 * C1 / std::pow(r, 5) - C3;  // -dV/dr
    double e, fpair;
    lj.pair(0, 0, r, e, fpair);
    EXPECT_NEAR(e, v, 1e-12 * std::max(1.0, std::abs(v))) << r;
    EXPECT_NEAR(fpair * r, f, 1e-11 * std::max(1.0, std::abs(f))) << r;
    // And the same through the full neighbour-list path on a dimer.
    const auto res = test::compute(dimer(r), lj);
    EXPECT_NEAR(res.energy, v, 1e-12 * std::max(1.0, std::abs(v)));
    EXPECT_NEAR(res.fx[1], f, 1e-11 * std::max(1.0, std::abs(f)));
    EXPECT_NEAR(res.fx[0], -f, 1e-11 * std::max(1.0, std::abs(f)));
  }
  // Energy and force vanish at the cutoff (continuously) and beyond it.
  double e, fpair;
  lj.pair(0, 0, rc * (1 - 1e-9), e, fpair);
  EXPECT_NEAR(e, 0.0, 1e-12);
  EXPECT_NEAR(fpair, 0.0, 1e-9);
  lj.pair(0, 0, rc * 1.01, e, fpair);
  EXPECT_EQ(e, 0.0);
  EXPECT_EQ(fpair, 0.0);
  // The minimum of the unshifted 8-4 is at r = 2^(1/4) sigma with depth -eps.
  const auto raw = one_pair("mie", io::PairShift::none, eps, sigma, 50.0, 8, 4);
  potential::LennardJones plain(raw);
  plain.pair(0, 0, std::pow(2.0, 0.25) * sigma, e, fpair);
  EXPECT_NEAR(e, -eps, 1e-13);
  EXPECT_NEAR(fpair, 0.0, 1e-13);
}

TEST(LennardJones, TwelveSixMinimumAndEnergyShift) {
  const double eps = 0.3, sigma = 2.4;
  potential::LennardJones plain(one_pair("lj", io::PairShift::none, eps, sigma, 20.0, 12, 6));
  double e, fpair;
  plain.pair(0, 0, std::pow(2.0, 1.0 / 6.0) * sigma, e, fpair);
  EXPECT_NEAR(e, -eps, 1e-14);
  EXPECT_NEAR(fpair, 0.0, 1e-13);
  plain.pair(0, 0, sigma, e, fpair);
  EXPECT_NEAR(e, 0.0, 1e-15);
  potential::LennardJones shifted(one_pair("lj", io::PairShift::energy, eps, sigma, 6.0, 12, 6));
  const double ec = 4 * eps * (std::pow(sigma / 6.0, 12) - std::pow(sigma / 6.0, 6));
  double e2, f2;
  shifted.pair(0, 0, 3.0, e2, f2);
  plain.pair(0, 0, 3.0, e, fpair);
  EXPECT_NEAR(e2, e - ec, 1e-15);
  EXPECT_EQ(f2, fpair);
}

TEST(LennardJones, SmallBoxCountsEveryImage) {
  // One atom in a cubic box of edge a: its energy is half the sum over all
  // lattice images within the cutoff (simple cubic shells 6 at a, 12 at a*sqrt2, 8 at a*sqrt3).
  const double a = 3.0, eps = 0.2, sigma = 2.5, rc = 6.5;
  potential::LennardJones lj(one_pair("lj", io::PairShift::none, eps, sigma, rc, 12, 6));
  System s;
  s.resize(1);
  s.box.hi = {a, a, a};
  s.x = {1.0};
  s.y = {1.0};
  s.z = {1.0};
  s.id = {1};
  s.mass = {1.0};
  auto v = [&](double r) { return 4 * eps * (std::pow(sigma / r, 12) - std::pow(sigma / r, 6)); };
  const double expected = 0.5 * (6 * v(a) + 12 * v(a * std::sqrt(2.0)) + 8 * v(a * std::sqrt(3.0)) + 6 * v(2 * a));
  EXPECT_LT(2 * a, rc);
  EXPECT_GT(a * std::sqrt(5.0), rc);
  EXPECT_NEAR(test::compute(s, lj).energy, expected, 1e-13);
}
