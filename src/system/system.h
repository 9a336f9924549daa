// The atoms and their box: structure-of-arrays storage so that hot loops read
// contiguous x, y, z. Types are 0-based internally (LAMMPS type t is t-1 here);
// `id` keeps each atom's identity when atoms are reordered in memory.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "system/box.h"

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
};

}  // namespace rejuv
