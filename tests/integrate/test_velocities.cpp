#include <gtest/gtest.h>

#include <cmath>

#include "integrate/velocities.h"
#include "support/test_support.h"
#include "util/error.h"
#include "util/units.h"

using namespace rejuv;

TEST(Velocities, ExactTemperatureAndZeroMomentum) {
  test::AlloyOptions opt;
  opt.cells[0] = opt.cells[1] = opt.cells[2] = 5;  // 500 atoms
  System s = test::make_alloy(opt);
  integrate::create_velocities(s, 1234.5, 7);
  EXPECT_NEAR(integrate::temperature(s), 1234.5, 1e-9);
  double p[3] = {0, 0, 0};
  for (std::size_t i = 0; i < s.size(); ++i) {
    const double m = s.mass[s.type[i]];
    p[0] += m * s.vx[i];
    p[1] += m * s.vy[i];
    p[2] += m * s.vz[i];
  }
  for (double c : p) EXPECT_NEAR(c, 0.0, 1e-10);
  // Equipartition between species: <m v^2> per component is kB T for each
  // type (within sampling error of 250 atoms x 3 components: ~5%).
  for (int t = 0; t < 2; ++t) {
    double sum = 0;
    int count = 0;
    for (std::size_t i = 0; i < s.size(); ++i)
      if (s.type[i] == t) {
        sum += s.mass[t] * (s.vx[i] * s.vx[i] + s.vy[i] * s.vy[i] + s.vz[i] * s.vz[i]);
        count += 3;
      }
    const double kT = sum / count * units::amu_A2_per_ps2_to_eV / units::boltzmann_eV_per_K;
    EXPECT_NEAR(kT, 1234.5, 0.15 * 1234.5) << "type " << t;
  }
}

TEST(Velocities, IndependentOfAtomOrder) {
  System a = test::make_alloy({});
  System b = a;
  std::vector<std::size_t> order(b.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = (k * 37) % order.size();
  b.permute(order);
  integrate::create_velocities(a, 800.0, 99);
  integrate::create_velocities(b, 800.0, 99);
  for (std::size_t k = 0; k < order.size(); ++k) {
    EXPECT_EQ(b.vx[k], a.vx[order[k]]);
    EXPECT_EQ(b.vz[k], a.vz[order[k]]);
  }
  System c = test::make_alloy({});
  integrate::create_velocities(c, 800.0, 100);
  EXPECT_NE(c.vx[0], a.vx[0]);  // another seed, other velocities
}

TEST(Velocities, RejectsNegativeTemperature) {
  System s = test::make_alloy({});
  EXPECT_THROW(integrate::create_velocities(s, -5.0, 1), InputError);
}
