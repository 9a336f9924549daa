// Minimisers against LAMMPS (fix box/relax + minimize, inputs and outputs in
// tests/reference/lammps/minimize/) and against exact conditions.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include <nlohmann/json.hpp>

#include "io/lammps_data.h"
#include "io/potential_config.h"
#include "minimize/minimize.h"
#include "potential/evaluate.h"
#include "potential/registry.h"
#include "support/test_support.h"
#include "util/error.h"

using namespace rejuv;

namespace {

const char* kCuZr = "[potential]\nstyle = \"eam/fs\"\nfile = \"CuZr_mm.eam.fs\"\nelements = [\"Cu\", \"Zr\"]\n";

nlohmann::json reference(const std::string& name) {
  std::ifstream in(test::source_dir() + "/tests/reference/lammps/minimize/" + name + ".json");
  return nlohmann::json::parse(in);
}

// B2 CuZr, 4x4x4 cubic cells of 3.20 A, as the LAMMPS input builds it.
System b2_crystal() {
  System s;
  const int c = 4;
  const double a = 3.2;
  s.resize(2 * c * c * c);
  s.box.hi = {c * a, c * a, c * a};
  std::size_t k = 0;
  for (int i = 0; i < c; ++i)
    for (int j = 0; j < c; ++j)
      for (int l = 0; l < c; ++l)
        for (int b = 0; b < 2; ++b) {
          s.x[k] = (i + 0.5 * b) * a;
          s.y[k] = (j + 0.5 * b) * a;
          s.z[k] = (l + 0.5 * b) * a;
          s.type[k] = b;
          s.id[k] = static_cast<std::int64_t>(k + 1);
          ++k;
        }
  s.mass = {63.546, 91.224};
  return s;
}

struct Setup {
  std::unique_ptr<potential::Potential> pot;
  std::vector<std::string> elements;
};

Setup cuzr() {
  const auto spec = io::parse_potential_config(kCuZr, "/tmp/p.toml");
  return {potential::create_potential(spec), spec.elements};
}

}  // namespace

class CrystalRelax : public ::testing::TestWithParam<std::string> {};

TEST_P(CrystalRelax, ZeroPressureLatticeEqualsLammps) {
  auto p = cuzr();
  System s = b2_crystal();
  potential::attach_potential(s, *p.pot, p.elements, "b2");
  minimize::MinimizeSettings st;
  st.method = GetParam();
  st.box = minimize::BoxRelax::iso;
  st.etol = 0.0;  // converge on the force alone: the stationary point is what is compared
  st.ftol = 1e-6;  // about the best an energy line search resolves (E ~ 640 eV)
  st.max_iterations = 20000;
  const auto r = minimize::run_minimize(s, *p.pot, st);
  EXPECT_EQ(r.stop_reason, "force tolerance");
  const auto ref = reference("crystal_iso");
  EXPECT_NEAR(s.box.length(0), ref["lx_A"].get<double>(), 1e-6 * ref["lx_A"].get<double>()) << r.stop_reason;
  EXPECT_NEAR(r.potential_energy_eV, ref["pe_eV"].get<double>(), 1e-9 * std::abs(ref["pe_eV"].get<double>()));
  EXPECT_NEAR(r.pressure_scalar_GPa, 0.0, 1e-5);  // ftol 1e-6 eV/A on the box is ~1e-6 GPa
}

TEST_P(CrystalRelax, PerAxisTargetsReachedIndependently) {
  auto p = cuzr();
  System s = b2_crystal();
  potential::attach_potential(s, *p.pot, p.elements, "b2");
  minimize::MinimizeSettings st;
  st.method = GetParam();
  st.box = minimize::BoxRelax::per_component;
  st.target_GPa = {2.0, 3.0, 5.0};
  st.etol = 0.0;
  st.ftol = 1e-6;  // about the best an energy line search resolves (E ~ 640 eV)
  st.max_iterations = 20000;
  const auto r = minimize::run_minimize(s, *p.pot, st);
  // At this tolerance the last line searches work at rounding level, where
  // no energy decrease shows; the secant step on F.dir still reaches the
  // force tolerance (without it, steepest descent stalled at |F| ~ 6e-6
  // and 1.5e-5 GPa from the target).
  EXPECT_EQ(r.stop_reason, "force tolerance");
  EXPECT_NEAR(r.pressure_GPa[0], 2.0, 1e-5) << r.stop_reason;
  EXPECT_NEAR(r.pressure_GPa[1], 3.0, 1e-5);
  EXPECT_NEAR(r.pressure_GPa[2], 5.0, 1e-5);
  // LAMMPS's box/relax stops 1-5 MPa short of these targets (its reference
  // cell is reset only between minimisations), so lengths agree to ~1e-4.
  // Under non-hydrostatic stress B2 has more than one equilibrium cell; FIRE's
  // inertia takes it to another one (targets met all the same), so the
  // comparison of lengths with LAMMPS's CG is for the line-search methods.
  if (GetParam() == "fire") return;
  const auto ref = reference("crystal_axes");
  EXPECT_NEAR(s.box.length(0), ref["lx_A"].get<double>(), 2e-4 * ref["lx_A"].get<double>());
  EXPECT_NEAR(s.box.length(1), ref["ly_A"].get<double>(), 2e-4 * ref["ly_A"].get<double>());
  EXPECT_NEAR(s.box.length(2), ref["lz_A"].get<double>(), 2e-4 * ref["lz_A"].get<double>());
  EXPECT_LT(s.box.length(2), s.box.length(1));
  EXPECT_LT(s.box.length(1), s.box.length(0));
}

