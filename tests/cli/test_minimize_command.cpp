// `rejuv minimize` end to end: the JSON contract and bad input.
#include <gtest/gtest.h>

#include <algorithm>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include "support/test_support.h"

using namespace rejuv;

namespace {

std::string base(const std::string& dir) {
  test::write_text(dir + "/p.toml",
                   "[potential]\nstyle = \"eam/fs\"\nfile = \"CuZr_mm.eam.fs\"\nelements = [\"Cu\", \"Zr\"]\n");
  return std::string(REJUV_BINARY) + " minimize --data " + test::source_dir() +
         "/tests/reference/lammps/cases/cuzr_fs_smallbox/config.data --potential " + dir + "/p.toml ";
}

}  // namespace

TEST(MinimizeCommand, JsonContractAndStressTargets) {
  const std::string dir = test::temp_dir("min_cli");
  ASSERT_EQ(test::shell(base(dir) + "--method fire --stress 1,2,3 --json --write-data " + dir + "/out.data > " + dir + "/o.json"), 0);
  const auto j = nlohmann::json::parse(test::read_text(dir + "/o.json"));
  for (const char* k : {"potential_energy_eV", "pressure_GPa", "volume_A3", "iterations", "stop_reason"})
    EXPECT_TRUE(j.contains(k)) << k;
  EXPECT_NEAR(j["pressure_tensor_GPa"][0].get<double>(), 1.0, 1e-3);
  EXPECT_NEAR(j["pressure_tensor_GPa"][1].get<double>(), 2.0, 1e-3);
  EXPECT_NEAR(j["pressure_tensor_GPa"][2].get<double>(), 3.0, 1e-3);
  EXPECT_NE(test::read_text(dir + "/out.data").find("Atoms # atomic"), std::string::npos);
}

TEST(MinimizeCommand, BadInputIsOneLineNonZeroExit) {
  const std::string dir = test::temp_dir("min_cli_bad");
  for (const char* bad : {"--method newton", "--stress 1,2", "--stress 1,x,3", "--pressure 1 --stress 1,2,3",
                                 "--dmax -1", "--pressure 0 --boundary ppf"}) {
    EXPECT_NE(test::shell(base(dir) + std::string(bad) + " > /dev/null 2> " + dir + "/err"), 0) << bad;
    const std::string err = test::read_text(dir + "/err");
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << bad << ": " << err;
  }
}
