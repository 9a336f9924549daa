// Radial distribution functions: LAMMPS `compute rdf` on the bundled glass
// (tests/reference/lammps/structure/glass.rdf), an fcc crystal's shells, and
// the same bytes on any thread count.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "analysis/pair_distribution.h"
#include "analysis/structure_fixtures.h"
#include "io/lammps_data.h"
#include "support/test_support.h"
#include "util/error.h"

using namespace rejuv;

namespace {

std::string glass_data() { return test::source_dir() + "/examples/cu50zr50/cu50zr50_glass.data"; }

// Rows of fix ave/time mode vector: index, r, then (g, coordination) for
// * *, 1 1, 1 2, 2 1, 2 2 (in.structure's compute rdf).
std::vector<std::vector<double>> read_lammps_rdf(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  for (int k = 0; k < 4; ++k) std::getline(in, line);
  std::vector<std::vector<double>> rows;
  while (std::getline(in, line)) {
    std::istringstream ss(line);
    std::vector<double> row;
    double v;
    while (ss >> v) row.push_back(v);
    rows.push_back(row);
  }
  return rows;
}

}  // namespace

TEST(PairDistribution, MatchesLammpsComputeRdf) {
  const System sys = io::read_lammps_data(glass_data());
  const auto rdf = analysis::pair_distribution(sys, {10.0, 200});
  const auto ref = read_lammps_rdf(test::source_dir() + "/tests/reference/lammps/structure/glass.rdf");
  ASSERT_EQ(ref.size(), 200u);
  const auto n_total = rdf.cumulative_total();
  const int pairs[4][2] = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
  std::vector<std::vector<double>> n_partial;
  for (const auto& p : pairs) n_partial.push_back(rdf.cumulative_partial(p[0], p[1]));
  double worst = 0.0;
  auto compare = [&](double mine, double lammps, const char* what, std::size_t k) {
    const double err = std::abs(mine - lammps) / std::max(1.0, std::abs(lammps));
    worst = std::max(worst, err);
    EXPECT_LT(err, 1e-12) << what << " bin " << k << ": rejuv " << mine << " LAMMPS " << lammps;
  };
  for (std::size_t k = 0; k < 200; ++k) {
    const auto& row = ref[k];
    ASSERT_EQ(row.size(), 12u);
    compare(rdf.r[k], row[1], "r", k);
    compare(rdf.g_total[k], row[2], "g total", k);
    compare(n_total[k], row[3], "coordination total", k);
    for (int p = 0; p < 4; ++p) {
      const auto ab = static_cast<std::size_t>(pairs[p][0] * 2 + pairs[p][1]);
      compare(rdf.g_partial[ab][k], row[4 + 2 * p], "g partial", k);
      compare(n_partial[static_cast<std::size_t>(p)][k], row[5 + 2 * p], "coordination partial", k);
    }
  }
  RecordProperty("worst_relative_difference", std::to_string(worst));
}

TEST(PairDistribution, FccShellsAndCoordination) {
  // Shells at a/sqrt(2) (12 neighbours), a (6) and a sqrt(3/2) (24, the last
  // bin, whose g is larger than the first shell's before smoothing);
  // a = 4.07 keeps every shell off the bin edges.
  const double a = 4.07;
  const System sys = test::make_fcc(4, a);
  const auto rdf = analysis::pair_distribution(sys, {5.0, 100});
  const auto n = rdf.cumulative_total();
  const auto bin_of = [&](double r) { return static_cast<std::size_t>(r / rdf.bin_width); };
  EXPECT_EQ(n[bin_of(a / std::sqrt(2.0)) - 1], 0.0);
  EXPECT_EQ(n[bin_of(a / std::sqrt(2.0))], 12.0);
  EXPECT_EQ(n[bin_of(a) - 1], 12.0);
  EXPECT_EQ(n[bin_of(a)], 18.0);
  EXPECT_NEAR(rdf.total_shell.first_peak_r, (bin_of(a / std::sqrt(2.0)) + 0.5) * rdf.bin_width, 1e-12);
  EXPECT_DOUBLE_EQ(rdf.total_shell.coordination, 12.0);
  EXPECT_GT(rdf.total_shell.first_minimum_r, a / std::sqrt(2.0));
  EXPECT_LT(rdf.total_shell.first_minimum_r, a);
}

TEST(PairDistribution, PartialsAddUpToTheTotal) {
  const System sys = io::read_lammps_data(glass_data());
  const auto rdf = analysis::pair_distribution(sys, {8.0, 160});
  for (std::size_t k = 0; k < rdf.r.size(); ++k) {
    double sum = 0.0;
    for (const auto& h : rdf.pair_counts) sum += h[k];
    EXPECT_EQ(sum, rdf.total_counts[k]);
  }
  // Cu around Zr times N_Zr equals Zr around Cu times N_Cu (same pairs).
  const auto cu_zr = rdf.cumulative_partial(0, 1), zr_cu = rdf.cumulative_partial(1, 0);
  const double n_cu = static_cast<double>(rdf.atoms_by_type[0]), n_zr = static_cast<double>(rdf.atoms_by_type[1]);
  for (std::size_t k = 0; k < cu_zr.size(); ++k) EXPECT_NEAR(cu_zr[k] * n_cu, zr_cu[k] * n_zr, 1e-9);
}

TEST(PairDistribution, SameBytesOnAnyThreadCount) {
#ifdef _OPENMP
  const System sys = io::read_lammps_data(glass_data());
  const int saved = omp_get_max_threads();
  omp_set_num_threads(1);
  const auto one = analysis::pair_distribution(sys, {9.0, 150});
  omp_set_num_threads(3);
  const auto three = analysis::pair_distribution(sys, {9.0, 150});
  omp_set_num_threads(saved);
  EXPECT_EQ(one.g_total, three.g_total);
  EXPECT_EQ(one.g_partial, three.g_partial);
#else
  GTEST_SKIP() << "built without OpenMP";
#endif
}

TEST(PairDistribution, BadOptionsAreInputErrors) {
  const System sys = test::make_fcc(2, 4.0);
  EXPECT_THROW(analysis::pair_distribution(sys, {0.0, 100}), InputError);
  EXPECT_THROW(analysis::pair_distribution(sys, {5.0, 0}), InputError);
  System one = test::empty_box(10, 10, 10, {true, true, true});
  test::add_atom(one, 1, 1, 1);
  EXPECT_THROW(analysis::pair_distribution(one, {5.0, 10}), InputError);
}
