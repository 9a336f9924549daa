#include "potential/eam.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <type_traits>

#include <omp.h>

#include <fmt/format.h>

#include "io/potential_config.h"
#include "potential/fixed_point.h"
#include "util/error.h"
#include "util/pack.h"
#include "util/rows.h"

namespace rejuv::potential {

namespace {

// 1-based copy (index 0 unused), as LAMMPS stores its tables.
std::vector<double> one_based(const std::vector<double>& v) {
  std::vector<double> out(v.size() + 1, 0.0);
  std::copy(v.begin(), v.end(), out.begin() + 1);
  return out;
}

// LAMMPS's 4-point Lagrange re-gridding of a funcfl table (file2array):
// value of table `f` (spacing `delta`, `n` points, 1-based) at argument u.
double regrid(const std::vector<double>& f, int n, double delta, double u) {
  const double sixth = 1.0 / 6.0;
  double p = u / delta + 1.0;
  int k = static_cast<int>(p);
  k = std::min(k, n - 2);
  k = std::max(k, 2);
  p -= k;
  p = std::min(p, 2.0);
  const double cof1 = -sixth * p * (p - 1.0) * (p - 2.0);
  const double cof2 = 0.5 * (p * p - 1.0) * (p - 2.0);
  const double cof3 = -0.5 * p * (p + 1.0) * (p - 2.0);
  const double cof4 = sixth * p * (p * p - 1.0);
  return cof1 * f[k - 1] + cof2 * f[k] + cof3 * f[k + 1] + cof4 * f[k + 2];
}

}  // namespace

std::vector<Eam::Knot> Eam::interpolate(const std::vector<double>& f, int n, double delta) {
  std::vector<Knot> s(static_cast<std::size_t>(n) + 1, Knot{});
  for (int m = 1; m <= n; ++m) s[m][6] = f[m];
  s[1][5] = s[2][6] - s[1][6];
  s[2][5] = 0.5 * (s[3][6] - s[1][6]);
  s[n - 1][5] = 0.5 * (s[n][6] - s[n - 2][6]);
  s[n][5] = s[n][6] - s[n - 1][6];
  for (int m = 3; m <= n - 2; ++m)
    s[m][5] = ((s[m - 2][6] - s[m + 2][6]) + 8.0 * (s[m + 1][6] - s[m - 1][6])) / 12.0;
  for (int m = 1; m <= n - 1; ++m) {
    s[m][4] = 3.0 * (s[m + 1][6] - s[m][6]) - 2.0 * s[m][5] - s[m + 1][5];
    s[m][3] = s[m][5] + s[m + 1][5] - 2.0 * (s[m + 1][6] - s[m][6]);
  }
  s[n][4] = 0.0;
  s[n][3] = 0.0;
  for (int m = 1; m <= n; ++m) {
    s[m][2] = s[m][5] / delta;
    s[m][1] = 2.0 * s[m][4] / delta;
    s[m][0] = 3.0 * s[m][3] / delta;
  }
  return s;
}

void Eam::build_splines(const std::vector<std::vector<double>>& frho,
                        const std::vector<std::vector<double>>& rhor,
                        const std::vector<std::vector<double>>& z2r) {
  rdrho_ = 1.0 / drho_;
  rhomax_ = (nrho_ - 1) * drho_;
  cutforcesq_ = cutoff_ * cutoff_;
  for (const auto& f : frho) frho_spline_.push_back(interpolate(f, nrho_, drho_));
  // The pair functions' grid: the file's, or with pair_table_stride k a
  // grid over the same range [0, (nr - 1) dr] with about k times fewer
  // knots (spacing k dr where k divides nr - 1).
  const int nr_file = nr_;
  const double dr_file = dr_;
  if (pair_table_stride_ > 1) {
    nr_ = (nr_file - 1 + pair_table_stride_ - 1) / pair_table_stride_ + 1;
    dr_ = (nr_file - 1) * dr_file / (nr_ - 1);
  }
  rdr_ = 1.0 / dr_;
  // Pair functions: value s[m][6] and slope s[m][5] per knot (1-based, 2 per knot).
  const std::size_t per_function = 2 * (static_cast<std::size_t>(nr_) + 1);
  pair_tables_.assign(per_function * (rhor.size() + z2r.size()), 0.0);
  std::size_t offset = 0;
  auto add = [&](const std::vector<double>& f, std::vector<int>& offsets) {
    const auto knots = interpolate(f, nr_file, dr_file);
    for (int m = 1; m <= nr_; ++m) {
      if (nr_ == nr_file) {
        pair_tables_[offset + 2 * m] = knots[m][6];
        pair_tables_[offset + 2 * m + 1] = knots[m][5];
        continue;
      }
      // Resampled: the file's spline (as the full tables interpolate it)
      // gives each new knot its value and its slope, the slope converted
      // from the file's knot spacing to the new one; the cubic between two
      // knots is then the one through both values with both slopes.
      double p = (m - 1) * dr_ / dr_file + 1.0;
      int k = static_cast<int>(p);
      k = std::max(1, std::min(k, nr_file - 1));
      p -= k;
      p = std::min(p, 1.0);
      const Knot& c = knots[k];
      pair_tables_[offset + 2 * m] = ((c[3] * p + c[4]) * p + c[5]) * p + c[6];
      pair_tables_[offset + 2 * m + 1] = ((3.0 * c[3] * p + 2.0 * c[4]) * p + c[5]) * (dr_ / dr_file);
    }
    offsets.push_back(static_cast<int>(offset));
    offset += per_function;
  };
  for (const auto& f : rhor) add(f, rhor_offset_);
  rho_scale_ = fixed::density_scale(rhomax_);
  for (const auto& f : z2r) add(f, z2r_offset_);
}

void Eam::check_pair_table_stride(const std::string& where) const {
  if (pair_table_stride_ < 1 || pair_table_stride_ > io::kMaxPairTableStride)
    throw InputError(fmt::format("{}: pair_table_stride {}: expected 1 to {}", where, pair_table_stride_,
                                 io::kMaxPairTableStride));
  if (pair_table_stride_ > 1 && nr_ < kMinKnotsToResample)
    throw InputError(fmt::format(
        "{}: pair_table_stride {}: this potential tabulates its pair functions on {} knots ({} A apart); "
        "resampling is for dense tables of at least {} knots: coarser ones already fit the CPU caches, and "
        "resampling them only costs accuracy. Leave pair_table_stride out (the default, 1)",
        where, pair_table_stride_, nr_, dr_, kMinKnotsToResample));
}

void Eam::build_offsets() {
  const int nt = ntypes_;
  offset_row_ = std::max(8, nt);
  const std::size_t size = static_cast<std::size_t>(nt * offset_row_);
  offsets_.rho_in.assign(size, 0);
  offsets_.rho_out.assign(size, 0);
  offsets_.z2.assign(size, 0);
  for (int a = 0; a < nt; ++a)
    for (int b = 0; b < nt; ++b) {
      offsets_.rho_in[a * offset_row_ + b] = rhor_offset_[type2rhor_[b * nt + a]];
      offsets_.rho_out[a * offset_row_ + b] = rhor_offset_[type2rhor_[a * nt + b]];
      offsets_.z2[a * offset_row_ + b] = z2r_offset_[type2z2r_[a * nt + b]];
    }
}

std::unique_ptr<Eam> Eam::from_setfl(const io::SetflFile& file, const std::vector<std::string>& elements,
                                     const std::string& style, int pair_table_stride) {
  auto eam = std::unique_ptr<Eam>(new Eam());
  eam->style_ = style;
  eam->pair_table_stride_ = pair_table_stride;
  const int nt = static_cast<int>(elements.size());
  const int ne = static_cast<int>(file.elements.size());
  eam->ntypes_ = nt;
  std::vector<int> map(nt);
  for (int t = 0; t < nt; ++t) {
    const auto it = std::find(file.elements.begin(), file.elements.end(), elements[t]);
    if (it == file.elements.end()) {
      std::string have;
      for (const auto& e : file.elements) have += (have.empty() ? "" : ", ") + e;
      throw InputError(fmt::format("{}: element '{}' (type {}) is not in this potential file (it has {})",
                                   file.path, elements[t], t + 1, have));
    }
    map[t] = static_cast<int>(it - file.elements.begin());
    eam->type_mass_.push_back(file.mass[map[t]]);
  }
  eam->nrho_ = file.nrho;
  eam->drho_ = file.drho;
  eam->nr_ = file.nr;
  eam->dr_ = file.dr;
  eam->cutoff_ = file.cutoff;
  eam->check_pair_table_stride(file.path);

  std::vector<std::vector<double>> frho, rhor, z2r;
  for (const auto& f : file.frho) frho.push_back(one_based(f));
  for (const auto& f : file.rhor) rhor.push_back(one_based(f));
  for (const auto& f : file.z2r) z2r.push_back(one_based(f));
  eam->build_splines(frho, rhor, z2r);

  eam->type2frho_.resize(nt);
  eam->type2rhor_.resize(nt * nt);
  eam->type2z2r_.resize(nt * nt);
  for (int i = 0; i < nt; ++i) {
    eam->type2frho_[i] = map[i];
    for (int j = 0; j < nt; ++j) {
      // setfl: the density an atom of element a gives its neighbours is
      // rho_a; Finnis-Sinclair: block a lists one function per partner b.
      eam->type2rhor_[i * nt + j] = file.finnis_sinclair ? map[i] * ne + map[j] : map[i];
      const int row = std::max(map[i], map[j]), col = std::min(map[i], map[j]);
      eam->type2z2r_[i * nt + j] = row * (row + 1) / 2 + col;
    }
  }
  eam->build_offsets();
  return eam;
}

std::unique_ptr<Eam> Eam::from_funcfl(const std::vector<io::FuncflFile>& files,
                                      const std::vector<std::string>& elements, int pair_table_stride) {
  auto eam = std::unique_ptr<Eam>(new Eam());
  eam->style_ = "eam";
  eam->pair_table_stride_ = pair_table_stride;
  const int nt = static_cast<int>(elements.size());
  const int nf = static_cast<int>(files.size());
  eam->ntypes_ = nt;
  // Common grid: finest spacings, widest ranges of all files (LAMMPS file2array).
  double dr = 0.0, drho = 0.0, rmax = 0.0, rhomax = 0.0, cut = 0.0;
  for (const auto& f : files) {
    dr = std::max(dr, f.dr);
    drho = std::max(drho, f.drho);
    rmax = std::max(rmax, (f.nr - 1) * f.dr);
    rhomax = std::max(rhomax, (f.nrho - 1) * f.drho);
    cut = std::max(cut, f.cutoff);
    eam->type_mass_.push_back(f.mass);
  }
  eam->dr_ = dr;
  eam->drho_ = drho;
  eam->nr_ = static_cast<int>(rmax / dr + 0.5);
  eam->nrho_ = static_cast<int>(rhomax / drho + 0.5);
  eam->cutoff_ = cut;
  eam->check_pair_table_stride(files.empty() ? std::string("funcfl files") : files.front().path);
  const int nr = eam->nr_, nrho = eam->nrho_;

  std::vector<std::vector<double>> frho, rhor, z2r;
  for (const auto& f : files) {
    const auto F = one_based(f.frho), R = one_based(f.rhor);
    std::vector<double> fr(nrho + 1, 0.0), rr(nr + 1, 0.0);
    for (int m = 1; m <= nrho; ++m) fr[m] = regrid(F, f.nrho, f.drho, (m - 1) * drho);
    for (int m = 1; m <= nr; ++m) rr[m] = regrid(R, f.nr, f.dr, (m - 1) * dr);
    frho.push_back(std::move(fr));
    rhor.push_back(std::move(rr));
  }
  // phi_ij(r) r = 27.2 * 0.529 * Z_i(r) Z_j(r): Hartree*Bohr in eV*A, the
  // constants LAMMPS uses.
  for (int i = 0; i < nf; ++i) {
    const auto Zi = one_based(files[i].zr);
    for (int j = 0; j <= i; ++j) {
      const auto Zj = one_based(files[j].zr);
      std::vector<double> zz(nr + 1, 0.0);
      for (int m = 1; m <= nr; ++m) {
        const double r = (m - 1) * dr;
        const double zri = regrid(Zi, files[i].nr, files[i].dr, r);
        const double zrj = regrid(Zj, files[j].nr, files[j].dr, r);
        zz[m] = 27.2 * 0.529 * zri * zrj;
      }
      z2r.push_back(std::move(zz));
    }
  }
  eam->build_splines(frho, rhor, z2r);

  eam->type2frho_.resize(nt);
  eam->type2rhor_.resize(nt * nt);
  eam->type2z2r_.resize(nt * nt);
  for (int i = 0; i < nt; ++i) {
    eam->type2frho_[i] = i;
    for (int j = 0; j < nt; ++j) {
      eam->type2rhor_[i * nt + j] = i;
      const int row = std::max(i, j), col = std::min(i, j);
      eam->type2z2r_[i * nt + j] = row * (row + 1) / 2 + col;
    }
  }
  eam->build_offsets();
  return eam;
}

namespace {

// Position of r on the pair-function grid, as LAMMPS computes it: knot m
// (1-based, at most n-1) and fraction p in [0, 1].
inline void grid_position(double r, double rdr, int nr, int& m, double& p) {
  p = r * rdr + 1.0;
  m = std::min(static_cast<int>(p), nr - 1);
  p -= m;
  p = std::min(p, 1.0);
}

// The cubic on [m, m+1] from values f0, f1 and slopes s0, s1 (t points at
// knot m at t[k]: f0, s0, f1, s1): c3, c4 are LAMMPS's coefficients 3 and 4 with
// its own operations, so the value is bitwise LAMMPS's spline.
struct Cubic {
  double c3, c4, c5, c6;
};
inline Cubic cubic_at(const double* t, int k) {
  const double f0 = t[k], s0 = t[k + 1], f1 = t[k + 2], s1 = t[k + 3];
  return {s0 + s1 - 2.0 * (f1 - f0), 3.0 * (f1 - f0) - 2.0 * s0 - s1, s0, f0};
}
inline double cubic_value(const Cubic& c, double p) { return ((c.c3 * p + c.c4) * p + c.c5) * p + c.c6; }
// d/dr of the cubic (p advances by rdr per Angstrom).
inline double cubic_slope(const Cubic& c, double p, double rdr) {
  return ((3.0 * c.c3 * p + 2.0 * c.c4) * p + c.c5) * rdr;
}

#ifdef REJUV_AVX512
// cubic_at, cubic_value and cubic_slope on 8 lanes, operation for operation.
// Lane l's interval starts at t[k[l]]: its row (f0, s0, f1, s1) arrives by
// one 32-byte load, the eight rows transposed (util::load_records4).
struct CubicV {
  __m512d c3, c4, c5, c6;
};
inline CubicV cubic_at_v(const double* t, const int* k) {
  __m512d f0, s0, f1, s1;
  util::load_records4(t, [k](int l) { return k[l]; }, f0, s0, f1, s1);
  const __m512d two = _mm512_set1_pd(2.0), three = _mm512_set1_pd(3.0);
  const __m512d df = _mm512_sub_pd(f1, f0);
  return {_mm512_sub_pd(_mm512_add_pd(s0, s1), _mm512_mul_pd(two, df)),
          _mm512_sub_pd(_mm512_sub_pd(_mm512_mul_pd(three, df), _mm512_mul_pd(two, s0)), s1), s0, f0};
}
inline __m512d cubic_value_v(const CubicV& c, __m512d p) {
  return _mm512_add_pd(_mm512_mul_pd(_mm512_add_pd(_mm512_mul_pd(_mm512_add_pd(_mm512_mul_pd(c.c3, p), c.c4), p), c.c5), p), c.c6);
}
inline __m512d cubic_slope_v(const CubicV& c, __m512d p, __m512d rdr) {
  const __m512d a = _mm512_mul_pd(_mm512_mul_pd(_mm512_set1_pd(3.0), c.c3), p);
  const __m512d b = _mm512_add_pd(a, _mm512_mul_pd(_mm512_set1_pd(2.0), c.c4));
  return _mm512_mul_pd(_mm512_add_pd(_mm512_mul_pd(b, p), c.c5), rdr);
}

// Lanes q..q+7 of an atom's packed neighbours (fewer at the end): r and
// grid_position's knot m and fraction p. Lanes past the end hold r = 1.
struct GridV {
  __mmask8 lanes;
  __m256i m;
  __m512d r, p;
};
// `dist` holds squared distances (Squared) or distances.
template <bool Squared>
inline GridV grid_at(int q, int n, const double* dist, __m512d rdr, __m256i last_knot) {
  const __m512d one = _mm512_set1_pd(1.0);
  GridV g;
  g.lanes = util::tail_mask(n - q);
  g.r = _mm512_mask_loadu_pd(one, g.lanes, dist + q);
  if constexpr (Squared) g.r = _mm512_sqrt_pd(g.r);
  const __m512d p = _mm512_add_pd(_mm512_mul_pd(g.r, rdr), one);
  g.m = _mm256_min_epi32(_mm512_cvttpd_epi32(p), last_knot);
  g.p = _mm512_min_pd(_mm512_sub_pd(p, _mm512_cvtepi32_pd(g.m)), one);
  return g;
}
// Table row offsets of 8 lanes: the type pair's function (row `offsets`,
// picked by the neighbour types) plus 2 m.
inline void store_rows(int* out, __m256i offsets, __m256i type, __m256i m) {
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(out),
                      _mm256_add_epi32(_mm256_permutexvar_epi32(type, offsets), _mm256_add_epi32(m, m)));
}
#endif

// Per-thread buffers for one atom's neighbours inside the cutoff, packed,
// and per-pair results; `dx` is separations_within's scratch. The vector
// loops' first stage leaves table row offsets (rows_a..c), grid fractions
// and neighbour F' values here for the second.
struct PairScratch {
  std::vector<double> dx;  // 4 x n: separations_within's scratch
  std::vector<double> in_dx, in_dy, in_dz, in_rsq, fpair, phi, p, fpj;
  std::vector<int> in_j, in_type, rows_a, rows_b, rows_c;
  std::vector<std::int64_t> shares;  // 4 x n
  // Room for n pairs. Grows only: entries once written keep valid values
  // (the vector loops' lanes past the last pair read them, masked out).
  void ensure_room(std::size_t n) {
    if (in_j.size() >= n) return;
    dx.resize(4 * n);
    for (auto* v : {&in_dx, &in_dy, &in_dz, &in_rsq, &fpair, &phi, &p, &fpj}) v->resize(n);
    for (auto* v : {&in_j, &in_type, &rows_a, &rows_b, &rows_c}) v->resize(n);
    shares.resize(4 * n);
  }
};

// Each thread's scratch, kept from call to call: made afresh per call (15
// zeroed arrays, some 40 KB per thread) it cost ~1 us a call, the time of
// a whole pass of the integrator over 1,000 atoms.
PairScratch& thread_scratch(std::size_t capacity) {
  static thread_local PairScratch scratch;
  scratch.ensure_room(capacity);
  return scratch;
}

}  // namespace

