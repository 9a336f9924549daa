// Full or half Verlet neighbour lists built from a cell grid in fractional
// coordinates, valid for orthogonal and triclinic boxes of any size: every
// neighbour entry carries the periodic image it is seen through, so boxes
// smaller than twice the list cutoff (several images of one atom in range)
// are handled exactly, with no ghost atoms.
//
// When every periodic width of the box exceeds twice the list cutoff, at
// most one image of each atom is in range and the list stores no image
// codes: separations use the minimum-image convention (as fractional
// rounding, exact for triclinic boxes too), which saves memory and lets the
// pair loops vectorise. Small boxes keep explicit images.
//
// Each atom's neighbours come in a fixed order (cell offsets in a fixed
// sequence, atoms within a cell by index), so sums over them are identical
// for any thread count. Lists are rebuilt only when atoms (or the box) have
// moved enough that a pair inside the force cutoff might be missing.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "system/system.h"
#include "util/allocators.h"

namespace rejuv::neighbor {

// The current box as the minimum-image arithmetic needs it; a non-periodic
// direction has inverse length 0, so it is never wrapped.
struct MinimumImage {
  double lx = 0, ly = 0, lz = 0, xy = 0, xz = 0, yz = 0;
  double inv_lx = 0, inv_ly = 0, inv_lz = 0;
  bool triclinic = false;
};

// Each atom's position and type in one 32-byte record (x, y, z, and the
// type as a double), cache-line aligned: a pair loop fetches a neighbour
// with one load where separate arrays need four gathers. Refilled from the
// System before each force call (set() for every atom).
class AtomRecords {
public:
  void resize(std::size_t n) { data_.resize(4 * n); }
  std::size_t size() const { return data_.size() / 4; }
  void set(const System& sys, std::size_t i) {
    double* r = &data_[4 * i];
    r[0] = sys.x[i];
    r[1] = sys.y[i];
    r[2] = sys.z[i];
    r[3] = static_cast<double>(sys.type[i]);
  }
  const double* data() const { return data_.data(); }

private:
  std::vector<double, util::AlignedAllocator<double>> data_;
};

// What the rebuild check needs to measure each atom's non-affine
// displacement since the last build (NeighborList::needs_rebuild), for a
// pass over the atoms that has their new positions at hand anyway (the MD
// drift): one pass and one thread team per step fewer. Valid for the box
// it was made for and the build it names.
struct DisplacementMeasure {
  std::uint64_t build_serial = 0;
  double f00, f01, f02, f10, f11, f12, f20, f21, f22;  // F = h h0^-1
  double lo_x, lo_y, lo_z, lo0_x, lo0_y, lo0_z;
  const double *x0, *y0, *z0;
  // Atom i's squared displacement at position (x, y, z), the same
  // operations as needs_rebuild's own loop (so the same bits).
  double squared(std::size_t i, double x, double y, double z) const {
    const double r0x = x0[i] - lo0_x, r0y = y0[i] - lo0_y, r0z = z0[i] - lo0_z;
    const double ax = f00 * r0x + f01 * r0y + f02 * r0z;
    const double ay = f10 * r0x + f11 * r0y + f12 * r0z;
    const double az = f20 * r0x + f21 * r0y + f22 * r0z;
    const double ux = x - lo_x - ax, uy = y - lo_y - ay, uz = z - lo_z - az;
    return ux * ux + uy * uy + uz * uz;
  }
};

// The largest squared displacement such a pass found, and the build it
// was measured against.
struct MeasuredDisplacement {
  std::uint64_t build_serial = 0;
  double largest2 = 0.0;
};

class NeighborList {
public:
  // A full list holds every pair twice (j in i's list and i in j's); a half
  // list once, in the list of its lower-index atom (a pair of an atom with
  // its own periodic image once, through one of the two opposite images).
  enum class Kind { full, half };
  NeighborList(double cutoff, double skin, Kind kind = Kind::full) : cutoff_(cutoff), skin_(skin), kind_(kind) {}

  Kind kind() const { return kind_; }
  bool half() const { return kind_ == Kind::half; }
  double cutoff() const { return cutoff_; }
  double skin() const { return skin_; }
  double list_cutoff() const { return cutoff_ + skin_; }

  // Wraps atoms into the box, optionally reorders them along the cell grid
  // (better memory locality; `System::id` keeps identity), and builds.
  void build(System& system, bool sort_atoms = true);
  // True when some pair now within `cutoff` may be missing from the list:
  // the largest non-affine displacement since the build, with the box
  // deformation, exceeds half the skin.
  // `moved`, when it was measured against the current build (with
  // displacement_measure(), at the current positions and box), stands in
  // for the pass over the atoms; else it is ignored.
  bool needs_rebuild(const System& system, const MeasuredDisplacement* moved = nullptr) const;
  // Rebuilds if needed, else refreshes the image shifts for the current box.
  // Returns true if it rebuilt.
  bool update(System& system, bool sort_atoms = true, const MeasuredDisplacement* moved = nullptr);
  // The measure for positions in `box` against the current build; false
  // when there is none (never built, or another number of atoms: the next
  // update rebuilds).
  bool displacement_measure(const System& system, const Box& box, DisplacementMeasure& out) const;

