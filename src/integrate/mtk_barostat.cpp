#include "integrate/mtk_barostat.h"

#include <cmath>

#include "util/parallel.h"
#include "util/units.h"

namespace rejuv::integrate {

void MtkBarostat::setup(std::size_t natoms, double t_target, double volume) {
  const double kB = units::boltzmann_eV_per_K;
  const double kt = kB * t_target;
  const double nkt = (static_cast<double>(natoms) + 1.0) * kt;
  for (int i = 0; i < 3; ++i) omega_mass[i] = nkt / (frequency * frequency);
  if (etap.empty()) {
    etap.assign(chain, 0.0);
    etap_dot.assign(chain + 1, 0.0);
    etap_dotdot.assign(chain, 0.0);
    etap_mass.assign(chain, 0.0);
    vol0 = volume;
  }
  for (int k = 0; k < chain; ++k) etap_mass[k] = kt / (frequency * frequency);
  for (int k = 1; k < chain; ++k)
    etap_dotdot[k] = (etap_mass[k - 1] * etap_dot[k - 1] * etap_dot[k - 1] - kt) / etap_mass[k];
}

void MtkBarostat::chain_half_step(double dt, double t_target) {
  const double kB = units::boltzmann_eV_per_K;
  const double kt = kB * t_target;
  const double dthalf = 0.5 * dt, dt4 = 0.25 * dt, dt8 = 0.125 * dt;
  const double lkt_press = iso ? kt : 3.0 * kt;
  auto kinetic = [&] {
    double ke = 0.0;
    for (int i = 0; i < 3; ++i) ke += omega_mass[i] * omega_dot[i] * omega_dot[i];
    return ke;
  };
  etap_dotdot[0] = (kinetic() - lkt_press) / etap_mass[0];
  for (int k = chain - 1; k > 0; --k) {
    const double expfac = std::exp(-dt8 * etap_dot[k + 1]);
    etap_dot[k] *= expfac;
    etap_dot[k] += etap_dotdot[k] * dt4;
    etap_dot[k] *= expfac;
  }
  double expfac = std::exp(-dt8 * etap_dot[1]);
  etap_dot[0] *= expfac;
  etap_dot[0] += etap_dotdot[0] * dt4;
  etap_dot[0] *= expfac;
  for (int k = 0; k < chain; ++k) etap[k] += dthalf * etap_dot[k];
  const double factor = std::exp(-dthalf * etap_dot[0]);
  for (int i = 0; i < 3; ++i) omega_dot[i] *= factor;
  etap_dotdot[0] = (kinetic() - lkt_press) / etap_mass[0];
  etap_dot[0] *= expfac;
  etap_dot[0] += etap_dotdot[0] * dt4;
  etap_dot[0] *= expfac;
  for (int k = 1; k < chain; ++k) {
    expfac = std::exp(-dt8 * etap_dot[k + 1]);
    etap_dot[k] *= expfac;
    etap_dotdot[k] = (etap_mass[k - 1] * etap_dot[k - 1] * etap_dot[k - 1] - kt) / etap_mass[k];
    etap_dot[k] += etap_dotdot[k] * dt4;
    etap_dot[k] *= expfac;
  }
}

void MtkBarostat::omega_half_step(double dt, const std::array<double, 3>& p_current,
                                  const std::array<double, 3>& p_target, double volume,
                                  const std::array<double, 3>& kinetic, double dof_kT, std::size_t natoms) {
  const double dthalf = 0.5 * dt;
  const double n = static_cast<double>(natoms);
  p_hydro = (p_target[0] + p_target[1] + p_target[2]) / 3.0;
  // MTK correction: the kinetic energy per degree of freedom of the box.
  mtk_term1 = iso ? dof_kT / (3.0 * n) : (kinetic[0] + kinetic[1] + kinetic[2]) / (3.0 * n);
  for (int i = 0; i < 3; ++i) {
    // iso drives the scalar pressure to the mean target; aniso each axis to its own.
    const double target = iso ? p_hydro : p_target[i];
    const double f_omega = (p_current[i] - target) * volume / omega_mass[i] + mtk_term1 / omega_mass[i];
    omega_dot[i] += f_omega * dthalf;
  }
  mtk_term2 = (omega_dot[0] + omega_dot[1] + omega_dot[2]) / (3.0 * n);
}

std::array<double, 3> MtkBarostat::velocity_factors(double dt) const {
  const double dt4 = 0.25 * dt;
  return {std::exp(-dt4 * (omega_dot[0] + mtk_term2)), std::exp(-dt4 * (omega_dot[1] + mtk_term2)),
          std::exp(-dt4 * (omega_dot[2] + mtk_term2))};
}

MtkBarostat::PositionMap MtkBarostat::remap_box(Box& b, double dto) {
  for (int i = 0; i < 3; ++i) omega[i] += dto * omega_dot[i];
  const Box old = b;
  double expfac[3];
  for (int d = 0; d < 3; ++d) {
    expfac[d] = std::exp(dto * omega_dot[d]);
    const double ctr = 0.5 * (old.lo[d] + old.hi[d]);
    b.lo[d] = (old.lo[d] - ctr) * expfac[d] + ctr;
    b.hi[d] = (old.hi[d] - ctr) * expfac[d] + ctr;
  }
  // Tilt factors scale with the length they are measured along (LAMMPS's
  // scalexy/scalexz/scaleyz defaults).
  b.xy *= expfac[1];
  b.xz *= expfac[2];
  b.yz *= expfac[2];
  return {old.lo, b.lo, old.h_inverse(), b.h()};
}

double MtkBarostat::energy(double t_target, double volume) const {
  const double kt = units::boltzmann_eV_per_K * t_target;
  double e = 0.0;
  for (int i = 0; i < 3; ++i) e += 0.5 * omega_dot[i] * omega_dot[i] * omega_mass[i];
  e += p_hydro * (volume - vol0);
  const double lkt_press = iso ? kt : 3.0 * kt;
  e += lkt_press * etap[0] + 0.5 * etap_mass[0] * etap_dot[0] * etap_dot[0];
  for (int k = 1; k < chain; ++k) e += kt * etap[k] + 0.5 * etap_mass[k] * etap_dot[k] * etap_dot[k];
  return e;
}

}  // namespace rejuv::integrate
