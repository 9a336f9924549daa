#include "potential/evaluate.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <fmt/format.h>

#include "util/blocked_sum.h"
#include "util/error.h"

namespace rejuv::potential {

void attach_potential(System& sys, const Potential& potential, const std::vector<std::string>& elements,
                      const std::string& where) {
  if (sys.num_types() > static_cast<int>(elements.size()))
    throw InputError(fmt::format("{}: the data file has {} atom types but potential.elements names "
                                 "only {} ({}); give one element per type",
                                 where, sys.num_types(), elements.size(), fmt::join(elements, ", ")));
  const auto masses = potential.type_masses();
  sys.type_names.assign(elements.begin(), elements.begin() + sys.num_types());
  for (int t = 0; t < sys.num_types(); ++t) {
    if (t < static_cast<int>(masses.size()) && std::isfinite(masses[t])) sys.mass[t] = masses[t];
    if (!std::isfinite(sys.mass[t]))
      throw InputError(fmt::format("{}: no mass for atom type {} ({}): the potential file gives none, "
                                   "so the data file needs a Masses section",
                                   where, t + 1, elements[t]));
  }
}

void check_overlaps(const System& sys, const neighbor::NeighborList& list, double min_distance) {
  const double min2 = min_distance * min_distance;
  // The build measured the closest pair; search for it only when too close
  // (an error path: serial, reporting the first offending atom).
  if (list.closest_pair_distance2() >= min2) return;
  const std::size_t cap = static_cast<std::size_t>(list.capacity());
  std::vector<double> dx(cap), dy(cap), dz(cap), rsq(cap);
  for (std::size_t i = 0; i < sys.size(); ++i) {
    list.separations(sys, i, dx.data(), dy.data(), dz.data(), rsq.data());
    const int* nbr = list.neighbors(i);
    for (int k = 0; k < list.count(i); ++k) {
      const int j = nbr[k];
      const double r2 = rsq[k];
      if (r2 >= min2) continue;
      if (static_cast<std::size_t>(j) == i)
        throw InputError(fmt::format("atom {} is {:.3g} A from its own periodic image: the box is "
                                     "degenerate",
                                     sys.id[i], std::sqrt(r2)));
      throw InputError(fmt::format("atoms {} and {} are {:.3g} A apart (less than {} A): two atoms "
                                   "at nearly the same position",
                                   std::min(sys.id[i], sys.id[j]), std::max(sys.id[i], sys.id[j]),
                                   std::sqrt(r2), min_distance));
    }
  }
}

void compute_forces(System& sys, Potential& potential, neighbor::NeighborList& list, PerAtom& per_atom,
                    bool allow_reorder, EvalTimings* timings, const neighbor::MeasuredDisplacement* moved) {
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  if (list.update(sys, allow_reorder, moved)) check_overlaps(sys, list, 0.01);
  const auto t1 = Clock::now();
  potential.compute(sys, list, per_atom);
  if (timings) {
    timings->neighbor_seconds += std::chrono::duration<double>(t1 - t0).count();
    timings->pair_seconds += std::chrono::duration<double>(Clock::now() - t1).count();
  }
}

Totals totals_from_sums(const System& sys, const std::array<double, kTotalSums>& sums, const double* kin) {
  Totals t;
  t.natoms = sys.size();
  t.potential_energy = sums[0];
  t.volume = sys.box.volume();
  for (int c = 0; c < 6; ++c) {
    t.virial[c] = sums[1 + c];
    t.pressure[c] = ((kin ? kin[c] : 0.0) + t.virial[c]) / t.volume;
  }
  return t;
}

Totals evaluate(System& sys, Potential& potential, neighbor::NeighborList& list, PerAtom& per_atom,
                bool allow_reorder, EvalTimings* timings, bool with_kinetic) {
  compute_forces(sys, potential, list, per_atom, allow_reorder, timings);
  // Energy and virial in one pass of fixed-order block sums (the same bits
  // for any thread count).
  const auto sums = util::blocked_sums<kTotalSums>(sys.size(), TotalTerms(per_atom));
  const std::vector<double> kin = with_kinetic ? sys.kinetic_tensor() : std::vector<double>();
  Totals t = totals_from_sums(sys, sums, with_kinetic ? kin.data() : nullptr);
  if (with_kinetic) t.kinetic_energy = sys.kinetic_energy();
  return t;
}

}  // namespace rejuv::potential