// The eight arrays in one allocation, each starting 320 bytes (five cache
// lines) further into a 4 KiB page than the one before. Separate large
// allocations all start at the same place in a page (the allocator maps
// them whole), so element k of every array falls into the same L1 cache
// set; the passes stream six to eight of them at once and evicted each
// other (Cu-Zr MD 15% slower than with staggered starts).
void Eam::PairCache::ensure_room(std::size_t pairs) {
  if (storage_ && room_ >= pairs) return;  // (a moved-from cache has no storage)
  room_ = pairs + pairs / 8;
  constexpr std::size_t kPage = 4096, kStagger = 320;
  auto stretch = [this](std::size_t element) { return (room_ * element + kPage - 1) / kPage * kPage + kStagger; };
  const std::size_t bytes = 2 * stretch(sizeof(int)) + 6 * stretch(sizeof(double)) + kPage;
  storage_.reset();  // nothing to keep
  storage_ = std::make_unique_for_overwrite<std::byte[]>(bytes);
  std::byte* at = storage_.get() + (kPage - reinterpret_cast<std::uintptr_t>(storage_.get()) % kPage) % kPage;
  auto carve = [&](auto*& array) {
    using T = std::remove_reference_t<decltype(*array)>;
    array = reinterpret_cast<T*>(at);
    at += stretch(sizeof(T));
  };
  carve(j);
  carve(type);
  for (double** a : {&dx, &dy, &dz, &r, &rho_in_slope, &rho_out_slope}) carve(*a);
}

