#include "analysis/mro_clusters.h"

#include <algorithm>
#include <numeric>

namespace rejuv::analysis {

namespace {

std::size_t find_root(std::vector<std::size_t>& parent, std::size_t i) {
  while (parent[i] != i) {
    parent[i] = parent[parent[i]];
    i = parent[i];
  }
  return i;
}

}  // namespace

MroClusters find_mro_clusters(const System& sys, const VoronoiCells& cells, const std::vector<bool>& is_centre) {
  const std::size_t n = sys.size();
  std::vector<std::size_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0);
  std::vector<std::vector<std::size_t>> neighbors(n);
  for (std::size_t i = 0; i < n; ++i)
    if (is_centre[i]) neighbors[i] = cells.neighbors(i);
  for (std::size_t i = 0; i < n; ++i) {
    if (!is_centre[i]) continue;
    for (std::size_t j : neighbors[i]) {
      // With a face-area threshold a face can be kept on one side only;
      // a link needs both.
      if (j == i || !is_centre[j] || !std::binary_search(neighbors[j].begin(), neighbors[j].end(), i)) continue;
      const std::size_t a = find_root(parent, i), b = find_root(parent, j);
      if (a != b) parent[std::max(a, b)] = std::min(a, b);
    }
  }
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return sys.id[a] < sys.id[b]; });
  std::vector<long> slot(n, -1);
  std::vector<std::vector<std::size_t>> groups;
  for (std::size_t i : order) {
    if (!is_centre[i]) continue;
    const std::size_t r = find_root(parent, i);
    if (slot[r] < 0) {
      slot[r] = static_cast<long>(groups.size());
      groups.emplace_back();
    }
    groups[static_cast<std::size_t>(slot[r])].push_back(i);
  }
  // Groups were opened in order of their smallest id; a stable sort by size
  // keeps that order among equal sizes.
  std::stable_sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });

  MroClusters out;
  out.cluster_of_atom.assign(n, -1);
  double sum = 0.0, sum_sq = 0.0;
  for (std::size_t c = 0; c < groups.size(); ++c) {
    for (std::size_t i : groups[c]) out.cluster_of_atom[i] = static_cast<long>(c);
    const double s = static_cast<double>(groups[c].size());
    sum += s;
    sum_sq += s * s;
    out.max_size = std::max(out.max_size, groups[c].size());
  }
  out.count = groups.size();
  if (out.count > 0) {
    out.mean_size_number_weighted = sum / static_cast<double>(out.count);
    out.mean_size_size_weighted = sum_sq / sum;
  }
  out.members = std::move(groups);
  return out;
}

}  // namespace rejuv::analysis
