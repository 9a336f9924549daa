#include "analysis/voronoi.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <memory>

#include <fmt/format.h>
#include <voro++.hh>

#include "util/error.h"

namespace rejuv::analysis {

std::vector<std::size_t> VoronoiCells::neighbors(std::size_t i) const {
  std::vector<std::size_t> out;
  for (std::size_t k = face_offset[i]; k < face_offset[i + 1]; ++k)
    if (face_neighbor[k] >= 0) out.push_back(static_cast<std::size_t>(face_neighbor[k]));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

namespace {

// voro++ ids: real atoms 0..N-1, ghosts N.. ; wall ids below the container's
// own (-1..-6) so that every negative id reads as "box wall".
constexpr int kFirstWallId = -7;

// One atom's cell as voro++ reports it, before the area threshold.
struct RawCell {
  bool ok = false;
  double volume = 0.0, area = 0.0;
  double max_vertex_radius = 0.0;  // A, from the atom
  std::vector<int> neighbor_ids, orders;
  std::vector<double> areas;
};

struct Points {
  std::vector<Vec3> pos;    // real atoms (wrapped) then ghosts
  std::vector<double> radius;
  std::vector<long> owner;  // real atom behind each point
};

// Real atoms wrapped into the periodic directions, plus every periodic image
// whose fractional coordinates lie within `margin` (A, perpendicular to the
// faces) of the box along each periodic direction.
Points make_points(const System& sys, const std::vector<double>& radius_of_atom, double margin) {
  const Box& box = sys.box;
  const Vec3 width = box.perpendicular_widths();
  const std::size_t n = sys.size();
  Points p;
  std::vector<Vec3> frac(n);
  for (std::size_t i = 0; i < n; ++i) {
    Vec3 s = box.to_fractional({sys.x[i], sys.y[i], sys.z[i]});
    for (int d = 0; d < 3; ++d)
      if (box.periodic[d]) {
        s[d] -= std::floor(s[d]);
        if (s[d] >= 1.0) s[d] -= 1.0;
      }
    frac[i] = s;
    p.pos.push_back(box.from_fractional(s));
    p.radius.push_back(radius_of_atom[i]);
    p.owner.push_back(static_cast<long>(i));
  }
  double reach[3];
  int images[3];
  for (int d = 0; d < 3; ++d) {
    reach[d] = box.periodic[d] ? margin / width[d] : 0.0;
    images[d] = box.periodic[d] ? static_cast<int>(std::ceil(reach[d])) : 0;
  }
  for (std::size_t i = 0; i < n; ++i)
    for (int a = -images[0]; a <= images[0]; ++a)
      for (int b = -images[1]; b <= images[1]; ++b)
        for (int c = -images[2]; c <= images[2]; ++c) {
          if (a == 0 && b == 0 && c == 0) continue;
          const Vec3 s{frac[i][0] + a, frac[i][1] + b, frac[i][2] + c};
          bool inside = true;
          for (int d = 0; d < 3 && inside; ++d)
            inside = s[d] >= -reach[d] && s[d] <= 1.0 + reach[d];
          if (!inside) continue;
          p.pos.push_back(box.from_fractional(s));
          p.radius.push_back(radius_of_atom[i]);
          p.owner.push_back(static_cast<long>(i));
        }
  return p;
}

template <class Container>
void collect_cells(Container& con, std::size_t nreal, std::vector<RawCell>& cells) {
  voro::c_loop_all loop(con);
  voro::voronoicell_neighbor c;
  std::vector<double> vertices;
  if (!loop.start()) return;
  do {
    const int pid = loop.pid();
    if (pid < 0 || static_cast<std::size_t>(pid) >= nreal) continue;
    RawCell& cell = cells[static_cast<std::size_t>(pid)];
    if (!con.compute_cell(c, loop)) continue;
    cell.ok = true;
    cell.volume = c.volume();
    cell.area = c.surface_area();
    c.neighbors(cell.neighbor_ids);
    c.face_orders(cell.orders);
    c.face_areas(cell.areas);
    c.vertices(vertices);  // relative to the atom
    double r2 = 0.0;
    for (std::size_t k = 0; k + 2 < vertices.size(); k += 3)
      r2 = std::max(r2, vertices[k] * vertices[k] + vertices[k + 1] * vertices[k + 1] +
                            vertices[k + 2] * vertices[k + 2]);
    cell.max_vertex_radius = std::sqrt(r2);
  } while (loop.inc());
}

// Tessellates with ghosts out to `margin`; returns the largest distance any
// real cell needs its neighbours present to (so the caller can check that
// `margin` was enough).
double tessellate(const System& sys, const std::vector<double>& radius_of_atom, bool radical,
                  double margin, std::vector<RawCell>& cells, std::vector<long>& owner) {
  const Box& box = sys.box;
  const std::size_t n = sys.size();
  const Points pts = make_points(sys, radius_of_atom, margin);
  owner = pts.owner;

  // Container: the bounding box of the points' region, padded so that no
  // point sits on its boundary.
  const Vec3 width = box.perpendicular_widths();
  Vec3 lo{1e300, 1e300, 1e300}, hi{-1e300, -1e300, -1e300};
  for (int a = 0; a < 2; ++a)
    for (int b = 0; b < 2; ++b)
      for (int c = 0; c < 2; ++c) {
        const int corner[3] = {a, b, c};
        Vec3 s;
        for (int d = 0; d < 3; ++d) {
          const double r = box.periodic[d] ? margin / width[d] : 0.0;
          s[d] = corner[d] ? 1.0 + r : -r;
        }
        const Vec3 x = box.from_fractional(s);
        for (int d = 0; d < 3; ++d) {
          lo[d] = std::min(lo[d], x[d]);
          hi[d] = std::max(hi[d], x[d]);
        }
      }
  double extent_volume = 1.0;
  for (int d = 0; d < 3; ++d) {
    const double pad = 1e-6 * (hi[d] - lo[d]) + 1e-9;
    lo[d] -= pad;
    hi[d] += pad;
    extent_volume *= hi[d] - lo[d];
  }
  // About five points per voro++ block, its authors' recommendation.
  const double block = std::cbrt(5.0 * extent_volume / static_cast<double>(pts.pos.size()));
  int nblocks[3];
  for (int d = 0; d < 3; ++d)
    nblocks[d] = std::clamp(static_cast<int>(std::lround((hi[d] - lo[d]) / block)), 1, 1024);

  // Plane walls on the faces of free dimensions. The face s_d = const has
  // normal along row d of h^-1 (the gradient of s_d).
  std::deque<voro::wall_plane> walls;
  const Mat3 hinv = box.h_inverse();
  int wall_id = kFirstWallId;
  for (int d = 0; d < 3; ++d) {
    if (box.periodic[d]) continue;
    const Vec3 g = hinv[d];
    const double norm = std::sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]);
    const Vec3 u{g[0] / norm, g[1] / norm, g[2] / norm};
    const double at_lo = u[0] * box.lo[0] + u[1] * box.lo[1] + u[2] * box.lo[2];
    // s_d <= 1  <=>  u.x <= u.lo + width_d ; s_d >= 0  <=>  -u.x <= -u.lo
    walls.emplace_back(u[0], u[1], u[2], at_lo + width[d], wall_id--);
    walls.emplace_back(-u[0], -u[1], -u[2], -at_lo, wall_id--);
  }

  cells.assign(n, RawCell{});
  if (radical) {
    voro::container_poly con(lo[0], hi[0], lo[1], hi[1], lo[2], hi[2], nblocks[0], nblocks[1],
                             nblocks[2], false, false, false, 8);
    for (auto& w : walls) con.add_wall(w);
    for (std::size_t k = 0; k < pts.pos.size(); ++k)
      con.put(static_cast<int>(k), pts.pos[k][0], pts.pos[k][1], pts.pos[k][2], pts.radius[k]);
    collect_cells(con, n, cells);
  } else {
    voro::container con(lo[0], hi[0], lo[1], hi[1], lo[2], hi[2], nblocks[0], nblocks[1],
                        nblocks[2], false, false, false, 8);
    for (auto& w : walls) con.add_wall(w);
    for (std::size_t k = 0; k < pts.pos.size(); ++k)
      con.put(static_cast<int>(k), pts.pos[k][0], pts.pos[k][1], pts.pos[k][2]);
    collect_cells(con, n, cells);
  }

  // A point j can cut the cell of i (radius R about i) only if its plane
  // comes within R: with d = |x_j - x_i| that needs
  // d < R + sqrt(R^2 + r_j^2 - r_i^2), which is 2R without radii.
  double spread = 0.0;
  if (radical) {
    const auto [rmin, rmax] = std::minmax_element(radius_of_atom.begin(), radius_of_atom.end());
    spread = (*rmax) * (*rmax) - (*rmin) * (*rmin);
  }
  double needed = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!cells[i].ok) continue;
    const double r = cells[i].max_vertex_radius;
    needed = std::max(needed, r + std::sqrt(r * r + spread));
  }
  return needed;
}

}  // namespace

