// Physics checks that need no reference code: forces are minus the energy
// gradient, the virial is minus the strain derivative, Newton's third law,
// and invariance under translation and periodic wrapping. Run for every
// potential family (setfl, Finnis-Sinclair, funcfl mixing, Mie and LJ).
#include <gtest/gtest.h>

#include <cmath>

#include "io/potential_config.h"
#include "potential/registry.h"
#include "support/test_support.h"

using namespace rejuv;

namespace {

struct Case {
  const char* name;
  const char* toml;
  int ntypes;
  double lattice;
};

const Case kCases[] = {
    {"CuZr_fs", "[potential]\nstyle = \"eam/fs\"\nfile = \"CuZr_mm.eam.fs\"\nelements = [\"Cu\", \"Zr\"]\n", 2, 4.05},
    {"ZrCuAl_alloy", "[potential]\nstyle = \"eam/alloy\"\nfile = \"ZrCuAl2011.eam.alloy\"\nelements = [\"Zr\", \"Cu\", \"Al\"]\n", 3, 4.2},
    {"CuNi_funcfl", "[potential]\nstyle = \"eam\"\nfiles = [\"Cu_u3.eam\", \"Ni_u3.eam\"]\nelements = [\"Cu\", \"Ni\"]\n", 2, 3.6},
    // The opt-in faster mode: pair functions on a coarser grid, the same
    // cubic splines, so the same exact relations must hold.
    {"CuZr_fs_pair_table_stride_4",
     "[potential]\nstyle = \"eam/fs\"\nfile = \"CuZr_mm.eam.fs\"\nelements = [\"Cu\", \"Zr\"]\npair_table_stride = 4\n", 2, 4.05},
    {"mie84_force_shift", R"([potential]
style = "mie"
elements = ["A", "B"]
shift = "force"
[[potential.pairs]]
elements = ["A", "A"]
epsilon = 0.3
sigma = 2.4
cutoff = 6.0
m = 8
n = 4
[[potential.pairs]]
elements = ["A", "B"]
epsilon = 0.4
sigma = 2.6
cutoff = 6.5
m = 8
n = 4
[[potential.pairs]]
elements = ["B", "B"]
epsilon = 0.5
sigma = 2.9
cutoff = 7.0
m = 8
n = 4
)", 2, 4.0},
    {"lj_energy_shift", R"([potential]
style = "lj"
elements = ["A", "B"]
shift = "energy"
[[potential.pairs]]
elements = ["A", "A"]
epsilon = 0.3
sigma = 2.4
cutoff = 6.0
[[potential.pairs]]
elements = ["A", "B"]
epsilon = 0.4
sigma = 2.6
cutoff = 6.5
[[potential.pairs]]
elements = ["B", "B"]
epsilon = 0.5
sigma = 2.9
cutoff = 7.0
)", 2, 4.0},
};

// Readable test names in CTest output.
void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class PotentialPhysics : public ::testing::TestWithParam<Case> {
protected:
  void SetUp() override {
    const auto spec = io::parse_potential_config(GetParam().toml, "/tmp/physics.toml");
    pot_ = potential::create_potential(spec);
    test::AlloyOptions opt;
    opt.ntypes = GetParam().ntypes;
    opt.lattice = GetParam().lattice;
    opt.tilt[0] = 0.12;
    opt.tilt[1] = -0.08;
    opt.tilt[2] = 0.05;
    opt.displacement = 0.3;
    opt.seed = 42;
    sys_ = test::make_alloy(opt);
  }
  std::unique_ptr<potential::Potential> pot_;
  System sys_;
};

double max_abs_force(const test::Result& r) {
  double m = 0.0;
  for (std::size_t i = 0; i < r.fx.size(); ++i)
    m = std::max({m, std::abs(r.fx[i]), std::abs(r.fy[i]), std::abs(r.fz[i])});
  return m;
}

}  // namespace

TEST_P(PotentialPhysics, ForcesAreMinusEnergyGradient) {
  const auto r0 = test::compute(sys_, *pot_);
  const double fmax = max_abs_force(r0);
  ASSERT_GT(fmax, 0.1);
  const double h = 1e-5;
  for (std::size_t i : {0ul, 7ul, 31ul, sys_.size() - 1}) {
    for (int d = 0; d < 3; ++d) {
      System plus = sys_, minus = sys_;
      auto& cp = d == 0 ? plus.x : d == 1 ? plus.y : plus.z;
      auto& cm = d == 0 ? minus.x : d == 1 ? minus.y : minus.z;
      cp[i] += h;
      cm[i] -= h;
      const double fd = -(test::compute(plus, *pot_).energy - test::compute(minus, *pot_).energy) / (2 * h);
      const double f = d == 0 ? r0.fx[i] : d == 1 ? r0.fy[i] : r0.fz[i];
      EXPECT_NEAR(f, fd, 1e-6 * fmax + 1e-7) << "atom " << i << " dim " << d;
    }
  }
}

