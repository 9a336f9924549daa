// Voronoi cells: analytic polyhedra of perfect crystals and an icosahedron,
// volume conservation in every box shape, and per-atom agreement with LAMMPS
// `compute voronoi/atom` (tests/reference/lammps/structure).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <numeric>
#include <sstream>

#include "analysis/structure_fixtures.h"
#include "analysis/voronoi.h"
#include "io/lammps_dump.h"
#include "support/test_support.h"
#include "util/error.h"

using namespace rejuv;
using analysis::compute_voronoi;

namespace {

double total_volume(const analysis::VoronoiCells& c) { return std::accumulate(c.volume.begin(), c.volume.end(), 0.0); }

// Columns after x y z of a LAMMPS reference dump, by atom id.
struct LammpsCell {
  double volume, radical_volume;
  int faces, radical_faces;
};

std::map<std::int64_t, LammpsCell> read_reference(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  for (int k = 0; k < 9; ++k) std::getline(in, line);
  std::map<std::int64_t, LammpsCell> out;
  while (std::getline(in, line)) {
    std::istringstream ss(line);
    std::int64_t id;
    int type;
    double x, y, z;
    LammpsCell c{};
    ss >> id >> type >> x >> y >> z >> c.volume >> c.faces >> c.radical_volume >> c.radical_faces;
    out[id] = c;
  }
  return out;
}

// LAMMPS's edge_histo 12 vector: element k (1-based, k <= 12) counts faces
// with k edges, element 13 faces with more.
std::vector<long> read_edge_histogram(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  for (int k = 0; k < 4; ++k) std::getline(in, line);
  std::vector<long> h;
  while (std::getline(in, line)) {
    std::istringstream ss(line);
    long k, n;
    ss >> k >> n;
    h.push_back(n);
  }
  return h;
}

std::string structure_ref(const std::string& name) {
  return test::source_dir() + "/tests/reference/lammps/structure/" + name;
}

}  // namespace

TEST(Voronoi, PerfectFccCellsAreRhombicDodecahedra) {
  const double a = 4.05;
  const System sys = test::make_fcc(3, a);
  const auto cells = compute_voronoi(sys);
  for (std::size_t i = 0; i < sys.size(); ++i) {
    EXPECT_EQ(cells.index[i], (std::array<int, 4>{0, 12, 0, 0})) << "atom " << sys.id[i];
    EXPECT_EQ(cells.faces[i], 12);
    EXPECT_NEAR(cells.volume[i], a * a * a / 4.0, 1e-9);
    EXPECT_EQ(cells.neighbors(i).size(), 12u);
  }
}

TEST(Voronoi, PerfectBccCellsAreTruncatedOctahedra) {
  const double a = 3.3;
  const System sys = test::make_bcc(3, a);
  const auto cells = compute_voronoi(sys);
  for (std::size_t i = 0; i < sys.size(); ++i) {
    EXPECT_EQ(cells.index[i], (std::array<int, 4>{0, 6, 0, 8})) << "atom " << sys.id[i];
    EXPECT_EQ(cells.faces[i], 14);
    EXPECT_NEAR(cells.volume[i], a * a * a / 2.0, 1e-9);
  }
}

TEST(Voronoi, CentreOfAnIcosahedronIsIcosahedral) {
  System sys = test::empty_box(20, 20, 20, {false, false, false});
  test::add_icosahedron(sys, 10.3, 9.7, 10.1, 2.6);
  const auto cells = compute_voronoi(sys);
  EXPECT_EQ(cells.index[0], (std::array<int, 4>{0, 0, 12, 0}));
  EXPECT_EQ(cells.faces[0], 12);
  // Shell atoms' cells are closed by the box walls: faces with no neighbour.
  EXPECT_EQ(cells.neighbors(0).size(), 12u);
  long wall_faces = 0;
  for (long j : cells.face_neighbor) wall_faces += j < 0;
  EXPECT_GT(wall_faces, 0);
  EXPECT_NEAR(total_volume(cells), 20.0 * 20 * 20, 1e-8);
}

