#include "io/lammps_dump.h"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

namespace rejuv::io {

void write_dump_frame(std::FILE* f, const System& sys, long step, const DumpOptions& opt,
                      const std::vector<double>* energy) {
  const bool energies = opt.energies && energy && energy->size() == sys.size();
  const Box& b = sys.box;
  const char* pbc[3];
  for (int d = 0; d < 3; ++d) pbc[d] = b.periodic[d] ? "pp" : "ff";
  fmt::print(f, "ITEM: TIMESTEP\n{}\nITEM: NUMBER OF ATOMS\n{}\n", step, sys.size());
  const bool tri = b.triclinic || b.xy != 0.0 || b.xz != 0.0 || b.yz != 0.0;
  if (tri) {
    // LAMMPS writes the bounding box of the tilted cell plus the tilts.
    const double xlo_b = b.lo[0] + std::min({0.0, b.xy, b.xz, b.xy + b.xz});
    const double xhi_b = b.hi[0] + std::max({0.0, b.xy, b.xz, b.xy + b.xz});
    const double ylo_b = b.lo[1] + std::min(0.0, b.yz);
    const double yhi_b = b.hi[1] + std::max(0.0, b.yz);
    fmt::print(f, "ITEM: BOX BOUNDS xy xz yz {} {} {}\n", pbc[0], pbc[1], pbc[2]);
    fmt::print(f, "{:.17g} {:.17g} {:.17g}\n{:.17g} {:.17g} {:.17g}\n{:.17g} {:.17g} {:.17g}\n", xlo_b, xhi_b,
               b.xy, ylo_b, yhi_b, b.xz, b.lo[2], b.hi[2], b.yz);
  } else {
    fmt::print(f, "ITEM: BOX BOUNDS {} {} {}\n", pbc[0], pbc[1], pbc[2]);
    fmt::print(f, "{:.17g} {:.17g}\n{:.17g} {:.17g}\n{:.17g} {:.17g}\n", b.lo[0], b.hi[0], b.lo[1], b.hi[1],
               b.lo[2], b.hi[2]);
  }
  fmt::print(f, "ITEM: ATOMS id type x y z{}{}{}\n", opt.images ? " ix iy iz" : "", opt.velocities ? " vx vy vz" : "",
             energies ? " pe" : "");
  std::vector<std::size_t> order(sys.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](auto a, auto c) { return sys.id[a] < sys.id[c]; });
  for (auto i : order) {
    fmt::print(f, "{} {} {:.10g} {:.10g} {:.10g}", sys.id[i], sys.type[i] + 1, sys.x[i], sys.y[i], sys.z[i]);
    if (opt.images) fmt::print(f, " {} {} {}", sys.ix[i], sys.iy[i], sys.iz[i]);
    if (opt.velocities) fmt::print(f, " {:.10g} {:.10g} {:.10g}", sys.vx[i], sys.vy[i], sys.vz[i]);
    if (energies) fmt::print(f, " {:.10g}", (*energy)[i]);
    std::fputc('\n', f);
  }
}

}  // namespace rejuv::io
