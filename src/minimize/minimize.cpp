#include "minimize/minimize.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "integrate/velocities.h"
#include "util/error.h"
#include "util/units.h"

namespace rejuv::minimize {

namespace {

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  // Fixed-order sum: results do not depend on threads.
  double s = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

bool energy_converged(double g_old, double g_new, double etol) {
  return std::abs(g_new - g_old) < etol * 0.5 * (std::abs(g_old) + std::abs(g_new) + 1e-300);
}

// Backtracking line search along `dir` (a descent direction) from the
// anchored state, with a quadratic-interpolation guess after each failed
// trial. Returns the accepted objective, or NaN if no step was accepted.
// Sufficient decrease: G(a) <= G0 - c a slope, slope = F.dir > 0.
//
// Near a minimum the energy change of a step sinks to the rounding of the
// energy (~1e-13 of it), and no trial can show a decrease although the
// forces still point somewhere. There the search steps instead to where the
// directional derivative F.dir, interpolated linearly (secant) between the
// last two points, vanishes, as LAMMPS's quadratic line search does; the
// step is taken if the energy stays within rounding of G0 (1e-12 of it,
// about ten times the noise seen on 640 eV) and |F.dir| drops below its
// value at the start.
double line_search(Relaxation& rx, const std::vector<double>& dir, double g0, double slope, double alpha,
                   std::vector<double>& force) {
  constexpr double c = 1e-4, alpha_min = 1e-12;
  const double rounding = 1e-12 * std::abs(g0);
  const double alpha_max = alpha;
  double alpha_prev = 0.0, slope_prev = slope;  // the last point and F.dir there
  while (alpha > alpha_min) {
    rx.move_from_anchor(dir, alpha);
    const double g = rx.evaluate(force);
    // Strictly lower too: at rounding level G(a) == G0 passes the Armijo
    // test without any progress.
    if (g <= g0 - c * alpha * slope && g < g0) return g;
    const double slope_now = dot(force, dir);
    // Secant through this point and the last, where F.dir falls with a
    // (positive curvature).
    if (std::abs(g - g0) <= rounding && (slope_now - slope_prev) * (alpha - alpha_prev) < 0.0) {
      const double secant = alpha - (alpha - alpha_prev) * slope_now / (slope_now - slope_prev);
      if (secant > 0.0 && secant <= alpha_max) {
        rx.move_from_anchor(dir, secant);
        const double g_secant = rx.evaluate(force);
        if (g_secant <= g0 + rounding && std::abs(dot(force, dir)) < slope) return g_secant;
      }
    }
    alpha_prev = alpha;
    slope_prev = slope_now;
    // Minimum of the parabola through G0, its slope and G(alpha), kept
    // within [0.1, 0.5] alpha.
    const double curvature = g - g0 + slope * alpha;
    const double guess = curvature > 0 ? 0.5 * slope * alpha * alpha / curvature : 0.5 * alpha;
    alpha = std::clamp(guess, 0.1 * alpha, 0.5 * alpha);
  }
  rx.move_from_anchor(dir, 0.0);
  rx.evaluate(force);
  return std::nan("");
}

}  // namespace

void validate(const MinimizeSettings& s) {
  if (s.method != "sd" && s.method != "cg" && s.method != "fire")
    throw InputError(fmt::format("method '{}': expected sd, cg or fire", s.method));
  if (!(s.etol >= 0.0) || !(s.ftol >= 0.0)) throw InputError("tolerances must be >= 0");
  if (s.max_iterations < 1) throw InputError("max iterations must be >= 1");
  if (!(s.dmax > 0.0)) throw InputError(fmt::format("dmax {} A: expected > 0", s.dmax));
  if (!(s.vmax > 0.0)) throw InputError(fmt::format("vmax {}: expected > 0", s.vmax));
  for (double p : s.target_GPa)
    if (!std::isfinite(p)) throw InputError("target pressure must be a finite number");
}

MinimizeResult run_minimize(System& sys, potential::Potential& pot, const MinimizeSettings& s) {
  validate(s);
  integrate::zero_velocities(sys);
  std::array<double, 3> target{};
  for (int d = 0; d < 3; ++d) target[d] = s.target_GPa[d] / units::eV_per_A3_to_GPa;
  Relaxation rx(sys, pot, s.box, target, s.skin);
  MinimizeResult r;
  std::vector<double> f, f_old, dir;
  double g = rx.evaluate(f);
  long it = 0;
  r.stop_reason = "max iterations";

  if (s.method == "fire") {
    // FIRE (Bitzek et al., PRL 97, 170201, 2006) on the generalised
    // coordinates, unit masses, each step capped at dmax / vmax.
    constexpr double finc = 1.1, fdec = 0.5, alpha0 = 0.1, falpha = 0.99;
    constexpr int ndelay = 5;
    double dt = 0.01, dtmax = 0.1, alpha = alpha0;
    int positive = 0;
    std::vector<double> v(f.size(), 0.0), step(f.size());
    for (it = 1; it <= s.max_iterations; ++it) {
      const double p = dot(f, v);
      const double fn = std::sqrt(dot(f, f)), vn = std::sqrt(dot(v, v));
      if (p > 0) {
        for (std::size_t k = 0; k < v.size(); ++k) v[k] = (1 - alpha) * v[k] + alpha * vn * f[k] / (fn + 1e-300);
        if (++positive > ndelay) {
          dt = std::min(dt * finc, dtmax);
          alpha *= falpha;
        }
      } else {
        positive = 0;
        dt *= fdec;
        alpha = alpha0;
        std::fill(v.begin(), v.end(), 0.0);
      }
      for (std::size_t k = 0; k < v.size(); ++k) {
        v[k] += dt * f[k];
        step[k] = dt * v[k];
      }
      rx.anchor();
      g = rx.totals().potential_energy;  // the stress term is zero at the anchor
      const double amax = rx.max_alpha(step, s.dmax, s.vmax);
      rx.move_from_anchor(step, std::min(1.0, amax));
      const double g_new = rx.evaluate(f);
      const bool e_conv = energy_converged(g, g_new, s.etol) && p > 0;
      g = g_new;
      if (std::sqrt(dot(f, f)) < s.ftol) { r.stop_reason = "force tolerance"; break; }
      if (e_conv) { r.stop_reason = "energy tolerance"; break; }
    }
  } else {
    // Steepest descent or Polak-Ribiere conjugate gradient with a
    // backtracking line search (at most dmax per atom per iteration).
    dir = f;
    bool along_force = true;
    for (it = 1; it <= s.max_iterations; ++it) {
      double slope = dot(f, dir);
      if (slope <= 0) {  // not a descent direction: restart along the force
        dir = f;
        slope = dot(f, f);
        along_force = true;
      }
      rx.anchor();
      g = rx.totals().potential_energy;  // the stress term is zero at the anchor
      const double amax = rx.max_alpha(dir, s.dmax, s.vmax);
      f_old = f;
      const double g_new = line_search(rx, dir, g, slope, amax, f);
      if (std::isnan(g_new)) {
        if (!along_force) {  // retry along the force before giving up
          dir = f;
          along_force = true;
          continue;
        }
        r.stop_reason = "linesearch failed";
        break;
      }
      const bool e_conv = energy_converged(g, g_new, s.etol);
      g = g_new;
      if (std::sqrt(dot(f, f)) < s.ftol) { r.stop_reason = "force tolerance"; break; }
      if (e_conv && !(s.method == "cg" && !along_force)) { r.stop_reason = "energy tolerance"; break; }
      // A stalled conjugate direction is not convergence: restart along the
      // force and stop only if steepest descent stalls too.
      along_force = s.method != "cg" || e_conv;
      if (s.method == "cg" && !e_conv) {
        const double beta = std::max(0.0, (dot(f, f) - dot(f, f_old)) / dot(f_old, f_old));
        for (std::size_t k = 0; k < dir.size(); ++k) dir[k] = f[k] + beta * dir[k];
      } else {
        dir = f;
      }
    }
  }
  r.iterations = std::min(it, s.max_iterations);
  r.force_evaluations = rx.evaluations();
  r.force_norm = std::sqrt(dot(f, f));
  const auto& t = rx.totals();
  r.potential_energy_eV = t.potential_energy;
  r.volume_A3 = t.volume;
  const auto p = rx.static_pressure();
  for (int c = 0; c < 6; ++c) r.pressure_GPa[c] = p[c] * units::eV_per_A3_to_GPa;
  r.pressure_scalar_GPa = (r.pressure_GPa[0] + r.pressure_GPa[1] + r.pressure_GPa[2]) / 3.0;
  return r;
}

}  // namespace rejuv::minimize
