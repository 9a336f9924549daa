#include "neighbor/neighbor_list.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <numeric>

#include <omp.h>

#include <fmt/format.h>

#include "util/error.h"
#include "util/pack.h"
#include "util/parallel.h"
#include "util/rows.h"

namespace rejuv::neighbor {

namespace {

// A cell grid in fractional coordinates. Along periodic directions the grid
// spans [0,1); along non-periodic ones it spans the atoms' extent.
struct CellGrid {
  int n[3];          // cells per direction
  int reach[3];      // cell layers to search on each side
  double s_lo[3];    // fractional coordinate where cell 0 starts
  double s_len[3];   // fractional extent covered by the grid
  bool periodic[3];

  int cell_of(const Vec3& s, int d) const {
    int c = static_cast<int>(std::floor((s[d] - s_lo[d]) / s_len[d] * n[d]));
    return std::clamp(c, 0, n[d] - 1);
  }
};

CellGrid make_grid(const System& sys, double list_cutoff, const std::vector<Vec3>& frac) {
  CellGrid g{};
  const Vec3 width = sys.box.perpendicular_widths();
  for (int d = 0; d < 3; ++d) {
    g.periodic[d] = sys.box.periodic[d];
    g.s_lo[d] = 0.0;
    double hi = 1.0;
    if (!g.periodic[d]) {
      for (const auto& s : frac) {
        g.s_lo[d] = std::min(g.s_lo[d], s[d]);
        hi = std::max(hi, s[d]);
      }
    }
    g.s_len[d] = hi - g.s_lo[d];
    const double span = width[d] * g.s_len[d];
    // Cells at least list_cutoff wide (one layer of neighbours). Half-width
    // cells test fewer candidates (15.6 cutoff cubes against 27) but cost
    // more per cell; measured, they were slower for LJ and ZrCuAl liquids
    // and no faster for Cu-Zr. Not more cells than atoms need.
    const double max_cells = std::max(1.0, std::cbrt(static_cast<double>(sys.size())) * 2.0);
    g.n[d] = static_cast<int>(std::clamp(std::floor(span / list_cutoff), 1.0, max_cells));
    const double cell_width = span / g.n[d];
    g.reach[d] = static_cast<int>(std::ceil(list_cutoff / cell_width - 1e-12));
    if (!g.periodic[d]) g.reach[d] = std::min(g.reach[d], g.n[d] - 1);
  }
  return g;
}

// Minimum image is exact for every pair closer than half of each periodic
// width; above twice the list cutoff no atom has two images in the list.
bool minimum_image_allowed(const Box& box, double range) {
  const Vec3 w = box.perpendicular_widths();
  for (int d = 0; d < 3; ++d)
    if (box.periodic[d] && !(w[d] > 2.0 * range)) return false;
  return true;
}

}  // namespace

std::size_t NeighborList::total_pairs() const { return index_.size(); }

void NeighborList::set_shifts(const Box& box) {
  mi_.lx = box.length(0);
  mi_.ly = box.length(1);
  mi_.lz = box.length(2);
  mi_.xy = box.xy;
  mi_.xz = box.xz;
  mi_.yz = box.yz;
  mi_.inv_lx = box.periodic[0] ? 1.0 / mi_.lx : 0.0;
  mi_.inv_ly = box.periodic[1] ? 1.0 / mi_.ly : 0.0;
  mi_.inv_lz = box.periodic[2] ? 1.0 / mi_.lz : 0.0;
  mi_.triclinic = box.xy != 0.0 || box.xz != 0.0 || box.yz != 0.0;
  const Mat3 h = box.h();
  const int na = 2 * images_[0] + 1, nb = 2 * images_[1] + 1, nc = 2 * images_[2] + 1;
  shift_x_.assign(static_cast<std::size_t>(na * nb * nc), 0.0);
  shift_y_.assign(shift_x_.size(), 0.0);
  shift_z_.assign(shift_x_.size(), 0.0);
  for (int a = 0; a < na; ++a)
    for (int b = 0; b < nb; ++b)
      for (int c = 0; c < nc; ++c) {
        const Vec3 s = mat_vec(h, {double(a - images_[0]), double(b - images_[1]), double(c - images_[2])});
        const std::size_t code = static_cast<std::size_t>((a * nb + b) * nc + c);
        shift_x_[code] = s[0];
        shift_y_[code] = s[1];
        shift_z_[code] = s[2];
      }
}

void NeighborList::build(System& sys, bool sort_atoms) {
  sys.wrap_into_box();
  const std::size_t n = sys.size();
  const double rl = list_cutoff();
  const double rl2 = rl * rl;

  std::vector<Vec3> frac(n);
#pragma omp parallel for schedule(static)
  for (std::size_t i = 0; i < n; ++i) frac[i] = sys.box.to_fractional({sys.x[i], sys.y[i], sys.z[i]});
  const CellGrid g = make_grid(sys, rl, frac);

  for (int d = 0; d < 3; ++d) {
    images_[d] = g.periodic[d] ? (g.reach[d] + g.n[d] - 1) / g.n[d] : 0;
  }
  minimum_image_ = minimum_image_allowed(sys.box, rl);
  const long ncodes = long(2 * images_[0] + 1) * (2 * images_[1] + 1) * (2 * images_[2] + 1);
  if (ncodes > 65535)
    throw InputError(fmt::format(
        "box too small for the cutoff: a list cutoff of {} A needs {} periodic images; use a "
        "larger box",
        rl, ncodes));

  auto cell_index = [&](int a, int b, int c) { return (a * g.n[1] + b) * g.n[2] + c; };
  const int ncell = g.n[0] * g.n[1] * g.n[2];
  std::vector<int> cell(n);
#pragma omp parallel for schedule(static)
  for (std::size_t i = 0; i < n; ++i)
    cell[i] = cell_index(g.cell_of(frac[i], 0), g.cell_of(frac[i], 1), g.cell_of(frac[i], 2));
  // The old list is stale from here on. A large one is freed (with the
  // fractional coordinates) first, which keeps the peak memory of a rebuild
  // at two lists (the threads' rows and the copy); a small one stays mapped
  // for the new list, as do the threads' row buffers (kKeepBuildBuffers).
  std::vector<Vec3>().swap(frac);
  if (index_.capacity() * sizeof(int) > kKeepBuildBuffers) decltype(index_)().swap(index_);
  std::vector<std::uint16_t>().swap(image_);

  // Counting sort of atoms into cells (stable: ascending index within a cell).
  std::vector<int> cell_start(static_cast<std::size_t>(ncell) + 1, 0);
  for (std::size_t i = 0; i < n; ++i) ++cell_start[cell[i] + 1];
  for (int c = 0; c < ncell; ++c) cell_start[c + 1] += cell_start[c];
  std::vector<int> cell_atoms(n);
  {
    std::vector<int> fill(cell_start.begin(), cell_start.end() - 1);
    for (std::size_t i = 0; i < n; ++i) cell_atoms[fill[cell[i]]++] = static_cast<int>(i);
  }
  std::vector<int>().swap(cell);
  if (sort_atoms) {
    // Atoms in cell order (stable): near in space becomes near in memory,
    // and each cell's atoms are consecutive.
    std::vector<std::size_t> order(cell_atoms.begin(), cell_atoms.end());
    sys.permute(order);
    std::iota(cell_atoms.begin(), cell_atoms.end(), 0);
  }

  set_shifts(sys.box);
  const int nb_codes = 2 * images_[1] + 1, nc_codes = 2 * images_[2] + 1;
  const int center_code = (images_[0] * nb_codes + images_[1]) * nc_codes + images_[2];
  const bool half_list = half();

  // Rows are stored back to back (atom i's from start_[i], count_[i] long):
  // each thread appends the rows of its own block of cells to a buffer of
  // its own, and the buffers are then copied into one array in cell order.
  // Half lists vary from nearly full rows (the first cells, which list
  // their wrapped neighbours in the last ones) to nearly empty, so a fixed
  // room per atom would hold twice the pairs.
  start_.assign(n, 0);
  count_.assign(n, 0);
  const double* x = sys.x.data();
  const double* y = sys.y.data();
  const double* z = sys.z.data();
  const bool store_images = !minimum_image_;
  const double density = n / sys.box.volume();
  const double sphere = density * 4.0 / 3.0 * M_PI * rl2 * rl;
  const std::size_t expected = pairs_ > 0 ? pairs_ : static_cast<std::size_t>((half() ? 0.5 : 1.0) * sphere * n);
  int most = 0;
  double closest2 = std::numeric_limits<double>::infinity();

  // The cells whose atoms cell c0's atoms may list: fn(c, code) for each
  // cell c of the stencil (code: the periodic image it is seen through), in
  // a fixed order. A half list of sorted atoms (higher indices only) has
  // nothing in a lower cell.
  auto for_each_stencil_cell = [&](int c0, auto fn) {
    const int ci[3] = {c0 / (g.n[1] * g.n[2]), (c0 / g.n[2]) % g.n[1], c0 % g.n[2]};
    // Cell ci[d] + offset along d folded into the grid, with the image it is
    // seen through; false beyond a free boundary.
    auto fold = [&](int d, int offset, int& cell, int& image) {
      cell = ci[d] + offset;
      image = 0;
      if (!g.periodic[d]) return cell >= 0 && cell < g.n[d];
      image = cell >= 0 ? cell / g.n[d] : -((-cell + g.n[d] - 1) / g.n[d]);
      cell -= image * g.n[d];
      return true;
    };
    int ca, cb, cc, ia, ib, ic;
    for (int oa = -g.reach[0]; oa <= g.reach[0]; ++oa) {
      if (!fold(0, oa, ca, ia)) continue;
      for (int ob = -g.reach[1]; ob <= g.reach[1]; ++ob) {
        if (!fold(1, ob, cb, ib)) continue;
        for (int oc = -g.reach[2]; oc <= g.reach[2]; ++oc) {
          if (!fold(2, oc, cc, ic)) continue;
          const int c = cell_index(ca, cb, cc);
          if (half_list && sort_atoms && c < c0) continue;
          fn(c, ((ia + images_[0]) * nb_codes + (ib + images_[1])) * nc_codes + (ic + images_[2]));
        }
      }
    }
  };
  // The cells are cut into chunks of consecutive cells holding equal shares
  // of the distance tests (atoms times candidates: with equal numbers of
  // cells, the first cells of a half list, which also list their wrapped
  // neighbours, held 1.6-2.5x the work of the last), about kChunksPerThread
  // per thread. Threads claim chunks as they go: the two cores of a shared
  // machine often run at speeds 20-30% apart for minutes, and with one fixed
  // block each (the work model's shares) the faster thread waited 60 us of
  // every 450 us build at 1,024 atoms. The rows land in index_ in chunk
  // order, that is in cell order, whoever built them.
  constexpr int kChunksPerThread = 16;
  std::vector<int> chunk_cells;                // chunk k: cells chunk_cells[k] .. chunk_cells[k + 1]
  std::vector<std::size_t> chunk_at, chunk_to;  // its rows in its builder's buffer, and in index_
  std::atomic<int> next_chunk{0};

  // Cell by cell: the atoms of every cell in the stencil become candidates
  // (positions shifted to the image seen), then each atom of the cell takes
  // its neighbours from them with a vectorised distance test and a packing
  // step. Each atom's list comes in stencil order, then atom order.
  {
#pragma omp parallel reduction(max : most) reduction(min : closest2)
    {
      const int threads = omp_get_num_threads(), t = omp_get_thread_num();
#pragma omp single
      {
        thread_rows_.resize(static_cast<std::size_t>(threads));
        std::vector<double> work(static_cast<std::size_t>(ncell) + 1, 0.0);  // prefix sums
        for (int c0 = 0; c0 < ncell; ++c0) {
          long candidates = 0;
          for_each_stencil_cell(c0, [&](int c, int) { candidates += cell_start[c + 1] - cell_start[c]; });
          work[c0 + 1] = work[c0] + static_cast<double>(cell_start[c0 + 1] - cell_start[c0]) * (1.0 + candidates);
        }
        const int chunks = threads == 1 ? 1 : std::min(ncell, kChunksPerThread * threads);
        chunk_cells.assign(static_cast<std::size_t>(chunks) + 1, ncell);
        chunk_cells[0] = 0;
        for (int k = 1, c = 0; k < chunks; ++k) {
          const double goal = work[ncell] * k / chunks;
          while (c < ncell && work[c + 1] <= goal) ++c;
          chunk_cells[k] = c;
        }
        chunk_at.assign(static_cast<std::size_t>(chunks) + 1, 0);
        chunk_to.assign(static_cast<std::size_t>(chunks) + 1, 0);
      }
      // This thread's rows, and the chunks it built. Room for all the
      // expected pairs plus 5%, as a thread may build any number of chunks:
      // a buffer that grew during the build would briefly hold its rows
      // twice. Only the part written becomes resident memory.
      auto& rows = thread_rows_[static_cast<std::size_t>(t)];
      rows.clear();
      std::vector<std::uint16_t> row_codes;
      rows.reserve(expected + expected / 20 + 1024);
      std::vector<int> mine;
      std::vector<double> cx, cy, cz, d2;
      std::vector<int> cj, ccode, out_j, out_code;
      const int chunks = static_cast<int>(chunk_cells.size()) - 1;
      for (int chunk; (chunk = next_chunk.fetch_add(1, std::memory_order_relaxed)) < chunks;) {
        const auto ck = static_cast<std::size_t>(chunk);
        mine.push_back(chunk);
        chunk_at[ck] = rows.size();
        for (int c0 = chunk_cells[ck]; c0 < chunk_cells[ck + 1]; ++c0) {
          if (cell_start[c0] == cell_start[c0 + 1]) continue;
          cx.clear();
          cy.clear();
          cz.clear();
          cj.clear();
          ccode.clear();
          int self_begin = -1;  // candidates from this very cell, unshifted
          for_each_stencil_cell(c0, [&](int c, int code) {
            const double sx = shift_x_[code], sy = shift_y_[code], sz = shift_z_[code];
            if (c == c0 && code == center_code) self_begin = static_cast<int>(cj.size());
            for (int k = cell_start[c]; k < cell_start[c + 1]; ++k) {
              const int j = cell_atoms[k];
              cx.push_back(x[j] + sx);
              cy.push_back(y[j] + sy);
              cz.push_back(z[j] + sz);
              cj.push_back(j);
              ccode.push_back(code);
            }
          });
          const int ncand = static_cast<int>(cj.size());
          d2.resize(static_cast<std::size_t>(ncand));
          out_j.resize(static_cast<std::size_t>(ncand + util::kPackSlack));
          out_code.resize(out_j.size());
          for (int k = cell_start[c0]; k < cell_start[c0 + 1]; ++k) {
            const int i = cell_atoms[k];
            const double xi = x[i], yi = y[i], zi = z[i];
            const double *px = cx.data(), *py = cy.data(), *pz = cz.data();
            double* pd = d2.data();
            // An atom is not its own neighbour (its other images may be).
            const int self = self_begin + (k - cell_start[c0]);
            double nearest = closest2;
            if (half_list) {
              // Pairs with a higher-index atom, and with the own images of
              // one half of the image codes (the other half are their mirrors).
              const int* pj = cj.data();
              const int* pc = ccode.data();
#pragma omp simd reduction(min : nearest)
              for (int q = 0; q < ncand; ++q) {
                const double dx = xi - px[q], dy = yi - py[q], dz = zi - pz[q];
                const double r2 = dx * dx + dy * dy + dz * dz;
                const bool other = pj[q] < i || (pj[q] == i && pc[q] <= center_code);
                const double kept = other ? rl2 : r2;
                pd[q] = kept;
                nearest = std::min(nearest, kept);
              }
            } else {
#pragma omp simd reduction(min : nearest)
              for (int q = 0; q < ncand; ++q) {
                const double dx = xi - px[q], dy = yi - py[q], dz = zi - pz[q];
                const double r2 = dx * dx + dy * dy + dz * dz;
                const double kept = q == self ? rl2 : r2;
                pd[q] = kept;
                nearest = std::min(nearest, kept);
              }
            }
            closest2 = nearest;
            const int found =
                store_images ? util::pack_below<0, 2>(d2.data(), rl2, ncand, {}, {}, {cj.data(), ccode.data()},
                                                      {out_j.data(), out_code.data()})
                             : util::pack_below<0, 1>(d2.data(), rl2, ncand, {}, {}, {cj.data()}, {out_j.data()});
            // For now the row's place in this thread's buffer.
            start_[static_cast<std::size_t>(i)] = rows.size();
            count_[static_cast<std::size_t>(i)] = found;
            rows.insert(rows.end(), out_j.data(), out_j.data() + found);
            if (store_images)
              for (int q = 0; q < found; ++q) row_codes.push_back(static_cast<std::uint16_t>(out_code[q]));
            most = std::max(most, found);
          }
        }
        chunk_to[ck + 1] = rows.size() - chunk_at[ck];  // its length, for now
      }
#pragma omp barrier
#pragma omp single
      {
        for (int k = 0; k < chunks; ++k) chunk_to[k + 1] += chunk_to[k];
        index_.resize(chunk_to[static_cast<std::size_t>(chunks)]);
        image_.resize(store_images ? index_.size() : 0);
      }
      // Rows into their places, and their starts made global.
      for (const int chunk : mine) {
        const auto ck = static_cast<std::size_t>(chunk);
        const std::size_t from = chunk_at[ck], to = chunk_to[ck], length = chunk_to[ck + 1] - to;
        std::copy_n(rows.begin() + static_cast<std::ptrdiff_t>(from), length, index_.begin() + static_cast<std::ptrdiff_t>(to));
        if (store_images)
          std::copy_n(row_codes.begin() + static_cast<std::ptrdiff_t>(from), length,
                      image_.begin() + static_cast<std::ptrdiff_t>(to));
        for (int c0 = chunk_cells[ck]; c0 < chunk_cells[ck + 1]; ++c0)
          for (int a = cell_start[c0]; a < cell_start[c0 + 1]; ++a) {
            std::size_t& start = start_[static_cast<std::size_t>(cell_atoms[a])];
            start = start - from + to;
          }
      }
    }
  }
  std::size_t row_bytes = 0;  // written, hence resident
  for (const auto& rows : thread_rows_) row_bytes += rows.size() * sizeof(int);
  if (row_bytes > kKeepBuildBuffers) decltype(thread_rows_)().swap(thread_rows_);
  pairs_ = index_.size();
  max_count_ = most;
  closest2_ = closest2;

  box_at_build_ = sys.box;
  x0_ = sys.x;
  y0_ = sys.y;
  z0_ = sys.z;
  ++builds_;
  static std::atomic<std::uint64_t> serials{0};
  build_serial_ = serials.fetch_add(1, std::memory_order_relaxed) + 1;
}

int NeighborList::separations_within(const System& sys, const AtomRecords& atoms, std::size_t i, double cut2,
                                     int* j_out, int* type_out, double* dx, double* dy, double* dz, double* rsq,
                                     double* scratch) const {
  const int* nbr = neighbors(i);
  const int count = this->count(i);
#ifdef REJUV_AVX512
  if (minimum_image_) {
    const MinimumImage m = mi_;
    const double* rec = atoms.data();
    const __m512d vxi = _mm512_set1_pd(sys.x[i]), vyi = _mm512_set1_pd(sys.y[i]), vzi = _mm512_set1_pd(sys.z[i]);
    const __m512d lx = _mm512_set1_pd(m.lx), ly = _mm512_set1_pd(m.ly), lz = _mm512_set1_pd(m.lz);
    const __m512d xy = _mm512_set1_pd(m.xy), xz = _mm512_set1_pd(m.xz), yz = _mm512_set1_pd(m.yz);
    const __m512d ilx = _mm512_set1_pd(m.inv_lx), ily = _mm512_set1_pd(m.inv_ly), ilz = _mm512_set1_pd(m.inv_lz);
    const __m512d limit = _mm512_set1_pd(cut2);
    constexpr int nearest = _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC;
    int out = 0;
    for (int k = 0; k < count; k += 8) {
      const int left = count - k;
      const __mmask8 lanes = util::tail_mask(left);
      const __m256i j = _mm256_maskz_loadu_epi32(lanes, nbr + k);
      // Lanes past the end repeat the first neighbour (masked out below).
      const int* at = nbr + k;
      __m512d x, y, z, t;
      util::load_records4(rec, [&](int l) { return 4 * static_cast<std::ptrdiff_t>(at[l < left ? l : 0]); }, x, y, z, t);
      __m512d ddx = _mm512_sub_pd(vxi, x), ddy = _mm512_sub_pd(vyi, y), ddz = _mm512_sub_pd(vzi, z);
      const __m512d nz = _mm512_roundscale_pd(_mm512_mul_pd(ddz, ilz), nearest);
      if (m.triclinic) {
        ddx = _mm512_sub_pd(ddx, _mm512_mul_pd(nz, xz));
        ddy = _mm512_sub_pd(ddy, _mm512_mul_pd(nz, yz));
      }
      ddz = _mm512_sub_pd(ddz, _mm512_mul_pd(nz, lz));
      const __m512d ny = _mm512_roundscale_pd(_mm512_mul_pd(ddy, ily), nearest);
      if (m.triclinic) ddx = _mm512_sub_pd(ddx, _mm512_mul_pd(ny, xy));
      ddy = _mm512_sub_pd(ddy, _mm512_mul_pd(ny, ly));
      ddx = _mm512_sub_pd(ddx, _mm512_mul_pd(_mm512_roundscale_pd(_mm512_mul_pd(ddx, ilx), nearest), lx));
      const __m512d r2 = _mm512_add_pd(_mm512_add_pd(_mm512_mul_pd(ddx, ddx), _mm512_mul_pd(ddy, ddy)),
                                       _mm512_mul_pd(ddz, ddz));
      const __mmask8 keep = _mm512_mask_cmp_pd_mask(lanes, r2, limit, _CMP_LT_OQ);
      _mm512_storeu_pd(rsq + out, _mm512_maskz_compress_pd(keep, r2));
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(j_out + out), _mm256_maskz_compress_epi32(keep, j));
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(type_out + out),
                          _mm256_maskz_compress_epi32(keep, _mm512_cvttpd_epi32(t)));
      if (dx) {
        _mm512_storeu_pd(dx + out, _mm512_maskz_compress_pd(keep, ddx));
        _mm512_storeu_pd(dy + out, _mm512_maskz_compress_pd(keep, ddy));
        _mm512_storeu_pd(dz + out, _mm512_maskz_compress_pd(keep, ddz));
      }
      out += __builtin_popcount(keep);
    }
    return out;
  }
