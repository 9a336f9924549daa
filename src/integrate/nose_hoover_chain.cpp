#include "integrate/nose_hoover_chain.h"

#include <cmath>

#include "util/units.h"

namespace rejuv::integrate {

void NoseHooverChain::setup(double degrees_of_freedom, double damping_ps, double t_target) {
  const double kB = units::boltzmann_eV_per_K;
  dof = degrees_of_freedom;
  frequency = 1.0 / damping_ps;
  if (eta.empty()) {
    eta.assign(length, 0.0);
    eta_dot.assign(length + 1, 0.0);
    eta_dotdot.assign(length, 0.0);
    eta_mass.assign(length, 0.0);
  }
  eta_mass[0] = dof * kB * t_target / (frequency * frequency);
  for (int k = 1; k < length; ++k) eta_mass[k] = kB * t_target / (frequency * frequency);
  for (int k = 1; k < length; ++k)
    eta_dotdot[k] = (eta_mass[k - 1] * eta_dot[k - 1] * eta_dot[k - 1] - kB * t_target) / eta_mass[k];
}

double NoseHooverChain::half_step(double dt, double& t_current, double t_target) {
  const double kB = units::boltzmann_eV_per_K;
  const double dthalf = 0.5 * dt, dt4 = 0.25 * dt, dt8 = 0.125 * dt;
  const double ke_target = dof * kB * t_target;
  // Masses follow the target temperature so the thermostat frequency is kept.
  eta_mass[0] = dof * kB * t_target / (frequency * frequency);
  for (int k = 1; k < length; ++k) eta_mass[k] = kB * t_target / (frequency * frequency);

  double ke_current = dof * kB * t_current;
  eta_dotdot[0] = eta_mass[0] > 0.0 ? (ke_current - ke_target) / eta_mass[0] : 0.0;

  for (int k = length - 1; k > 0; --k) {
    const double expfac = std::exp(-dt8 * eta_dot[k + 1]);
    eta_dot[k] *= expfac;
    eta_dot[k] += eta_dotdot[k] * dt4;
    eta_dot[k] *= expfac;
  }
  double expfac = std::exp(-dt8 * eta_dot[1]);
  eta_dot[0] *= expfac;
  eta_dot[0] += eta_dotdot[0] * dt4;
  eta_dot[0] *= expfac;

  const double factor = std::exp(-dthalf * eta_dot[0]);
  t_current *= factor * factor;
  ke_current = dof * kB * t_current;
  eta_dotdot[0] = eta_mass[0] > 0.0 ? (ke_current - ke_target) / eta_mass[0] : 0.0;

  for (int k = 0; k < length; ++k) eta[k] += dthalf * eta_dot[k];

  eta_dot[0] *= expfac;
  eta_dot[0] += eta_dotdot[0] * dt4;
  eta_dot[0] *= expfac;

  for (int k = 1; k < length; ++k) {
    expfac = std::exp(-dt8 * eta_dot[k + 1]);
    eta_dot[k] *= expfac;
    eta_dotdot[k] = (eta_mass[k - 1] * eta_dot[k - 1] * eta_dot[k - 1] - kB * t_target) / eta_mass[k];
    eta_dot[k] += eta_dotdot[k] * dt4;
    eta_dot[k] *= expfac;
  }
  return factor;
}

double NoseHooverChain::energy(double t_target) const {
  const double kB = units::boltzmann_eV_per_K;
  double e = dof * kB * t_target * eta[0] + 0.5 * eta_mass[0] * eta_dot[0] * eta_dot[0];
  for (int k = 1; k < length; ++k) e += kB * t_target * eta[k] + 0.5 * eta_mass[k] * eta_dot[k] * eta_dot[k];
  return e;
}

}  // namespace rejuv::integrate
