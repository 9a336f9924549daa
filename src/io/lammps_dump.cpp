#include "io/lammps_dump.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>

#include "io/text_reader.h"
#include "util/error.h"

namespace rejuv::io {

namespace {

void write_frame_header(std::FILE* f, const System& sys, long step) {
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
}

std::vector<std::size_t> id_order(const System& sys) {
  std::vector<std::size_t> order(sys.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](auto a, auto c) { return sys.id[a] < sys.id[c]; });
  return order;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

}  // namespace

void write_dump_frame(std::FILE* f, const System& sys, long step, const DumpOptions& opt,
                      const std::vector<double>* energy) {
  const bool energies = opt.energies && energy && energy->size() == sys.size();
  write_frame_header(f, sys, step);
  fmt::print(f, "ITEM: ATOMS id type x y z{}{}{}\n", opt.images ? " ix iy iz" : "", opt.velocities ? " vx vy vz" : "",
             energies ? " pe" : "");
  for (auto i : id_order(sys)) {
    fmt::print(f, "{} {} {:.10g} {:.10g} {:.10g}", sys.id[i], sys.type[i] + 1, sys.x[i], sys.y[i], sys.z[i]);
    if (opt.images) fmt::print(f, " {} {} {}", sys.ix[i], sys.iy[i], sys.iz[i]);
    if (opt.velocities) fmt::print(f, " {:.10g} {:.10g} {:.10g}", sys.vx[i], sys.vy[i], sys.vz[i]);
    if (energies) fmt::print(f, " {:.10g}", (*energy)[i]);
    std::fputc('\n', f);
  }
}

void write_dump_frame_columns(std::FILE* f, const System& sys, long step, const std::vector<DumpColumn>& columns) {
  write_frame_header(f, sys, step);
  fmt::print(f, "ITEM: ATOMS id type x y z");
  for (const auto& c : columns) fmt::print(f, " {}", c.name);
  std::fputc('\n', f);
  for (auto i : id_order(sys)) {
    fmt::print(f, "{} {} {:.10g} {:.10g} {:.10g}", sys.id[i], sys.type[i] + 1, sys.x[i], sys.y[i], sys.z[i]);
    for (const auto& c : columns) {
      if (c.integer)
        fmt::print(f, " {}", static_cast<long long>(c.values[i]));
      else
        fmt::print(f, " {:.10g}", c.values[i]);
    }
    std::fputc('\n', f);
  }
}

bool looks_like_dump(const std::string& path) {
  TextReader r(path);
  std::string line;
  while (r.next_line(line)) {
    const auto tok = split_whitespace(line);
    if (tok.empty()) continue;
    return starts_with(tok[0], "ITEM:");
  }
  return false;
}

namespace {

// Which columns of an ATOMS line hold what.
struct AtomColumns {
  std::size_t count = 0;
  long id = -1, type = -1;
  long coord[3] = {-1, -1, -1};
  bool scaled = false;
};

AtomColumns parse_atom_columns(const TextReader& r, const std::vector<std::string_view>& tok) {
  // tok = "ITEM:" "ATOMS" names...
  AtomColumns c;
  c.count = tok.size() - 2;
  auto find = [&](std::string_view name) -> long {
    for (std::size_t k = 2; k < tok.size(); ++k)
      if (tok[k] == name) return static_cast<long>(k - 2);
    return -1;
  };
  std::string names;
  for (std::size_t k = 2; k < tok.size(); ++k) {
    if (k > 2) names += ' ';
    names.append(tok[k]);
  }
  c.id = find("id");
  c.type = find("type");
  if (c.id < 0 || c.type < 0)
    r.fail(fmt::format("ITEM: ATOMS needs columns 'id' and 'type', found '{}'", names));
  const char* sets[4][3] = {{"x", "y", "z"}, {"xu", "yu", "zu"}, {"xs", "ys", "zs"}, {"xsu", "ysu", "zsu"}};
  for (int s = 0; s < 4; ++s) {
    long k[3];
    for (int d = 0; d < 3; ++d) k[d] = find(sets[s][d]);
    if (k[0] >= 0 && k[1] >= 0 && k[2] >= 0) {
      for (int d = 0; d < 3; ++d) c.coord[d] = k[d];
      c.scaled = s >= 2;
      return c;
    }
  }
  r.fail(fmt::format("ITEM: ATOMS has no coordinates: expected columns x y z, xu yu zu, xs ys zs or "
                     "xsu ysu zsu, found '{}'",
                     names));
}

}  // namespace

DumpRead read_lammps_dump(const std::string& path, long frame) {
  TextReader r(path);
  std::string line;
  auto next_nonblank = [&]() {
    while (r.next_line(line))
      if (!split_whitespace(line).empty()) return true;
    return false;
  };
  auto next_required = [&](std::string_view what) {
    if (!r.next_line(line)) r.fail(fmt::format("file ends inside a frame: expected {}", what));
  };
  if (!next_nonblank()) r.fail("empty file: expected a LAMMPS dump starting 'ITEM: TIMESTEP'");

  DumpRead out;
  bool have = false;
  long index = 0;
  bool more = true;
  while (more) {
    if (strip_comment(line) != "ITEM: TIMESTEP")
      r.fail(fmt::format("expected 'ITEM: TIMESTEP' to start a frame, found '{}' (not a LAMMPS text dump?)",
                         strip_comment(line)));
    next_required("the timestep");
    const long timestep = static_cast<long>(r.to_int(strip_comment(line), "the timestep"));
    long long natoms = -1;
    Box box;
    bool have_box = false;
    std::optional<AtomColumns> columns;
    while (!columns) {
      next_required("ITEM: NUMBER OF ATOMS, ITEM: BOX BOUNDS or ITEM: ATOMS");
      const auto tok = split_whitespace(line);
      if (tok.size() < 2 || tok[0] != "ITEM:") r.fail(fmt::format("expected an 'ITEM:' line, found '{}'", line));
      if (tok[1] == "NUMBER") {
        next_required("the number of atoms");
        natoms = r.to_int(strip_comment(line), "the number of atoms");
        if (natoms < 0) r.fail(fmt::format("number of atoms must be >= 0, found {}", natoms));
      } else if (tok[1] == "BOX") {
        std::size_t k = 3;  // after "ITEM: BOX BOUNDS"
        const bool tilted = tok.size() >= 6 && tok[3] == "xy" && tok[4] == "xz" && tok[5] == "yz";
        if (tilted) k = 6;
        for (int d = 0; d < 3; ++d) box.periodic[d] = k + d < tok.size() ? tok[k + d] == "pp" : true;
        double bound[3][3] = {};
        const char* what[3] = {"x bounds", "y bounds", "z bounds"};
        for (int d = 0; d < 3; ++d) {
          next_required(what[d]);
          const auto nums = split_whitespace(line);
          if (nums.size() != (tilted ? 3u : 2u))
            r.fail(fmt::format("expected {} numbers ({}), found {}", tilted ? 3 : 2,
                               tilted ? "lo hi tilt" : "lo hi", nums.size()));
          for (std::size_t m = 0; m < nums.size(); ++m) bound[d][m] = r.to_double(nums[m], what[d]);
        }
        if (tilted) {
          box.xy = bound[0][2];
          box.xz = bound[1][2];
          box.yz = bound[2][2];
          box.triclinic = true;
        }
        // LAMMPS writes the bounding box of a tilted cell; undo that.
        box.lo = {bound[0][0] - std::min({0.0, box.xy, box.xz, box.xy + box.xz}),
                  bound[1][0] - std::min(0.0, box.yz), bound[2][0]};
        box.hi = {bound[0][1] - std::max({0.0, box.xy, box.xz, box.xy + box.xz}),
                  bound[1][1] - std::max(0.0, box.yz), bound[2][1]};
        box.validate(located(path, r.line_number(), "BOX BOUNDS"));
        have_box = true;
      } else if (tok[1] == "ATOMS") {
        if (natoms < 0) r.fail("ITEM: ATOMS before ITEM: NUMBER OF ATOMS");
        if (!have_box) r.fail("ITEM: ATOMS before ITEM: BOX BOUNDS");
        columns = parse_atom_columns(r, tok);
      } else {
        next_required(fmt::format("the value of '{}'", line));  // ITEM: UNITS, ITEM: TIME, ...
      }
    }

    const bool wanted = frame < 0 || index == frame;
    if (wanted) {
      System sys;
      sys.box = box;
      sys.resize(static_cast<std::size_t>(natoms));
      int ntypes = 0;
      std::unordered_map<std::int64_t, std::size_t> seen;
      for (long long k = 0; k < natoms; ++k) {
        next_required(fmt::format("{} atom lines", natoms));
        const auto tok = split_whitespace(line);
        if (tok.size() != columns->count)
          r.fail(fmt::format("expected {} values per atom (the ITEM: ATOMS columns), found {}", columns->count,
                             tok.size()));
        const auto i = static_cast<std::size_t>(k);
        sys.id[i] = r.to_int(tok[static_cast<std::size_t>(columns->id)], "the atom id");
        if (!seen.emplace(sys.id[i], i).second) r.fail(fmt::format("atom id {} appears twice", sys.id[i]));
        const long long t = r.to_int(tok[static_cast<std::size_t>(columns->type)], "the atom type");
        if (t < 1) r.fail(fmt::format("atom {} has type {}: expected >= 1", sys.id[i], t));
        sys.type[i] = static_cast<int>(t - 1);
        ntypes = std::max(ntypes, static_cast<int>(t));
        Vec3 v;
        for (int d = 0; d < 3; ++d)
          v[d] = r.to_double(tok[static_cast<std::size_t>(columns->coord[d])], "a coordinate");
        const Vec3 s = columns->scaled ? v : box.to_fractional(v);
        for (int d = 0; d < 3; ++d)
          if (!box.periodic[d] && (s[d] < -1e-9 || s[d] > 1.0 + 1e-9))
            r.fail(fmt::format("atom {} lies outside the non-periodic box in {}", sys.id[i], "xyz"[d]));
        const Vec3 x = columns->scaled ? box.from_fractional(v) : v;
        sys.x[i] = x[0];
        sys.y[i] = x[1];
        sys.z[i] = x[2];
      }
      sys.mass.assign(static_cast<std::size_t>(ntypes), std::nan(""));
      sys.wrap_into_box();
      out.system = std::move(sys);
      out.timestep = timestep;
      out.frame = index;
      have = true;
    } else {
      for (long long k = 0; k < natoms; ++k) next_required(fmt::format("{} atom lines", natoms));
    }
    ++index;
    if (frame >= 0 && index > frame) break;
    more = next_nonblank();
  }
  out.frames = index;
  if (!have)
    throw InputError(fmt::format("{}: frame {} requested, but the file has {} frame{} (0..{})", path, frame, index,
                                 index == 1 ? "" : "s", index - 1));
  return out;
}

}  // namespace rejuv::io