#endif
  (void)atoms;
  // scratch: 4 x (count + kPackSlack) doubles.
  const std::size_t cap = static_cast<std::size_t>(count + util::kPackSlack);
  double *sx = scratch, *sy = scratch + cap, *sz = scratch + 2 * cap, *sr = scratch + 3 * cap;
  separations(sys, i, sx, sy, sz, sr);
  const int out = dx ? util::pack_below<4, 1>(sr, cut2, count, {sx, sy, sz, sr}, {dx, dy, dz, rsq}, {nbr}, {j_out})
                     : util::pack_below<1, 1>(sr, cut2, count, {sr}, {rsq}, {nbr}, {j_out});
  for (int q = 0; q < out; ++q) type_out[q] = sys.type[static_cast<std::size_t>(j_out[q])];
  return out;
}

bool NeighborList::displacement_measure(const System& sys, const Box& box, DisplacementMeasure& m) const {
  if (builds_ == 0 || sys.size() != x0_.size()) return false;
  const Mat3 F = mat_mul(box.h(), box_at_build_.h_inverse());
  m.build_serial = build_serial_;
  m.f00 = F[0][0], m.f01 = F[0][1], m.f02 = F[0][2];
  m.f10 = F[1][0], m.f11 = F[1][1], m.f12 = F[1][2];
  m.f20 = F[2][0], m.f21 = F[2][1], m.f22 = F[2][2];
  m.lo_x = box.lo[0], m.lo_y = box.lo[1], m.lo_z = box.lo[2];
  m.lo0_x = box_at_build_.lo[0], m.lo0_y = box_at_build_.lo[1], m.lo0_z = box_at_build_.lo[2];
  m.x0 = x0_.data(), m.y0 = y0_.data(), m.z0 = z0_.data();
  return true;
}

