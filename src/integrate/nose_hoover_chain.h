// Nose-Hoover chain thermostat as LAMMPS fix nvt/npt integrates it
// (Martyna, Tuckerman, Klein 1992 chains; Trotter half steps of dt/2 at the
// start and end of each velocity-Verlet step; chain masses from the damping
// time, re-evaluated from the current target temperature).
#pragma once

#include <vector>

namespace rejuv::integrate {

struct NoseHooverChain {
  int length = 3;                  // chain length (LAMMPS tchain)
  double frequency = 0.0;          // 1/damping time, 1/ps
  double dof = 0.0;                // degrees of freedom thermostatted
  std::vector<double> eta, eta_dot, eta_dotdot, eta_mass;  // eta_dot has length+1 entries

  // Initialises masses and chain forces at the start of a run (LAMMPS FixNH::setup).
  void setup(double dof, double damping_ps, double t_target);
  // One half step of the chain for time step dt; returns the factor to scale
  // velocities by. `t_current` is updated for the scaling.
  double half_step(double dt, double& t_current, double t_target);
  // Thermostat energy added to the total energy to form the conserved quantity.
  double energy(double t_target) const;
};

}  // namespace rejuv::integrate
