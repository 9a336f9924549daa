// LAMMPS text dumps: frames written by rejuv read back, coordinate styles,
// triclinic bounds, frame selection and malformed input.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "io/lammps_dump.h"
#include "support/test_support.h"
#include "util/error.h"

using namespace rejuv;

namespace {

System tilted_alloy() {
  test::AlloyOptions o;
  o.cells[0] = o.cells[1] = o.cells[2] = 2;
  o.tilt[0] = 0.2;
  o.tilt[1] = -0.1;
  o.tilt[2] = 0.15;
  return test::make_alloy(o);
}

std::string expect_input_error(const std::string& path, long frame = -1) {
  try {
    io::read_lammps_dump(path, frame);
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no InputError for " << path;
  return {};
}

const char* kHeader =
    "ITEM: TIMESTEP\n7\nITEM: NUMBER OF ATOMS\n2\nITEM: BOX BOUNDS pp pp ff\n0 10\n0 10\n0 10\n";

}  // namespace

TEST(LammpsDump, ReadsTheLastFrameWrittenByRejuv) {
  const std::string dir = test::temp_dir("dump_roundtrip");
  System sys = tilted_alloy();
  sys.box.periodic = {true, false, true};
  for (auto& y : sys.y) y += 0.5;  // inside the free y (the lattice starts on its face)
  std::FILE* f = std::fopen((dir + "/a.dump").c_str(), "w");
  io::write_dump_frame(f, sys, 100, {});
  System moved = sys;
  for (auto& x : moved.x) x += 0.01;
  io::write_dump_frame(f, moved, 200, {});
  std::fclose(f);

  const auto last = io::read_lammps_dump(dir + "/a.dump");
  EXPECT_EQ(last.timestep, 200);
  EXPECT_EQ(last.frame, 1);
  EXPECT_EQ(last.frames, 2);
  const System& r = last.system;
  EXPECT_EQ(r.box.periodic, (std::array<bool, 3>{true, false, true}));
  for (int d = 0; d < 3; ++d) {
    EXPECT_NEAR(r.box.lo[d], sys.box.lo[d], 1e-12);
    EXPECT_NEAR(r.box.hi[d], sys.box.hi[d], 1e-12);
  }
  EXPECT_DOUBLE_EQ(r.box.xy, sys.box.xy);
  EXPECT_DOUBLE_EQ(r.box.xz, sys.box.xz);
  EXPECT_DOUBLE_EQ(r.box.yz, sys.box.yz);
  ASSERT_EQ(r.size(), sys.size());
  EXPECT_EQ(r.num_types(), 2);
  // Atoms come back in id order; make_alloy numbers them in memory order.
  for (std::size_t i = 0; i < r.size(); ++i) {
    EXPECT_EQ(r.id[i], sys.id[i]);
    EXPECT_EQ(r.type[i], sys.type[i]);
  }
  const auto first = io::read_lammps_dump(dir + "/a.dump", 0);
  EXPECT_EQ(first.timestep, 100);
  // Distances are what was written (10 significant digits), images aside.
  for (std::size_t i = 0; i < r.size(); ++i) {
    const Vec3 s0 = sys.box.to_fractional({sys.x[i], sys.y[i], sys.z[i]});
    const Vec3 s1 = r.box.to_fractional({first.system.x[i], first.system.y[i], first.system.z[i]});
    for (int d = 0; d < 3; ++d) {
      double ds = s1[d] - s0[d];
      ds -= std::round(ds);
      EXPECT_NEAR(ds, 0.0, 1e-9);
    }
  }
}

TEST(LammpsDump, ScaledAndUnwrappedCoordinates) {
  const std::string dir = test::temp_dir("dump_coords");
  test::write_text(dir + "/s.dump", std::string(kHeader) + "ITEM: ATOMS id type xs ys zs vx\n2 1 0.5 0.25 0.75 9\n1 2 1.2 -0.1 0.5 9\n");
  const auto s = io::read_lammps_dump(dir + "/s.dump").system;
  ASSERT_EQ(s.size(), 2u);
  EXPECT_DOUBLE_EQ(s.x[0], 5.0);
  EXPECT_DOUBLE_EQ(s.y[0], 2.5);
  EXPECT_DOUBLE_EQ(s.z[0], 7.5);
  // Wrapped into the periodic x and y.
  EXPECT_NEAR(s.x[1], 2.0, 1e-12);
  EXPECT_NEAR(s.y[1], 9.0, 1e-12);
  EXPECT_EQ(s.type[1], 1);
  test::write_text(dir + "/u.dump", std::string(kHeader) + "ITEM: ATOMS id type xu yu zu\n1 1 12 -3 4\n2 1 1 1 1\n");
  const auto u = io::read_lammps_dump(dir + "/u.dump").system;
  EXPECT_NEAR(u.x[0], 2.0, 1e-12);
  EXPECT_NEAR(u.y[0], 7.0, 1e-12);
  EXPECT_EQ(u.ix[0], 1);
  EXPECT_EQ(u.iy[0], -1);
}

TEST(LammpsDump, MalformedInputNamesFileAndLine) {
  const std::string dir = test::temp_dir("dump_bad");
  test::write_text(dir + "/nocoords.dump", std::string(kHeader) + "ITEM: ATOMS id type vx vy vz\n1 1 0 0 0\n2 1 0 0 0\n");
  std::string e = expect_input_error(dir + "/nocoords.dump");
  EXPECT_NE(e.find("nocoords.dump:9:"), std::string::npos) << e;
  EXPECT_NE(e.find("no coordinates"), std::string::npos) << e;

  test::write_text(dir + "/outside.dump", std::string(kHeader) + "ITEM: ATOMS id type x y z\n1 1 1 1 1\n2 1 5 5 10.5\n");
  e = expect_input_error(dir + "/outside.dump");
  EXPECT_NE(e.find("outside.dump:11:"), std::string::npos) << e;
  EXPECT_NE(e.find("atom 2 lies outside the non-periodic box in z"), std::string::npos) << e;

  test::write_text(dir + "/short.dump", std::string(kHeader) + "ITEM: ATOMS id type x y z\n1 1 1 1 1\n");
  e = expect_input_error(dir + "/short.dump");
  EXPECT_NE(e.find("file ends inside a frame"), std::string::npos) << e;

  test::write_text(dir + "/cols.dump", std::string(kHeader) + "ITEM: ATOMS id type x y z\n1 1 1 1\n2 1 1 1 1\n");
  e = expect_input_error(dir + "/cols.dump");
  EXPECT_NE(e.find("cols.dump:10: expected 5 values per atom"), std::string::npos) << e;

  test::write_text(dir + "/notdump.txt", "hello\nworld\n");
  e = expect_input_error(dir + "/notdump.txt");
  EXPECT_NE(e.find("notdump.txt:1: expected 'ITEM: TIMESTEP'"), std::string::npos) << e;

  test::write_text(dir + "/one.dump", std::string(kHeader) + "ITEM: ATOMS id type x y z\n1 1 1 1 1\n2 1 2 2 2\n");
  e = expect_input_error(dir + "/one.dump", 3);
  EXPECT_NE(e.find("frame 3 requested, but the file has 1 frame"), std::string::npos) << e;

  EXPECT_TRUE(io::looks_like_dump(dir + "/one.dump"));
  EXPECT_FALSE(io::looks_like_dump(dir + "/notdump.txt"));
}
