#include <gtest/gtest.h>

#include <cmath>

#include "io/lammps_data.h"
#include "support/test_support.h"
#include "util/error.h"

using namespace rejuv;

namespace {

const char* kTriclinicData = R"(LAMMPS data file via write_data, version 7 Jan 2022, timestep = 0, units = metal

3 atoms
2 atom types

0 10.5 xlo xhi
-1 9 ylo yhi
0.5 8.5 zlo zhi
1.25 -0.5 0.75 xy xz yz

Masses

1 63.546
2 91.224

Atoms # atomic

3 2 1.0000000000000002 2 3 0 1 -2
1 1 4.5 5.5 6.5 0 0 0
2 1 9.99 0.1 1.2 1 0 0

Velocities

1 0.1 -0.2 0.3
3 1e-3 2e-3 -3e-3
2 0 0 0
)";

std::string expect_error(const std::string& text) {
  const std::string dir = test::temp_dir("data_err");
  const std::string path = dir + "/bad.data";
  test::write_text(path, text);
  try {
    io::read_lammps_data(path);
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(path), std::string::npos) << msg;
    EXPECT_EQ(msg.find('\n'), std::string::npos) << "one-line message expected: " << msg;
    return msg;
  }
  ADD_FAILURE() << "expected an InputError for:\n" << text;
  return {};
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  const auto pos = s.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  return s.replace(pos, from.size(), to);
}

}  // namespace

TEST(LammpsData, ReadsTriclinicWithImagesAndVelocities) {
  const std::string dir = test::temp_dir("data_read");
  test::write_text(dir + "/a.data", kTriclinicData);
  const System s = io::read_lammps_data(dir + "/a.data");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s.num_types(), 2);
  EXPECT_TRUE(s.box.triclinic);
  EXPECT_EQ(s.box.xy, 1.25);
  EXPECT_EQ(s.box.xz, -0.5);
  EXPECT_EQ(s.box.yz, 0.75);
  EXPECT_EQ(s.box.lo[1], -1.0);
  EXPECT_EQ(s.mass[1], 91.224);
  EXPECT_TRUE(s.has_velocities);
  // File order is kept; atom id 3 first.
  EXPECT_EQ(s.id[0], 3);
  EXPECT_EQ(s.type[0], 1);
  EXPECT_EQ(s.iz[0], -2);
  EXPECT_EQ(s.vx[0], 1e-3);
  EXPECT_EQ(s.vz[1], 0.3);
}

TEST(LammpsData, RoundTripReproducesEveryNumber) {
  const std::string dir = test::temp_dir("data_roundtrip");
  test::write_text(dir + "/a.data", kTriclinicData);
  const System a = io::read_lammps_data(dir + "/a.data");
  io::write_lammps_data(a, dir + "/b.data");
  const System b = io::read_lammps_data(dir + "/b.data");
  io::write_lammps_data(b, dir + "/c.data");
  EXPECT_EQ(test::read_text(dir + "/b.data"), test::read_text(dir + "/c.data"));
  ASSERT_EQ(a.size(), b.size());
  for (int d = 0; d < 3; ++d) {
    EXPECT_EQ(a.box.lo[d], b.box.lo[d]);
    EXPECT_EQ(a.box.hi[d], b.box.hi[d]);
  }
  EXPECT_EQ(a.box.xy, b.box.xy);
  EXPECT_EQ(a.box.xz, b.box.xz);
  EXPECT_EQ(a.box.yz, b.box.yz);
  EXPECT_EQ(a.mass, b.mass);
  for (std::size_t i = 0; i < a.size(); ++i) {
    std::size_t k = 0;
    while (b.id[k] != a.id[i]) ++k;
    EXPECT_EQ(a.type[i], b.type[k]);
    EXPECT_EQ(a.x[i], b.x[k]);
    EXPECT_EQ(a.y[i], b.y[k]);
    EXPECT_EQ(a.z[i], b.z[k]);
    EXPECT_EQ(a.ix[i], b.ix[k]);
    EXPECT_EQ(a.iy[i], b.iy[k]);
    EXPECT_EQ(a.iz[i], b.iz[k]);
    EXPECT_EQ(a.vx[i], b.vx[k]);
    EXPECT_EQ(a.vy[i], b.vy[k]);
    EXPECT_EQ(a.vz[i], b.vz[k]);
  }
}

