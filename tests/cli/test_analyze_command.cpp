// The `rejuv analyze` command end to end: its JSON and CSV contracts, data
// and dump input giving the same answer, and one-line errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include "analysis/icosahedral_order.h"
#include "analysis/voronoi.h"
#include "io/lammps_data.h"
#include "io/lammps_dump.h"
#include "support/test_support.h"

using namespace rejuv;

namespace {

using test::CliRun;

CliRun run(const std::string& args) { return test::run_rejuv("analyze " + args); }

std::string glass() { return test::source_dir() + "/examples/cu50zr50/cu50zr50_glass.data"; }
std::string glass_dump() { return test::source_dir() + "/tests/reference/lammps/structure/glass.dump"; }

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream ss(text);
  std::string l;
  while (std::getline(ss, l)) out.push_back(l);
  return out;
}

void expect_fail(const std::string& args, const std::string& needle) {
  const CliRun r = run(args);
  EXPECT_EQ(r.status, 2) << args;
  EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

}  // namespace

TEST(AnalyzeCommand, JsonAndFilesHoldTheContract) {
  const std::string dir = test::temp_dir("analyze_files");
  const CliRun r = run(glass() + " --elements Cu,Zr --json --voronoi " + dir + "/v.csv --rdf " + dir + "/g.csv --sq " +
                       dir + "/s.csv --clusters " + dir + "/c.csv --dump " + dir + "/a.dump");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  for (const char* k : {"icosahedral_fraction", "icosahedral_fraction_by_species", "mro_clusters",
                        "mro_mean_size_number_weighted", "mro_mean_size_size_weighted", "mro_max_size",
                        "voronoi_index_histogram", "coordination", "sq_first_peak_q_per_A", "volume_A3_per_atom",
                        "number_density_per_A3", "mass_density_g_cm3"})
    EXPECT_TRUE(j.contains(k)) << k;
  EXPECT_EQ(j["natoms"].get<int>(), 2000);
  ASSERT_TRUE(j["icosahedral_fraction_by_species"].contains("Cu"));
  ASSERT_TRUE(j["icosahedral_fraction_by_species"].contains("Zr"));

  // The same numbers as the library gives in-process.
  const System sys = io::read_lammps_data(glass());
  const auto cells = analysis::compute_voronoi(sys);
  const auto ico = analysis::icosahedral_order(sys, cells);
  EXPECT_DOUBLE_EQ(j["icosahedral_fraction"].get<double>(), ico.fraction);
  EXPECT_DOUBLE_EQ(j["icosahedral_fraction_by_species"]["Cu"].get<double>(), ico.fraction_by_type[0]);
  EXPECT_GE(j["mro_mean_size_size_weighted"].get<double>(), j["mro_mean_size_number_weighted"].get<double>());
  EXPECT_NEAR(j["volume_A3_per_atom"].get<double>(), sys.box.volume() / 2000, 1e-9);
  EXPECT_NEAR(j["sq_first_peak_q_per_A"].get<double>(), 2.68, 0.1);

  // Voronoi CSV: header, one row per atom in id order, volumes fill the box.
  const auto v = lines(test::read_text(dir + "/v.csv"));
  ASSERT_EQ(v.size(), 2001u);
  EXPECT_EQ(v[0].rfind("id,type,n3,n4,n5,n6,faces,volume", 0), 0u) << v[0];
  double total = 0.0;
  int ico_rows = 0;
  for (std::size_t k = 1; k < v.size(); ++k) {
    std::vector<std::string> f;
    std::stringstream ss(v[k]);
    std::string item;
    while (std::getline(ss, item, ',')) f.push_back(item);
    ASSERT_GE(f.size(), 8u);
    EXPECT_EQ(std::stol(f[0]), static_cast<long>(k));
    total += std::stod(f[7]);
    ico_rows += f[2] == "0" && f[3] == "0" && f[4] == "12" && f[5] == "0";
  }
  EXPECT_NEAR(total, sys.box.volume(), 1e-5);
  EXPECT_EQ(ico_rows, j["icosahedral_count"].get<int>());

  // Clusters CSV: one row per cluster, sizes adding up to the centres.
  const auto c = lines(test::read_text(dir + "/c.csv"));
  EXPECT_EQ(c[0], "cluster,size,centres_Cu,centres_Zr,ids");
  ASSERT_EQ(c.size(), j["mro_clusters"].get<std::size_t>() + 1);
  int centres = 0;
  for (std::size_t k = 1; k < c.size(); ++k) centres += std::stoi(c[k].substr(c[k].find(',') + 1));
  EXPECT_EQ(centres, j["icosahedral_count"].get<int>());

  EXPECT_EQ(lines(test::read_text(dir + "/g.csv"))[0], "r,g_total,n_total,g_Cu_Cu,n_Cu_Cu,g_Cu_Zr,n_Cu_Zr,n_Zr_Cu,g_Zr_Zr,n_Zr_Zr");
  EXPECT_EQ(lines(test::read_text(dir + "/g.csv")).size(), 201u);
  EXPECT_EQ(lines(test::read_text(dir + "/s.csv"))[0], "q,S");

  // The per-atom dump reads back (OVITO reads the same format).
  const auto d = lines(test::read_text(dir + "/a.dump"));
  EXPECT_EQ(d[8], "ITEM: ATOMS id type x y z n3 n4 n5 n6 faces volume icosahedral cluster");
  EXPECT_EQ(io::read_lammps_dump(dir + "/a.dump").system.size(), 2000u);
}

