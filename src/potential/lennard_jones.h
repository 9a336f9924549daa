// Lennard-Jones 12-6 (style "lj", as LAMMPS lj/cut) and the general Mie m-n
// form (style "mie", as LAMMPS mie/cut):
//
//   E(r) = C eps [ (sigma/r)^m - (sigma/r)^n ],  C = m/(m-n) (m/n)^(n/(m-n))
//
// (C = 4 for 12-6 and for 8-4), per element pair with its own cutoff rc.
// Optional shifts: "energy" subtracts E(rc) (pair_modify shift yes);
// "force" also subtracts (r - rc) E'(rc), so energy and force both vanish at
// rc (LAMMPS lj/smooth/linear for 12-6). The Kobayashi-Maeda-Takeuchi Cu-Zr
// model C2/r^8 - C1/r^4 + C3 r + C4 is "mie" 8-4 with shift = "force".
#pragma once

#include <memory>
#include <vector>

#include "io/potential_config.h"
#include "potential/potential.h"

namespace rejuv::potential {

class LennardJones final : public Potential {
public:
  // Checks that every pair of `spec.elements` has exactly one pair table.
  explicit LennardJones(const io::PotentialSpec& spec);

  std::string style() const override { return style_; }
  double cutoff() const override { return cutoff_; }
  std::vector<double> type_masses() const override;
  void compute(System& system, const neighbor::NeighborList& list, PerAtom& out) override;

  // Energy and -dE/dr / r of the pair (a, b) at distance r, shift included.
  void pair(int type_a, int type_b, double r, double& energy, double& fpair) const;

  struct Coeffs {
    double cutsq = 0.0, cut = 0.0;
    double m = 12.0, n = 6.0;
    double rep = 0.0, att = 0.0;    // C eps sigma^m, C eps sigma^n
    double offset = 0.0;            // E(rc) when shifted
    double dedr_cut = 0.0;          // E'(rc) for the force shift
  };

private:
  template <bool LJ126, bool ForceShift, bool OneType>
  void compute_kernel(System& system, const neighbor::NeighborList& list, PerAtom& out) const;

  std::string style_;
  int ntypes_ = 0;
  io::PairShift shift_ = io::PairShift::none;
  double cutoff_ = 0.0;
  std::vector<Coeffs> coeffs_;  // [ti * ntypes + tj]
  // The same coefficients as one array per field, for the vector loop's
  // gathers; made once with coeffs_.
  struct Columns {
    std::vector<double> cutsq, cut, m, n, rep, att, offset, dedr_cut;
  } columns_;
};

}  // namespace rejuv::potential
