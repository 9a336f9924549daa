// `rejuv tg` end to end on the smoke preset: a fit inside the data, files
// written, and a second run reusing the finished stages with the same answer.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.h"

using namespace rejuv;

TEST(TgCommand, SmokeQuenchGivesAFitAndResumes) {
  const std::string dir = test::temp_dir("tg_smoke");
  // 1000 atoms: with the smoke preset's 250 the V(T) kink is too noisy for
  // the two-line fit to find for every seed (measured: 4 of 6).
  const std::string cmd =
      std::string(REJUV_BINARY) + " tg --preset smoke --atoms 1000 --cooling-rate 200 --quiet --json --out " + dir;
  ASSERT_EQ(test::shell(cmd + " > " + dir + "/a.json 2>/dev/null"), 0);
  const auto a = nlohmann::json::parse(test::read_text(dir + "/a.json"));
  for (const char* k : {"Tg_K", "Tg_uncertainty_K", "glass_line", "liquid_line", "breakpoint_K"})
    EXPECT_TRUE(a.contains(k)) << k;
  EXPECT_GT(a["Tg_K"].get<double>(), 1.0);
  EXPECT_LT(a["Tg_K"].get<double>(), a["fit_max_K"].get<double>());
  // Above Tg the liquid expands faster than the glass.
  EXPECT_GT(a["liquid_line"]["slope_A3_per_atom_per_K"].get<double>(), a["glass_line"]["slope_A3_per_atom_per_K"].get<double>());
  EXPECT_NE(test::read_text(dir + "/tg_data.csv").find("temperature_K,volume_A3_per_atom"), std::string::npos);
  ASSERT_EQ(test::shell(cmd + " > " + dir + "/b.json 2>/dev/null"), 0);
  EXPECT_EQ(test::read_text(dir + "/a.json"), test::read_text(dir + "/b.json"));
}
