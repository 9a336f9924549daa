// The interface every interatomic potential implements: one virtual call per
// force evaluation; the per-pair work inside is inlined, never virtual.
#pragma once

#include <string>
#include <vector>

#include "neighbor/neighbor_list.h"
#include "system/system.h"

namespace rejuv::potential {

// Per-atom results of a force evaluation, in the atoms' current order.
// Energies in eV. Virial (eV), components xx, yy, zz, xy, xz, yz: summed
// over atoms it is the system's W_ab = sum over pairs of r_ab f_ab; how a
// potential splits it between atoms depends on its list (a full-list
// potential gives each atom half of each of its pairs, a half-list one each
// pair whole to the pair's owner), so only sums are meaningful. Forces go
// into System::fx/fy/fz.
struct PerAtom {
  std::vector<double> energy;
  std::vector<double> virial[6];
  // Room for n atoms. Potentials write every entry on each call, so the
  // old values are not cleared (that was seven passes over the atoms per
  // force call).
  void resize(std::size_t n) {
    energy.resize(n);
    for (auto& v : virial) v.resize(n);
  }
};

class Potential {
public:
  virtual ~Potential() = default;
  virtual std::string style() const = 0;
  // Largest interaction range in Angstrom.
  virtual double cutoff() const = 0;
  // Mass (amu) of each data-file type where the potential file gives one,
  // NaN elsewhere.
  virtual std::vector<double> type_masses() const = 0;
  // The neighbour list compute() takes.
  virtual neighbor::NeighborList::Kind list_kind() const { return neighbor::NeighborList::Kind::full; }
  // Computes forces into system.fx/fy/fz and per-atom energy and virial.
  // The neighbour list must be current for `system` and of list_kind().
  virtual void compute(System& system, const neighbor::NeighborList& list, PerAtom& out) = 0;
};

// An (empty) neighbour list of the kind and cutoff `potential` needs.
inline neighbor::NeighborList make_neighbor_list(const Potential& potential, double skin) {
  return neighbor::NeighborList(potential.cutoff(), skin, potential.list_kind());
}

}  // namespace rejuv::potential
