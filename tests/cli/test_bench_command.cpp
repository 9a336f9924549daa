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

// --alternate-threads: blocks of steps alternate between the two thread
// counts, each block's first step (which starts the other team) untimed;
// the run is the same MD, so its results are those of a plain run.
TEST(BenchCommand, AlternatingThreadCountsTimesBothAndChangesNoResult) {
  const std::string dir = test::alloy_case("bench_alternate_case");
  const std::string base = "bench --data " + dir + "/a.data --potential " + dir + "/p.toml --steps 40 --warmup 2 --json";
  const test::CliRun plain = test::run_rejuv(base + " --threads 1");
  ASSERT_EQ(plain.status, 0) << plain.err;
  const test::CliRun alt = test::run_rejuv(base + " --threads 2 --alternate-threads 1 --alternate-block 10");
  ASSERT_EQ(alt.status, 0) << alt.err;
  const auto p = nlohmann::json::parse(plain.out), a = nlohmann::json::parse(alt.out);
  ASSERT_TRUE(a.contains("alternating")) << alt.out;
  EXPECT_FALSE(p.contains("alternating"));
  const auto& x = a["alternating"];
  EXPECT_EQ(x["threads"], nlohmann::json::parse("[2, 1]"));
  EXPECT_EQ(x["block_steps"].get<int>(), 10);
  EXPECT_EQ(x["timed_steps"], nlohmann::json::parse("[18, 18]"));  // 4 blocks of 10, first steps untimed
  const double ns2 = x["ns_per_atom_step"][0].get<double>(), ns1 = x["ns_per_atom_step"][1].get<double>();
  EXPECT_GT(ns2, 0.0);
  EXPECT_GT(ns1, 0.0);
  EXPECT_NEAR(x["speedup"].get<double>(), ns1 / ns2, 1e-12 * ns1 / ns2);
  // Each block's time, in run order (2, 1, 2, 1 threads), and the median of
  // the two pairs' ratios: their mean.
  const auto blocks = x["block_ns_per_atom_step"].get<std::vector<double>>();
  ASSERT_EQ(blocks.size(), 4u);
  const double median = 0.5 * (blocks[1] / blocks[0] + blocks[3] / blocks[2]);
  EXPECT_NEAR(x["median_pair_speedup"].get<double>(), median, 1e-12 * median);
  // Each count's time split over its own timed steps: every part measured
  // within those steps (a part taken over other steps would leave the
  // integration, the rest, at or below zero), the parts adding up.
  const auto& split = x["time_split_ns_per_atom_step"];
  for (int k = 0; k < 2; ++k) {
    double sum = 0;
    for (const char* part : {"pair", "neighbor", "integration"}) {
      const double v = split[part][k].get<double>();
      EXPECT_GT(v, 0.0) << part << " " << k;
      sum += v;
    }
    const double whole = x["ns_per_atom_step"][k].get<double>();
    EXPECT_NEAR(sum, whole, 1e-9 * whole) << k;
  }
  EXPECT_GT(split["pair"][0].get<double>(), split["neighbor"][0].get<double>());
  EXPECT_EQ(a["threads"].get<int>(), 2);
  // Bitwise the same MD whichever threads ran which steps.
  for (const char* k : {"mean_temperature_K", "mean_pressure_GPa"})
    EXPECT_EQ(a[k].get<double>(), p[k].get<double>()) << k;

  const test::CliRun text = test::run_rejuv("bench --data " + dir + "/a.data --potential " + dir +
                                            "/p.toml --steps 20 --warmup 2 --threads 2 --alternate-threads 1 "
                                            "--alternate-block 5");
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_NE(text.out.find("alternating blocks of 5 steps"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("ns per atom-step, 2 / 1 thread(s): pair"), std::string::npos) << text.out;

  const test::CliRun short_run = test::run_rejuv(base + " --threads 2 --alternate-threads 1 --alternate-block 40");
  EXPECT_NE(short_run.status, 0);
  EXPECT_NE(short_run.err.find("--alternate-block"), std::string::npos) << short_run.err;
  const test::CliRun bad = test::run_rejuv(base + " --alternate-threads 1 --alternate-block 0");
  EXPECT_NE(bad.status, 0);
  EXPECT_NE(bad.err.find("--alternate-block 0"), std::string::npos) << bad.err;
}
