// Full Verlet neighbour lists built from a cell grid in fractional
// coordinates, valid for orthogonal and triclinic boxes of any size: every
// neighbour entry carries the periodic image it is seen through, so boxes
// smaller than twice the list cutoff (several images of one atom in range)
// are handled exactly, with no ghost atoms.
//
// Each atom's neighbours come in a fixed order (cell offsets in a fixed
// sequence, atoms within a cell by index), so sums over them are identical
// for any thread count. Lists are rebuilt only when atoms (or the box) have
// moved enough that a pair inside the force cutoff might be missing.
#pragma once

#include <cstdint>
#include <vector>

#include "system/system.h"

namespace rejuv::neighbor {

class NeighborList {
public:
  NeighborList(double cutoff, double skin) : cutoff_(cutoff), skin_(skin) {}

  double cutoff() const { return cutoff_; }
  double skin() const { return skin_; }
  double list_cutoff() const { return cutoff_ + skin_; }

  // Wraps atoms into the box, optionally reorders them along the cell grid
  // (better memory locality; `System::id` keeps identity), and builds.
  void build(System& system, bool sort_atoms = true);
  // True when some pair now within `cutoff` may be missing from the list:
  // the largest non-affine displacement since the build, with the box
  // deformation, exceeds half the skin.
  bool needs_rebuild(const System& system) const;
  // Rebuilds if needed, else refreshes the image shifts for the current box.
  // Returns true if it rebuilt.
  bool update(System& system, bool sort_atoms = true);

  // Neighbours of atom i: indices j[k] and image codes for k < count(i).
  int count(std::size_t i) const { return count_[i]; }
  const int* neighbors(std::size_t i) const { return &index_[i * stride_]; }
  const std::uint16_t* images(std::size_t i) const { return &image_[i * stride_]; }
  // Cartesian offset of image code c for the current box: neighbour j is seen
  // at x[j] + shift(c).
  const double* shift_x() const { return shift_x_.data(); }
  const double* shift_y() const { return shift_y_.data(); }
  const double* shift_z() const { return shift_z_.data(); }

  std::size_t total_pairs() const;
  int builds() const { return builds_; }

private:
  void set_shifts(const Box& box);

  double cutoff_, skin_;
  int stride_ = 0;
  std::vector<int> count_;
  std::vector<int> index_;
  std::vector<std::uint16_t> image_;
  int images_[3] = {0, 0, 0};  // image range -K..K per cell direction
  std::vector<double> shift_x_, shift_y_, shift_z_;
  // State at the last build, for the rebuild test.
  Box box_at_build_;
  std::vector<double> x0_, y0_, z0_;
  int builds_ = 0;
};

}  // namespace rejuv::neighbor
