// The `rejuv eval` command end to end: outputs and error behaviour.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include "io/lammps_data.h"
#include "support/test_support.h"

using namespace rejuv;

namespace {

using test::CliRun;

CliRun run(const std::string& args) { return test::run_rejuv("" + args); }

std::string make_case() { return test::alloy_case("cli_case"); }

}  // namespace

TEST(EvalCommand, JsonHasTheContractKeys) {
  const std::string dir = make_case();
  const CliRun r = run("eval --data " + dir + "/a.data --potential " + dir + "/p.toml --json --forces " + dir + "/f.csv");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  for (const char* k : {"natoms", "potential_energy_eV", "potential_energy_eV_per_atom", "volume_A3", "pressure_GPa",
                        "pressure_tensor_GPa"})
    EXPECT_TRUE(j.contains(k)) << k;
  EXPECT_EQ(j["natoms"].get<int>(), 108);
  EXPECT_EQ(j["pair_table_stride"].get<int>(), 1);
  EXPECT_EQ(j["pressure_tensor_GPa"].size(), 6u);
  EXPECT_NEAR(j["potential_energy_eV_per_atom"].get<double>() * 108, j["potential_energy_eV"].get<double>(), 1e-9);
  const std::string csv = test::read_text(dir + "/f.csv");
  EXPECT_EQ(csv.rfind("id,type,fx,fy,fz", 0), 0u);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 109);
}

TEST(EvalCommand, HumanSummary) {
  const std::string dir = make_case();
  const CliRun r = run("eval --data " + dir + "/a.data --potential " + dir + "/p.toml");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("potential energy"), std::string::npos);
  EXPECT_NE(r.out.find("GPa"), std::string::npos);
}

TEST(EvalCommand, BadInputGivesOneLineErrorAndNonZeroExit) {
  const std::string dir = make_case();
  auto expect_fail = [&](const std::string& args, const std::string& needle) {
    const CliRun r = run(args);
    EXPECT_NE(r.status, 0) << args;
    EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  };
  expect_fail("eval --data " + dir + "/missing.data --potential " + dir + "/p.toml", "missing.data");
  test::write_text(dir + "/bad.toml", "[potential]\nstyle = \"eam/fs\"\nfile = \"CuZr_mm.eam.fs\"\nelements = [\"Cu\", \"Zr\"]\ncolour = 1\n");
  expect_fail("eval --data " + dir + "/a.data --potential " + dir + "/bad.toml", "potential.colour");
  test::write_text(dir + "/ni.toml", "[potential]\nstyle = \"eam/fs\"\nfile = \"CuZr_mm.eam.fs\"\nelements = [\"Cu\", \"Ni\"]\n");
  expect_fail("eval --data " + dir + "/a.data --potential " + dir + "/ni.toml", "'Ni'");
  // Two atoms on top of each other are named.
  System s = io::read_lammps_data(dir + "/a.data");
  s.x[5] = s.x[9] + 1e-4;
  s.y[5] = s.y[9];
  s.z[5] = s.z[9];
  io::write_lammps_data(s, dir + "/overlap.data");
  expect_fail("eval --data " + dir + "/overlap.data --potential " + dir + "/p.toml", "atoms " + std::to_string(std::min(s.id[5], s.id[9])) + " and " + std::to_string(std::max(s.id[5], s.id[9])));
  expect_fail("eval --data " + dir + "/a.data --potential " + dir + "/p.toml --boundary pxq", "--boundary");
}
