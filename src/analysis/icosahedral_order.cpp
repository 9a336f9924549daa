#include "analysis/icosahedral_order.h"

#include <algorithm>
#include <map>

namespace rejuv::analysis {

IcosahedralOrder icosahedral_order(const System& sys, const VoronoiCells& cells) {
  constexpr std::array<int, 4> kIcosahedron{0, 0, 12, 0};
  const std::size_t n = sys.size();
  const auto ntypes = static_cast<std::size_t>(std::max(sys.num_types(), 0));
  IcosahedralOrder out;
  out.is_centre.assign(n, false);
  out.atoms_by_type.assign(ntypes, 0);
  out.centres_by_type.assign(ntypes, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const auto t = static_cast<std::size_t>(sys.type[i]);
    if (t >= out.atoms_by_type.size()) {
      out.atoms_by_type.resize(t + 1, 0);
      out.centres_by_type.resize(t + 1, 0);
    }
    ++out.atoms_by_type[t];
    // Faces with seven or more edges are not in the index, so <0,0,12,0>
    // alone would admit cells with extra such faces: require exactly 12.
    if (cells.index[i] == kIcosahedron && cells.faces[i] == 12) {
      out.is_centre[i] = true;
      ++out.centres;
      ++out.centres_by_type[t];
    }
  }
  out.fraction = n ? static_cast<double>(out.centres) / static_cast<double>(n) : 0.0;
  for (std::size_t t = 0; t < out.atoms_by_type.size(); ++t)
    out.fraction_by_type.push_back(out.atoms_by_type[t] ? static_cast<double>(out.centres_by_type[t]) /
                                                              static_cast<double>(out.atoms_by_type[t])
                                                        : 0.0);
  return out;
}

std::vector<IndexCount> index_histogram(const VoronoiCells& cells, std::size_t max_entries) {
  std::map<std::array<int, 4>, std::size_t> counts;
  for (const auto& idx : cells.index) ++counts[idx];
  std::vector<IndexCount> out;
  for (const auto& [idx, c] : counts) out.push_back({idx, c, 0.0});
  // Stable sort keeps the map's ascending-index order among equal counts.
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.count > b.count; });
  if (out.size() > max_entries) out.resize(max_entries);
  const double n = static_cast<double>(cells.size());
  for (auto& e : out) e.fraction = n > 0 ? static_cast<double>(e.count) / n : 0.0;
  return out;
}

}  // namespace rejuv::analysis
