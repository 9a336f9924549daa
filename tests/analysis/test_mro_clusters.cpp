// Icosahedral order and MRO clusters on hand-built arrangements whose
// clusters are known: isolated icosahedra, columns of interpenetrating
// icosahedra (chains), and a column split by a periodic boundary.
#include <gtest/gtest.h>

#include <algorithm>

#include "analysis/icosahedral_order.h"
#include "analysis/mro_clusters.h"
#include "analysis/structure_fixtures.h"
#include "analysis/voronoi.h"
#include "io/lammps_data.h"
#include "support/test_support.h"

using namespace rejuv;

namespace {

struct Analysis {
  analysis::VoronoiCells cells;
  analysis::IcosahedralOrder ico;
  analysis::MroClusters mro;
};

Analysis analyse(const System& sys) {
  Analysis a;
  a.cells = analysis::compute_voronoi(sys);
  a.ico = analysis::icosahedral_order(sys, a.cells);
  a.mro = analysis::find_mro_clusters(sys, a.cells, a.ico.is_centre);
  return a;
}

std::vector<std::size_t> sizes(const analysis::MroClusters& m) {
  std::vector<std::size_t> s;
  for (const auto& c : m.members) s.push_back(c.size());
  return s;
}

}  // namespace

TEST(MroClusters, IsolatedIcosahedraAreClustersOfOne) {
  System sys = test::empty_box(40, 40, 40, {false, false, false});
  test::add_icosahedron(sys, 10, 10, 10, 2.6);
  test::add_icosahedron(sys, 30, 10, 12, 2.6);
  test::add_icosahedron(sys, 20, 30, 28, 2.6);
  const Analysis a = analyse(sys);
  EXPECT_EQ(a.ico.centres, 3u);
  EXPECT_NEAR(a.ico.fraction, 3.0 / 39.0, 1e-15);
  EXPECT_EQ(a.mro.count, 3u);
  EXPECT_EQ(sizes(a.mro), (std::vector<std::size_t>{1, 1, 1}));
  EXPECT_DOUBLE_EQ(a.mro.mean_size_number_weighted, 1.0);
  EXPECT_DOUBLE_EQ(a.mro.mean_size_size_weighted, 1.0);
  EXPECT_EQ(a.mro.max_size, 1u);
  // The centres are the first atom of each icosahedron: ids 1, 14, 27.
  for (std::size_t i = 0; i < sys.size(); ++i)
    EXPECT_EQ(a.ico.is_centre[i], sys.id[i] == 1 || sys.id[i] == 14 || sys.id[i] == 27) << sys.id[i];
}

TEST(MroClusters, ColumnOfInterpenetratingIcosahedraIsOneChain) {
  System sys = test::empty_box(30, 30, 40, {false, false, false});
  test::add_icosahedral_column(sys, 15, 15, 8, 6, 2.5);
  const Analysis a = analyse(sys);
  // Column atoms 2..7 (ids) are centres; the caps (1, 8) and the rings are not.
  for (std::size_t i = 0; i < sys.size(); ++i)
    EXPECT_EQ(a.ico.is_centre[i], sys.id[i] >= 2 && sys.id[i] <= 7) << "atom " << sys.id[i];
  EXPECT_EQ(a.mro.count, 1u);
  EXPECT_EQ(a.mro.max_size, 6u);
}

TEST(MroClusters, ChainCutByAPeriodicBoundaryIsOneCluster) {
  // A capped chain of 6 along periodic z, starting near the top face: three
  // centres at the top of the box, three at the bottom, two pieces that
  // touch only through the boundary.
  const double h = 2.5;
  System sys = test::empty_box(30, 30, 12 * h, {false, false, true});
  test::add_icosahedral_column(sys, 15, 15, 12 * h - 2.2 * h, 6, h);
  const Analysis a = analyse(sys);
  EXPECT_EQ(a.ico.centres, 6u);
  EXPECT_EQ(sizes(a.mro), (std::vector<std::size_t>{6}));
  int top = 0, bottom = 0;
  for (std::size_t i = 0; i < sys.size(); ++i)
    if (a.ico.is_centre[i]) (sys.z[i] > 6 * h ? top : bottom)++;
  EXPECT_EQ(top, 3);
  EXPECT_EQ(bottom, 3);
  // Without periodicity the two pieces separate (and lose their icosahedra
  // at the cut).
  System open = sys;
  open.box.periodic[2] = false;
  open.box.lo[2] = -0.5;
  open.box.hi[2] = 12 * h + 0.5;
  const Analysis b = analyse(open);
  EXPECT_NE(sizes(b.mro), (std::vector<std::size_t>{6}));
}

