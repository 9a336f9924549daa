// The protocol end to end on the smoke preset: each stage's physics, dE
// checked independently from the written data files, and resume after kills
// giving the same numbers bit for bit.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include "io/lammps_data.h"
#include "potential/evaluate.h"
#include "potential/registry.h"
#include "protocol/alloys.h"
#include "protocol/thermal_pressure_loading.h"
#include "support/test_support.h"
#include "util/error.h"
#include "util/units.h"

using namespace rejuv;
using test::read_json;

TEST(Protocol, SmokeRunPhysicsAndIndependentCheckOfDeltaE) {
  const std::string dir = test::temp_dir("protocol_smoke");
  const auto alloy = protocol::builtin_alloy("CuZr-FS", ".");
  auto s = protocol::preset("smoke");
  s.pa_gpa = 5.0;
  s.ta_k = 900.0;
  const auto sum = protocol::run_protocol(alloy, s, dir, false, false);
  for (const char* f : {"D.data", "H.data", "J.data", "A_B_melt.csv", "F_G_anneal.csv", "summary.json"})
    EXPECT_TRUE(std::filesystem::exists(dir + "/" + f)) << f;
  // dE from the written D and J, evaluated independently.
  const auto [e_d, p_d] = test::evaluate_state(alloy.potential, dir + "/D.data");
  const auto [e_j, p_j] = test::evaluate_state(alloy.potential, dir + "/J.data");
  const auto [e_h, p_h] = test::evaluate_state(alloy.potential, dir + "/H.data");
  EXPECT_NEAR(sum["E_D_eV_per_atom"].get<double>(), e_d, 1e-10);
  EXPECT_NEAR(sum["E_J_eV_per_atom"].get<double>(), e_j, 1e-10);
  EXPECT_NEAR(sum["delta_E_eV_per_atom"].get<double>(), e_j - e_d, 1e-10);
  // D and J are relaxed at zero stress, H at Pa.
  EXPECT_NEAR(p_d, 0.0, 0.02);
  EXPECT_NEAR(p_j, 0.0, 0.02);
  EXPECT_NEAR(p_h, 5.0, 0.02);
  // The anneal holds Ta and Pa; the melt holds P = 0 and T_melt.
  const auto anneal = read_json(dir + "/F_G_anneal.json");
  EXPECT_NEAR(anneal["mean_temperature_K"].get<double>(), 900.0, 45.0);
  EXPECT_NEAR(anneal["mean_pressure_GPa"].get<double>(), 5.0, 0.3);
  const auto melt = read_json(dir + "/A_B_melt.json");
  EXPECT_NEAR(melt["mean_temperature_K"].get<double>(), 3000.0, 300.0);
  // Loading and unloading reach their targets component by component.
  const auto unload = read_json(dir + "/H_I_unload.json");
  for (int d = 0; d < 3; ++d) EXPECT_NEAR(unload["pressure_tensor_GPa"][d].get<double>(), 0.0, 0.02);
  // Compression densifies: V_J differs from V_D, and the glass under Pa is denser.
  EXPECT_LT(read_json(dir + "/H.json")["volume_A3_per_atom"].get<double>(), sum["V_D_A3_per_atom"].get<double>());
}

TEST(Protocol, ResumesAfterKillsWithTheSameNumbers) {
  const std::string dir = test::temp_dir("protocol_resume");
  const std::string cmd = std::string(REJUV_BINARY) + " protocol --preset smoke --Pa 3 --Ta 850 --quiet --json --out ";
  ASSERT_EQ(test::shell(cmd + dir + "/a > " + dir + "/a.json 2>/dev/null"), 0);
  // Kill the second run in the middle of an MD stage, twice, then finish it.
  for (const char* marker : {"B_C_quench.ck", "F_G_anneal.ck"})
    test::shell("( " + cmd + dir + "/b > /dev/null 2>&1 & pid=$!; while [ ! -f " + dir + "/b/" + marker +
          " ] && kill -0 $pid 2>/dev/null; do sleep 0.01; done; sleep 0.05; kill -9 $pid; wait $pid ) 2>/dev/null");
  ASSERT_EQ(test::shell(cmd + dir + "/b > " + dir + "/b.json 2>/dev/null"), 0);
  auto a = read_json(dir + "/a.json"), b = read_json(dir + "/b.json");
  a.erase("wall_seconds_this_invocation");
  b.erase("wall_seconds_this_invocation");
  EXPECT_EQ(a, b);
  for (const char* f : {"D.data", "H.data", "J.data", "F_G_anneal.csv"})
    EXPECT_EQ(test::read_text(dir + "/a/" + f), test::read_text(dir + "/b/" + f)) << f;
  // A finished run is not recomputed: running again leaves the files as they are.
  const auto before = std::filesystem::last_write_time(dir + "/b/J.data");
  ASSERT_EQ(test::shell(cmd + dir + "/b > /dev/null 2>&1"), 0);
  EXPECT_EQ(std::filesystem::last_write_time(dir + "/b/J.data"), before);
  // Other settings in the same folder are refused.
  EXPECT_NE(test::shell(std::string(REJUV_BINARY) + " protocol --preset smoke --Pa 4 --Ta 850 --quiet --out " + dir +
                  "/b > /dev/null 2>&1"),
            0);
}

TEST(Protocol, BadSettingsAreRejected) {
  auto s = protocol::preset("smoke");
  s.cooling_rate = -1.0;
  EXPECT_THROW(protocol::validate(s), InputError);
  s = protocol::preset("smoke");
  s.ta_k = -5.0;
  EXPECT_THROW(protocol::validate(s), InputError);
  EXPECT_THROW(protocol::preset("fast"), InputError);
}

TEST(Protocol, TaAsAMultipleOfTgAtPa) {
  const std::string dir = test::temp_dir("protocol_ta_over_tg");
  const auto alloy = protocol::builtin_alloy("CuZr-FS", ".");
  auto s = protocol::preset("smoke");
  s.cooling_rate = 200.0;
  s.pa_gpa = 2.0;
  s.ta_over_tg = 1.3;
  const auto sum = protocol::run_protocol(alloy, s, dir, false, false);
  const auto tg = read_json(dir + "/tg_Pa/tg.json");
  EXPECT_EQ(tg["pressure_GPa"].get<double>(), 2.0);  // Tg measured at Pa
  EXPECT_DOUBLE_EQ(sum["Tg_Pa_K"].get<double>(), tg["Tg_K"].get<double>());
  EXPECT_DOUBLE_EQ(sum["Ta_K"].get<double>(), 1.3 * tg["Tg_K"].get<double>());
  EXPECT_DOUBLE_EQ(sum["Ta_over_Tg"].get<double>(), 1.3);
}

