#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

#include "io/potential_config.h"
#include "potential/evaluate.h"
#include "potential/registry.h"
#include "support/test_support.h"
#include "util/error.h"

using namespace rejuv;

namespace {

std::string error_of(const std::string& toml, const std::string& source = "/tmp/p.toml") {
  try {
    io::parse_potential_config(toml, source);
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(source), std::string::npos) << msg;
    EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
    return msg;
  }
  ADD_FAILURE() << "expected an InputError for:\n" << toml;
  return {};
}

const char* kLj = R"([potential]
style = "mie"
elements = ["Cu", "Zr"]
shift = "force"
[[potential.pairs]]
elements = ["Cu", "Cu"]
epsilon = 0.3
sigma = 2.3
cutoff = 5.5
m = 8
n = 4
[[potential.pairs]]
elements = ["Cu", "Zr"]
epsilon = 0.35
sigma = 2.6
cutoff = 6.0
m = 8
n = 4
[[potential.pairs]]
elements = ["Zr", "Zr"]
epsilon = 0.4
sigma = 2.9
cutoff = 6.5
m = 8
n = 4
)";

}  // namespace

TEST(PotentialConfig, ParsesSetflAndFindsFileOnSearchPath) {
  const auto spec = io::parse_potential_config(
      "[potential]\nstyle = \"eam/fs\"\nfile = \"CuZr_mm.eam.fs\"\nelements = [\"Cu\", \"Zr\"]\n",
      "/tmp/x/p.toml");
  EXPECT_EQ(spec.style, "eam/fs");
  EXPECT_EQ(spec.files.at(0), "/usr/share/lammps/potentials/CuZr_mm.eam.fs");
  EXPECT_EQ(spec.elements.size(), 2u);
}

TEST(PotentialConfig, EnvironmentSearchPathAndRelativePaths) {
  // REJUV_POTENTIAL_PATH is set by CTest to ../shared/potentials.
  ::setenv("REJUV_POTENTIAL_PATH", test::shared_potentials().c_str(), 1);
  auto spec = io::parse_potential_config(
      "[potential]\nstyle = \"eam/alloy\"\nfile = \"ZrCuAl2011.eam.alloy\"\nelements = [\"Zr\", \"Cu\", \"Al\"]\n",
      "/tmp/p.toml");
  EXPECT_EQ(spec.files.at(0), test::shared_potentials() + "/ZrCuAl2011.eam.alloy");
  // A relative path resolves against the TOML file's folder.
  const std::string dir = test::temp_dir("config_relative");
  test::write_text(dir + "/Cu.eam", test::read_text(test::lammps_potentials() + "/Cu_u3.eam"));
  test::write_text(dir + "/p.toml", "[potential]\nstyle = \"eam\"\nfiles = [\"./Cu.eam\"]\nelements = [\"Cu\"]\n");
  spec = io::read_potential_config(dir + "/p.toml");
  EXPECT_EQ(spec.files.at(0), dir + "/./Cu.eam");
}

TEST(PotentialConfig, ParsesPairTables) {
  const auto spec = io::parse_potential_config(kLj, "/tmp/p.toml");
  EXPECT_EQ(spec.shift, io::PairShift::force);
  ASSERT_EQ(spec.pairs.size(), 3u);
  EXPECT_EQ(spec.pairs[1].element_b, "Zr");
  EXPECT_EQ(spec.pairs[2].m, 8.0);
  EXPECT_EQ(spec.pairs[2].n, 4.0);
}