VoronoiCells compute_voronoi(const System& sys, const VoronoiOptions& opt) {
  const std::size_t n = sys.size();
  const Box& box = sys.box;
  const bool radical = !opt.radius_by_type.empty();
  if (!(opt.relative_face_area_threshold >= 0.0 && opt.relative_face_area_threshold < 1.0))
    throw InputError(fmt::format("face-area threshold {}: expected a fraction in [0, 1)",
                                 opt.relative_face_area_threshold));

  std::vector<double> radius_of_atom(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    if (!radical) break;
    const int t = sys.type[i];
    if (t < 0 || t >= static_cast<int>(opt.radius_by_type.size()) || !(opt.radius_by_type[t] > 0.0))
      throw InputError(fmt::format("radical Voronoi: no positive radius for atom type {} (atom {})",
                                   t + 1, sys.id[i]));
    radius_of_atom[i] = opt.radius_by_type[t];
  }
  // The same tolerance as the data and dump readers; an atom on a free face
  // keeps the half of its cell inside the box.
  for (std::size_t i = 0; i < n; ++i) {
    const Vec3 s = box.to_fractional({sys.x[i], sys.y[i], sys.z[i]});
    for (int d = 0; d < 3; ++d)
      if (!box.periodic[d] && (s[d] < -1e-9 || s[d] > 1.0 + 1e-9))
        throw InputError(fmt::format("atom {} lies outside the non-periodic box in {}", sys.id[i], "xyz"[d]));
  }

  VoronoiCells out;
  out.face_offset.assign(1, 0);
  if (n == 0) return out;

  // Start the ghost shell at about 2.5 mean spacings and widen it until
  // every cell's neighbourhood lies inside it, so no cell is cut short.
  const double spacing = std::cbrt(box.volume() / static_cast<double>(n));
  double margin = 2.5 * spacing;
  std::vector<RawCell> cells;
  std::vector<long> owner;
  for (int attempt = 0;; ++attempt) {
    const double needed = tessellate(sys, radius_of_atom, radical, margin, cells, owner);
    bool all_ok = true;
    for (const auto& c : cells) all_ok &= c.ok;
    if (all_ok && needed <= margin) break;
    bool any_periodic = box.periodic[0] || box.periodic[1] || box.periodic[2];
    if (!any_periodic || attempt == 6) {
      for (std::size_t i = 0; i < n; ++i)
        if (!cells[i].ok)
          throw InputError(fmt::format("atom {}: voro++ could not build its Voronoi cell (two atoms at "
                                       "the same place?)",
                                       sys.id[i]));
      if (!any_periodic) break;
      throw InputError(fmt::format("Voronoi cells reach {} A from their atoms: too sparse a "
                                   "configuration for the periodic images",
                                   needed));
    }
    margin = std::max(1.1 * needed, 1.5 * margin);
  }

  out.index.assign(n, {0, 0, 0, 0});
  out.faces.assign(n, 0);
  out.volume.assign(n, 0.0);
  out.surface_area.assign(n, 0.0);
  out.face_offset.assign(n + 1, 0);
  const double threshold = opt.relative_face_area_threshold;
  for (std::size_t i = 0; i < n; ++i) {
    const RawCell& c = cells[i];
    out.volume[i] = c.volume;
    out.surface_area[i] = c.area;
    for (std::size_t f = 0; f < c.orders.size(); ++f) {
      if (c.areas[f] < threshold * c.area) continue;
      const int edges = c.orders[f];
      if (edges >= 3 && edges <= 6) ++out.index[i][static_cast<std::size_t>(edges - 3)];
      ++out.faces[i];
      const int id = c.neighbor_ids[f];
      out.face_neighbor.push_back(id >= 0 ? owner[static_cast<std::size_t>(id)] : -1);
      out.face_area.push_back(c.areas[f]);
      out.face_edges.push_back(edges);
    }
    out.face_offset[i + 1] = out.face_neighbor.size();
  }
  return out;
}

}  // namespace rejuv::analysis
