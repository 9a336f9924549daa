// Campaigns: points reuse each replica's as-quenched state and one Tg per
// pressure; a campaign point equals a standalone protocol run bit for bit;
// the numbers do not depend on kills, MPI ranks or shards; bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "campaign/campaign.h"
#include "protocol/alloys.h"
#include "protocol/glass_transition.h"
#include "protocol/thermal_pressure_loading.h"
#include "support/test_support.h"
#include "util/error.h"

using namespace rejuv;
using test::read_json;
namespace fs = std::filesystem;

namespace {

std::vector<std::vector<std::string>> read_csv(const std::string& path) {
  std::vector<std::vector<std::string>> rows;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, ',');) cells.push_back(cell);
    if (!line.empty() && line.back() == ',') cells.push_back("");
    rows.push_back(cells);
  }
  return rows;
}

int count_dirs(const std::string& dir) {
  int n = 0;
  if (fs::exists(dir))
    for (const auto& e : fs::directory_iterator(dir)) n += e.is_directory();
  return n;
}

const std::string kBinary = REJUV_BINARY;
// A small map: 128 atoms, 2 pressures x 1 temperature x 2 replicas.
const std::string kMap = " map --preset smoke --atoms 128 --replicas 2 --Pa 0,5 --Ta 800 --quiet --out ";

}  // namespace

TEST(Campaign, PointsShareQuenchesAndEqualStandaloneProtocolRuns) {
  const std::string dir = test::temp_dir("campaign_points");
  campaign::Campaign c;
  c.kind = "map";
  c.alloys = {protocol::builtin_alloy("CuZr-FS", ".")};
  c.base = protocol::preset("smoke");
  c.base.natoms = 128;
  c.replicas = 2;
  c.points = campaign::make_grid(1, {c.base.cooling_rate}, {}, {0.0, 5.0}, {}, {800.0});
  campaign::RunOptions o;
  o.verbose = false;
  const auto summary = campaign::run_campaign(c, dir + "/map", o);
  ASSERT_TRUE(summary["complete"].get<bool>());
  ASSERT_EQ(summary["points"].size(), 2u);
  // Each replica's as-quenched glass is made once, for both pressures.
  EXPECT_EQ(count_dirs(dir + "/map/quench/CuZr-FS_K1000"), 2);
  EXPECT_EQ(count_dirs(dir + "/map/points"), 2);
  EXPECT_FALSE(fs::exists(dir + "/map/tg"));
  const auto rows = read_csv(dir + "/map/replicas.csv");
  ASSERT_EQ(rows.size(), 5u);  // header + 2 points x 2 replicas
  EXPECT_EQ(rows[0][0], "alloy");
  EXPECT_EQ(rows[1][6], rows[3][6]);  // replica 0: the same E_D at Pa = 0 and 5
  EXPECT_EQ(rows[2][6], rows[4][6]);
  EXPECT_NE(rows[1][6], rows[2][6]);  // replicas differ

  // Replica 1 at Pa = 5 is the standalone protocol run with seed + 1, bit for bit.
  auto s = c.base;
  s.seed += 1;
  s.pa_gpa = 5.0;
  s.ta_k = 800.0;
  const auto alone = protocol::run_protocol(c.alloys[0], s, dir + "/alone", false, false);
  EXPECT_EQ(std::stod(rows[4][8]), alone["delta_E_eV_per_atom"].get<double>());
  EXPECT_EQ(std::stod(rows[4][7]), alone["E_J_eV_per_atom"].get<double>());
  EXPECT_EQ(test::read_text(dir + "/alone/J.data"),
            test::read_text(dir + "/map/points/CuZr-FS_K1000_Pa5_Ta800K/replica_1/J.data"));

  // summary.csv: the contract columns, mean and standard error of the replicas.
  const auto sum = read_csv(dir + "/map/summary.csv");
  ASSERT_EQ(sum.size(), 3u);
  const std::vector<std::string> contract = {"alloy", "Pa_GPa", "Ta_K", "Ta_over_Tg", "mean_delta_E_eV_per_atom",
                                             "se_delta_E_eV_per_atom", "n"};
  EXPECT_EQ(std::vector<std::string>(sum[0].begin(), sum[0].begin() + 7), contract);
  const double a = std::stod(rows[3][8]), b = std::stod(rows[4][8]);
  EXPECT_EQ(sum[2][0], "CuZr-FS");
  EXPECT_EQ(std::stod(sum[2][1]), 5.0);
  EXPECT_DOUBLE_EQ(std::stod(sum[2][4]), 0.5 * (a + b));
  EXPECT_NEAR(std::stod(sum[2][5]), std::abs(a - b) / 2.0, 1e-15);  // n = 2
  EXPECT_EQ(sum[2][6], "2");
  const auto j = read_json(dir + "/map/summary.json");
  EXPECT_DOUBLE_EQ(j["points"][1]["mean_delta_E_eV_per_atom"].get<double>(), 0.5 * (a + b));

  // A finished campaign is not recomputed.
  const auto before = fs::last_write_time(dir + "/map/points/CuZr-FS_K1000_Pa5_Ta800K/replica_1/J.data");
  campaign::run_campaign(c, dir + "/map", o);
  EXPECT_EQ(fs::last_write_time(dir + "/map/points/CuZr-FS_K1000_Pa5_Ta800K/replica_1/J.data"), before);

  // A grown grid is refused without --force; with it, finished tasks are kept.
  auto grown = c;
  grown.points = campaign::make_grid(1, {c.base.cooling_rate}, {}, {0.0, 5.0, 2.0}, {}, {800.0});
  EXPECT_THROW(campaign::run_campaign(grown, dir + "/map", o), InputError);
  o.force = true;
  const auto quench_before = fs::last_write_time(dir + "/map/quench/CuZr-FS_K1000/replica_0/D.data");
  const auto grown_summary = campaign::run_campaign(grown, dir + "/map", o);
  EXPECT_EQ(grown_summary["points"].size(), 3u);
  EXPECT_EQ(fs::last_write_time(dir + "/map/quench/CuZr-FS_K1000/replica_0/D.data"), quench_before);
  EXPECT_EQ(fs::last_write_time(dir + "/map/points/CuZr-FS_K1000_Pa5_Ta800K/replica_1/J.data"), before);
}

