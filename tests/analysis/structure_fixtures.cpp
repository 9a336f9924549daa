#include "analysis/structure_fixtures.h"

#include <algorithm>
#include <cmath>

namespace rejuv::test {

namespace {

System cubic(int cells, double lattice, const std::vector<Vec3>& basis) {
  System sys;
  sys.box.hi = {cells * lattice, cells * lattice, cells * lattice};
  sys.mass = {63.546};
  for (int a = 0; a < cells; ++a)
    for (int b = 0; b < cells; ++b)
      for (int c = 0; c < cells; ++c)
        for (const auto& s : basis) add_atom(sys, (a + s[0]) * lattice, (b + s[1]) * lattice, (c + s[2]) * lattice);
  return sys;
}

}  // namespace

System make_fcc(int cells, double lattice) {
  return cubic(cells, lattice, {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}});
}

System make_bcc(int cells, double lattice) { return cubic(cells, lattice, {{0, 0, 0}, {0.5, 0.5, 0.5}}); }

void add_atom(System& sys, double x, double y, double z, int type) {
  const std::int64_t id = sys.id.empty() ? 1 : *std::max_element(sys.id.begin(), sys.id.end()) + 1;
  const std::size_t n = sys.size();
  sys.resize(n + 1);
  sys.x[n] = x;
  sys.y[n] = y;
  sys.z[n] = z;
  sys.type[n] = type;
  sys.id[n] = id;
}

void add_icosahedron(System& sys, double x, double y, double z, double radius) {
  add_atom(sys, x, y, z);
  const double phi = (1.0 + std::sqrt(5.0)) / 2.0;
  const double scale = radius / std::sqrt(1.0 + phi * phi);
  for (double s1 : {-1.0, 1.0})
    for (double s2 : {-1.0, 1.0}) {
      // Cyclic permutations of (0, +-1, +-phi).
      add_atom(sys, x, y + s1 * scale, z + s2 * phi * scale);
      add_atom(sys, x + s1 * scale, y + s2 * phi * scale, z);
      add_atom(sys, x + s2 * phi * scale, y, z + s1 * scale);
    }
}

void add_icosahedral_column(System& sys, double x, double y, double first_z, int centres, double spacing) {
  const double half = 0.5 * spacing;
  const double ring = std::sqrt(spacing * spacing - half * half);
  const double lz = sys.box.length(2);
  const bool periodic = sys.box.periodic[2];
  const bool closed = periodic && std::abs(centres * spacing - lz) < 1e-9;
  auto put = [&](double px, double py, double pz) {
    if (periodic) pz = sys.box.lo[2] + std::fmod(pz - sys.box.lo[2] + 10 * lz, lz);
    add_atom(sys, px, py, pz);
  };
  // A column as tall as a periodic box closes on itself; any other has a
  // cap atom at each end.
  for (int k = closed ? 0 : -1; k <= (closed ? centres - 1 : centres); ++k) put(x, y, first_z + k * spacing);
  // Ring k sits between column atoms k and k+1; rings alternate by 36 degrees.
  for (int k = -1; k <= (closed ? centres - 2 : centres - 1); ++k) {
    const double turn = (((k % 2) + 2) % 2) * 36.0 * M_PI / 180.0;
    for (int m = 0; m < 5; ++m) {
      const double a = turn + m * 72.0 * M_PI / 180.0;
      put(x + ring * std::cos(a), y + ring * std::sin(a), first_z + (k + 0.5) * spacing);
    }
  }
}

System empty_box(double lx, double ly, double lz, std::array<bool, 3> periodic) {
  System sys;
  sys.box.hi = {lx, ly, lz};
  sys.box.periodic = periodic;
  sys.mass = {63.546};
  return sys;
}

}  // namespace rejuv::test