TEST(Voronoi, VolumesFillOrthogonalTriclinicAndPartlyFreeBoxes) {
  struct Case {
    double tilt[3];
    std::array<bool, 3> periodic;
  };
  const Case cases[] = {{{0, 0, 0}, {true, true, true}},
                        {{0.2, -0.15, 0.1}, {true, true, true}},
                        {{0.3, 0.25, -0.3}, {true, true, true}},
                        {{0.2, -0.15, 0.1}, {true, true, false}},
                        {{0.2, -0.15, 0.1}, {false, true, true}},
                        {{0, 0, 0}, {false, false, false}}};
  for (const auto& c : cases) {
    test::AlloyOptions o;
    o.tilt[0] = c.tilt[0];
    o.tilt[1] = c.tilt[1];
    o.tilt[2] = c.tilt[2];
    o.displacement = 0.3;
    System sys = test::make_alloy(o);
    sys.box.periodic = c.periodic;
    // Keep atoms strictly inside free dimensions (the lattice starts on the face).
    for (std::size_t i = 0; i < sys.size(); ++i) {
      Vec3 s = sys.box.to_fractional({sys.x[i], sys.y[i], sys.z[i]});
      for (int d = 0; d < 3; ++d)
        if (!c.periodic[d]) s[d] = 0.02 + 0.96 * (s[d] - std::floor(s[d]));
      const Vec3 x = sys.box.from_fractional(s);
      sys.x[i] = x[0], sys.y[i] = x[1], sys.z[i] = x[2];
    }
    const auto cells = compute_voronoi(sys);
    EXPECT_NEAR(total_volume(cells) / sys.box.volume(), 1.0, 1e-11)
        << "tilt " << c.tilt[0] << " " << c.tilt[1] << " " << c.tilt[2] << " periodic " << c.periodic[0]
        << c.periodic[1] << c.periodic[2];
    // Voronoi neighbourship is mutual.
    for (std::size_t i = 0; i < sys.size(); ++i)
      for (auto j : cells.neighbors(i)) {
        const auto back = cells.neighbors(j);
        EXPECT_TRUE(std::binary_search(back.begin(), back.end(), i)) << i << " " << j;
      }
  }
}

TEST(Voronoi, SmallBoxSeesItsOwnImages) {
  // 2x2x2 fcc cells: every neighbour shell crosses the box several times.
  const System sys = test::make_fcc(1, 3.6);
  const auto cells = compute_voronoi(sys);
  for (std::size_t i = 0; i < sys.size(); ++i) {
    EXPECT_EQ(cells.faces[i], 12);
    EXPECT_NEAR(cells.volume[i], 3.6 * 3.6 * 3.6 / 4, 1e-9);
  }
}

TEST(Voronoi, FaceAreaThresholdDropsTheSlivers) {
  // A slightly shaken fcc crystal: the four-fold vertices of the rhombic
  // dodecahedra split into tiny extra faces, which the threshold removes
  // (their short edges stay in the neighbouring faces' edge counts, as in
  // LAMMPS's face_threshold, so the index itself is not restored).
  test::AlloyOptions o;
  o.cells[0] = o.cells[1] = o.cells[2] = 3;
  o.displacement = 0.02;
  const System sys = test::make_alloy(o);
  const auto raw = compute_voronoi(sys);
  int raw_fcc = 0;
  for (std::size_t i = 0; i < sys.size(); ++i) raw_fcc += raw.faces[i] == 12;
  EXPECT_LT(raw_fcc, static_cast<int>(sys.size()) / 2) << "the shaken crystal should have sliver faces";
  analysis::VoronoiOptions opt;
  opt.relative_face_area_threshold = 0.01;
  const auto clean = compute_voronoi(sys, opt);
  for (std::size_t i = 0; i < sys.size(); ++i) {
    EXPECT_EQ(clean.faces[i], 12) << "atom " << sys.id[i];
    EXPECT_EQ(clean.neighbors(i).size(), 12u);
    EXPECT_EQ(clean.volume[i], raw.volume[i]);
  }
}

TEST(Voronoi, RadicalWithEqualRadiiIsOrdinaryAndFillsTheBox) {
  test::AlloyOptions o;
  o.tilt[0] = 0.1;
  o.displacement = 0.3;
  const System sys = test::make_alloy(o);
  const auto plain = compute_voronoi(sys);
  analysis::VoronoiOptions equal;
  equal.radius_by_type = {1.4, 1.4};
  const auto same = compute_voronoi(sys, equal);
  for (std::size_t i = 0; i < sys.size(); ++i) {
    EXPECT_NEAR(same.volume[i], plain.volume[i], 1e-9);
    EXPECT_EQ(same.faces[i], plain.faces[i]);
  }
  analysis::VoronoiOptions unequal;
  unequal.radius_by_type = {1.28, 1.60};
  const auto radical = compute_voronoi(sys, unequal);
  EXPECT_NEAR(total_volume(radical) / sys.box.volume(), 1.0, 1e-11);
  // Type 2 (larger radius) cells grow at type 1's expense.
  double grow = 0.0;
  for (std::size_t i = 0; i < sys.size(); ++i) grow += (radical.volume[i] - plain.volume[i]) * (sys.type[i] == 1 ? 1 : -1);
  EXPECT_GT(grow, 0.0);
}