// Chunks of consecutive atoms of about equal work, about kChunksPerThread
// per thread; each thread's home range is a run of whole chunks holding
// about the fraction share_[t] of the work. An atom's work is its listed
// pairs plus a fixed part (its setup and its partly filled vectors) worth
// about kAtomOverheadPairs pairs: with 1 in its place the thread with the
// high-index atoms (more atoms, fewer pairs each, as the half list gives
// wrapped pairs to the low ones) ran up to 9% longer.
constexpr std::size_t kAtomOverheadPairs = 12;
// Each chunk a few microseconds at 1,000 atoms: a thread that is held up
// loses little more than that at a barrier once the others take over its
// chunks; claiming one costs a few nanoseconds.
constexpr std::size_t kChunksPerThread = 48;
void Eam::split_work(const neighbor::NeighborList& list, std::size_t n, int threads) {
  const auto nt = static_cast<std::size_t>(threads);
  if (share_.size() != nt) share_.assign(nt, 1.0 / threads);
  double norm = 0.0;
  for (double v : share_) norm += v;
  for (double& v : share_) v /= norm;
  // The chunks change with the list only (a loop over every atom).
  const std::array<std::uint64_t, 3> layout{list.build_serial(), n, nt};
  if (layout != chunk_layout_ || list.build_serial() == 0) {
    chunk_layout_ = layout;
    chunk_.assign(1, 0);
    chunk_work_.clear();
    const std::size_t total = list.total_pairs() + n * kAtomOverheadPairs;
    auto close_chunk = [&](std::size_t end, std::size_t work) {
      chunk_.push_back(end);
      chunk_work_.push_back(static_cast<double>(work));
    };
    if (nt == 1) {  // one chunk: nobody to hand chunks to
      if (n > 0) close_chunk(n, total);
    } else {
      const std::size_t goal = std::max<std::size_t>(1, total / (nt * kChunksPerThread));
      std::size_t work = 0;
      for (std::size_t i = 0; i < n; ++i) {
        work += static_cast<std::size_t>(list.count(i)) + kAtomOverheadPairs;
        if (work >= goal || i + 1 == n) {
          close_chunk(i + 1, work);
          work = 0;
        }
      }
    }
  }
  // Thread t's range ends with the chunk where the work so far first
  // reaches its goal (threads left without chunks get empty ranges).
  const std::size_t chunks = chunk_work_.size();
  double total = 0.0;
  for (double w : chunk_work_) total += w;
  first_chunk_.assign(nt + 1, chunks);
  first_chunk_[0] = 0;
  double seen = 0.0, goal = share_[0] * total;
  for (std::size_t c = 0, t = 0; c < chunks && t + 1 < nt; ++c) {
    seen += chunk_work_[c];
    if (seen >= goal) {
      first_chunk_[++t] = c + 1;
      goal += share_[t] * total;
    }
  }
  bounds_.resize(nt + 1);
  for (std::size_t t = 0; t <= nt; ++t) bounds_[t] = chunk_[first_chunk_[t]];
  density_claims_.reset(first_chunk_);
  force_claims_.reset(first_chunk_);  // (each thread sets its range at the end of pass 1)
  pass1_order_.resize(nt * chunks);
  // Room for every listed pair: the cache is used while that fits the budget.
  cache_region_ = list.total_pairs() + static_cast<std::size_t>(util::kPackSlack);
  use_cache_ = pair_cache_ && cache_region_ * PairCache::kBytesPerPair <= kPairCacheBudget;
  if (use_cache_) {
    // Each thread's region has room for all pairs; only what it writes
    // becomes resident memory.
    cache_.ensure_room(nt * cache_region_);
    pair_begin_.resize(n);
    pair_end_.resize(n);
  } else {
    cache_ = PairCache();  // (a system grown past the budget frees the cache)
  }
  // Halos: with one thread none is written.
  halo_.resize(nt);
  halo_low_.assign(nt, n);
  force_halo_low_.assign(nt, n);
  if (nt > 1)
    for (Halo& h : halo_)
      if (h.atoms < n) {
        h.sums = std::make_unique_for_overwrite<std::int64_t[]>(4 * n);
        h.atoms = n;
      }
}

