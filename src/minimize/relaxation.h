// The function a minimiser works on: the potential energy of the atoms and,
// optionally, of the box relaxing towards target normal stresses (as LAMMPS
// fix box/relax iso or x/y/z with minimize).
//
// Coordinates are the atom positions (A) plus, for box relaxation, one or
// three box coordinates q = sqrt(V_ref) * e_d, e_d the normal (log) strain
// of box row d (see box_scale() and set_box_strains()); for orthogonal
// boxes that is LAMMPS's length change, for triclinic ones the tilts of the
// row scale with it (LAMMPS holds them), so the gradient stays exact. The
// generalised force on q is -dG/dq with
//   G = E + V_ref * sum_d P_target,d * ln(l_d / l_ref,d),
// V_ref the volume at the start of the line search; at a minimum each
// relaxed normal stress equals its target (P_dd = P_target,d).
#pragma once

#include <array>
#include <cmath>
#include <vector>

#include "neighbor/neighbor_list.h"
#include "potential/evaluate.h"
#include "potential/potential.h"
#include "system/system.h"

namespace rejuv::minimize {

enum class BoxRelax { none, iso, per_component };

class Relaxation {
public:
  Relaxation(System& system, potential::Potential& potential, BoxRelax box,
             std::array<double, 3> target_pressure_eV_per_A3, double skin);

  std::size_t size() const { return 3 * sys_.size() + nbox_; }
  // Evaluates at the current state: returns G, fills `force` (-gradient).
  double evaluate(std::vector<double>& force);
  // Moves the state by alpha * direction from the anchor set by `anchor()`.
  void move_from_anchor(const std::vector<double>& direction, double alpha);
  // Remembers the current state as the line-search start (and the reference
  // volume of the stress term).
  void anchor();
  // Largest alpha for a direction so no atom moves more than dmax (A) and no
  // box length changes by more than a fraction vmax.
  double max_alpha(const std::vector<double>& direction, double dmax, double vmax) const;

  const potential::Totals& totals() const { return totals_; }
  long evaluations() const { return evaluations_; }
  // Static pressure tensor (virial only), eV/A^3.
  std::array<double, 6> static_pressure() const;

private:
  // Box coordinates are q = box_scale() * e (normal log strain). A scale of sqrt(V) (V in
  // A^3) gives the box a stiffness d2G/dq2 ~ 9 B V / scale^2 ~ 5 eV/A^2 for a
  // bulk modulus B ~ 100 GPa, close to the atoms' own, so steepest descent
  // and CG move both at similar rates at any system size.
  double box_scale() const { return std::sqrt(v_ref_); }
  void set_box_strains(const std::array<double, 3>& log_strain);

  System& sys_;
  potential::Potential& pot_;
  BoxRelax box_;
  int nbox_;
  std::array<double, 3> target_;
  neighbor::NeighborList list_;
  potential::PerAtom per_atom_;
  potential::Totals totals_;
  long evaluations_ = 0;
  // Anchor state.
  std::vector<double> x0_, y0_, z0_;
  std::vector<int> ix0_, iy0_, iz0_;
  Box box0_;
  double v_ref_ = 0.0;
};

}  // namespace rejuv::minimize