  // Neighbours of atom i: indices j[k] for k < count(i).
  int count(std::size_t i) const { return count_[i]; }
  const int* neighbors(std::size_t i) const { return index_.data() + start_[i]; }
  // Asks the memory system for atom i's neighbour indices ahead of use (a
  // pair loop calls it an atom or two ahead: the list is read once per pass
  // and is too large for the caches; measured +3-5% on 10^4 atoms).
  void prefetch(std::size_t i) const {
    const char* p = reinterpret_cast<const char*>(neighbors(i));
    const char* end = reinterpret_cast<const char*>(neighbors(i) + count(i));
    for (; p < end; p += 64) __builtin_prefetch(p, 0, 0);
  }
  // The largest count(i): the size scratch buffers need.
  int capacity() const { return max_count_; }
  // True when separations use the minimum image (no image codes stored).
  bool minimum_image() const { return minimum_image_; }

  // Separation vectors x_i - x_j (through the periodic image in range) and
  // their squares for all k < count(i), written to dx, dy, dz, rsq. The
  // one way every pair loop gets its geometry.
  void separations(const System& sys, std::size_t i, double* dx, double* dy, double* dz,
                   double* rsq) const {
    if (!minimum_image_) separations_impl<false, false>(sys, i, dx, dy, dz, rsq);
    else if (mi_.triclinic) separations_impl<true, true>(sys, i, dx, dy, dz, rsq);
    else separations_impl<true, false>(sys, i, dx, dy, dz, rsq);
  }

  // Separations of atom i's neighbours closer than sqrt(cut2), packed in
  // list order: their indices to j_out, their types to type_out, and dx,
  // dy, dz, rsq; returns how many. dx, dy, dz may be null (not wanted).
  // `atoms` holds the current records of `sys` (AtomRecords). Outputs hold
  // count(i) + util::kPackSlack; `scratch` 4 x that. With AVX-512 and the
  // minimum image the separations never leave the registers; the results
  // are the same bits as separations() followed by util::pack_below().
  int separations_within(const System& sys, const AtomRecords& atoms, std::size_t i, double cut2, int* j_out,
                         int* type_out, double* dx, double* dy, double* dz, double* rsq, double* scratch) const;

  // Smallest squared distance between two atoms (or an atom and its own
  // image) at the last build.
  double closest_pair_distance2() const { return closest2_; }

  std::size_t total_pairs() const;
  int builds() const { return builds_; }
  // A number no other build of any list in this process has had: what a
  // user of the list derived from its rows stays valid while this holds.
  std::uint64_t build_serial() const { return build_serial_; }

private:
  void set_shifts(const Box& box);

  // Minimum image rounds the fractional separation along c, then b, then a
  // (the box matrix is upper triangular): exact whenever the pair is closer
  // than half of every periodic width, which the build guarantees.
  template <bool MinImage, bool Triclinic>
  void separations_impl(const System& sys, std::size_t i, double* dx, double* dy, double* dz,
                        double* rsq) const {
    const int* nbr = neighbors(i);
    const std::uint16_t* img = MinImage ? nullptr : image_.data() + start_[i];
    const double xi = sys.x[i], yi = sys.y[i], zi = sys.z[i];
    const double *x = sys.x.data(), *y = sys.y.data(), *z = sys.z.data();
    const double *sx = shift_x_.data(), *sy = shift_y_.data(), *sz = shift_z_.data();
    const MinimumImage m = mi_;
    const int count = this->count(i);
#pragma omp simd
    for (int k = 0; k < count; ++k) {
      const int j = nbr[k];
      double ddx = xi - x[j], ddy = yi - y[j], ddz = zi - z[j];
      if constexpr (MinImage) {
        const double nz = std::nearbyint(ddz * m.inv_lz);
        if constexpr (Triclinic) {
          ddx -= nz * m.xz;
          ddy -= nz * m.yz;
        }
        ddz -= nz * m.lz;
        const double ny = std::nearbyint(ddy * m.inv_ly);
        if constexpr (Triclinic) ddx -= ny * m.xy;
        ddy -= ny * m.ly;
        ddx -= std::nearbyint(ddx * m.inv_lx) * m.lx;
      } else {
        ddx -= sx[img[k]];
        ddy -= sy[img[k]];
        ddz -= sz[img[k]];
      }
      dx[k] = ddx;
      dy[k] = ddy;
      dz[k] = ddz;
      rsq[k] = ddx * ddx + ddy * ddy + ddz * ddz;
    }
  }

  double cutoff_, skin_;
  Kind kind_;
  int max_count_ = 0;     // most neighbours of one atom at the last build
  std::size_t pairs_ = 0;  // pairs at the last build (the next one's first guess of room)
  double closest2_ = 0.0;
  // Atom i's neighbours: index_[start_[i] + k] for k < count_[i]. Rows are
  // in cell order, which is atom order only when atoms are sorted.
  std::vector<std::size_t> start_;
  std::vector<int> count_;
  std::vector<int, util::UninitializedAllocator<int>> index_;  // written by the build before any read
  // Each thread's rows during a build, then copied into index_. Kept
  // between builds, as is index_'s storage, while this small: memory freshly
  // mapped for every build cost more in page faults than copying the rows
  // (1.4 of 7.4 ms per build at 10^4 atoms); larger lists are freed early,
  // for the peak memory.
  static constexpr std::size_t kKeepBuildBuffers = std::size_t{16} << 20;
  std::vector<std::vector<int, util::UninitializedAllocator<int>>> thread_rows_;
  std::vector<std::uint16_t> image_;
  int images_[3] = {0, 0, 0};  // image range -K..K per cell direction
  bool minimum_image_ = false;
  MinimumImage mi_;
  std::vector<double> shift_x_, shift_y_, shift_z_;
  // State at the last build, for the rebuild test.
  Box box_at_build_;
  std::vector<double> x0_, y0_, z0_;
  int builds_ = 0;
  std::uint64_t build_serial_ = 0;  // 0: never built
};

}  // namespace rejuv::neighbor