TEST(AnalyzeCommand, DumpOfTheSameGlassGivesTheSameAnswer) {
  const CliRun a = run(glass() + " --json");
  const CliRun b = run(glass_dump() + " --json --frame 0");
  ASSERT_EQ(a.status, 0) << a.err;
  ASSERT_EQ(b.status, 0) << b.err;
  const auto ja = nlohmann::json::parse(a.out), jb = nlohmann::json::parse(b.out);
  for (const char* k : {"icosahedral_count", "mro_clusters", "mro_max_size"}) EXPECT_EQ(ja[k], jb[k]) << k;
  EXPECT_NEAR(ja["mro_mean_size_size_weighted"].get<double>(), jb["mro_mean_size_size_weighted"].get<double>(), 1e-12);
  EXPECT_NEAR(ja["coordination"]["total"]["coordination_number"].get<double>(),
              jb["coordination"]["total"]["coordination_number"].get<double>(), 1e-12);
}

TEST(AnalyzeCommand, HumanSummaryAndRadicalVariant) {
  const CliRun r = run(glass() + " --elements Cu,Zr --radii Cu=1.28,Zr=1.60 --face-threshold 0.01");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("radical"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(number-weighted)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("s* ="), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("<0,0,12,0>"), std::string::npos) << r.out;
  const CliRun j = run(glass() + " --radii 1=1.28,2=1.60 --json");
  ASSERT_EQ(j.status, 0) << j.err;
  EXPECT_EQ(nlohmann::json::parse(j.out)["voronoi_variant"], "radical");
}

TEST(AnalyzeCommand, BadInputGivesOneLineErrorAndExitTwo) {
  const std::string dir = test::temp_dir("analyze_bad");
  test::write_text(dir + "/notes.txt", "some notes\nnot a structure at all\n");
  expect_fail(dir + "/notes.txt", "notes.txt:2: header has no 'N atoms' line (read as a LAMMPS data file");
  expect_fail(dir + "/missing.data", "missing.data");
  const std::string header = "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n2\nITEM: BOX BOUNDS pp pp ff\n0 10\n0 10\n0 10\n";
  test::write_text(dir + "/nocoords.dump", header + "ITEM: ATOMS id type vx vy vz\n1 1 0 0 0\n2 1 0 0 0\n");
  expect_fail(dir + "/nocoords.dump", "nocoords.dump:9: ITEM: ATOMS has no coordinates");
  test::write_text(dir + "/outside.dump", header + "ITEM: ATOMS id type x y z\n1 1 1 1 1\n2 1 5 5 -0.5\n");
  expect_fail(dir + "/outside.dump", "outside.dump:11: atom 2 lies outside the non-periodic box in z");
  // A data file read with a free z whose atoms stick out of it.
  System s = io::read_lammps_data(glass());
  s.z[7] = s.box.hi[2] + 0.5;
  s.box.periodic = {true, true, false};
  io::write_lammps_data(s, dir + "/sticks_out.data");
  expect_fail(dir + "/sticks_out.data --boundary ppf", "lies outside the non-periodic box in z");
  // Empty selections: no atoms, a frame the dump does not have.
  test::write_text(dir + "/empty.dump", "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n0\nITEM: BOX BOUNDS pp pp pp\n0 10\n0 10\n0 10\nITEM: ATOMS id type x y z\n");
  expect_fail(dir + "/empty.dump", "empty.dump: no atoms to analyse");
  expect_fail(glass_dump() + " --frame 4", "frame 4 requested, but the file has 1 frame");
  expect_fail(glass() + " --frame 1", "--frame 1");
  expect_fail(glass_dump() + " --frame -3", "--frame -3: expected a frame number >= 0");
  expect_fail(glass() + " --elements Cu", "--elements 'Cu': 1 names for the 2 atom types");
  expect_fail(glass() + " --elements Cu,Zr --radii Cu=1.28,Ni=1.2", "--radii: 'Ni' is not a type");
  expect_fail(glass() + " --elements Cu,Zr --radii Cu=1.28", "no radius for type Zr");
  expect_fail(glass() + " --sq-method fourier", "--sq-method 'fourier'");
  expect_fail(glass() + " --face-threshold 1.5", "face-area threshold 1.5");
}
