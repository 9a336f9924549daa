#include "protocol/sample.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "integrate/random.h"
#include "util/error.h"

namespace rejuv::protocol {

using integrate::RandomPurpose;
using integrate::uniform01;

System make_random_sample(const Alloy& alloy, int natoms, std::uint64_t seed) {
  if (natoms < 2) throw InputError(fmt::format("atoms = {}: expected at least 2", natoms));
  const int nt = static_cast<int>(alloy.elements.size());
  // Species counts by largest remainder, so the composition is as exact as N allows.
  std::vector<int> count(nt);
  std::vector<std::pair<double, int>> rem;
  int assigned = 0;
  for (int t = 0; t < nt; ++t) {
    const double want = alloy.fractions[t] * natoms;
    count[t] = static_cast<int>(std::floor(want));
    assigned += count[t];
    rem.emplace_back(want - count[t], t);
  }
  std::stable_sort(rem.begin(), rem.end(), [](auto a, auto b) { return a.first > b.first; });
  for (int k = 0; assigned < natoms; ++k, ++assigned) ++count[rem[k % nt].second];

  std::vector<int> types;
  for (int t = 0; t < nt; ++t) types.insert(types.end(), static_cast<std::size_t>(count[t]), t);
  for (int i = natoms - 1; i > 0; --i) {  // Fisher-Yates with keyed draws
    const int j = static_cast<int>(uniform01(seed, RandomPurpose::sample_species, static_cast<std::uint64_t>(i), 0) * (i + 1));
    std::swap(types[i], types[std::min(j, i)]);
  }

  System sys;
  sys.resize(static_cast<std::size_t>(natoms));
  const double L = std::cbrt(natoms / alloy.number_density);
  sys.box.hi = {L, L, L};
  sys.mass.assign(static_cast<std::size_t>(nt), std::nan(""));
  const double rmin = 0.75 * std::cbrt(1.0 / alloy.number_density);
  const int ncell = std::max(1, static_cast<int>(L / rmin));
  const double cw = L / ncell;
  std::vector<std::vector<int>> cells(static_cast<std::size_t>(ncell * ncell * ncell));
  auto cell_of = [&](double v) { return std::min(ncell - 1, static_cast<int>(v / cw)); };
  std::uint64_t draw = 0;
  for (int i = 0; i < natoms; ++i) {
    for (int attempt = 0;; ++attempt) {
      if (attempt > 100000)
        throw InputError(fmt::format("could not place {} atoms without overlaps at density {} /A^3", natoms,
                                     alloy.number_density));
      const double x = L * uniform01(seed, RandomPurpose::sample_positions, draw, 0);
      const double y = L * uniform01(seed, RandomPurpose::sample_positions, draw, 1);
      const double z = L * uniform01(seed, RandomPurpose::sample_positions, draw, 2);
      ++draw;
      const int cx = cell_of(x), cy = cell_of(y), cz = cell_of(z);
      bool ok = true;
      for (int a = -1; a <= 1 && ok; ++a)
        for (int b = -1; b <= 1 && ok; ++b)
          for (int c = -1; c <= 1 && ok; ++c) {
            const int ix = (cx + a + ncell) % ncell, iy = (cy + b + ncell) % ncell, iz = (cz + c + ncell) % ncell;
            for (int j : cells[static_cast<std::size_t>((ix * ncell + iy) * ncell + iz)]) {
              double dx = x - sys.x[j], dy = y - sys.y[j], dz = z - sys.z[j];
              dx -= L * std::round(dx / L);
              dy -= L * std::round(dy / L);
              dz -= L * std::round(dz / L);
              if (dx * dx + dy * dy + dz * dz < rmin * rmin) {
                ok = false;
                break;
              }
            }
          }
      if (!ok) continue;
      sys.x[i] = x;
      sys.y[i] = y;
      sys.z[i] = z;
      sys.type[i] = types[i];
      sys.id[i] = i + 1;
      cells[static_cast<std::size_t>((cx * ncell + cy) * ncell + cz)].push_back(i);
      break;
    }
  }
  return sys;
}

}  // namespace rejuv::protocol
