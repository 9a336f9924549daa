// The last stage of every pair loop: an atom's force, pair energy and virial
// summed over its packed neighbours from per-pair values, in 8 SIMD lanes
// (a fixed order, so the same bits for any thread count).
#pragma once

#include <cstddef>

#include "potential/potential.h"
#include "system/system.h"

namespace rejuv::potential {

// Atom i's neighbours q < n at separations (dx, dy, dz) = x_i - x_j with
// force magnitude over distance fpair[q] and pair energy energy[q] (counted
// half for i). Writes i's force and virial; adds the pair energy to
// out.energy[i] when `add_energy`, else sets it.
inline void sum_pair_terms(std::size_t i, int n, const double* dx, const double* dy, const double* dz,
                           const double* fpair, const double* energy, bool add_energy, System& sys,
                           PerAtom& out) {
  double fxi = 0.0, fyi = 0.0, fzi = 0.0, e = 0.0;
  double vxx = 0.0, vyy = 0.0, vzz = 0.0, vxy = 0.0, vxz = 0.0, vyz = 0.0;
#pragma omp simd safelen(8) reduction(+ : fxi, fyi, fzi, e, vxx, vyy, vzz, vxy, vxz, vyz)
  for (int q = 0; q < n; ++q) {
    const double f = fpair[q];
    const double x = dx[q], y = dy[q], z = dz[q];
    fxi += x * f;
    fyi += y * f;
    fzi += z * f;
    e += energy[q];
    vxx += x * x * f;
    vyy += y * y * f;
    vzz += z * z * f;
    vxy += x * y * f;
    vxz += x * z * f;
    vyz += y * z * f;
  }
  sys.fx[i] = fxi;
  sys.fy[i] = fyi;
  sys.fz[i] = fzi;
  out.energy[i] = (add_energy ? out.energy[i] : 0.0) + 0.5 * e;
  out.virial[0][i] = 0.5 * vxx;
  out.virial[1][i] = 0.5 * vyy;
  out.virial[2][i] = 0.5 * vzz;
  out.virial[3][i] = 0.5 * vxy;
  out.virial[4][i] = 0.5 * vxz;
  out.virial[5][i] = 0.5 * vyz;
}

}  // namespace rejuv::potential