TEST_P(PotentialPhysics, VirialIsMinusStrainDerivative) {
  const auto r0 = test::compute(sys_, *pot_);
  // (row, col) of the strain: x_row += eps * x_col, box included; keeps h upper triangular.
  const int comp[6][2] = {{0, 0}, {1, 1}, {2, 2}, {0, 1}, {0, 2}, {1, 2}};
  const double h = 1e-6;
  for (int c = 0; c < 6; ++c) {
    auto strained = [&](double eps) {
      System s = sys_;
      Mat3 F = identity3();
      F[comp[c][0]][comp[c][1]] += eps;
      const Mat3 hn = mat_mul(F, s.box.h());
      s.box.hi = {s.box.lo[0] + hn[0][0], s.box.lo[1] + hn[1][1], s.box.lo[2] + hn[2][2]};
      s.box.xy = hn[0][1];
      s.box.xz = hn[0][2];
      s.box.yz = hn[1][2];
      for (std::size_t i = 0; i < s.size(); ++i) {
        const Vec3 r = mat_vec(F, {s.x[i] - s.box.lo[0], s.y[i] - s.box.lo[1], s.z[i] - s.box.lo[2]});
        s.x[i] = s.box.lo[0] + r[0];
        s.y[i] = s.box.lo[1] + r[1];
        s.z[i] = s.box.lo[2] + r[2];
      }
      return test::compute(s, *pot_).energy;
    };
    const double dEde = (strained(h) - strained(-h)) / (2 * h);
    EXPECT_NEAR(r0.virial[c], -dEde, 1e-6 * std::abs(r0.virial[0]) + 1e-5) << "component " << c;
  }
}

TEST_P(PotentialPhysics, NewtonsThirdLaw) {
  const auto r = test::compute(sys_, *pot_);
  double sx = 0, sy = 0, sz = 0;
  for (std::size_t i = 0; i < r.fx.size(); ++i) {
    sx += r.fx[i];
    sy += r.fy[i];
    sz += r.fz[i];
  }
  const double tol = 1e-12 * max_abs_force(r) * r.fx.size();
  EXPECT_NEAR(sx, 0.0, tol);
  EXPECT_NEAR(sy, 0.0, tol);
  EXPECT_NEAR(sz, 0.0, tol);
}

TEST_P(PotentialPhysics, InvariantUnderTranslationAndWrapping) {
  const auto r0 = test::compute(sys_, *pot_);
  const double fmax = max_abs_force(r0);
  System moved = sys_;
  for (std::size_t i = 0; i < moved.size(); ++i) {
    moved.x[i] += 0.731;
    moved.y[i] -= 1.377;
    moved.z[i] += 2.913;
  }
  const auto r1 = test::compute(moved, *pot_);
  EXPECT_NEAR(r1.energy, r0.energy, 1e-12 * std::abs(r0.energy));
  // Put every other atom one to three box vectors away: the physics must not notice.
  System wrapped = sys_;
  const Mat3 h = wrapped.box.h();
  for (std::size_t i = 0; i < wrapped.size(); i += 2) {
    const Vec3 s = mat_vec(h, {double(i % 3) - 1.0, 2.0, -3.0});
    wrapped.x[i] += s[0];
    wrapped.y[i] += s[1];
    wrapped.z[i] += s[2];
  }
  const auto r2 = test::compute(wrapped, *pot_);
  EXPECT_NEAR(r2.energy, r0.energy, 1e-12 * std::abs(r0.energy));
  for (std::size_t i = 0; i < r0.fx.size(); ++i) {
    EXPECT_NEAR(r1.fx[i], r0.fx[i], 1e-10 * fmax);
    EXPECT_NEAR(r2.fx[i], r0.fx[i], 1e-10 * fmax);
    EXPECT_NEAR(r2.fz[i], r0.fz[i], 1e-10 * fmax);
  }
}

INSTANTIATE_TEST_SUITE_P(AllFamilies, PotentialPhysics, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });
