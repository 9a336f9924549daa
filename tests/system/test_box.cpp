#include <gtest/gtest.h>

#include <cmath>

#include "system/box.h"
#include "util/error.h"

using namespace rejuv;

TEST(Box, OrthogonalVolumeAndWidths) {
  Box b;
  b.lo = {-1.0, 0.0, 2.0};
  b.hi = {3.0, 5.0, 8.0};
  EXPECT_DOUBLE_EQ(b.volume(), 4.0 * 5.0 * 6.0);
  const Vec3 w = b.perpendicular_widths();
  EXPECT_DOUBLE_EQ(w[0], 4.0);
  EXPECT_DOUBLE_EQ(w[1], 5.0);
  EXPECT_DOUBLE_EQ(w[2], 6.0);
}

TEST(Box, TriclinicWidthsMatchPlaneDistances) {
  Box b;
  b.hi = {10.0, 8.0, 6.0};
  b.xy = 3.0;
  b.xz = -2.0;
  b.yz = 1.5;
  // Width along c is lz; along b it is ly * lz / sqrt(lz^2 + yz^2) (LAMMPS convention).
  const Vec3 w = b.perpendicular_widths();
  EXPECT_NEAR(w[2], 6.0, 1e-12);
  EXPECT_NEAR(w[1], 8.0 * 6.0 / std::sqrt(36.0 + 2.25), 1e-12);
  // Width along a: volume / |b x c|.
  const double bx = 3.0, by = 8.0, cx = -2.0, cy = 1.5, cz = 6.0;
  const double cr[3] = {by * cz, -bx * cz, bx * cy - by * cx};
  EXPECT_NEAR(w[0], 480.0 / std::sqrt(cr[0] * cr[0] + cr[1] * cr[1] + cr[2] * cr[2]), 1e-12);
}

TEST(Box, FractionalRoundTrip) {
  Box b;
  b.lo = {1.0, -2.0, 0.5};
  b.hi = {11.0, 6.0, 7.5};
  b.xy = 2.5;
  b.xz = -1.0;
  b.yz = 0.75;
  const Vec3 x{4.2, 3.3, 5.1};
  const Vec3 s = b.to_fractional(x);
  const Vec3 back = b.from_fractional(s);
  for (int d = 0; d < 3; ++d) EXPECT_NEAR(back[d], x[d], 1e-13);
  const Mat3 p = mat_mul(b.h(), b.h_inverse());
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) EXPECT_NEAR(p[i][j], i == j ? 1.0 : 0.0, 1e-15);
  const Mat3 q = mat_mul(b.h(), mat_inverse(b.h()));
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) EXPECT_NEAR(q[i][j], i == j ? 1.0 : 0.0, 1e-15);
}

TEST(Box, ValidateRejectsInvertedBounds) {
  Box b;
  b.hi = {1.0, -1.0, 1.0};
  EXPECT_THROW(b.validate("box.data"), InputError);
}