// After a call: each thread's speed (work per busy second) sets its share
// of the next call, averaged with the last share so that one noisy step
// does not swing it. Threads run at different speeds when cores are
// shared or clocked differently; equal shares would leave the fast ones
// waiting at every barrier. Results do not depend on the shares: every
// sum is an exact integer sum, whoever owns which atoms.
void Eam::rebalance() {
  const std::size_t nt = share_.size();
  if (nt < 2) return;
  std::vector<double> speed(nt);
  double sum = 0.0;
  for (std::size_t t = 0; t < nt; ++t) {
    if (!(busy_[t] > 0.0) || !(work_[t] > 0.0)) return;  // nothing measured: keep the shares
    speed[t] = work_[t] / busy_[t];
    sum += speed[t];
  }
  for (std::size_t t = 0; t < nt; ++t) {
    // Bounded to a quarter of an equal share at least, against a stalled thread.
    const double target = std::max(speed[t] / sum, 0.25 / static_cast<double>(nt));
    share_[t] = 0.5 * share_[t] + 0.5 * target;
  }
}

void Eam::compute(System& sys, const neighbor::NeighborList& list, PerAtom& out) {
  const std::size_t n = sys.size();
  if (sys.num_types() > ntypes_)
    throw InputError(fmt::format("the system has {} atom types but the potential maps only {} "
                                 "elements",
                                 sys.num_types(), ntypes_));
  if (!list.half()) throw std::logic_error("Eam::compute needs a half neighbour list");
  out.resize(n);
  fp_.resize(n);
  rho_sum_.resize(n);
  force_sum_.resize(4 * n);
  const int* type = sys.type.data();
  const double* tables = pair_tables_.data();
  const double rdr = rdr_, cutsq = cutforcesq_;
  const int nr = nr_;
  const std::size_t capacity = static_cast<std::size_t>(list.capacity() + util::kPackSlack);
  const int row = offset_row_;
  const int *rho_in = offsets_.rho_in.data(), *rho_out = offsets_.rho_out.data(), *z2 = offsets_.z2.data();
  // The vector loops hold one row of offsets in a register: 8 types at most.
  const bool vector_kernel = vector_kernel_ && nt_fits_vector();
  std::int64_t* rho_sum = rho_sum_.data();
  const double rho_scale = rho_scale_;
  std::int64_t* force_sum = force_sum_.data();
  std::size_t bad_atom = n;  // the lowest atom with a share that could not be converted
  std::size_t taken_over = 0;
  // The work split for the team the region is about to have (by the one
  // thread, while the others start); redone inside for a team of another
  // size (a call from inside a parallel region runs on one thread).
  const int planned = omp_get_max_threads();
  auto prepare = [&](int threads) {
    split_work(list, n, threads);
    busy_.assign(static_cast<std::size_t>(threads), 0.0);
    work_.assign(static_cast<std::size_t>(threads), 0.0);
  };
  prepare(planned);
  const bool private_records = private_records_ && planned > 1 && n <= kPrivateRecordsAtoms;
  atoms_.resize(n);
  if (private_records) {
    private_atoms_.resize(static_cast<std::size_t>(planned));
    for (auto& r : private_atoms_) r.resize(n);
  } else {
    private_atoms_.clear();
  }

#pragma omp parallel reduction(min : bad_atom) reduction(+ : taken_over)
  {
    PairScratch& s = thread_scratch(capacity);
    const int threads = omp_get_num_threads(), t = omp_get_thread_num();
    const auto ut = static_cast<std::size_t>(t);
    // Positions and types as one record per atom, for separations_within:
    // each thread's own copy of all (no wait), or one array filled by all,
    // complete at the barrier that follows.
    const bool own_records = private_records && threads == planned;
    neighbor::AtomRecords& atoms = own_records ? private_atoms_[ut] : atoms_;
    if (own_records) {
      for (std::size_t i = 0; i < n; ++i) atoms.set(sys, i);
    } else {
#pragma omp for schedule(static) nowait
      for (std::size_t i = 0; i < n; ++i) atoms_.set(sys, i);
    }
    if (threads != planned || !own_records) {
#pragma omp single
      if (threads != planned) prepare(threads);
    }
    const bool use_cache = use_cache_;
    const std::size_t begin = bounds_[ut], end = bounds_[ut + 1];
    const std::size_t home_chunks_begin = first_chunk_[ut], home_chunks_end = first_chunk_[ut + 1];
    double busy = -omp_get_wtime();  // this thread's time in the two passes, without the waits
    double work = 0.0;               // and the work it did
    std::size_t bad = n;
    // The halo at each atom's own index (see Eam::Halo); valid from `low` up.
    std::int64_t* halo = threads > 1 ? halo_[ut].sums.get() : nullptr;
    std::size_t low = end;
    // A chunk of another range: its atoms' own sums go to the halo too, which
    // then has to reach down to the chunk's first atom.
    auto reach_down = [&](std::size_t first, int width) {
      if (first >= low) return;
      std::fill(halo + width * first, halo + width * low, 0);
      low = first;
    };
    int failed = 0;  // shares that could not be converted (see fixed_point.h)

    // Pass 1: densities. Atom i's in-cutoff pairs give i rho_in (the density
    // j gives i) and j rho_out.
    std::fill(rho_sum + begin, rho_sum + end, 0);
    if (halo) std::fill(halo + end, halo + n, 0);
    std::size_t at = ut * cache_region_;  // where this thread's next pair goes in the cache
    std::size_t ran = 0;                  // chunks this thread ran
    for (std::size_t chunk; density_claims_.next(t, chunk);) {
      pass1_order_[ut * chunk_work_.size() + ran++] = chunk;
      const bool home = chunk >= home_chunks_begin && chunk < home_chunks_end;
      const std::size_t first = chunk_[chunk], last = chunk_[chunk + 1];
      if (!home) {
        reach_down(first, 1);
        ++taken_over;
      }
      // Home chunks write their own range's sums directly, and the rest to
      // the halo; other chunks write only to the halo.
      const fixed::Targets rho_to = home ? fixed::Targets{rho_sum, halo + end, end, 1} : fixed::Targets{rho_sum, halo, 0, 1};
      std::int64_t* own_sum = home ? rho_sum : halo;
      for (std::size_t i = first; i < last; ++i) {
        const int ti = type[i];
        // With the cache, the separations go where pass 2 will read them and
        // the squared distances become distances in place.
        if (i + 2 < n) list.prefetch(i + 2);
        int* in_j = use_cache ? &cache_.j[at] : s.in_j.data();
        int* in_type = use_cache ? &cache_.type[at] : s.in_type.data();
        double* in_rsq = use_cache ? &cache_.r[at] : s.in_rsq.data();
        const int in = use_cache ? list.separations_within(sys, atoms, i, cutsq, in_j, in_type, &cache_.dx[at],
                                                           &cache_.dy[at], &cache_.dz[at], in_rsq, s.dx.data())
                                 : list.separations_within(sys, atoms, i, cutsq, in_j, in_type, nullptr, nullptr,
                                                           nullptr, in_rsq, s.dx.data());
        const int* off_in = &rho_in[ti * row];
        const int* off_out = &rho_out[ti * row];
        double* slope_in = use_cache ? &cache_.rho_in_slope[at] : nullptr;
        double* slope_out = use_cache ? &cache_.rho_out_slope[at] : nullptr;
        if (use_cache) {
          pair_begin_[i] = static_cast<std::uint32_t>(at);
          at += static_cast<std::size_t>(in);
          pair_end_[i] = static_cast<std::uint32_t>(at);
        }
        std::int64_t own;
#ifdef REJUV_AVX512
        if (vector_kernel) {
          const __m512d vrdr = _mm512_set1_pd(rdr);
          const __m256i last_knot = _mm256_set1_epi32(nr - 1);
          const __m256i o_in = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(off_in));
          const __m256i o_out = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(off_out));
          // Two stages: square roots and table rows first, then the cubics.
          // In one loop, the chain from the square root through the row
          // offsets to the table loads is longer than the core can look
          // ahead; split, each loop's iterations overlap.
          for (int q = 0; q < in; q += 8) {
            const GridV g = grid_at<true>(q, in, in_rsq, vrdr, last_knot);
            if (use_cache) _mm512_mask_storeu_pd(in_rsq + q, g.lanes, g.r);
            const __m256i tj = _mm256_maskz_loadu_epi32(g.lanes, in_type + q);
            store_rows(&s.rows_a[q], o_in, tj, g.m);
            store_rows(&s.rows_b[q], o_out, tj, g.m);
            _mm512_storeu_pd(&s.p[q], g.p);
          }
          // The shares are converted and added while in registers.
          const __m512d vscale = _mm512_set1_pd(rho_scale);
          __m512i own_v = _mm512_setzero_si512();
          for (int q = 0; q < in; q += 8) {
            const __mmask8 lanes = util::tail_mask(in - q);
            const __m512d p = _mm512_loadu_pd(&s.p[q]);
            const CubicV c_in = cubic_at_v(tables, &s.rows_a[q]), c_out = cubic_at_v(tables, &s.rows_b[q]);
            if (use_cache) {  // the density slopes pass 2 needs, from the same cubics
              _mm512_mask_storeu_pd(slope_in + q, lanes, cubic_slope_v(c_in, p, vrdr));
              _mm512_mask_storeu_pd(slope_out + q, lanes, cubic_slope_v(c_out, p, vrdr));
            }
            own_v = _mm512_add_epi64(own_v, fixed::density_shares_v(lanes, std::min(8, in - q), in_j + q,
                                                                    cubic_value_v(c_in, p), cubic_value_v(c_out, p),
                                                                    vscale, rho_to, failed));
          }
          own = _mm512_reduce_add_epi64(own_v);
        } else
#endif
        {
          double* rho_in_of = s.phi.data();
          double* rho_out_of = s.fpair.data();
#pragma omp simd safelen(8)
          for (int q = 0; q < in; ++q) {
            int m;
            double p;
            const double r = std::sqrt(in_rsq[q]);
            if (use_cache) in_rsq[q] = r;
            grid_position(r, rdr, nr, m, p);
            const int tj = in_type[q];
            const Cubic c_in = cubic_at(tables, off_in[tj] + 2 * m), c_out = cubic_at(tables, off_out[tj] + 2 * m);
            rho_in_of[q] = cubic_value(c_in, p);
            rho_out_of[q] = cubic_value(c_out, p);
            if (use_cache) {
              slope_in[q] = cubic_slope(c_in, p, rdr);
              slope_out[q] = cubic_slope(c_out, p, rdr);
            }
          }
          own = fixed::density_shares(in, in_j, rho_in_of, rho_out_of, rho_scale, s.shares.data(), rho_to, failed);
        }
        own_sum[i] += own;
        if (failed != 0 && bad == n) bad = i;
      }
      work += chunk_work_[chunk];
    }
    halo_low_[ut] = low;
    force_claims_.set_range(t, ut * chunk_work_.size(), ut * chunk_work_.size() + ran);
    busy += omp_get_wtime();
