#include <gtest/gtest.h>

#include <cmath>

#include "support/test_support.h"
#include "util/units.h"

using namespace rejuv;

TEST(System, WrapKeepsUnwrappedPositions) {
  test::AlloyOptions opt;
  opt.tilt[0] = 0.2;
  opt.tilt[1] = -0.1;
  opt.tilt[2] = 0.15;
  System sys = test::make_alloy(opt);
  const Mat3 h = sys.box.h();
  // Push atoms out by whole and partial box vectors.
  for (std::size_t i = 0; i < sys.size(); ++i) {
    const double k = static_cast<double>(i % 5) - 2.0;
    sys.x[i] += k * h[0][0] + 2 * k * h[0][1];
    sys.y[i] += 2 * k * h[1][1];
    sys.z[i] -= k * h[2][2];
  }
  System wrapped = sys;
  wrapped.wrap_into_box();
  for (std::size_t i = 0; i < sys.size(); ++i) {
    const Vec3 s = wrapped.box.to_fractional({wrapped.x[i], wrapped.y[i], wrapped.z[i]});
    for (int d = 0; d < 3; ++d) {
      EXPECT_GE(s[d], 0.0);
      EXPECT_LT(s[d], 1.0);
    }
    const Vec3 img = mat_vec(h, {double(wrapped.ix[i]), double(wrapped.iy[i]), double(wrapped.iz[i])});
    EXPECT_NEAR(wrapped.x[i] + img[0], sys.x[i], 1e-10);
    EXPECT_NEAR(wrapped.y[i] + img[1], sys.y[i], 1e-10);
    EXPECT_NEAR(wrapped.z[i] + img[2], sys.z[i], 1e-10);
  }
}

TEST(System, KineticEnergyInMetalUnits) {
  System sys;
  sys.resize(1);
  sys.mass = {2.0};
  sys.has_velocities = true;
  sys.vx[0] = 3.0;  // A/ps
  EXPECT_DOUBLE_EQ(sys.kinetic_energy(), 0.5 * 2.0 * 9.0 * units::amu_A2_per_ps2_to_eV);
  const auto t = sys.kinetic_tensor();
  EXPECT_DOUBLE_EQ(t[0], 2.0 * 9.0 * units::amu_A2_per_ps2_to_eV);
  EXPECT_EQ(t[1], 0.0);
}

TEST(System, PermuteMovesEveryArray) {
  System sys = test::make_alloy({});
  const System before = sys;
  std::vector<std::size_t> order(sys.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = order.size() - 1 - k;
  sys.permute(order);
  for (std::size_t k = 0; k < order.size(); ++k) {
    EXPECT_EQ(sys.id[k], before.id[order[k]]);
    EXPECT_EQ(sys.x[k], before.x[order[k]]);
    EXPECT_EQ(sys.type[k], before.type[order[k]]);
  }
}

// MD sums the kinetic tensor in the same pass as the velocity update before
// it: that must be the bits of the update followed by kinetic_tensor(), over
// several sum blocks, with each atom updated once.
TEST(System, KineticTensorAfterAnUpdateIsTheSeparatePassesBits) {
  System sys;
  const std::size_t n = 24 * util::kSumBlock + 77;  // many sum blocks and a partial one with a lane tail
  sys.resize(n);
  sys.mass = {63.546, 91.224};
  sys.has_velocities = true;
  for (std::size_t i = 0; i < n; ++i) {
    sys.type[i] = static_cast<int>(i % 2);
    sys.vx[i] = std::sin(0.37 * static_cast<double>(i));
    sys.vy[i] = std::cos(1.3 * static_cast<double>(i)) * 2.0;
    sys.vz[i] = std::sin(0.011 * static_cast<double>(i * i)) - 0.3;
  }
  const double factor = 0.9993;
  System separate = sys;
  for (std::size_t i = 0; i < n; ++i) {
    separate.vx[i] *= factor;
    separate.vy[i] *= factor;
    separate.vz[i] *= factor;
  }
  const auto expected = separate.kinetic_tensor();
  const auto fused = sys.kinetic_tensor_after([&](std::size_t, double& vx, double& vy, double& vz) {
    vx *= factor;
    vy *= factor;
    vz *= factor;
  });
  for (int c = 0; c < 6; ++c) EXPECT_EQ(fused[c], expected[c]) << c;  // bitwise
  EXPECT_EQ(sys.vx, separate.vx);
  EXPECT_EQ(sys.vy, separate.vy);
  EXPECT_EQ(sys.vz, separate.vz);
}