bool NeighborList::needs_rebuild(const System& sys, const MeasuredDisplacement* moved) const {
  if (builds_ == 0 || sys.size() != x0_.size()) return true;
  // Pair vectors now are r = F r0 + (u_j - u_i), with F = h h0^-1 the box
  // deformation and u the non-affine displacements. A pair now within the
  // cutoff had |r0| <= |F^-1| (cutoff + 2 max|u|), so the list is still
  // complete while that bound stays below the list cutoff.
  const Mat3 G = mat_mul(box_at_build_.h(), sys.box.h_inverse());
  const Mat3 I = identity3();
  double dev2 = 0.0;
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) dev2 += (G[a][b] - I[a][b]) * (G[a][b] - I[a][b]);
  const double stretch = 1.0 + std::sqrt(dev2);  // bounds the norm of F^-1
  double umax2 = 0.0;
  if (moved && moved->build_serial == build_serial_) {
    umax2 = moved->largest2;
  } else {
    DisplacementMeasure m;
    displacement_measure(sys, sys.box, m);
    const std::size_t n = sys.size();
    // The arrays as restrict pointers and the measure a local copy, so that
    // the loop runs as vector code (through the members the compiler
    // reloaded F for every atom and ran it scalar: 3 ns per atom).
    const double *__restrict x = sys.x.data(), *__restrict y = sys.y.data(), *__restrict z = sys.z.data();
#pragma omp parallel for simd schedule(static) reduction(max : umax2) firstprivate(m) \
    if (parallel : n >= util::kParallelLoopAtoms)
    for (std::size_t i = 0; i < n; ++i) umax2 = std::max(umax2, m.squared(i, x[i], y[i], z[i]));
  }
  return stretch * (cutoff_ + 2.0 * std::sqrt(umax2)) > list_cutoff();
}

bool NeighborList::update(System& sys, bool sort_atoms, const MeasuredDisplacement* moved) {
  // A box shrunk (NPT) below twice the force cutoff can no longer use the
  // minimum image: rebuild, which falls back to explicit images.
  if (needs_rebuild(sys, moved) || (minimum_image_ && !minimum_image_allowed(sys.box, cutoff_))) {
    build(sys, sort_atoms);
    return true;
  }
  set_shifts(sys.box);
  return false;
}

}  // namespace rejuv::neighbor