#pragma omp barrier
    // Halo shares into the owners' sums, then F(rho) and F'(rho).
#pragma omp for schedule(static)
    for (std::size_t i = 0; i < n; ++i) {
      std::int64_t sum = rho_sum[i];
      for (int u = 0; u < threads; ++u)
        if (i >= halo_low_[static_cast<std::size_t>(u)]) sum += halo_[static_cast<std::size_t>(u)].sums[i];
      const double rho = static_cast<double>(sum) * (1.0 / rho_scale);
      double p = rho * rdrho_ + 1.0;
      int m = static_cast<int>(p);
      m = std::max(1, std::min(m, nrho_ - 1));
      p -= m;
      p = std::min(p, 1.0);
      const Knot& c = frho_spline_[type2frho_[type[i]]][m];
      fp_[i] = (c[0] * p + c[1]) * p + c[2];
      double phi = ((c[3] * p + c[4]) * p + c[5]) * p + c[6];
      // Beyond the table F continues linearly (conserves energy on close approach).
      if (rho > rhomax_) phi += fp_[i] * (rho - rhomax_);
      out.energy[i] = phi;
    }

    // Pass 2: forces, pair energies and virial, each pair once.
    busy -= omp_get_wtime();
    low = end;
    std::fill(force_sum + 4 * begin, force_sum + 4 * end, 0);
    if (halo) std::fill(halo + 4 * end, halo + 4 * n, 0);
    const double* fp = fp_.data();
    // The pairs of atom k on their way from memory while another computes.
    auto prefetch_pairs = [&](std::size_t k) {
      const std::size_t from = pair_begin_[k], stop = pair_end_[k];
      for (std::size_t q = from; q < stop; q += 8) {
        __builtin_prefetch(&cache_.dx[q], 0, 0);
        __builtin_prefetch(&cache_.dy[q], 0, 0);
        __builtin_prefetch(&cache_.dz[q], 0, 0);
        __builtin_prefetch(&cache_.r[q], 0, 0);
        __builtin_prefetch(&cache_.rho_in_slope[q], 0, 0);
        __builtin_prefetch(&cache_.rho_out_slope[q], 0, 0);
      }
      for (std::size_t q = from; q < stop; q += 16) {
        __builtin_prefetch(&cache_.j[q], 0, 0);
        __builtin_prefetch(&cache_.type[q], 0, 0);
      }
    };
    for (std::size_t position; force_claims_.next(t, position);) {
      const std::size_t chunk = pass1_order_[position];
      const bool home = chunk >= home_chunks_begin && chunk < home_chunks_end;
      const std::size_t first = chunk_[chunk], last = chunk_[chunk + 1];
      if (!home) {
        reach_down(first, 4);
        ++taken_over;
      }
      if (use_cache) prefetch_pairs(first);
      const fixed::Targets force_to = home ? fixed::Targets{force_sum, halo + 4 * end, end, 4} : fixed::Targets{force_sum, halo, 0, 4};
      std::int64_t* own_sum = home ? force_sum : halo;
      for (std::size_t i = first; i < last; ++i) {
        const int ti = type[i];
        // Pairs, separations, distances and density slopes from pass 1's
        // cache, or computed again.
        int in;
        const int *in_j, *in_type;
        const double *in_dx, *in_dy, *in_dz, *in_r, *slope_in = nullptr, *slope_out = nullptr;
        if (use_cache) {
          const std::size_t at = pair_begin_[i];
          in = static_cast<int>(pair_end_[i] - at);
          if (i + 1 < last) prefetch_pairs(i + 1);
          in_j = &cache_.j[at];
          in_type = &cache_.type[at];
          in_dx = &cache_.dx[at];
          in_dy = &cache_.dy[at];
          in_dz = &cache_.dz[at];
          in_r = &cache_.r[at];
          slope_in = &cache_.rho_in_slope[at];
          slope_out = &cache_.rho_out_slope[at];
        } else {
          if (i + 2 < n) list.prefetch(i + 2);
          in = list.separations_within(sys, atoms, i, cutsq, s.in_j.data(), s.in_type.data(), s.in_dx.data(),
                                       s.in_dy.data(), s.in_dz.data(), s.in_rsq.data(), s.dx.data());
          in_j = s.in_j.data();
          in_type = s.in_type.data();
          in_dx = s.in_dx.data();
          in_dy = s.in_dy.data();
          in_dz = s.in_dz.data();
          double* r = s.in_rsq.data();
#pragma omp simd
          for (int q = 0; q < in; ++q) r[q] = std::sqrt(r[q]);
          in_r = r;
        }
        const int* off_in = &rho_in[ti * row];
        const int* off_out = &rho_out[ti * row];
        const int* off_z2 = &z2[ti * row];
        const double fpi = fp[i];
        double virial[6];
#ifdef REJUV_AVX512
        if (vector_kernel) {
          // The loop below on 8 lanes with explicit intrinsics: types select
          // their table offsets with a permute, the spline rows arrive by
          // 32-byte loads and transposes. Bitwise the loop below's results.
          const __m512d one = _mm512_set1_pd(1.0), vrdr = _mm512_set1_pd(rdr), vfpi = _mm512_set1_pd(fpi);
          const __m256i last_knot = _mm256_set1_epi32(nr - 1);
          const __m256i o_out = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(off_out));
          const __m256i o_in = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(off_in));
          const __m256i o_z2 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(off_z2));
          // Two stages, as in pass 1: table rows, fractions and the
          // neighbours' F' first, then the physics.
          for (int q = 0; q < in; q += 8) {
            const GridV g = grid_at<false>(q, in, in_r, vrdr, last_knot);
            const __m256i tj = _mm256_maskz_loadu_epi32(g.lanes, in_type + q);
            store_rows(&s.rows_c[q], o_z2, tj, g.m);
            if (!use_cache) {
              store_rows(&s.rows_a[q], o_in, tj, g.m);
              store_rows(&s.rows_b[q], o_out, tj, g.m);
            }
            _mm512_storeu_pd(&s.p[q], g.p);
            const __m256i j = _mm256_maskz_loadu_epi32(g.lanes, in_j + q);
            _mm512_storeu_pd(&s.fpj[q], _mm512_i32gather_pd(j, fp, 8));
          }
          // The shares are converted and added while in registers.
          fixed::ForceSumsV sums;
          for (int q = 0; q < in; q += 8) {
            const __mmask8 lanes = util::tail_mask(in - q);
            const __m512d r = _mm512_mask_loadu_pd(one, lanes, in_r + q), p = _mm512_loadu_pd(&s.p[q]);
            __m512d rhoip, rhojp;
            if (use_cache) {
              rhoip = _mm512_maskz_loadu_pd(lanes, slope_out + q);
              rhojp = _mm512_maskz_loadu_pd(lanes, slope_in + q);
            } else {
              rhoip = cubic_slope_v(cubic_at_v(tables, &s.rows_b[q]), p, vrdr);
              rhojp = cubic_slope_v(cubic_at_v(tables, &s.rows_a[q]), p, vrdr);
            }
            const CubicV cz = cubic_at_v(tables, &s.rows_c[q]);
            const __m512d z2p = cubic_slope_v(cz, p, vrdr);
            const __m512d z2v = cubic_value_v(cz, p);
            const __m512d recip = _mm512_div_pd(one, r);
            const __m512d phi = _mm512_mul_pd(z2v, recip);
            const __m512d phip = _mm512_sub_pd(_mm512_mul_pd(z2p, recip), _mm512_mul_pd(phi, recip));
            const __m512d fpj = _mm512_loadu_pd(&s.fpj[q]);
            const __m512d psip = _mm512_add_pd(_mm512_add_pd(_mm512_mul_pd(vfpi, rhojp), _mm512_mul_pd(fpj, rhoip)), phip);
            const __m512d fpair = _mm512_mul_pd(_mm512_xor_pd(psip, _mm512_set1_pd(-0.0)), recip);
            fixed::force_shares_v(lanes, std::min(8, in - q), in_j + q, _mm512_maskz_loadu_pd(lanes, in_dx + q),
                                  _mm512_maskz_loadu_pd(lanes, in_dy + q), _mm512_maskz_loadu_pd(lanes, in_dz + q),
                                  fpair, phi, force_to, sums, failed);
          }
          sums.finish(&own_sum[4 * i], virial);
        } else
