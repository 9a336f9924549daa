// Icosahedral short-range order: an atom is an icosahedral centre when its
// Voronoi index is <0,0,12,0> (twelve pentagonal faces: twelve neighbours
// on the vertices of an icosahedron), the signature of the full icosahedra
// that dominate Cu-Zr glasses (Cheng and Ma, Prog. Mater. Sci. 56, 379 (2011)).
#pragma once

#include <array>
#include <cstddef>
#include <vector>

#include "analysis/voronoi.h"
#include "system/system.h"

namespace rejuv::analysis {

struct IcosahedralOrder {
  std::vector<bool> is_centre;  // per atom, memory order
  std::size_t centres = 0;
  double fraction = 0.0;                      // centres / atoms
  std::vector<std::size_t> atoms_by_type;     // per type (0-based)
  std::vector<std::size_t> centres_by_type;
  std::vector<double> fraction_by_type;       // centres of type t / atoms of type t (0 if none)
};

IcosahedralOrder icosahedral_order(const System& system, const VoronoiCells& cells);

struct IndexCount {
  std::array<int, 4> index;  // <n3,n4,n5,n6>
  std::size_t count = 0;
  double fraction = 0.0;  // of all atoms
};

// The `max_entries` most frequent Voronoi indices, most frequent first
// (ties in ascending index order, so the list is reproducible).
std::vector<IndexCount> index_histogram(const VoronoiCells& cells, std::size_t max_entries);

}  // namespace rejuv::analysis