TEST(PotentialConfig, UnknownKeyNamesKeyAndLine) {
  const auto msg = error_of("[potential]\nstyle = \"eam/fs\"\nfle = \"x\"\nelements = [\"Cu\"]\n");
  EXPECT_NE(msg.find(":3:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("potential.fle"), std::string::npos) << msg;
  EXPECT_NE(error_of("[potentials]\n").find("unknown key"), std::string::npos);
  std::string bad = kLj;
  bad.replace(bad.find("cutoff = 6.0"), 12, "cutof = 6.0");
  EXPECT_NE(error_of(bad).find("potential.pairs[1].cutof"), std::string::npos);
}

TEST(PotentialConfig, WrongTypesAndValues) {
  EXPECT_NE(error_of("[potential]\nstyle = 3\n").find("expected a string"), std::string::npos);
  EXPECT_NE(error_of("[potential]\nstyle = \"eam/fs\"\nfile = \"CuZr_mm.eam.fs\"\nelements = \"Cu\"\n").find("array of strings"), std::string::npos);
  EXPECT_NE(error_of("[potential]\nstyle = \"tersoff\"\nelements = [\"Si\"]\n").find("not a known style"), std::string::npos);
  std::string bad = kLj;
  bad.replace(bad.find("sigma = 2.6"), 11, "sigma = \"2.6\"");
  EXPECT_NE(error_of(bad).find("potential.pairs[1].sigma: expected a number"), std::string::npos);
  bad = kLj;
  bad.replace(bad.find("shift = \"force\""), 15, "shift = \"yes\"");
  EXPECT_NE(error_of(bad).find("potential.shift"), std::string::npos);
  EXPECT_NE(error_of("[potential]\nstyle = \"eam/fs\"\nelements = [\"Cu\"]\n").find("potential.file: missing"), std::string::npos);
  EXPECT_NE(error_of("[potential\nstyle = 1").find("TOML syntax error"), std::string::npos);
}

TEST(PotentialConfig, PairTableStrideIsOptInAndChecked) {
  const std::string eam = "[potential]\nstyle = \"eam/fs\"\nfile = \"CuZr_mm.eam.fs\"\nelements = [\"Cu\", \"Zr\"]\n";
  EXPECT_EQ(io::parse_potential_config(eam, "/tmp/p.toml").pair_table_stride, 1);  // the file's own tables
  EXPECT_EQ(io::parse_potential_config(eam + "pair_table_stride = 4\n", "/tmp/p.toml").pair_table_stride, 4);
  auto msg = error_of(eam + "pair_table_stride = 0\n");
  EXPECT_NE(msg.find(":5:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("potential.pair_table_stride: 0: expected 1"), std::string::npos) << msg;
  EXPECT_NE(error_of(eam + "pair_table_stride = 8\n").find("up to 4"), std::string::npos);
  EXPECT_NE(error_of(eam + "pair_table_stride = 2.5\n").find("expected an integer, found a number"), std::string::npos);
  EXPECT_NE(error_of(eam + "pair_table_stride = \"4\"\n").find("expected an integer, found a string"), std::string::npos);
  std::string lj = kLj;
  lj.replace(lj.find("shift = \"force\""), 15, "shift = \"force\"\npair_table_stride = 2");
  EXPECT_NE(error_of(lj).find("potential.pair_table_stride: not used by style 'mie'"), std::string::npos);
}

TEST(PotentialConfig, MissingFileSaysWhereItLooked) {
  const auto msg = error_of("[potential]\nstyle = \"eam/alloy\"\nfile = \"Nope.eam.alloy\"\nelements = [\"Cu\"]\n");
  EXPECT_NE(msg.find("not found"), std::string::npos) << msg;
  EXPECT_NE(msg.find("/usr/share/lammps/potentials/Nope.eam.alloy"), std::string::npos) << msg;
}

TEST(PotentialConfig, ElementNotInPotentialFile) {
  const auto spec = io::parse_potential_config(
      "[potential]\nstyle = \"eam/fs\"\nfile = \"CuZr_mm.eam.fs\"\nelements = [\"Cu\", \"Ni\"]\n", "/tmp/p.toml");
  try {
    potential::create_potential(spec);
    ADD_FAILURE() << "expected an error";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("'Ni'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("CuZr_mm.eam.fs"), std::string::npos) << msg;
  }
}

TEST(PotentialConfig, MissingPairIsAnError) {
  std::string bad = kLj;
  bad = bad.substr(0, bad.find("[[potential.pairs]]\nelements = [\"Zr\", \"Zr\"]"));
  const auto spec = io::parse_potential_config(bad, "/tmp/p.toml");
  EXPECT_THROW(potential::create_potential(spec), InputError);
}

TEST(PotentialConfig, MoreDataTypesThanElementsIsAnError) {
  const auto spec = io::parse_potential_config(
      "[potential]\nstyle = \"eam/fs\"\nfile = \"CuZr_mm.eam.fs\"\nelements = [\"Cu\"]\n", "/tmp/p.toml");
  auto pot = potential::create_potential(spec);
  System sys = test::make_alloy({});  // two types
  try {
    potential::attach_potential(sys, *pot, spec.elements, "two_types.data");
    ADD_FAILURE() << "expected an error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("2 atom types"), std::string::npos) << e.what();
  }
}

TEST(PotentialConfig, MassesFromPotentialFileElseDataFile) {
  auto spec = io::parse_potential_config(
      "[potential]\nstyle = \"eam/fs\"\nfile = \"CuZr_mm.eam.fs\"\nelements = [\"Cu\", \"Zr\"]\n", "/tmp/p.toml");
  auto pot = potential::create_potential(spec);
  System sys = test::make_alloy({});
  sys.mass = {1.0, 2.0};
  potential::attach_potential(sys, *pot, spec.elements, "a.data");
  EXPECT_EQ(sys.mass[0], 63.546);
  EXPECT_EQ(sys.mass[1], 91.224);
  spec = io::parse_potential_config(kLj, "/tmp/p.toml");
  pot = potential::create_potential(spec);
  sys.mass = {1.0, std::nan("")};
  EXPECT_THROW(potential::attach_potential(sys, *pot, spec.elements, "a.data"), InputError);
  sys.mass = {1.0, 2.0};
  potential::attach_potential(sys, *pot, spec.elements, "a.data");
  EXPECT_EQ(sys.mass[1], 2.0);
}