#endif
        {
          // Physics first, sums after: two lighter loops keep every value in a
          // vector register (one fused loop spilled to the stack).
          double* fpair_of = s.fpair.data();
          double* phi_of = s.phi.data();
#pragma omp simd safelen(8)
          for (int q = 0; q < in; ++q) {
            const int j = in_j[q];
            const int tj = in_type[q];
            const double r = in_r[q];
            int m;
            double p;
            grid_position(r, rdr, nr, m, p);
            // rhoip: d/dr of the density i gives j; rhojp: of the density j gives i.
            const double rhoip = use_cache ? slope_out[q] : cubic_slope(cubic_at(tables, off_out[tj] + 2 * m), p, rdr);
            const double rhojp = use_cache ? slope_in[q] : cubic_slope(cubic_at(tables, off_in[tj] + 2 * m), p, rdr);
            const Cubic cz = cubic_at(tables, off_z2[tj] + 2 * m);
            const double z2p = cubic_slope(cz, p, rdr);
            const double z2v = cubic_value(cz, p);
            const double recip = 1.0 / r;
            const double phi = z2v * recip;
            const double phip = z2p * recip - phi * recip;
            const double psip = fpi * rhojp + fp[j] * rhoip + phip;
            fpair_of[q] = -psip * recip;
            phi_of[q] = phi;
          }
          fixed::force_shares(in, in_j, in_dx, in_dy, in_dz, fpair_of, phi_of, s.shares.data(), force_to,
                              &own_sum[4 * i], virial, failed);
        }
        for (int c = 0; c < 6; ++c) out.virial[c][i] = virial[c];
        if (failed != 0 && bad == n) bad = i;
      }
      work += chunk_work_[chunk];
    }
    force_halo_low_[ut] = low;
    busy += omp_get_wtime();
    busy_[ut] = busy;
    work_[ut] = work;
