// Energy minimisation: steepest descent (the study's method), conjugate
// gradient (Polak-Ribiere) and FIRE, with optional box relaxation to a target
// hydrostatic pressure or to per-axis normal stresses. Stops on relative
// change of the objective, on the force norm, or at the iteration limit, and
// says which.
#pragma once

#include <array>
#include <string>

#include "minimize/relaxation.h"

namespace rejuv::minimize {

struct MinimizeSettings {
  std::string method = "sd";               // "sd" | "cg" | "fire"
  BoxRelax box = BoxRelax::none;
  std::array<double, 3> target_GPa{0, 0, 0};  // pressure (iso: all three equal) or sxx syy szz
  double etol = 1e-12;    // stop when |dG| < etol * (|G_old| + |G_new|) / 2
  double ftol = 1e-8;     // stop when the 2-norm of all generalised forces < ftol (eV/A)
  long max_iterations = 100000;
  double dmax = 0.1;      // largest atom move per iteration, A
  double vmax = 0.001;    // largest relative box-length change per iteration
  double skin = 1.0;
};

struct MinimizeResult {
  double potential_energy_eV = 0.0;
  std::array<double, 6> pressure_GPa{};   // static, xx yy zz xy xz yz
  double pressure_scalar_GPa = 0.0;
  double volume_A3 = 0.0;
  long iterations = 0;
  long force_evaluations = 0;
  double force_norm = 0.0;
  std::string stop_reason;  // "energy tolerance", "force tolerance", "max iterations", "linesearch failed"
};

void validate(const MinimizeSettings& settings);

// Minimises in place; velocities are set to zero (a minimum is a 0 K state).
MinimizeResult run_minimize(System& system, potential::Potential& potential, const MinimizeSettings& settings);

}  // namespace rejuv::minimize
