// The opt-in faster EAM mode (potential key pair_table_stride = K): the
// pair functions resampled onto about K times fewer knots, each new knot
// with the value and slope of the file's spline. Its forces, energies and
// virials must stay close to the full tables' (the default, which agrees
// with LAMMPS to 1e-9, test_lammps_reference.cpp). How close depends on the
// file: smooth analytic tables (Zhou's) change by 1e-7 eV/A, Mendelev's
// (_mm, kinks where their spline terms end) by 1e-5 to 1e-3. The bounds are
// about twice the largest error measured at strides 2 to 4 on this
// configuration; bench/pair_table_stride.sh measures a 2000 K liquid
// (README, "Faster EAM tables").
#include <gtest/gtest.h>

#include <cmath>

#include <fmt/format.h>

#include "io/potential_config.h"
#include "potential/eam.h"
#include "potential/registry.h"
#include "support/test_support.h"
#include "util/error.h"

using namespace rejuv;

namespace {

std::unique_ptr<potential::Potential> make(const std::string& toml, int stride) {
  auto spec = io::parse_potential_config(toml, "/tmp/stride.toml");
  spec.pair_table_stride = stride;
  return potential::create_potential(spec);
}

struct Case {
  const char* name;
  const char* toml;
  int ntypes;
  double lattice;
  double max_force_error;  // eV/A, any atom
  double rms_force_error;  // eV/A
  double energy_error;     // eV/atom
  double virial_error;     // eV/atom, any component
};

const Case kCases[] = {
    // The default alloy. Measured (largest of strides 2-4): 4.3e-5, rms
    // 1.2e-5, 6.8e-10, 9.0e-7.
    {"CuZr_fs", "[potential]\nstyle = \"eam/fs\"\nfile = \"CuZr_mm.eam.fs\"\nelements = [\"Cu\", \"Zr\"]\n", 2, 4.05,
     1e-4, 3e-5, 2e-9, 2e-6},
    // The largest errors of the dense files tried: 9.9e-4 (stride 3), rms
    // 7.0e-5, 9.4e-10, 3.4e-6.
    {"Fe_mm", "[potential]\nstyle = \"eam/fs\"\nfile = \"Fe_mm.eam.fs\"\nelements = [\"Fe\"]\n", 1, 3.6, 2e-3, 1.5e-4,
     2e-9, 7e-6},
    // Smooth analytic functions: 5.2e-8, rms 2.2e-8, 2.3e-11, 2.7e-9.
    {"Cu_zhou", "[potential]\nstyle = \"eam/alloy\"\nfile = \"Cu_zhou.eam.alloy\"\nelements = [\"Cu\"]\n", 1, 3.615,
     1e-7, 5e-8, 5e-11, 6e-9},
};

}  // namespace

TEST(PairTableStride, GridHasAboutKTimesFewerKnots) {
  // CuZr_mm.eam.fs tabulates r on 10,000 knots: 9,999 intervals.
  for (const int k : {1, 2, 3, 4}) {
    auto pot = make(kCases[0].toml, k);
    const auto* eam = dynamic_cast<const potential::Eam*>(pot.get());
    ASSERT_NE(eam, nullptr);
    EXPECT_EQ(eam->pair_table_stride(), k);
    EXPECT_EQ(eam->pair_table_knots(), (9999 + k - 1) / k + 1) << k;
  }
}

// A disordered configuration (atoms up to 0.45 A off a distorted fcc
// lattice: close pairs as in a hot liquid), full tables against strides 2,
// 3 and 4.
TEST(PairTableStride, ForcesEnergiesAndVirialsStayCloseToTheFullTables) {
  for (const Case& c : kCases) {
    test::AlloyOptions opt;
    opt.cells[0] = 5; opt.cells[1] = 5; opt.cells[2] = 4;
    opt.ntypes = c.ntypes;
    opt.lattice = c.lattice;
    opt.tilt[0] = 0.1;
    opt.displacement = 0.45;
    opt.seed = 11;
    const System sys = test::make_alloy(opt);
    auto full = make(c.toml, 1);
    const auto ref = test::compute(sys, *full);
    double fmax = 0.0;
    for (std::size_t i = 0; i < ref.fx.size(); ++i)
      fmax = std::max(fmax, std::hypot(ref.fx[i], ref.fy[i], ref.fz[i]));
    ASSERT_GT(fmax, 10.0) << c.name;  // forces worth comparing
    for (const int k : {2, 3, 4}) {
      auto coarse = make(c.toml, k);
      const auto r = test::compute(sys, *coarse);
      const std::string what = fmt::format("{} stride {}", c.name, k);
      double worst = 0.0, sum2 = 0.0;
      for (std::size_t i = 0; i < r.fx.size(); ++i) {
        const double d = std::hypot(r.fx[i] - ref.fx[i], r.fy[i] - ref.fy[i], r.fz[i] - ref.fz[i]);
        worst = std::max(worst, d);
        sum2 += d * d;
      }
      const double n = static_cast<double>(sys.size());
      EXPECT_LT(worst, c.max_force_error) << what;
      EXPECT_LT(std::sqrt(sum2 / n), c.rms_force_error) << what;
      EXPECT_LT(std::abs(r.energy - ref.energy) / n, c.energy_error) << what;
      for (int v = 0; v < 6; ++v)
        EXPECT_LT(std::abs(r.virial[v] - ref.virial[v]) / n, c.virial_error) << what << " virial " << v;
      EXPECT_GT(worst, 0.0) << what;  // the tables did change
    }
  }
}

// Coarse file tables fit the caches already and have no knots to spare:
// asking to resample them is an error that says why, not a silent loss.
TEST(PairTableStride, CoarseFileTablesAreRefused) {
  for (const char* toml :
       {"[potential]\nstyle = \"eam/alloy\"\nfile = \"ZrCuAl2011.eam.alloy\"\nelements = [\"Zr\", \"Cu\", \"Al\"]\n",
        "[potential]\nstyle = \"eam\"\nfiles = [\"Cu_u3.eam\"]\nelements = [\"Cu\"]\n"}) {
    try {
      make(toml, 2);
      ADD_FAILURE() << "expected an InputError for " << toml;
    } catch (const InputError& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find("pair_table_stride 2"), std::string::npos) << msg;
      EXPECT_NE(msg.find("at least 5000 knots"), std::string::npos) << msg;
      EXPECT_NE(msg.find(".eam"), std::string::npos) << msg;  // names the file
    }
    EXPECT_NO_THROW(make(toml, 1));
  }
}
