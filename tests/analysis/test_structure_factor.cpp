// S(q): the transform of g(r) against an exact Debye pair sum (same pairs,
// same cutoff: checks normalisation and background), and against the direct
// sum over the box's wavevectors (independent of g(r): checks the physics,
// within the smoothing that cutting g(r) at rc implies).
#include <gtest/gtest.h>

#include <cmath>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "analysis/pair_distribution.h"
#include "analysis/structure_factor.h"
#include "analysis/structure_fixtures.h"
#include "io/lammps_data.h"
#include "neighbor/neighbor_list.h"
#include "support/test_support.h"
#include "util/error.h"

using namespace rejuv;

namespace {

System glass() { return io::read_lammps_data(test::source_dir() + "/examples/cu50zr50/cu50zr50_glass.data"); }

// S(q) = 1 + (1/N) sum_{i != j, r_ij < rc} sin(q r)/(q r) - rho' int_0^rc 4 pi r^2 sin(qr)/(qr) dr,
// with exact pair distances and the background integral in closed form.
std::vector<double> debye(const System& system, double rc, const std::vector<double>& qs) {
  System sys = system;
  neighbor::NeighborList list(rc, 0.0);
  list.build(sys, false);
  std::vector<double> distances;
  const auto cap = static_cast<std::size_t>(list.capacity());
  std::vector<double> dx(cap), dy(cap), dz(cap), rsq(cap);
  for (std::size_t i = 0; i < sys.size(); ++i) {
    list.separations(sys, i, dx.data(), dy.data(), dz.data(), rsq.data());
    for (int k = 0; k < list.count(i); ++k) {
      const double r = std::sqrt(rsq[k]);
      if (r < rc) distances.push_back(r);
    }
  }
  const double n = static_cast<double>(sys.size());
  const double rho = (n - 1.0) / sys.box.volume();
  std::vector<double> s;
  for (double q : qs) {
    double sum = 0.0;
    for (double r : distances) sum += std::sin(q * r) / (q * r);
    const double background = 4.0 * M_PI * rho * (std::sin(q * rc) - q * rc * std::cos(q * rc)) / (q * q * q);
    s.push_back(1.0 + sum / n - background);
  }
  return s;
}

}  // namespace

TEST(StructureFactor, TransformOfGEqualsTheDebyeSum) {
  const System sys = glass();
  const double rc = 12.0;
  // Fine bins (0.0025 A): the transform rounds each distance to its bin
  // centre, an error of order (q dr)^2/24 per pair, under 1e-4 here.
  const auto rdf = analysis::pair_distribution(sys, {rc, 4800});
  analysis::SqOptions o;
  o.q_min = 1.0;
  o.q_max = 8.0;
  o.q_step = 0.5;
  o.lorch = false;
  const auto sq = analysis::structure_factor_from_rdf(rdf, o);
  const auto exact = debye(sys, rc, sq.q);
  for (std::size_t k = 0; k < sq.q.size(); ++k) EXPECT_NEAR(sq.s[k], exact[k], 5e-4) << "q " << sq.q[k];
}

TEST(StructureFactor, FirstPeakAgreesWithTheDirectSumOverWavevectors) {
  const System sys = glass();
  analysis::SqOptions o;
  o.q_min = 1.5;
  o.q_max = 4.0;
  o.q_step = 0.1;
  o.lorch = false;
  const auto direct = analysis::structure_factor_direct(sys, o);
  // g(r) out to half the box (32.9 A), the most the box holds without
  // counting a pair twice.
  const auto rdf = analysis::pair_distribution(sys, {16.4, 1640});
  // Average the transform over each wavevector bin as the direct sum does
  // (weight q^2, the density of wavevectors), so both see the same q.
  std::vector<double> from_rdf;
  for (double qc : direct.q) {
    analysis::SqOptions fine = o;
    fine.q_min = qc - 0.5 * o.q_step + 0.0025;
    fine.q_max = qc + 0.5 * o.q_step;
    fine.q_step = 0.005;
    const auto part = analysis::structure_factor_from_rdf(rdf, fine);
    double num = 0.0, den = 0.0;
    for (std::size_t k = 0; k < part.q.size(); ++k) {
      num += part.s[k] * part.q[k] * part.q[k];
      den += part.q[k] * part.q[k];
    }
    from_rdf.push_back(num / den);
  }
  // Tolerances: the transform sees pairs only to rc = 16.4 A, which smooths
  // S(q) over ~pi/rc = 0.19 1/A; each direct bin averages 400-1000
  // wavevectors whose S(q) scatter by ~100%, so ~4% noise. Measured: 2.1%
  // at worst over the three bins around the peak.
  std::size_t peak = 0;
  for (std::size_t k = 0; k < direct.q.size(); ++k)
    if (direct.s[k] > direct.s[peak]) peak = k;
  std::size_t peak_rdf = 0;
  for (std::size_t k = 0; k < from_rdf.size(); ++k)
    if (from_rdf[k] > from_rdf[peak_rdf]) peak_rdf = k;
  EXPECT_EQ(peak, peak_rdf) << "first peak bins differ: direct q " << direct.q[peak] << ", from g(r) q "
                            << direct.q[peak_rdf];
  EXPECT_NEAR(direct.first_peak_q, 2.68, 0.1);
  for (std::size_t k = peak - 1; k <= peak + 1; ++k)
    EXPECT_NEAR(from_rdf[k] / direct.s[k], 1.0, 0.05) << "q " << direct.q[k] << ": direct " << direct.s[k]
                                                      << ", from g(r) " << from_rdf[k];
}

TEST(StructureFactor, DirectNeedsAFullyPeriodicBox) {
  System sys = test::make_fcc(2, 4.0);
  sys.box.periodic[2] = false;
  EXPECT_THROW(analysis::structure_factor_direct(sys, {}), InputError);
}

TEST(StructureFactor, DirectSumIsThreadCountIndependentAndBounded) {
  const System sys = glass();
  analysis::SqOptions o;
  o.q_min = 2.0;
  o.q_max = 3.0;
  o.q_step = 0.1;
#ifdef _OPENMP
  const int saved = omp_get_max_threads();
  omp_set_num_threads(1);
  const auto one = analysis::structure_factor_direct(sys, o);
  omp_set_num_threads(3);
  const auto three = analysis::structure_factor_direct(sys, o);
  omp_set_num_threads(saved);
  EXPECT_EQ(one.s, three.s);
#endif
  // Millions of wavevectors times the atoms: refused up front, not run for hours.
  o.q_max = 30.0;
  EXPECT_THROW(analysis::structure_factor_direct(sys, o), InputError);
}
