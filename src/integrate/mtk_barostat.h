// Martyna-Tobias-Klein barostat with its own Nose-Hoover chain, integrated
// as LAMMPS fix npt does (mtk yes, tchain/pchain 3, no drag): box strain
// rates omega_dot per barostatted axis, velocity scaling by
// exp(-dt/4 (omega_dot + mtk_term2)) twice per half step, and the box
// remapped by exp(dt/2 omega_dot) around each position update. Coupling
// "iso" drives the scalar pressure; "aniso" drives each normal stress to its
// own target (targets may differ per axis and ramp linearly). Tilt factors
// are not barostatted; they scale with the box length they belong to.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "system/system.h"

namespace rejuv::integrate {

struct MtkBarostat {
  bool iso = true;
  double frequency = 0.0;                 // 1/pdamp, 1/ps
  std::array<double, 3> omega{}, omega_dot{}, omega_mass{};
  std::vector<double> etap, etap_dot, etap_dotdot, etap_mass;  // etap_dot has chain+1 entries
  int chain = 3;
  double vol0 = 0.0;                      // volume at the start (conserved-quantity reference)
  double mtk_term1 = 0.0, mtk_term2 = 0.0;
  double p_hydro = 0.0;                   // mean target, eV/A^3

  // Masses and chain forces at the start of a run (LAMMPS FixNH::setup).
  // `t_mass` sets the barostat masses: LAMMPS uses the starting target; rejuv
  // passes the higher of a ramp's two temperatures, so that a ramp starting
  // near 0 K does not make the barostat arbitrarily light (and unstable).
  void setup(std::size_t natoms, double t_mass, double volume);
  // Half step of the barostat's thermostat chain; scales omega_dot.
  void chain_half_step(double dt, double t_target);
  // Half-step update of omega_dot from the current pressure (eV/A^3): the
  // scalar for iso, normal components for aniso. `kinetic` is 2 KE for iso
  // (dof kB T) or the diagonal of sum m v v (eV) for aniso.
  void omega_half_step(double dt, const std::array<double, 3>& p_current, const std::array<double, 3>& p_target,
                       double volume, const std::array<double, 3>& kinetic, double dof_kT, std::size_t natoms);
  // Velocity scaling factors for nh_v_press (applied twice).
  std::array<double, 3> velocity_factors(double dt) const;
  // Scales the box by exp(dt_half * omega_dot) about its centre (and
  // advances omega); returns the map that takes positions along. MD applies
  // a step's two maps and the drift between them in one pass over the atoms.
  struct PositionMap {
    Vec3 old_lo, new_lo;
    Mat3 old_h_inverse, new_h;
    void apply(double& x, double& y, double& z) const {
      const Vec3 s = mat_vec(old_h_inverse, {x - old_lo[0], y - old_lo[1], z - old_lo[2]});
      const Vec3 r = mat_vec(new_h, s);
      x = new_lo[0] + r[0];
      y = new_lo[1] + r[1];
      z = new_lo[2] + r[2];
    }
  };
  PositionMap remap_box(Box& box, double dt_half);
  // Barostat energy for the conserved quantity.
  double energy(double t_target, double volume) const;
};

}  // namespace rejuv::integrate