#pragma omp barrier
    // (nowait: the end of the parallel region joins the threads anyway, and
    // a barrier is not free: with libgomp each one costs its last thread a
    // futex system call, ~0.25 us here.)
#pragma omp for schedule(static) nowait
    for (std::size_t i = 0; i < n; ++i) {
      std::int64_t sum[4] = {force_sum[4 * i], force_sum[4 * i + 1], force_sum[4 * i + 2], force_sum[4 * i + 3]};
      for (int u = 0; u < threads; ++u)
        if (i >= force_halo_low_[static_cast<std::size_t>(u)]) {
          const std::int64_t* h = &halo_[static_cast<std::size_t>(u)].sums[4 * i];
          for (int c = 0; c < 4; ++c) sum[c] += h[c];
        }
      constexpr double to_force = 1.0 / fixed::kForceScale;
      sys.fx[i] = static_cast<double>(sum[0]) * to_force;
      sys.fy[i] = static_cast<double>(sum[1]) * to_force;
      sys.fz[i] = static_cast<double>(sum[2]) * to_force;
      out.energy[i] += static_cast<double>(sum[3]) * (1.0 / fixed::kEnergyScale);
    }
    bad_atom = std::min(bad_atom, bad);
  }
  taken_over_ = taken_over;
  rebalance();
  // A share too large for the sums (atoms on top of each other, or positions
  // gone non-finite): that atom's force and energy become NaN, which every
  // caller reports (MD names the step and the atom).
  if (bad_atom < n) {
    sys.fx[bad_atom] = sys.fy[bad_atom] = sys.fz[bad_atom] = std::nan("");
    out.energy[bad_atom] = std::nan("");
  }
}

}  // namespace rejuv::potential
