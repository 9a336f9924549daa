// `rejuv md` end to end: outputs, checkpoint/resume after kill -9 (bitwise),
// and bad input.
#include <gtest/gtest.h>

#include <algorithm>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include "support/test_support.h"

using namespace rejuv;

namespace {

std::string md_command(const std::string& dir, const std::string& tag) {
  return std::string(REJUV_BINARY) + " md --data " + test::source_dir() +
         "/tests/reference/lammps/cases/cuzr_fs_ortho/config.data --potential " + dir +
         "/p.toml --ensemble npt --temperature 1500:1200 --stress 0.5,1,1.5:1,1,1 --pdamp 0.2 --timestep 0.002 "
         "--steps 4000 --create-velocities 1500 "
         "--seed 5 --thermo " + dir + "/" + tag + ".csv --thermo-every 50 --dump " + dir + "/" + tag +
         ".dump --dump-every 500 --write-data " + dir + "/" + tag + ".data --checkpoint " + dir + "/" + tag +
         ".ck --checkpoint-every 300 --json";
}

}  // namespace

TEST(MdCommand, ResumesAfterKillBitwiseIdentical) {
  const std::string dir = test::temp_dir("md_resume");
  test::write_text(dir + "/p.toml",
                   "[potential]\nstyle = \"eam/fs\"\nfile = \"CuZr_mm.eam.fs\"\nelements = [\"Cu\", \"Zr\"]\n");
  ASSERT_EQ(test::shell(md_command(dir, "a") + " > " + dir + "/a.json 2>/dev/null"), 0);
  // Kill the same run twice with SIGKILL between checkpoints (each time once
  // it has written a new checkpoint, a little later), then let it finish.
  const std::string kill_later = "( touch " + dir + "/marker; sleep 0.01; " + md_command(dir, "b") +
                                 " > /dev/null 2>&1 & pid=$!; while [ ! " + dir + "/b.ck -nt " + dir +
                                 "/marker ]; do sleep 0.01; done; sleep 0.1; kill -9 $pid; wait $pid ) 2>/dev/null";
  test::shell(kill_later);
  test::shell(kill_later);
  ASSERT_EQ(test::shell(md_command(dir, "b") + " > " + dir + "/b.json 2>/dev/null"), 0);
  const auto b = nlohmann::json::parse(test::read_text(dir + "/b.json"));
  EXPECT_GE(b["resumed_from_step"].get<long>(), 600) << "each attempt should have added a checkpoint";
  const auto a = nlohmann::json::parse(test::read_text(dir + "/a.json"));
  EXPECT_EQ(test::read_text(dir + "/a.data"), test::read_text(dir + "/b.data"));
  EXPECT_EQ(test::read_text(dir + "/a.csv"), test::read_text(dir + "/b.csv"));
  EXPECT_EQ(test::read_text(dir + "/a.dump"), test::read_text(dir + "/b.dump"));
  for (const char* k : {"mean_temperature_K", "mean_pressure_GPa", "mean_volume_A3", "mean_potential_energy_eV",
                        "conserved_drift_eV_per_atom"})
    EXPECT_EQ(a[k].get<double>(), b[k].get<double>()) << k;
  // Thermo CSV contract.
  const std::string csv = test::read_text(dir + "/a.csv");
  EXPECT_EQ(csv.rfind("step,time_ps,temperature_K,potential_energy_eV,kinetic_energy_eV,pressure_GPa,volume_A3", 0), 0u);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 4000 / 50 + 1);
}

TEST(MdCommand, BadInputIsOneLineNonZeroExit) {
  const std::string dir = test::temp_dir("md_bad");
  test::write_text(dir + "/p.toml",
                   "[potential]\nstyle = \"eam/fs\"\nfile = \"CuZr_mm.eam.fs\"\nelements = [\"Cu\", \"Zr\"]\n");
  const std::string base = std::string(REJUV_BINARY) + " md --data " + test::source_dir() +
                           "/tests/reference/lammps/cases/cuzr_fs_ortho/config.data --potential " + dir + "/p.toml --steps 10 ";
  for (const char* bad : {"--timestep 0", "--timestep -1", "--ensemble nvt", "--ensemble nvt --temperature 100:-5",
                                 "--ensemble nvt --temperature 300 --tdamp 0.0001", "--ensemble nvt --temperature abc"}) {
    EXPECT_NE(test::shell(base + std::string(bad) + " > /dev/null 2> " + dir + "/err"), 0) << bad;
    const std::string err = test::read_text(dir + "/err");
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << bad << ": " << err;
  }
}
