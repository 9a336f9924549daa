// Voronoi tessellation of every atom with voro++ (Rycroft, Chaos 19, 041111
// (2009)), in orthogonal or triclinic boxes, each dimension periodic or free.
// Periodic dimensions are handled with explicit periodic images ("ghosts")
// in a non-periodic voro++ container, so one code path serves every box
// shape; free dimensions are closed by plane walls on the box faces (as
// LAMMPS `compute voronoi/atom` cuts cells at non-periodic box bounds).
//
// The radical (Laguerre, power-diagram) variant weights each atom by a
// per-type radius: the face between atoms i and j lies where
// |x - x_i|^2 - r_i^2 = |x - x_j|^2 - r_j^2, which moves faces away from the
// larger atom (Gellatly and Finney, J. Non-Cryst. Solids 50, 313 (1982)).
#pragma once

#include <array>
#include <cstddef>
#include <vector>

#include "system/system.h"

namespace rejuv::analysis {

struct VoronoiOptions {
  // Faces smaller than this fraction of their cell's total face area are
  // dropped from the face count, the index and the neighbour list (the cell
  // volume keeps them). 0 keeps every face.
  double relative_face_area_threshold = 0.0;
  // Per type (0-based), radius in A for the radical tessellation; empty for
  // the ordinary Voronoi tessellation.
  std::vector<double> radius_by_type;
};

// Per atom, in the system's memory order. Faces are stored CSR-style: atom
// i's faces are k in [face_offset[i], face_offset[i+1]).
struct VoronoiCells {
  std::vector<std::array<int, 4>> index;  // <n3,n4,n5,n6>: faces with 3, 4, 5, 6 edges
  std::vector<int> faces;                 // faces kept (any number of edges, box walls included)
  std::vector<double> volume;             // A^3
  std::vector<double> surface_area;       // A^2, all faces
  std::vector<std::size_t> face_offset;
  // The atom (memory index) across each kept face, or -1 for a box wall of
  // a free dimension. An atom seen through two periodic images appears twice.
  std::vector<long> face_neighbor;
  std::vector<double> face_area;  // A^2
  std::vector<int> face_edges;

  std::size_t size() const { return volume.size(); }
  // Distinct atoms sharing a kept face with atom i, ascending.
  std::vector<std::size_t> neighbors(std::size_t i) const;
};

// Throws InputError for an atom outside a free dimension of the box, a
// missing or non-positive radius, or a cell voro++ cannot build.
VoronoiCells compute_voronoi(const System& system, const VoronoiOptions& options = {});

}  // namespace rejuv::analysis