INSTANTIATE_TEST_SUITE_P(Methods, CrystalRelax, ::testing::Values("sd", "cg", "fire"),
                         [](const auto& info) { return info.param; });

TEST(Minimize, DisorderedSystemMatchesLammpsSteepestDescent) {
  auto p = cuzr();
  System s = io::read_lammps_data(test::source_dir() + "/tests/reference/lammps/cases/cuzr_fs_ortho/config.data");
  potential::attach_potential(s, *p.pot, p.elements, "config.data");
  minimize::MinimizeSettings st;
  st.method = "sd";
  st.box = minimize::BoxRelax::iso;
  const auto r = minimize::run_minimize(s, *p.pot, st);
  const auto ref = reference("glass_iso");
  const double n = static_cast<double>(s.size());
  EXPECT_NEAR(r.potential_energy_eV / n, ref["pe_eV"].get<double>() / n, 1e-3);
  EXPECT_NEAR(r.pressure_scalar_GPa, 0.0, 1e-3);
  ::testing::Test::RecordProperty("energy_difference_eV_per_atom",
                                  std::to_string(r.potential_energy_eV / n - ref["pe_eV"].get<double>() / n));
}

TEST(Minimize, FixedBoxReachesAForceFreeState) {
  auto p = cuzr();
  test::AlloyOptions opt;
  opt.lattice = 4.09;
  System s = test::make_alloy(opt);
  potential::attach_potential(s, *p.pot, p.elements, "alloy");
  const double volume = s.box.volume();
  for (const char* m : {"sd", "cg", "fire"}) {
    System t = s;
    minimize::MinimizeSettings st;
    st.method = m;
    st.etol = 0.0;
    st.ftol = 1e-5;
    const auto r = minimize::run_minimize(t, *p.pot, st);
    EXPECT_EQ(r.stop_reason, "force tolerance") << m;
    EXPECT_LT(r.force_norm, 1e-5) << m;
    EXPECT_EQ(t.box.volume(), volume);
    double fmax = 0;
    for (std::size_t i = 0; i < t.size(); ++i) fmax = std::max({fmax, std::abs(t.fx[i]), std::abs(t.fy[i]), std::abs(t.fz[i])});
    EXPECT_LT(fmax, 1e-5) << m;
  }
}

TEST(Minimize, StopsAtTheIterationLimitAndSaysSo) {
  auto p = cuzr();
  System s = test::make_alloy({});
  potential::attach_potential(s, *p.pot, p.elements, "alloy");
  minimize::MinimizeSettings st;
  st.max_iterations = 3;
  const auto r = minimize::run_minimize(s, *p.pot, st);
  EXPECT_EQ(r.stop_reason, "max iterations");
  EXPECT_EQ(r.iterations, 3);
}

TEST(Minimize, BadSettings) {
  minimize::MinimizeSettings st;
  st.method = "newton";
  EXPECT_THROW(minimize::validate(st), InputError);
  st.method = "sd";
  st.dmax = 0;
  EXPECT_THROW(minimize::validate(st), InputError);
}

TEST(Minimize, BoxForcesAreMinusTheObjectiveGradient) {
  // Triclinic, under non-zero per-axis targets: the generalised force on each
  // box coordinate equals the finite-difference slope of G.
  auto p = cuzr();
  test::AlloyOptions opt;
  opt.lattice = 4.0;
  opt.tilt[0] = 0.15;
  opt.tilt[1] = -0.1;
  opt.tilt[2] = 0.2;
  System s = test::make_alloy(opt);
  potential::attach_potential(s, *p.pot, p.elements, "alloy");
  minimize::Relaxation rx(s, *p.pot, minimize::BoxRelax::per_component, {0.01, 0.02, -0.01}, 1.0);
  std::vector<double> f;
  rx.anchor();
  rx.evaluate(f);
  const std::size_t n = 3 * s.size();
  for (int d = 0; d < 3; ++d) {
    std::vector<double> dir(f.size(), 0.0);
    dir[n + d] = 1.0;
    std::vector<double> scratch;
    const double h = 1e-4;
    rx.move_from_anchor(dir, h);
    const double gp = rx.evaluate(scratch);
    rx.move_from_anchor(dir, -h);
    const double gm = rx.evaluate(scratch);
    rx.move_from_anchor(dir, 0.0);
    EXPECT_NEAR(f[n + d], -(gp - gm) / (2 * h), 1e-6 * std::max(1.0, std::abs(f[n + d]))) << d;
  }
}