TEST(LammpsData, WrapsPeriodicPositionsIntoTheBox) {
  const std::string dir = test::temp_dir("data_wrap");
  test::write_text(dir + "/a.data", replace(kTriclinicData, "1 1 4.5 5.5 6.5 0 0 0", "1 1 4.5 5.5 14.5 0 0 0"));
  const System s = io::read_lammps_data(dir + "/a.data");
  EXPECT_EQ(s.iz[1], 1);
  EXPECT_NEAR(s.z[1], 6.5, 1e-12);
  EXPECT_NEAR(s.x[1], 4.5 - (-0.5), 1e-12);  // shifted by the c vector (xz, yz, lz)
  EXPECT_NEAR(s.y[1], 5.5 - 0.75, 1e-12);
}

TEST(LammpsData, ReadsLammpsWrittenFileWithPairCoeffsAndNoImages) {
  const std::string text = R"(LAMMPS data file

2 atoms
1 atom types

0 5 xlo xhi
0 5 ylo yhi
0 5 zlo zhi

Masses

1 1.0

Pair Coeffs # lj/cut

1 1 1

Atoms # atomic

1 1 1 1 1
2 1 2 2 2   # a comment
)";
  const std::string dir = test::temp_dir("data_paircoeffs");
  test::write_text(dir + "/a.data", text);
  const System s = io::read_lammps_data(dir + "/a.data");
  EXPECT_EQ(s.size(), 2u);
  EXPECT_FALSE(s.box.triclinic);
  EXPECT_FALSE(s.has_velocities);
  EXPECT_EQ(s.x[1], 2.0);
}

TEST(LammpsData, BadInputNamesFileAndLine) {
  EXPECT_NE(expect_error(replace(kTriclinicData, "0 10.5 xlo xhi", "0 xlo xhi")).find(":6:"), std::string::npos);
  EXPECT_NE(expect_error(replace(kTriclinicData, "0 10.5 xlo xhi", "10.5 0 xlo xhi")).find("xhi"), std::string::npos);
  EXPECT_NE(expect_error(replace(kTriclinicData, "1.25 -0.5 0.75 xy xz yz", "1.25 abc 0.75 xy xz yz")).find("'abc'"), std::string::npos);
  EXPECT_NE(expect_error(replace(kTriclinicData, "1 1 4.5 5.5 6.5 0 0 0", "1 1 4.5 5.5")).find("5 or 8"), std::string::npos);
  EXPECT_NE(expect_error(replace(kTriclinicData, "1 1 4.5 5.5 6.5 0 0 0", "1 1 4.5 nan 6.5 0 0 0")).find("finite"), std::string::npos);
  EXPECT_NE(expect_error(replace(kTriclinicData, "1 1 4.5 5.5 6.5 0 0 0", "1 3 4.5 5.5 6.5 0 0 0")).find("type 3"), std::string::npos);
  EXPECT_NE(expect_error(replace(kTriclinicData, "1 1 4.5 5.5 6.5 0 0 0", "3 1 4.5 5.5 6.5 0 0 0")).find("twice"), std::string::npos);
  EXPECT_NE(expect_error(replace(kTriclinicData, "3 atoms", "4 atoms")).find("ends after 3 of 4"), std::string::npos);
  EXPECT_NE(expect_error(replace(kTriclinicData, "3 atoms", "2 atoms")).find("unexpected line"), std::string::npos);
  EXPECT_NE(expect_error(replace(kTriclinicData, "Atoms # atomic", "Atoms # full")).find("atomic"), std::string::npos);
  EXPECT_NE(expect_error(replace(kTriclinicData, "Masses", "Bonds")).find("unsupported section"), std::string::npos);
  EXPECT_NE(expect_error(replace(kTriclinicData, "2 atom types\n", "")).find("atom types"), std::string::npos);
  EXPECT_NE(expect_error("").find("empty"), std::string::npos);
}

TEST(LammpsData, AtomOutsideNonPeriodicBoxIsAnError) {
  const std::string dir = test::temp_dir("data_nonperiodic");
  test::write_text(dir + "/a.data", replace(kTriclinicData, "1 1 4.5 5.5 6.5 0 0 0", "1 1 4.5 5.5 9.5 0 0 0"));
  EXPECT_THROW(io::read_lammps_data(dir + "/a.data", {true, true, false}), InputError);
  EXPECT_NO_THROW(io::read_lammps_data(dir + "/a.data", {true, true, true}));
}

TEST(LammpsData, MissingFileIsAnError) {
  EXPECT_THROW(io::read_lammps_data("/nonexistent/file.data"), InputError);
}
