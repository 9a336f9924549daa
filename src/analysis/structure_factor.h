// Static structure factor S(q), the number-number one:
//   S(q) = (1/N) < |sum_j exp(i q.r_j)|^2 >  over directions of q,
// computed two ways.
//  * From the total g(r) (Fourier sine transform, the usual route):
//      S(q) = 1 + 4 pi rho' int_0^rc r^2 (g(r) - 1) W(r) sin(qr)/(qr) dr,
//    rho' = (N-1)/V (the pair density g is normalised to), evaluated bin by
//    bin as (1/N) sum_k [H_k - rho' N V_shell,k] W(r_k) sin(q r_k)/(q r_k)
//    with H_k the ordered-pair count of bin k. W is 1 or the Lorch window
//    sin(pi r/rc)/(pi r/rc), which damps the ripples from cutting g at rc.
//  * Directly, over the reciprocal vectors q = 2 pi h^-T n of a fully
//    periodic box, averaged in |q| bins: exact for the configuration, but
//    only at the box's own wavevectors.
#pragma once

#include <cstddef>
#include <vector>

#include "analysis/pair_distribution.h"
#include "system/system.h"

namespace rejuv::analysis {

struct SqOptions {
  double q_min = 0.5;   // 1/A
  double q_max = 12.0;  // 1/A
  double q_step = 0.02; // 1/A
  bool lorch = true;
};

struct StructureFactor {
  std::vector<double> q, s;
  std::vector<std::size_t> vectors;  // direct method: wavevectors averaged per bin
  // The first peak: the largest S on the grid, refined by a parabola
  // through it and its two neighbours.
  double first_peak_q = 0.0, first_peak_s = 0.0;
};

StructureFactor structure_factor_from_rdf(const PairDistribution& rdf, const SqOptions& options);

// Bins of width q_step centred on q_min, q_min + q_step, ...; empty bins are
// left out. Throws InputError unless the box is periodic in x, y and z.
StructureFactor structure_factor_direct(const System& system, const SqOptions& options);

}  // namespace rejuv::analysis
