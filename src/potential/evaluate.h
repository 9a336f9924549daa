// A complete single-point evaluation: neighbour list, forces, per-atom
// energies and virials, and totals reduced in a fixed order (bitwise the same
// for any thread count).
#pragma once

#include <array>

#include "neighbor/neighbor_list.h"
#include "potential/potential.h"
#include "system/system.h"

namespace rejuv::potential {

struct Totals {
  std::size_t natoms = 0;
  double potential_energy = 0.0;         // eV
  double kinetic_energy = 0.0;           // eV
  double volume = 0.0;                   // A^3
  std::array<double, 6> virial{};        // eV: xx yy zz xy xz yz, sum of r_a f_b over pairs
  std::array<double, 6> pressure{};      // eV/A^3, (kinetic + virial) / V; positive = compression
  double pressure_scalar() const { return (pressure[0] + pressure[1] + pressure[2]) / 3.0; }
};

// Gives the system the potential's element names and masses (masses from the
// potential file where it has them, else from the data file) and checks that
// every type is mapped and has a mass. `where` names the data file.
void attach_potential(System& system, const Potential& potential,
                      const std::vector<std::string>& elements, const std::string& where);

// Throws InputError naming both atoms if two atoms are closer than min_distance.
// Call right after list.build(): it trusts the closest pair the build measured.
void check_overlaps(const System& system, const neighbor::NeighborList& list, double min_distance);

// Updates the list (rebuilding if needed), computes forces and totals. A
// rebuild reorders atoms in memory unless `allow_reorder` is false (callers
// that keep per-atom arrays of their own, such as minimisers, need the order
// kept).
// `timings`, when given, accumulates the seconds spent in neighbour-list
// updates and in the potential. Without `with_kinetic` the totals leave out
// the velocities (kinetic energy 0, pressure from the virial alone), for MD,
// which sums them after its second half kick anyway.
struct EvalTimings {
  double neighbor_seconds = 0.0;
  double pair_seconds = 0.0;
};
Totals evaluate(System& system, Potential& potential, neighbor::NeighborList& list, PerAtom& per_atom,
                bool allow_reorder = true, EvalTimings* timings = nullptr, bool with_kinetic = true);

// evaluate() in parts, for a caller that sums the totals in a pass of its
// own (MD: with the second half kick, System::kinetic_tensor_after): the
// list and the forces, per-atom energies and virials; atom i's terms of
// the seven sums (energy, virial xx yy zz xy xz yz); and the totals from
// those sums and a kinetic tensor (its 6 values, or null: none). The same
// bits as evaluate(). `moved` (NeighborList::update) spares the rebuild
// check its pass over the atoms.
void compute_forces(System& system, Potential& potential, neighbor::NeighborList& list, PerAtom& per_atom,
                    bool allow_reorder = true, EvalTimings* timings = nullptr,
                    const neighbor::MeasuredDisplacement* moved = nullptr);
inline constexpr std::size_t kTotalSums = 7;
// (Seven plain pointers, not an array of them: through an array the
// compiler reloaded them after every velocity store of a fused pass and ran
// it scalar.)
struct TotalTerms {
  const double *energy, *xx, *yy, *zz, *xy, *xz, *yz;
  explicit TotalTerms(const PerAtom& p)
      : energy(p.energy.data()), xx(p.virial[0].data()), yy(p.virial[1].data()), zz(p.virial[2].data()),
        xy(p.virial[3].data()), xz(p.virial[4].data()), yz(p.virial[5].data()) {}
  template <class Acc>
  void operator()(std::size_t i, Acc acc) const {
    acc[0] += energy[i];
    acc[1] += xx[i];
    acc[2] += yy[i];
    acc[3] += zz[i];
    acc[4] += xy[i];
    acc[5] += xz[i];
    acc[6] += yz[i];
  }
};
Totals totals_from_sums(const System& system, const std::array<double, kTotalSums>& sums,
                        const double* kinetic_tensor);

}  // namespace rejuv::potential
