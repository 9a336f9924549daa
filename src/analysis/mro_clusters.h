// Medium-range order: clusters of interpenetrating icosahedra. Two
// icosahedral centres are linked when each is a Voronoi neighbour of the
// other (their coordination shells interpenetrate); clusters are the
// connected components of that graph, periodic images included, so a
// cluster crossing a periodic boundary is one cluster. An isolated centre is
// a cluster of size 1. Sizes count centres.
#pragma once

#include <cstddef>
#include <vector>

#include "analysis/voronoi.h"
#include "system/system.h"

namespace rejuv::analysis {

struct MroClusters {
  // Per atom (memory order): cluster number 0.. or -1 for a non-centre.
  // Clusters are numbered largest first, ties by their smallest atom id.
  std::vector<long> cluster_of_atom;
  std::vector<std::vector<std::size_t>> members;  // memory indices, ascending atom id
  std::size_t count = 0;
  // Number-weighted mean size: sum(s) / count (centres per cluster).
  double mean_size_number_weighted = 0.0;
  // Size-weighted mean size s* = sum(s^2) / sum(s): the size of the cluster a
  // randomly chosen centre belongs to, on average.
  double mean_size_size_weighted = 0.0;
  std::size_t max_size = 0;  // smax
};

MroClusters find_mro_clusters(const System& system, const VoronoiCells& cells,
                              const std::vector<bool>& is_centre);

}  // namespace rejuv::analysis
