// The `rejuv bench` command end to end: the JSON keys scripts read
// (bench/compare_lammps.sh, bench/scale.sh) and its errors. Speed itself is
// measured, never tested.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.h"

using namespace rejuv;

TEST(BenchCommand, JsonHasTheContractKeys) {
  const std::string dir = test::alloy_case("bench_case");
  const test::CliRun r = test::run_rejuv("bench --data " + dir + "/a.data --potential " + dir +
                                         "/p.toml --steps 20 --warmup 5 --threads 1 --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  for (const char* k : {"atom_steps_per_second", "natoms", "steps", "threads", "wall_seconds", "time_split_seconds",
                        "time_split_fraction", "neighbor_builds", "ns_per_atom_step", "peak_memory_bytes",
                        "peak_memory_bytes_per_atom", "openmp_runtime", "pair_table_stride", "rejuv_version"})
    EXPECT_TRUE(j.contains(k)) << k;
  EXPECT_EQ(j["natoms"].get<int>(), 108);
  EXPECT_EQ(j["steps"].get<int>(), 20);
  EXPECT_EQ(j["threads"].get<int>(), 1);
  double fractions = 0.0;
  for (const char* part : {"pair", "neighbor", "integration", "other"}) {
    ASSERT_TRUE(j["time_split_fraction"].contains(part)) << part;
    ASSERT_TRUE(j["time_split_seconds"].contains(part)) << part;
    fractions += j["time_split_fraction"][part].get<double>();
  }
  // The parts are timed inside the step loop, whose own bookkeeping is not in them.
  EXPECT_GT(fractions, 0.5);
  EXPECT_LE(fractions, 1.0 + 1e-12);
  EXPECT_NEAR(j["ns_per_atom_step"].get<double>() * j["atom_steps_per_second"].get<double>(), 1e9, 1e-3);
  const std::string runtime = j["openmp_runtime"].get<std::string>();
  EXPECT_TRUE(runtime == "libomp" || runtime == "libgomp" || runtime == "none") << runtime;
  EXPECT_EQ(j["pair_table_stride"].get<int>(), 1);  // the full tables unless asked
}

// The faster EAM mode is on only when the potential description asks for
// it, and the result says so.
TEST(BenchCommand, ReportsThePairTableStride) {
  const std::string dir = test::alloy_case("bench_stride_case");
  test::write_text(dir + "/p4.toml", test::read_text(dir + "/p.toml") + "pair_table_stride = 4\n");
  const test::CliRun r = test::run_rejuv("bench --data " + dir + "/a.data --potential " + dir +
                                         "/p4.toml --steps 10 --warmup 2 --threads 1 --json");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["pair_table_stride"].get<int>(), 4);
  const test::CliRun text = test::run_rejuv("bench --data " + dir + "/a.data --potential " + dir +
                                            "/p4.toml --steps 10 --warmup 2 --threads 1");
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_NE(text.out.find("pair_table_stride 4"), std::string::npos) << text.out;
}

TEST(BenchCommand, BadInputGivesAnErrorAndNonZeroExit) {
  const std::string dir = test::alloy_case("bench_case");
  const test::CliRun missing = test::run_rejuv("bench --potential " + dir + "/p.toml --json");
  EXPECT_NE(missing.status, 0);
  EXPECT_NE(missing.err.find("--data"), std::string::npos) << missing.err;
  const test::CliRun steps = test::run_rejuv("bench --data " + dir + "/a.data --potential " + dir + "/p.toml --steps 0");
  EXPECT_NE(steps.status, 0);
  EXPECT_NE(steps.err.find("--steps 0"), std::string::npos) << steps.err;
}
