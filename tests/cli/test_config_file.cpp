// Run descriptions in TOML (`--config`): settings, relative paths, flags
// overriding the file, and errors naming file, line and key.
#include <gtest/gtest.h>

#include <algorithm>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include "support/test_support.h"

using namespace rejuv;

namespace {

std::string setup(const std::string& dir) {
  test::write_text(dir + "/a.data", test::read_text(test::source_dir() +
                                                    "/tests/reference/lammps/cases/cuzr_fs_smallbox/config.data"));
  test::write_text(dir + "/p.toml",
                   "[potential]\nstyle = \"eam/fs\"\nfile = \"CuZr_mm.eam.fs\"\nelements = [\"Cu\", \"Zr\"]\n");
  return std::string(REJUV_BINARY);
}

}  // namespace

TEST(ConfigFile, MdRunFromTomlWithOverrides) {
  const std::string dir = test::temp_dir("config_md");
  const std::string rejuv = setup(dir);
  test::write_text(dir + "/run.toml", R"(# a run description
[md]
data = "a.data"          # relative to this file
potential = "p.toml"
ensemble = "npt"
temperature = [900, 600]
stress = [[1, 2, 3], [0, 0, 0]]
timestep = 0.002
steps = 50
create-velocities = 900
thermo = "t.csv"
thermo-every = 10
json = true
)");
  ASSERT_EQ(test::shell("cd / && " + rejuv + " md --config " + dir + "/run.toml > " + dir + "/o.json 2>/dev/null"), 0);
  auto j = nlohmann::json::parse(test::read_text(dir + "/o.json"));
  EXPECT_EQ(j["steps"].get<long>(), 50);
  EXPECT_EQ(j["ensemble"].get<std::string>(), "npt");
  EXPECT_NE(test::read_text(dir + "/t.csv").find("\n50,"), std::string::npos);  // written next to the file
  // A flag on the command line wins over the file.
  ASSERT_EQ(test::shell(rejuv + " md --config " + dir + "/run.toml --steps 20 > " + dir + "/o.json 2>/dev/null"), 0);
  j = nlohmann::json::parse(test::read_text(dir + "/o.json"));
  EXPECT_EQ(j["steps"].get<long>(), 20);
}

TEST(ConfigFile, MinimizeSection) {
  const std::string dir = test::temp_dir("config_min");
  const std::string rejuv = setup(dir);
  test::write_text(dir + "/run.toml", "[minimize]\ndata = \"a.data\"\npotential = \"p.toml\"\nmethod = \"fire\"\npressure = 0\njson = true\n");
  ASSERT_EQ(test::shell(rejuv + " minimize --config " + dir + "/run.toml > " + dir + "/o.json 2>/dev/null"), 0);
  const auto j = nlohmann::json::parse(test::read_text(dir + "/o.json"));
  EXPECT_EQ(j["method"].get<std::string>(), "fire");
  EXPECT_NEAR(j["pressure_GPa"].get<double>(), 0.0, 1e-2);
}

TEST(ConfigFile, ErrorsNameFileLineAndKey) {
  const std::string dir = test::temp_dir("config_bad");
  const std::string rejuv = setup(dir);
  auto expect_fail = [&](const std::string& toml, const std::string& needle) {
    test::write_text(dir + "/run.toml", toml);
    EXPECT_NE(test::shell(rejuv + " md --config " + dir + "/run.toml > /dev/null 2> " + dir + "/err"), 0) << toml;
    const std::string err = test::read_text(dir + "/err");
    EXPECT_NE(err.find(needle), std::string::npos) << err;
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  };
  expect_fail("[md]\ndata = \"a.data\"\ncolour = 3\n", "run.toml:3: [md].colour: unknown key");
  expect_fail("[md]\ntimestep = \"fast\"\ndata = \"a.data\"\npotential = \"p.toml\"\nsteps = 5\n", "timestep");
  expect_fail("[minimize]\nmethod = \"sd\"\n", "no [md] table");
  expect_fail("[md\n", "TOML syntax error");
  expect_fail("[md]\njson = 3\n", "on/off flag");
}
