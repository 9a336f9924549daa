// Inherent structures along a quench: snapshots every dT, each minimised at
// P and then at 0; energies, volumes and structure checked independently
// from the written states; the campaign's summary over pressures.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "analysis/icosahedral_order.h"
#include "analysis/voronoi.h"
#include "campaign/inherent_campaign.h"
#include "io/lammps_data.h"
#include "potential/evaluate.h"
#include "potential/registry.h"
#include "protocol/alloys.h"
#include "protocol/inherent_structures.h"
#include "support/test_support.h"
#include "util/error.h"
#include "util/units.h"

using namespace rejuv;
using test::read_json;
namespace fs = std::filesystem;

namespace {

protocol::ProtocolSettings tiny() {
  auto s = protocol::preset("smoke");
  s.natoms = 128;
  return s;
}

}  // namespace

TEST(InherentStructures, SnapshotsAreMinimaWhoseNumbersCheckOut) {
  const std::string dir = test::temp_dir("inherent_series");
  const auto alloy = protocol::builtin_alloy("CuZr-FS", ".");
  const auto out = protocol::run_inherent_series(alloy, tiny(), {5.0, 1000.0}, dir, false, false);
  const auto& rows = out["rows"];
  ASSERT_EQ(rows.size(), 3u);  // 2000 K, 1000 K, then the last segment ends at t_low = 1 K
  EXPECT_EQ(rows[0]["T_K"].get<double>(), 2000.0);
  EXPECT_EQ(rows[1]["T_K"].get<double>(), 1000.0);
  EXPECT_EQ(rows[2]["T_K"].get<double>(), 1.0);
  // The liquid's inherent structures lie higher than the glass's.
  EXPECT_GT(rows[0]["E_IS_eV_per_atom"].get<double>(), rows[2]["E_IS_eV_per_atom"].get<double>());
  for (int k = 0; k < 3; ++k) {
    // Minimised at P = 5 GPa, then relaxed to zero pressure (larger volume).
    const auto at_p = read_json(dir + "/IS_" + std::to_string(k) + "_at_P.json");
    EXPECT_NEAR(at_p["pressure_GPa"].get<double>(), 5.0, 0.02);
    EXPECT_GT(rows[k]["V_IS_A3_per_atom"].get<double>(), rows[k]["V_IS_at_P_A3_per_atom"].get<double>());
    // The written state at 0, evaluated afresh: the row's energy, zero pressure.
    const std::string file = dir + "/IS_" + std::to_string(k) + ".data";
    const auto [e, pressure] = test::evaluate_state(alloy.potential, file);
    EXPECT_NEAR(e, rows[k]["E_IS_eV_per_atom"].get<double>(), 1e-10);
    EXPECT_NEAR(pressure, 0.0, 0.02);
    // Its icosahedral fraction, from the file with the analysis on its own.
    System s = io::read_lammps_data(file);
    const auto cells = analysis::compute_voronoi(s);
    EXPECT_DOUBLE_EQ(analysis::icosahedral_order(s, cells).fraction,
                     rows[k]["icosahedral_fraction"].get<double>());
  }
  // Resumed with nothing left to do: the same file, not recomputed.
  const std::string csv = test::read_text(dir + "/is_series.csv");
  EXPECT_EQ(csv.rfind(std::string(protocol::kInherentColumns) + ",icosahedral_fraction_Cu,icosahedral_fraction_Zr\n", 0),
            0u);
  const auto before = fs::last_write_time(dir + "/IS_2.data");
  protocol::run_inherent_series(alloy, tiny(), {5.0, 1000.0}, dir, false, false);
  EXPECT_EQ(test::read_text(dir + "/is_series.csv"), csv);
  EXPECT_EQ(fs::last_write_time(dir + "/IS_2.data"), before);
  // Other settings in the same folder are refused.
  EXPECT_THROW(protocol::run_inherent_series(alloy, tiny(), {5.0, 500.0}, dir, false, false), InputError);
}

TEST(InherentStructures, CampaignOverPressuresAndShards) {
  const std::string dir = test::temp_dir("inherent_campaign");
  campaign::InherentCampaign c;
  c.alloy = protocol::builtin_alloy("CuZr-FS", ".");
  c.base = tiny();
  c.replicas = 1;
  c.pressures_gpa = {0.0, 5.0};
  c.every_K = 1500.0;
  campaign::RunOptions o;
  o.verbose = false;
  const auto all = campaign::run_inherent_campaign(c, dir + "/serial", o);
  ASSERT_TRUE(all["complete"].get<bool>());
  EXPECT_EQ(all["points"].size(), 4u);  // 2 pressures x (1500 K, 1 K)
  EXPECT_TRUE(fs::exists(dir + "/serial/sro.svg"));
  const std::string summary = test::read_text(dir + "/serial/is_summary.csv");
  EXPECT_EQ(summary.rfind("alloy,P_GPa,T_K,n,mean_E_IS_eV_per_atom,se_E_IS_eV_per_atom", 0), 0u);
  // Two shards one after the other give the same files.
  for (const char* shard : {"0/2", "1/2"}) {
    std::tie(o.shard, o.shards) = campaign::parse_shard(shard);
    campaign::run_inherent_campaign(c, dir + "/shards", o);
  }
  EXPECT_EQ(test::read_text(dir + "/shards/is_series.csv"), test::read_text(dir + "/serial/is_series.csv"));
  EXPECT_EQ(test::read_text(dir + "/shards/is_summary.csv"), summary);
}