TEST(Voronoi, AtomOutsideAFreeDimensionIsAnInputError) {
  System sys = test::empty_box(10, 10, 10, {true, true, false});
  test::add_atom(sys, 5, 5, 5);
  test::add_atom(sys, 5, 5, 10.5);
  try {
    compute_voronoi(sys);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("atom 2"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("non-periodic box in z"), std::string::npos) << e.what();
  }
}

// The bundled glass as LAMMPS saw it (orthogonal, sheared to triclinic, cut
// open along z): per-atom volume and face count of ordinary and radical
// cells, and the histogram of edges per face.
class VoronoiLammps : public ::testing::TestWithParam<const char*> {};

TEST_P(VoronoiLammps, MatchesComputeVoronoiAtom) {
  const std::string name = GetParam();
  const auto read = io::read_lammps_dump(structure_ref(name + ".dump"));
  const System& sys = read.system;
  const auto ref = read_reference(structure_ref(name + ".dump"));
  ASSERT_EQ(ref.size(), sys.size());
  analysis::VoronoiOptions radical;
  radical.radius_by_type = {1.28, 1.60};  // in.structure's v_rad
  const auto cells = compute_voronoi(sys);
  const auto rcells = compute_voronoi(sys, radical);
  double worst = 0.0, worst_radical = 0.0;
  int face_mismatch = 0, radical_face_mismatch = 0;
  for (std::size_t i = 0; i < sys.size(); ++i) {
    const LammpsCell& r = ref.at(sys.id[i]);
    worst = std::max(worst, std::abs(cells.volume[i] - r.volume) / r.volume);
    worst_radical = std::max(worst_radical, std::abs(rcells.volume[i] - r.radical_volume) / r.radical_volume);
    face_mismatch += cells.faces[i] != r.faces;
    radical_face_mismatch += rcells.faces[i] != r.radical_faces;
  }
  // LAMMPS printed 12 significant digits.
  EXPECT_LT(worst, 2e-11) << name;
  EXPECT_LT(worst_radical, 2e-11) << name;
  EXPECT_EQ(face_mismatch, 0) << name;
  EXPECT_EQ(radical_face_mismatch, 0) << name;
  std::vector<long> edges(13, 0);
  for (int e : cells.face_edges) ++edges[static_cast<std::size_t>(std::min(e, 13) - 1)];
  EXPECT_EQ(edges, read_edge_histogram(structure_ref(name + ".edges"))) << name;
}

INSTANTIATE_TEST_SUITE_P(Glass, VoronoiLammps, ::testing::Values("glass", "glass_triclinic", "glass_slab"));

TEST(Voronoi, AtomsOnAFreeFaceKeepTheirInnerHalf) {
  // Perfect fcc with z free: the atoms of the bottom layer sit on the face
  // z = 0 and keep half a rhombic dodecahedron; the box is still filled.
  const double a = 3.6;
  System sys = test::make_fcc(3, a);
  sys.box.periodic[2] = false;
  const auto cells = compute_voronoi(sys);
  EXPECT_NEAR(total_volume(cells) / sys.box.volume(), 1.0, 1e-11);
  for (std::size_t i = 0; i < sys.size(); ++i) {
    if (sys.z[i] == 0.0) {
      EXPECT_NEAR(cells.volume[i], a * a * a / 8.0, 1e-9) << "atom " << sys.id[i];
    } else if (sys.z[i] > 0.6 * a && sys.z[i] < 2.4 * a) {
      EXPECT_EQ(cells.index[i], (std::array<int, 4>{0, 12, 0, 0})) << "atom " << sys.id[i];
    }
  }
}

TEST(Voronoi, SparsePeriodicBoxWidensTheImageShell) {
  // 13 atoms in a 20 A periodic box: cells reach far beyond the first guess
  // of the image margin, which must grow until every cell is complete.
  System sys = test::empty_box(20, 20, 20, {true, true, true});
  test::add_icosahedron(sys, 10, 10, 10, 2.6);
  const auto cells = compute_voronoi(sys);
  EXPECT_NEAR(total_volume(cells) / sys.box.volume(), 1.0, 1e-11);
  EXPECT_EQ(cells.index[0], (std::array<int, 4>{0, 0, 12, 0}));
}