TEST(MroClusters, ColumnClosedByPeriodicityIsARing) {
  // A column as tall as the periodic box, starting just below the top face.
  const double h = 2.5;
  System sys = test::empty_box(40, 40, 8 * h, {false, false, true});
  test::add_icosahedral_column(sys, 10, 10, 8 * h - 3.0, 8, h);
  const Analysis a = analyse(sys);
  EXPECT_EQ(a.ico.centres, 8u);
  EXPECT_EQ(sizes(a.mro), (std::vector<std::size_t>{8}));
  int top = 0, bottom = 0;
  for (std::size_t i = 0; i < sys.size(); ++i)
    if (a.ico.is_centre[i]) (sys.z[i] > 4 * h ? top : bottom)++;
  EXPECT_GT(top, 0);
  EXPECT_GT(bottom, 0);

  // The same column in a box free along z would have to be two pieces; here
  // it is closed by periodicity into a ring of 8 centres, each linked to two.
  std::size_t links = 0;
  for (std::size_t i = 0; i < sys.size(); ++i) {
    if (!a.ico.is_centre[i]) continue;
    std::size_t k = 0;
    for (auto j : a.cells.neighbors(i)) k += a.ico.is_centre[j];
    EXPECT_EQ(k, 2u) << "centre " << sys.id[i];
    links += k;
  }
  EXPECT_EQ(links, 16u);
}

TEST(MroClusters, MixedArrangementAverages) {
  // Chains of 5 and 2 and two isolated icosahedra: sizes {5, 2, 1, 1}.
  System sys = test::empty_box(60, 60, 40, {false, false, false});
  test::add_icosahedral_column(sys, 12, 12, 10, 5, 2.5);
  test::add_icosahedral_column(sys, 45, 12, 15, 2, 2.5);
  test::add_icosahedron(sys, 15, 45, 20, 2.6);
  test::add_icosahedron(sys, 45, 45, 20, 2.6);
  const Analysis a = analyse(sys);
  EXPECT_EQ(sizes(a.mro), (std::vector<std::size_t>{5, 2, 1, 1}));
  EXPECT_EQ(a.mro.count, 4u);
  EXPECT_DOUBLE_EQ(a.mro.mean_size_number_weighted, 9.0 / 4.0);
  EXPECT_DOUBLE_EQ(a.mro.mean_size_size_weighted, (25.0 + 4 + 1 + 1) / 9.0);
  EXPECT_EQ(a.mro.max_size, 5u);
  // Cluster numbers per atom agree with the member lists.
  for (std::size_t c = 0; c < a.mro.members.size(); ++c)
    for (auto i : a.mro.members[c]) EXPECT_EQ(a.mro.cluster_of_atom[i], static_cast<long>(c));
  EXPECT_EQ(std::count_if(a.mro.cluster_of_atom.begin(), a.mro.cluster_of_atom.end(), [](long c) { return c >= 0; }),
            9);
}

TEST(IcosahedralOrder, FractionsPerSpecies) {
  System sys = test::empty_box(40, 40, 40, {false, false, false});
  sys.mass = {63.546, 91.224};
  test::add_icosahedron(sys, 10, 10, 10, 2.6);
  test::add_icosahedron(sys, 30, 30, 30, 2.6);
  // Second icosahedron's centre is type 2; one shell atom of the first too.
  sys.type[13] = 1;
  sys.type[5] = 1;
  const auto cells = analysis::compute_voronoi(sys);
  const auto ico = analysis::icosahedral_order(sys, cells);
  ASSERT_EQ(ico.atoms_by_type, (std::vector<std::size_t>{24, 2}));
  EXPECT_EQ(ico.centres_by_type, (std::vector<std::size_t>{1, 1}));
  EXPECT_DOUBLE_EQ(ico.fraction_by_type[0], 1.0 / 24.0);
  EXPECT_DOUBLE_EQ(ico.fraction_by_type[1], 0.5);
  const auto top = analysis::index_histogram(cells, 3);
  ASSERT_FALSE(top.empty());
  EXPECT_LE(top.size(), 3u);
  for (std::size_t k = 1; k < top.size(); ++k) EXPECT_GE(top[k - 1].count, top[k].count);
}

TEST(MroClusters, PeriodicReplicaOfTheGlassScalesTheCounts) {
  // Two periodic copies side by side along x are the same structure: every
  // cluster appears twice (none of this glass's clusters wraps around x to
  // meet itself, which would merge copies), fractions and s* are unchanged.
  const System one = io::read_lammps_data(test::source_dir() + "/examples/cu50zr50/cu50zr50_glass.data");
  System two = one;
  const double lx = one.box.length(0);
  two.box.hi[0] += lx;
  for (std::size_t i = 0; i < one.size(); ++i) {
    test::add_atom(two, one.x[i] + lx, one.y[i], one.z[i], one.type[i]);
  }
  const Analysis a = analyse(one), b = analyse(two);
  EXPECT_GT(a.ico.centres, 0u);
  EXPECT_EQ(b.ico.centres, 2 * a.ico.centres);
  EXPECT_EQ(b.ico.centres_by_type[0], 2 * a.ico.centres_by_type[0]);
  EXPECT_EQ(b.mro.count, 2 * a.mro.count);
  EXPECT_EQ(b.mro.max_size, a.mro.max_size);
  EXPECT_DOUBLE_EQ(b.mro.mean_size_size_weighted, a.mro.mean_size_size_weighted);
  EXPECT_DOUBLE_EQ(b.mro.mean_size_number_weighted, a.mro.mean_size_number_weighted);
}
