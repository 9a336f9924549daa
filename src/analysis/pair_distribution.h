// Radial distribution functions, total and partial, with LAMMPS
// `compute rdf` conventions so the numbers compare one to one:
// bins of width cutoff/bins, r at bin centres, every periodic image counted,
// and g_ab(r) = H_ab(r) / (N_a (N_b - delta_ab) V_shell(r) / V), where H_ab
// counts ordered pairs (i of type a, j of type b) in the shell. The total
// g(r) uses all pairs with N (N - 1). Coordination numbers are cumulative
// counts of b neighbours per a atom, taken to the first minimum of g_ab.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "system/system.h"

namespace rejuv::analysis {

struct RdfOptions {
  double cutoff = 10.0;  // A
  int bins = 200;
};

// The first coordination shell of one g(r).
struct CoordinationShell {
  double first_peak_r = 0.0;     // A, centre of the highest bin of the smoothed g
  double first_minimum_r = 0.0;  // A, lowest smoothed g between the peak and 1.6 x its position
  double coordination = 0.0;     // neighbours per centre atom within first_minimum_r
};

struct PairDistribution {
  double cutoff = 0.0, bin_width = 0.0;
  int ntypes = 0;
  std::size_t natoms = 0;
  double volume = 0.0;                      // A^3
  std::vector<std::size_t> atoms_by_type;
  std::vector<double> r;                    // bin centres, A
  std::vector<double> total_counts;         // ordered pairs per bin
  std::vector<double> g_total;
  // Ordered-pair counts and g per type pair, at a * ntypes + b.
  std::vector<std::vector<double>> pair_counts;
  std::vector<std::vector<double>> g_partial;
  CoordinationShell total_shell;
  std::vector<CoordinationShell> partial_shell;  // a * ntypes + b: b atoms around an a atom

  // Cumulative neighbours per atom out to the upper edge of each bin (LAMMPS's
  // coordination column): total, and b around a.
  std::vector<double> cumulative_total() const;
  std::vector<double> cumulative_partial(int a, int b) const;
};

// Throws InputError for a non-positive cutoff or bin count, or a system
// with fewer than two atoms.
PairDistribution pair_distribution(const System& system, const RdfOptions& options);

// Number density N/V (1/A^3).
double number_density(const System& system);
// Mass density in g/cm^3, or NaN when a type's mass is unknown.
double mass_density(const System& system);

}  // namespace rejuv::analysis
