// Half-list pair sums in 64-bit fixed point.
//
// A half neighbour list evaluates each pair once and adds its share to both
// atoms, which halves the pair work of a full list. The shares an atom
// receives arrive in an order that depends on how atoms are split between
// threads; in floating point that order would change the bits. Here every
// share is rounded once to an integer multiple of 1/scale and summed as an
// integer: integer sums are exact, so the result is the same bits for any
// order and any thread count (the technique GPU MD codes use for
// deterministic forces). The one rounding per share (below 1e-10 eV/A for
// forces) is far below the agreement with LAMMPS the tests require.
//
// Each thread owns a contiguous range of atoms [begin, end) and adds to the
// shared accumulators of the atoms it owns; shares for atoms beyond its
// range (a half list only points upwards) go to its own halo, folded into
// the shared accumulators after the loop.
#pragma once

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "util/blocked_sum.h"  // lane_sum
#include "util/pack.h"  // REJUV_AVX512

namespace rejuv::potential::fixed {

// Scales (powers of two, so scaling is exact): force, energy; densities
// take a scale per potential (density_scale). A share is rounded to 2^-40
// eV/A (force) or 2^-48 eV (energy), fine enough for step-by-step agreement
// with LAMMPS trajectories, finite-difference derivatives and line searches
// (tested).
inline constexpr double kForceScale = 0x1p40;
inline constexpr double kEnergyScale = 0x1p48;
// Shares below 2^51 once scaled take the fast conversion (forces below
// 2048 eV/A, pair energies below 16 eV); larger ones are converted
// exactly up to 2^60 (forces of 1e6 eV/A), and atoms with larger shares
// still (atoms on top of each other, or positions gone non-finite) are
// reported. Sums stay within 64 bits while an atom has fewer than 2^11
// shares at the fast limit or 8 at the exact one.
inline constexpr double kFastLimit = 0x1p51;
inline constexpr double kExactLimit = 0x1p60;

// x rounded to the nearest integer (ties to even), for |x| < 2^51: adding
// 1.5 * 2^52 leaves the integer in the low mantissa bits. Vectorises, and
// gives the same bits as std::llrint.
inline std::int64_t to_fixed(double x) {
  constexpr double magic = 0x1.8p52;
  return std::bit_cast<std::int64_t>(x + magic) - std::bit_cast<std::int64_t>(magic);
}
inline bool fast(double x) { return std::abs(x) < kFastLimit; }  // false for NaN

// The exact conversion for any share: llrint rounds like to_fixed. Shares
// not finite or beyond kExactLimit count in `failed` and add nothing.
inline std::int64_t to_fixed_exact(double x, int& failed) {
  if (!(std::abs(x) < kExactLimit)) {
    ++failed;
    return 0;
  }
  return std::llrint(x);
}

// The density scale for an embedding table that ends at `rho_max`: the
// largest density an atom can have (within the table) below 2^50 once
// scaled, so the rounding is 2^-50 of the table's range whatever the
// potential's units of density. Pair shares above 2 rho_max (atoms much
// closer than in any solid or liquid) take the exact conversion.
inline double density_scale(double rho_max) {
  return std::ldexp(1.0, 49 - std::ilogb(rho_max > 0.0 ? rho_max : 1.0));
}

// Accumulators of `width` integers per atom: the shared array for atoms
// below `end` (a thread's own and earlier atoms), the thread's halo above.
struct Targets {
  std::int64_t* shared;
  std::int64_t* halo;
  std::size_t end;
  int width;
  std::int64_t* at(int j) const {
    const std::size_t u = static_cast<std::size_t>(j);
    return u < end ? shared + u * width : halo + (u - end) * width;
  }
};

// Pass-1 shares of atom i's n packed pairs: i receives rho_in[q], neighbour
// j[q] receives rho_out[q], at density_scale `scale`. Returns i's sum; `failed` counts shares that
// could not be converted. `scratch` holds n integers.
inline std::int64_t density_shares(int n, const int* j, const double* rho_in, const double* rho_out,
                                   double scale, std::int64_t* scratch, const Targets& to, int& failed) {
  std::int64_t own = 0;
  double slow = 0.0;
#pragma omp simd reduction(+ : own, slow)
  for (int q = 0; q < n; ++q) {
    const double a = rho_in[q] * scale, b = rho_out[q] * scale;
    slow += fast(a) && fast(b) ? 0.0 : 1.0;
    own += to_fixed(a);
    scratch[q] = to_fixed(b);
  }
  if (slow != 0.0) {  // rare: convert every share exactly instead
    own = 0;
    for (int q = 0; q < n; ++q) {
      own += to_fixed_exact(rho_in[q] * scale, failed);
      scratch[q] = to_fixed_exact(rho_out[q] * scale, failed);
    }
  }
  for (int q = 0; q < n; ++q) *to.at(j[q]) += scratch[q];
  return own;
}

// The sum of eight lanes in a fixed order (util/blocked_sum.h).
using util::lane_sum;

#ifdef REJUV_AVX512
// Vector forms for the AVX-512 pair loops, which convert and add each block
// of up to eight pairs while its values are still in registers. Lane for
// lane the same operations as the loops above, so the same bits (tested).
inline __m512i to_fixed_v(__m512d x) {
  const __m512d magic = _mm512_set1_pd(0x1.8p52);
  return _mm512_sub_epi64(_mm512_castpd_si512(_mm512_add_pd(x, magic)), _mm512_castpd_si512(magic));
}
inline __mmask8 fast_v(__m512d x) {
  return _mm512_cmp_pd_mask(_mm512_abs_pd(x), _mm512_set1_pd(kFastLimit), _CMP_LT_OQ);
}
inline double lane_sum_v(__m512d v) {
  const __m256d a = _mm256_add_pd(_mm512_castpd512_pd256(v), _mm512_extractf64x4_pd(v, 1));
  const __m128d b = _mm_add_pd(_mm256_castpd256_pd128(a), _mm256_extractf128_pd(a, 1));
  return _mm_cvtsd_f64(_mm_add_sd(b, _mm_unpackhi_pd(b, b)));
}
// Converts the lanes of `v` (lane l of vector k is value k of pair l) with
// to_fixed_exact, for blocks with a share beyond the fast range.
template <int K>
inline void exact_lanes(__mmask8 lanes, const __m512d (&v)[K], __m512i (&out)[K], int& failed) {
  alignas(64) double a[K][8];
  alignas(64) std::int64_t c[K][8] = {};
  for (int k = 0; k < K; ++k) _mm512_store_pd(a[k], v[k]);
  for (int l = 0; l < 8; ++l)
    if (lanes & (1u << l))
      for (int k = 0; k < K; ++k) c[k][l] = to_fixed_exact(a[k][l], failed);
  for (int k = 0; k < K; ++k) out[k] = _mm512_load_si512(c[k]);
}
// Adds (x, y, z, e)[l] to the four sums of atom j[l] for l < count: the
// four rows transposed into one 32-byte vector per pair, each added with one
// load-add-store (lane by lane, so a neighbour listed twice is fine).
inline void add_shares4(const Targets& to, const int* j, int count, __m512i x, __m512i y, __m512i z, __m512i e) {
  // Elements (a0 a1 b0 b1 a2 a3 b2 b3) and (a4 a5 b4 b5 a6 a7 b6 b7) of two vectors a, b.
  const __m512i lo = _mm512_set_epi64(11, 10, 3, 2, 9, 8, 1, 0), hi = _mm512_set_epi64(15, 14, 7, 6, 13, 12, 5, 4);
  // Rows (x, y, z, e) -> lanes: pair p's four values at [p], built by
  // interleaving x with y and z with e, then pairing the halves.
  const __m512i xy_lo = _mm512_unpacklo_epi64(x, y), xy_hi = _mm512_unpackhi_epi64(x, y);
  const __m512i ze_lo = _mm512_unpacklo_epi64(z, e), ze_hi = _mm512_unpackhi_epi64(z, e);
  // xy_lo holds (x0 y0 | x2 y2 | x4 y4 | x6 y6), ze_lo (z0 e0 | z2 e2 | ...).
  const __m512i p0246a = _mm512_permutex2var_epi64(xy_lo, lo, ze_lo);  // x0y0z0e0 x2y2z2e2
  const __m512i p0246b = _mm512_permutex2var_epi64(xy_lo, hi, ze_lo);  // x4y4z4e4 x6y6z6e6
  const __m512i p1357a = _mm512_permutex2var_epi64(xy_hi, lo, ze_hi);  // pairs 1, 3
  const __m512i p1357b = _mm512_permutex2var_epi64(xy_hi, hi, ze_hi);  // pairs 5, 7
  const __m256i v[8] = {_mm512_castsi512_si256(p0246a), _mm512_castsi512_si256(p1357a),
                        _mm512_extracti64x4_epi64(p0246a, 1), _mm512_extracti64x4_epi64(p1357a, 1),
                        _mm512_castsi512_si256(p0246b), _mm512_castsi512_si256(p1357b),
                        _mm512_extracti64x4_epi64(p0246b, 1), _mm512_extracti64x4_epi64(p1357b, 1)};
  for (int l = 0; l < count; ++l) {
    __m256i* t = reinterpret_cast<__m256i*>(to.at(j[l]));
    _mm256_storeu_si256(t, _mm256_add_epi64(_mm256_loadu_si256(t), v[l]));
  }
}

// density_shares for one block of `count` pairs (lanes `lanes`): j[l]
// receives rho_out, the returned lanes hold atom i's rho_in shares.
inline __m512i density_shares_v(__mmask8 lanes, int count, const int* j, __m512d rho_in, __m512d rho_out,
                                __m512d scale, const Targets& to, int& failed) {
  const __m512d v[2] = {_mm512_mul_pd(rho_in, scale), _mm512_mul_pd(rho_out, scale)};
  __m512i c[2];
  if ((fast_v(v[0]) & fast_v(v[1]) & lanes) == lanes) {
    c[0] = _mm512_maskz_mov_epi64(lanes, to_fixed_v(v[0]));
    c[1] = to_fixed_v(v[1]);
  } else {
    exact_lanes(lanes, v, c, failed);
  }
  alignas(64) std::int64_t out[8];
  _mm512_store_si512(out, c[1]);
  for (int l = 0; l < count; ++l) *to.at(j[l]) += out[l];
  return c[0];
}

// One atom's pass-2 sums over its blocks: its force and energy shares, and
// the virial in eight lanes.
struct ForceSumsV {
  __m512i own[4] = {_mm512_setzero_si512(), _mm512_setzero_si512(), _mm512_setzero_si512(), _mm512_setzero_si512()};
  __m512d virial[6] = {_mm512_setzero_pd(), _mm512_setzero_pd(), _mm512_setzero_pd(),
                       _mm512_setzero_pd(), _mm512_setzero_pd(), _mm512_setzero_pd()};
  // force_shares' outputs: adds to own[0..3], writes virial[0..5].
  void finish(std::int64_t own_out[4], double virial_out[6]) const {
    for (int c = 0; c < 4; ++c) own_out[c] += _mm512_reduce_add_epi64(own[c]);
    for (int c = 0; c < 6; ++c) virial_out[c] = lane_sum_v(virial[c]);
  }
};

// force_shares for one block of `count` pairs (lanes `lanes`; separations
// dx, dy, dz, force over distance fpair, pair energy `energy`).
inline void force_shares_v(__mmask8 lanes, int count, const int* j, __m512d dx, __m512d dy, __m512d dz,
                           __m512d fpair, __m512d energy, const Targets& to, ForceSumsV& sums, int& failed) {
  const __m512d fs = _mm512_set1_pd(kForceScale);
  const __m512d v[4] = {_mm512_mul_pd(_mm512_mul_pd(dx, fpair), fs), _mm512_mul_pd(_mm512_mul_pd(dy, fpair), fs),
                        _mm512_mul_pd(_mm512_mul_pd(dz, fpair), fs),
                        _mm512_mul_pd(_mm512_mul_pd(_mm512_set1_pd(0.5), energy), _mm512_set1_pd(kEnergyScale))};
  __m512i c[4];
  if ((fast_v(v[0]) & fast_v(v[1]) & fast_v(v[2]) & fast_v(v[3]) & lanes) == lanes) {
    for (int k = 0; k < 4; ++k) c[k] = _mm512_maskz_mov_epi64(lanes, to_fixed_v(v[k]));
  } else {
    exact_lanes(lanes, v, c, failed);
  }
  for (int k = 0; k < 4; ++k) sums.own[k] = _mm512_add_epi64(sums.own[k], c[k]);
  const __m512d w[6] = {_mm512_mul_pd(_mm512_mul_pd(dx, dx), fpair), _mm512_mul_pd(_mm512_mul_pd(dy, dy), fpair),
                        _mm512_mul_pd(_mm512_mul_pd(dz, dz), fpair), _mm512_mul_pd(_mm512_mul_pd(dx, dy), fpair),
                        _mm512_mul_pd(_mm512_mul_pd(dx, dz), fpair), _mm512_mul_pd(_mm512_mul_pd(dy, dz), fpair)};
  for (int k = 0; k < 6; ++k) sums.virial[k] = _mm512_mask_add_pd(sums.virial[k], lanes, sums.virial[k], w[k]);
  const __m512i zero = _mm512_setzero_si512();
  add_shares4(to, j, count, _mm512_sub_epi64(zero, c[0]), _mm512_sub_epi64(zero, c[1]), _mm512_sub_epi64(zero, c[2]),
              c[3]);
}
#endif

// Pass-2 shares of atom i's n packed pairs at separations (dx, dy, dz) =
// x_i - x_j with force over distance fpair[q] and pair energy energy[q]:
// i receives the force and half the energy, j[q] minus the force and half
// the energy (Newton's third law holds exactly). Adds i's sums to own[0..3]
// (fx, fy, fz, energy) and writes the pairs' whole virial r_a f_b to
// virial[0..5] (double: pair q in lane q mod 8, the lanes added by lane_sum); `failed` as for density_shares.
// `scratch` holds 4 n integers.
inline void force_shares(int n, const int* j, const double* dx, const double* dy, const double* dz,
                         const double* fpair, const double* energy, std::int64_t* scratch, const Targets& to,
                         std::int64_t own[4], double virial[6], int& failed) {
  std::int64_t sx = 0, sy = 0, sz = 0, se = 0;
  double slow = 0.0;
  std::int64_t *cx = scratch, *cy = scratch + n, *cz = scratch + 2 * n, *ce = scratch + 3 * n;
#pragma omp simd reduction(+ : sx, sy, sz, se, slow)
  for (int q = 0; q < n; ++q) {
    const double f = fpair[q];
    const double x = dx[q], y = dy[q], z = dz[q];
    const double ax = x * f * kForceScale, ay = y * f * kForceScale, az = z * f * kForceScale;
    const double ae = 0.5 * energy[q] * kEnergyScale;
    slow += fast(ax) && fast(ay) && fast(az) && fast(ae) ? 0.0 : 1.0;
    const std::int64_t ix = to_fixed(ax), iy = to_fixed(ay), iz = to_fixed(az), ie = to_fixed(ae);
    sx += ix;
    sy += iy;
    sz += iz;
    se += ie;
    cx[q] = ix;
    cy[q] = iy;
    cz[q] = iz;
    ce[q] = ie;
  }
  // The virial in eight lanes (pair q in lane q mod 8) and lane_sum: the
  // order force_shares_v sums in, so both give the same bits.
  double lanes[6][8] = {};
  for (int q = 0; q < n; ++q) {
    const double f = fpair[q], x = dx[q], y = dy[q], z = dz[q];
    const int l = q & 7;
    lanes[0][l] += x * x * f;
    lanes[1][l] += y * y * f;
    lanes[2][l] += z * z * f;
    lanes[3][l] += x * y * f;
    lanes[4][l] += x * z * f;
    lanes[5][l] += y * z * f;
  }
  if (slow != 0.0) {  // rare: convert every share exactly instead
    sx = sy = sz = se = 0;
    for (int q = 0; q < n; ++q) {
      const double f = fpair[q];
      cx[q] = to_fixed_exact(dx[q] * f * kForceScale, failed);
      cy[q] = to_fixed_exact(dy[q] * f * kForceScale, failed);
      cz[q] = to_fixed_exact(dz[q] * f * kForceScale, failed);
      ce[q] = to_fixed_exact(0.5 * energy[q] * kEnergyScale, failed);
      sx += cx[q];
      sy += cy[q];
      sz += cz[q];
      se += ce[q];
    }
  }
  int q = 0;
#ifdef REJUV_AVX512
  if (to.width == 4) {
    const __m512i zero = _mm512_setzero_si512();
    for (; q + 8 <= n; q += 8)
      add_shares4(to, j + q, 8, _mm512_sub_epi64(zero, _mm512_loadu_si512(cx + q)),
                  _mm512_sub_epi64(zero, _mm512_loadu_si512(cy + q)), _mm512_sub_epi64(zero, _mm512_loadu_si512(cz + q)),
                  _mm512_loadu_si512(ce + q));
  }
#endif
  for (; q < n; ++q) {
    std::int64_t* t = to.at(j[q]);
    t[0] -= cx[q];
    t[1] -= cy[q];
    t[2] -= cz[q];
    t[3] += ce[q];
  }
  own[0] += sx;
  own[1] += sy;
  own[2] += sz;
  own[3] += se;
  for (int c = 0; c < 6; ++c) virial[c] = lane_sum(lanes[c]);
}

}  // namespace rejuv::potential::fixed
