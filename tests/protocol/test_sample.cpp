#include <gtest/gtest.h>

#include <cmath>

#include "protocol/sample.h"

using namespace rejuv;

TEST(Sample, CompositionDensityAndNoOverlaps) {
  protocol::Alloy a;
  a.elements = {"Zr", "Cu", "Al"};
  a.fractions = {0.5, 0.4, 0.1};
  a.number_density = 0.054;
  const System s = protocol::make_random_sample(a, 501, 7);
  ASSERT_EQ(s.size(), 501u);
  int count[3] = {0, 0, 0};
  for (int t : s.type) ++count[t];
  EXPECT_EQ(count[0], 251);  // 250.5, 200.4, 50.1: the largest remainder gets the spare atom
  EXPECT_EQ(count[1], 200);
  EXPECT_EQ(count[2], 50);
  EXPECT_NEAR(s.size() / s.box.volume(), 0.054, 1e-12);
  const double L = s.box.length(0), rmin = 0.75 * std::cbrt(1.0 / 0.054);
  double closest = 1e9;
  for (std::size_t i = 0; i < s.size(); ++i)
    for (std::size_t j = i + 1; j < s.size(); ++j) {
      double dx = s.x[i] - s.x[j], dy = s.y[i] - s.y[j], dz = s.z[i] - s.z[j];
      dx -= L * std::round(dx / L);
      dy -= L * std::round(dy / L);
      dz -= L * std::round(dz / L);
      closest = std::min(closest, std::sqrt(dx * dx + dy * dy + dz * dz));
    }
  EXPECT_GE(closest, rmin);
}

TEST(Sample, SameSeedSameSampleOtherSeedOther) {
  protocol::Alloy a;
  a.elements = {"Cu", "Zr"};
  a.fractions = {0.5, 0.5};
  a.number_density = 0.0555;
  const System s1 = protocol::make_random_sample(a, 300, 3), s2 = protocol::make_random_sample(a, 300, 3),
               s3 = protocol::make_random_sample(a, 300, 4);
  EXPECT_EQ(s1.x, s2.x);
  EXPECT_EQ(s1.type, s2.type);
  EXPECT_NE(s1.x, s3.x);
}