TEST(Campaign, TaOverTgMeasuresTgOncePerPressure) {
  const std::string dir = test::temp_dir("campaign_tg");
  campaign::Campaign c;
  c.kind = "map";
  c.alloys = {protocol::builtin_alloy("CuZr-FS", ".")};
  c.base = protocol::preset("smoke");
  // 1000 atoms at 200 K/ps: a V(T) kink the fit finds for any seed (with
  // the smoke preset's 250 atoms it found one for 4 of 6 seeds).
  c.base.natoms = 1000;
  c.base.cooling_rate = 200.0;
  c.replicas = 1;
  // Ta/Tg = 0.0001 puts Ta below the thermostat's 1 K: that point fails
  // once Tg is known, the others finish and are kept.
  c.points = campaign::make_grid(1, {200.0}, {}, {0.0}, {1.0, 1.2, 0.0001}, {});
  campaign::RunOptions o;
  o.verbose = false;
  try {
    campaign::run_campaign(c, dir, o);
    ADD_FAILURE() << "the campaign should report its failed point";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("1 campaign task(s) failed"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("TaTg0.0001"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("expected above the low temperature"), std::string::npos) << e.what();
  }
  const auto summary = read_json(dir + "/summary.json");
  EXPECT_FALSE(summary["complete"].get<bool>());
  EXPECT_EQ(count_dirs(dir + "/tg"), 1);
  const auto tg = read_json(dir + "/tg/CuZr-FS_K200_Pa0/tg.json");
  const double tg_k = tg["Tg_K"].get<double>();
  ASSERT_EQ(summary["points"].size(), 2u);
  EXPECT_DOUBLE_EQ(summary["points"][0]["Ta_K"].get<double>(), 1.0 * tg_k);
  EXPECT_DOUBLE_EQ(summary["points"][1]["Ta_K"].get<double>(), 1.2 * tg_k);
  EXPECT_DOUBLE_EQ(summary["points"][1]["Tg_Pa_K"].get<double>(), tg_k);
  EXPECT_EQ(read_csv(dir + "/tg.csv").size(), 2u);
  // The same Tg as `rejuv tg` at that pressure, rate and seed.
  auto s = c.base;
  const auto alone = protocol::measure_tg(c.alloys[0], s, {0.0, 40, 0.0}, dir + "/alone", false);
  EXPECT_EQ(alone["Tg_K"].get<double>(), tg_k);
}

TEST(Campaign, KillsMpiRanksAndShardsGiveIdenticalNumbers) {
  const std::string dir = test::temp_dir("campaign_spread");
  const std::string env = "OMP_NUM_THREADS=1 ";
  ASSERT_EQ(test::shell(env + kBinary + kMap + dir + "/serial > /dev/null 2>&1"), 0);
  const std::string reference = test::read_text(dir + "/serial/replicas.csv");
  ASSERT_EQ(std::count(reference.begin(), reference.end(), '\n'), 5);

  // Killed (kill -9) inside a quench, inside a point's MD stage, and between tasks.
  for (const char* marker : {"quench/CuZr-FS_K1000/replica_0/B_C_quench.ck",
                             "points/CuZr-FS_K1000_Pa0_Ta800K/replica_0/F_G_anneal.ck",
                             "points/CuZr-FS_K1000_Pa5_Ta800K/replica_0/task.json"})
    test::shell("( " + env + kBinary + kMap + dir + "/killed > /dev/null 2>&1 & pid=$!; while [ ! -f " + dir +
                "/killed/" + marker + " ] && kill -0 $pid 2>/dev/null; do sleep 0.01; done; kill -9 $pid; wait $pid ) "
                "2>/dev/null");
  ASSERT_EQ(test::shell(env + kBinary + kMap + dir + "/killed > /dev/null 2>&1"), 0);
  EXPECT_EQ(test::read_text(dir + "/killed/replicas.csv"), reference);
  EXPECT_EQ(test::read_text(dir + "/killed/summary.csv"), test::read_text(dir + "/serial/summary.csv"));

  // Two shards at once, as a job array would run them, then the plain command.
  ASSERT_EQ(test::shell("( " + env + kBinary + kMap + dir + "/shards --shard 0/2 > /dev/null 2>&1 & " + env + kBinary +
                        kMap + dir + "/shards --shard 1/2 > /dev/null 2>&1; wait )"),
            0);
  EXPECT_EQ(test::read_text(dir + "/shards/replicas.csv"), reference);
  ASSERT_EQ(test::shell(env + kBinary + kMap + dir + "/shards > /dev/null 2>&1"), 0);
  EXPECT_EQ(test::read_text(dir + "/shards/replicas.csv"), reference);

#ifdef REJUV_TEST_MPI
  // Three MPI ranks: rank 0 hands out tasks to ranks 1 and 2.
  const std::string mpirun = std::string(REJUV_MPIEXEC) +
                             " --oversubscribe --allow-run-as-root --mca btl_vader_single_copy_mechanism none -np 3 ";
  ASSERT_EQ(test::shell(env + mpirun + kBinary + kMap + dir + "/mpi > " + dir + "/mpi.log 2>&1"), 0)
      << test::read_text(dir + "/mpi.log");
  EXPECT_EQ(test::read_text(dir + "/mpi/replicas.csv"), reference);
  EXPECT_EQ(test::read_text(dir + "/mpi/summary.csv"), test::read_text(dir + "/serial/summary.csv"));
#endif
}

TEST(Campaign, BadInputIsRejectedWithTheKeyAtFault) {
  const std::string dir = test::temp_dir("campaign_bad");
  auto fails_with = [&](const std::string& args, const std::string& expected) {
    const int status = test::shell(kBinary + " " + args + " > " + dir + "/err.txt 2>&1");
    const std::string text = test::read_text(dir + "/err.txt");
    EXPECT_EQ(status, 2) << args << ": " << text;
    EXPECT_NE(text.find(expected), std::string::npos) << args << ": " << text;
  };
  fails_with("map --preset smoke --alloy Nope --out " + dir + "/x", "unknown alloy 'Nope'");
  fails_with("map --preset smoke --cooling-rates -1 --out " + dir + "/x", "expected rates > 0");
  fails_with("map --preset smoke --Ta -5 --out " + dir + "/x", "Ta = -5");
  fails_with("survey --preset smoke --Ta -5 --out " + dir + "/x", "--Ta -5");
  fails_with("map --preset smoke --shard 2/2 --out " + dir + "/x", "expected 0 <= i < N");
  fails_with("map --preset smoke --shard half --out " + dir + "/x", "expected i/N");
  fails_with("map --preset smoke --Ta 800 --Ta-over-Tg 1.2 --out " + dir + "/x", "not both");
  fails_with("survey --preset smoke", "--out DIR is required");
  fails_with("map --preset fast --out " + dir + "/x", "expected smoke, quick or paper");
  fails_with("map --preset smoke --atoms 0 --out " + dir + "/x", "--atoms: 0: expected a value > 0");
  fails_with("map --preset smoke --Pa 5,5 --out " + dir + "/x", "Pa: 5 is listed twice");
  fails_with("inherent --preset smoke --P 0,0 --out " + dir + "/x", "listed twice");
  fails_with("protocol --preset smoke --replicas 0 --out " + dir + "/x", "--replicas: 0: expected a value > 0");

  const std::string potential = "[potential]\nstyle = \"eam/alloy\"\nfile = \"ZrCuAl2011.eam.alloy\"\n"
                                "elements = [\"Zr\", \"Cu\", \"Al\"]\n";
  test::write_text(dir + "/sum.toml", "[alloy]\nname = \"ZrCu\"\ncomposition = \"Zr50Cu40\"\ndensity = 0.054\n" + potential);
  fails_with("survey --preset smoke --alloys " + dir + "/sum.toml --out " + dir + "/x", "add up to 90, expected 100");
  test::write_text(dir + "/lacks.toml",
                   "[alloy]\nname = \"ZrCuAg\"\ncomposition = \"Zr50Cu40Ag10\"\ndensity = 0.054\n" + potential);
  fails_with("survey --preset smoke --alloys " + dir + "/lacks.toml --out " + dir + "/x", "lack Ag");
  test::write_text(dir + "/nodensity.toml", "[alloy]\nname = \"ZrCuAl\"\ncomposition = \"Zr50Cu40Al10\"\n" + potential);
  fails_with("survey --preset smoke --alloys " + dir + "/nodensity.toml --out " + dir + "/x", "alloy.density");
  test::write_text(dir + "/typo.toml",
                   "[alloy]\nname = \"ZrCuAl\"\ncompositon = \"Zr50Cu40Al10\"\ndensity = 0.054\n" + potential);
  fails_with("survey --preset smoke --alloys " + dir + "/typo.toml --out " + dir + "/x", "alloy.compositon");
  test::write_text(dir + "/twice.toml",
                   "[alloy]\nname = \"ZrCu\"\ncomposition = \"Zr50Zr40Al10\"\ndensity = 0.054\n" + potential);
  fails_with("survey --preset smoke --alloys " + dir + "/twice.toml --out " + dir + "/x", "Zr appears twice");
  test::write_text(dir + "/name.toml",
                   "[alloy]\nname = \"../up\"\ncomposition = \"Zr50Cu40Al10\"\ndensity = 0.054\n" + potential);
  fails_with("survey --preset smoke --alloys " + dir + "/name.toml --out " + dir + "/x", "alloy name '../up'");
  test::write_text(dir + "/good.toml",
                   "[alloy]\nname = \"ZrCuAl-user\"\ncomposition = \"Zr50Cu40Al10\"\ndensity = 0.054\n" + potential);
  const auto user = protocol::alloy_from_file(dir + "/good.toml");
  EXPECT_EQ(user.elements, (std::vector<std::string>{"Zr", "Cu", "Al"}));
  EXPECT_EQ(user.fractions, (std::vector<double>{0.5, 0.4, 0.1}));
}

TEST(Campaign, ShardTextIsParsed) {
  EXPECT_EQ(campaign::parse_shard("0/1"), std::make_pair(0, 1));
  EXPECT_EQ(campaign::parse_shard("3/4"), std::make_pair(3, 4));
  EXPECT_THROW(campaign::parse_shard("4/4"), InputError);
  EXPECT_THROW(campaign::parse_shard("-1/4"), InputError);
  EXPECT_THROW(campaign::parse_shard("1/4x"), InputError);
}

TEST(Campaign, SurveyRunsBuiltInAndUserAlloysFromARunFile) {
  const std::string dir = test::temp_dir("campaign_survey");
  test::write_text(dir + "/zrcual.toml",
                   "[alloy]\nname = \"ZrCuAl-user\"\ncomposition = \"Zr50Cu40Al10\"\ndensity = 0.054\n"
                   "[potential]\nstyle = \"eam/alloy\"\nfile = \"ZrCuAl2011.eam.alloy\"\nelements = [\"Zr\", \"Cu\", \"Al\"]\n");
  // The campaign's flags from a run file, lists as TOML arrays.
  test::write_text(dir + "/survey.toml", "[survey]\npreset = \"smoke\"\nalloys = [\"CuZr-FS\", \"" + dir +
                                             "/zrcual.toml\"]\natoms = 128\nreplicas = 1\nTa = 900\n");
  ASSERT_EQ(test::shell(kBinary + " survey --config " + dir + "/survey.toml --quiet --json --out " + dir +
                        "/out > " + dir + "/out.json 2>" + dir + "/err.txt"),
            0)
      << test::read_text(dir + "/err.txt");
  const auto summary = read_json(dir + "/out.json");
  ASSERT_EQ(summary["points"].size(), 2u);
  EXPECT_EQ(summary["points"][0]["alloy"], "CuZr-FS");
  EXPECT_EQ(summary["points"][1]["alloy"], "ZrCuAl-user");
  for (const auto& p : summary["points"]) {
    EXPECT_EQ(p["Pa_GPa"].get<double>(), 5.0);  // the survey's pressure
    EXPECT_EQ(p["Ta_K"].get<double>(), 900.0);
  }
  EXPECT_TRUE(fs::exists(dir + "/out/quench/ZrCuAl-user_K1000/replica_0/D.data"));
  const auto campaign_record = read_json(dir + "/out/campaign.json");
  EXPECT_EQ(campaign_record["kind"], "survey");
  EXPECT_EQ(campaign_record["alloys"][1]["fractions"], (std::vector<double>{0.5, 0.4, 0.1}));
}
