// The atoms and their box: structure-of-arrays storage so that hot loops read
// contiguous x, y, z. Types are 0-based internally (LAMMPS type t is t-1 here);
// `id` keeps each atom's identity when atoms are reordered in memory.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "system/box.h"
#include "util/blocked_sum.h"

namespace rejuv {

struct System {
  Box box;

  std::vector<double> x, y, z;
  std::vector<double> vx, vy, vz;
  std::vector<double> fx, fy, fz;
  std::vector<int> type;        // 0-based type index
  std::vector<std::int64_t> id; // LAMMPS atom id (>= 1)
  std::vector<int> ix, iy, iz;  // periodic image flags
  bool has_velocities = false;

  // Per type: element name (from the potential description) and mass in amu.
  std::vector<std::string> type_names;
  std::vector<double> mass;

  std::size_t size() const { return x.size(); }
  int num_types() const { return static_cast<int>(mass.size()); }
  // Resize every per-atom array to n atoms (new entries zero).
  void resize(std::size_t n);
  // Reorder all per-atom arrays so that new index k holds old atom order[k].
  void permute(const std::vector<std::size_t>& order);
  // Map positions of periodic dimensions back into the box, updating image
  // flags so that unwrapped coordinates are unchanged.
  void wrap_into_box();
  // Kinetic energy (eV) and kinetic tensor sum m v_a v_b (eV) [xx,yy,zz,xy,xz,yz].
  double kinetic_energy() const;
  std::vector<double> kinetic_tensor() const;
  // The kinetic tensor with update(i) applied to atom i's velocity just
  // before the atom is counted: a velocity update and the sum over the new
  // velocities in one pass over the atoms instead of two. The same bits as
  // the update followed by kinetic_tensor() (the same blocks, the same
  // operations), for any thread count.
  template <class Update>
  std::vector<double> kinetic_tensor_after(Update update);

private:
  void add_kinetic_terms(std::size_t i, std::array<double, 6>& acc) const {
    const double m = mass[type[i]];
    acc[0] += m * vx[i] * vx[i];
    acc[1] += m * vy[i] * vy[i];
    acc[2] += m * vz[i] * vz[i];
    acc[3] += m * vx[i] * vy[i];
    acc[4] += m * vx[i] * vz[i];
    acc[5] += m * vy[i] * vz[i];
  }
  static std::vector<double> kinetic_from_sums(const std::array<double, 6>& sum);
};

template <class Update>
std::vector<double> System::kinetic_tensor_after(Update update) {
  const auto sum = util::blocked_sums<6>(size(), [&](std::size_t i, std::array<double, 6>& acc) {
    update(i);
    if (has_velocities) add_kinetic_terms(i, acc);
  });
  return kinetic_from_sums(sum);
}

}  // namespace rejuv
