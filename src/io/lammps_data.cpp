#include "io/lammps_data.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <unordered_map>

#include <fmt/format.h>

#include "io/text_reader.h"
#include "util/error.h"

namespace rejuv::io {

namespace {

bool starts_with_letter(std::string_view s) {
  return !s.empty() && std::isalpha(static_cast<unsigned char>(s.front()));
}

// The section keyword of a line ("Atoms # atomic" -> "Atoms", "Pair Coeffs # lj/cut" -> "Pair Coeffs").
std::string section_name(std::string_view line) { return std::string(strip_comment(line)); }

// Header counts of other atom styles ("0 bonds", "0 angle types", ...).
bool is_other_count(std::string_view word) {
  for (const char* w : {"bonds", "angles", "dihedrals", "impropers", "ellipsoids", "lines", "triangles", "bodies"})
    if (word == w) return true;
  return false;
}

std::string comment_of(std::string_view line) {
  const auto hash = line.find('#');
  if (hash == std::string_view::npos) return {};
  return std::string(strip_comment(line.substr(hash + 1)));
}

struct Parser {
  TextReader reader;
  std::string line;

  explicit Parser(const std::string& path) : reader(path) {}

  // Next line that is not blank after removing comments; false at EOF.
  bool next_content(std::string_view& content) {
    while (reader.next_line(line)) {
      content = strip_comment(line);
      if (!content.empty()) return true;
    }
    return false;
  }
};

}  // namespace

System read_lammps_data(const std::string& path, std::array<bool, 3> periodic) {
  Parser p(path);
  TextReader& r = p.reader;
  System sys;
  sys.box.periodic = periodic;

  std::string first;
  if (!r.next_line(first)) r.fail("empty file: expected a LAMMPS data file (title line, then header)");

  long long natoms = -1, ntypes = -1;
  bool have_x = false, have_y = false, have_z = false;
  std::string_view content;
  bool have_section = false;

  // Header: "value(s) keyword" lines until the first section keyword.
  while (p.next_content(content)) {
    if (starts_with_letter(content)) {
      have_section = true;
      break;
    }
    const auto tok = split_whitespace(content);
    auto ends_with = [&](std::initializer_list<std::string_view> words) {
      if (tok.size() < words.size()) return false;
      std::size_t k = tok.size() - words.size();
      for (auto w : words)
        if (tok[k++] != w) return false;
      return true;
    };
    if (ends_with({"atoms"}) && tok.size() == 2) {
      natoms = r.to_int(tok[0], "the number of atoms");
      if (natoms < 0) r.fail(fmt::format("number of atoms must be >= 0, found {}", natoms));
    } else if (ends_with({"atom", "types"}) && tok.size() == 3) {
      ntypes = r.to_int(tok[0], "the number of atom types");
      if (ntypes < 1) r.fail(fmt::format("number of atom types must be >= 1, found {}", ntypes));
    } else if (ends_with({"xlo", "xhi"}) && tok.size() == 4) {
      sys.box.lo[0] = r.to_double(tok[0], "xlo");
      sys.box.hi[0] = r.to_double(tok[1], "xhi");
      have_x = true;
    } else if (ends_with({"ylo", "yhi"}) && tok.size() == 4) {
      sys.box.lo[1] = r.to_double(tok[0], "ylo");
      sys.box.hi[1] = r.to_double(tok[1], "yhi");
      have_y = true;
    } else if (ends_with({"zlo", "zhi"}) && tok.size() == 4) {
      sys.box.lo[2] = r.to_double(tok[0], "zlo");
      sys.box.hi[2] = r.to_double(tok[1], "zhi");
      have_z = true;
    } else if (ends_with({"xy", "xz", "yz"}) && tok.size() == 6) {
      sys.box.xy = r.to_double(tok[0], "xy");
      sys.box.xz = r.to_double(tok[1], "xz");
      sys.box.yz = r.to_double(tok[2], "yz");
      sys.box.triclinic = true;
    } else if ((tok.size() == 2 && is_other_count(tok[1])) ||
               (tok.size() == 3 && tok[2] == "types" && is_other_count(std::string(tok[1]) + "s"))) {
      // bonds, angles, ... counts: only zero makes sense for atom_style atomic.
      const long long n = r.to_int(tok[0], "a header count");
      if (n != 0)
        r.fail(fmt::format("'{}': only atom_style atomic data files are supported (no bonds, "
                           "angles, ...)",
                           content));
    } else {
      r.fail(fmt::format("unrecognised header line '{}': expected e.g. 'N atoms', 'N atom types', "
                         "'lo hi xlo xhi' or 'xy xz yz xy xz yz'",
                         content));
    }
  }
  if (natoms < 0) r.fail("header has no 'N atoms' line");
  if (ntypes < 0) r.fail("header has no 'N atom types' line");
  if (!have_x || !have_y || !have_z)
    r.fail("header must give all three box lines 'xlo xhi', 'ylo yhi', 'zlo zhi'");
  sys.box.validate(path);

  sys.mass.assign(static_cast<std::size_t>(ntypes), std::nan(""));
  sys.resize(static_cast<std::size_t>(natoms));
  std::unordered_map<std::int64_t, std::size_t> index_of_id;
  index_of_id.reserve(static_cast<std::size_t>(natoms));
  bool have_atoms = false;

  while (have_section) {
    const std::string header_line = p.line;
    const std::string name = section_name(content);
    have_section = false;
    if (name == "Masses") {
      for (long long k = 0; k < ntypes; ++k) {
        if (!p.next_content(content) || starts_with_letter(content))
          r.fail(fmt::format("Masses section ends early: expected {} lines 'type mass'", ntypes));
        const auto tok = split_whitespace(content);
        if (tok.size() != 2) r.fail(fmt::format("expected 'type mass', found '{}'", content));
        const long long t = r.to_int(tok[0], "the atom type");
        if (t < 1 || t > ntypes) r.fail(fmt::format("atom type {} is not in 1..{}", t, ntypes));
        const double m = r.to_double(tok[1], "the mass");
        if (!(m > 0.0)) r.fail(fmt::format("mass of type {} must be > 0, found {}", t, m));
        sys.mass[t - 1] = m;
      }
    } else if (name == "Atoms") {
      const std::string style = comment_of(header_line);
      if (!style.empty() && style != "atomic")
        r.fail(fmt::format("Atoms section is atom_style '{}': only 'atomic' is supported", style));
      for (long long k = 0; k < natoms; ++k) {
        if (!p.next_content(content) || starts_with_letter(content))
          r.fail(fmt::format("Atoms section ends after {} of {} atoms", k, natoms));
        const auto tok = split_whitespace(content);
        if (tok.size() != 5 && tok.size() != 8)
          r.fail(fmt::format("expected 'id type x y z' or 'id type x y z ix iy iz' (5 or 8 "
                             "values), found {} values",
                             tok.size()));
        const auto i = static_cast<std::size_t>(k);
        sys.id[i] = r.to_int(tok[0], "the atom id");
        if (sys.id[i] < 1) r.fail(fmt::format("atom id must be >= 1, found {}", sys.id[i]));
        if (!index_of_id.emplace(sys.id[i], i).second)
          r.fail(fmt::format("atom id {} appears twice", sys.id[i]));
        const long long t = r.to_int(tok[1], "the atom type");
        if (t < 1 || t > ntypes)
          r.fail(fmt::format("atom {} has type {}, expected 1..{} (the header's atom types)",
                             sys.id[i], t, ntypes));
        sys.type[i] = static_cast<int>(t - 1);
        sys.x[i] = r.to_double(tok[2], "x");
        sys.y[i] = r.to_double(tok[3], "y");
        sys.z[i] = r.to_double(tok[4], "z");
        if (tok.size() == 8) {
          sys.ix[i] = static_cast<int>(r.to_int(tok[5], "image flag ix"));
          sys.iy[i] = static_cast<int>(r.to_int(tok[6], "image flag iy"));
          sys.iz[i] = static_cast<int>(r.to_int(tok[7], "image flag iz"));
        }
      }
      have_atoms = true;
    } else if (name == "Velocities") {
      if (!have_atoms) r.fail("Velocities section before the Atoms section");
      for (long long k = 0; k < natoms; ++k) {
        if (!p.next_content(content) || starts_with_letter(content))
          r.fail(fmt::format("Velocities section ends after {} of {} atoms", k, natoms));
        const auto tok = split_whitespace(content);
        if (tok.size() != 4)
          r.fail(fmt::format("expected 'id vx vy vz', found {} values", tok.size()));
        const auto id = r.to_int(tok[0], "the atom id");
        const auto it = index_of_id.find(id);
        if (it == index_of_id.end()) r.fail(fmt::format("velocity for unknown atom id {}", id));
        sys.vx[it->second] = r.to_double(tok[1], "vx");
        sys.vy[it->second] = r.to_double(tok[2], "vy");
        sys.vz[it->second] = r.to_double(tok[3], "vz");
      }
      sys.has_velocities = true;
    } else if (name == "Pair Coeffs" || name == "PairIJ Coeffs") {
      // Written by LAMMPS for some pair styles; rejuv takes its potential from
      // the TOML description, so these lines are skipped.
      const long long n = name == "Pair Coeffs" ? ntypes : ntypes * (ntypes + 1) / 2;
      for (long long k = 0; k < n; ++k)
        if (!p.next_content(content) || starts_with_letter(content))
          r.fail(fmt::format("{} section ends early: expected {} lines", name, n));
    } else {
      r.fail(fmt::format("unsupported section '{}': expected Masses, Atoms, Velocities or Pair "
                         "Coeffs (atom_style atomic)",
                         name));
    }
    if (p.next_content(content)) {
      if (!starts_with_letter(content))
        r.fail(fmt::format("unexpected line '{}' after the {} section (more lines than the "
                           "header's counts?)",
                           content, name));
      have_section = true;
    }
  }
  if (!have_atoms && natoms > 0) r.fail("no Atoms section");

  // Atoms outside a non-periodic dimension cannot be placed (LAMMPS loses them).
  const double tol = 1e-9;
  for (std::size_t i = 0; i < sys.size(); ++i) {
    const Vec3 s = sys.box.to_fractional({sys.x[i], sys.y[i], sys.z[i]});
    for (int d = 0; d < 3; ++d)
      if (!sys.box.periodic[d] && (s[d] < -tol || s[d] > 1.0 + tol))
        throw InputError(fmt::format("{}: atom {} lies outside the non-periodic box in {}", path,
                                     sys.id[i], "xyz"[d]));
  }
  sys.wrap_into_box();
  return sys;
}

void write_lammps_data(const System& sys, const std::string& path, const std::string& title) {
  const std::string tmp = path + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "w");
  if (!f) throw InputError(fmt::format("{}: cannot open file for writing", path));
  fmt::print(f, "{}\n\n{} atoms\n{} atom types\n\n", title, sys.size(), sys.num_types());
  const Box& b = sys.box;
  fmt::print(f, "{:.17g} {:.17g} xlo xhi\n{:.17g} {:.17g} ylo yhi\n{:.17g} {:.17g} zlo zhi\n",
             b.lo[0], b.hi[0], b.lo[1], b.hi[1], b.lo[2], b.hi[2]);
  if (b.triclinic || b.xy != 0.0 || b.xz != 0.0 || b.yz != 0.0)
    fmt::print(f, "{:.17g} {:.17g} {:.17g} xy xz yz\n", b.xy, b.xz, b.yz);
  bool any_mass = false;
  for (double m : sys.mass) any_mass |= std::isfinite(m);
  if (any_mass) {
    fmt::print(f, "\nMasses\n\n");
    for (int t = 0; t < sys.num_types(); ++t) {
      if (!std::isfinite(sys.mass[t])) continue;
      const bool named = t < static_cast<int>(sys.type_names.size());
      fmt::print(f, "{} {:.17g}{}\n", t + 1, sys.mass[t],
                 named ? " # " + sys.type_names[t] : std::string());
    }
  }
  std::vector<std::size_t> order(sys.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](auto a, auto c) { return sys.id[a] < sys.id[c]; });
  fmt::print(f, "\nAtoms # atomic\n\n");
  for (auto i : order)
    fmt::print(f, "{} {} {:.17g} {:.17g} {:.17g} {} {} {}\n", sys.id[i], sys.type[i] + 1, sys.x[i],
               sys.y[i], sys.z[i], sys.ix[i], sys.iy[i], sys.iz[i]);
  if (sys.has_velocities) {
    fmt::print(f, "\nVelocities\n\n");
    for (auto i : order)
      fmt::print(f, "{} {:.17g} {:.17g} {:.17g}\n", sys.id[i], sys.vx[i], sys.vy[i], sys.vz[i]);
  }
  const bool ok = std::fflush(f) == 0 && !std::ferror(f);
  std::fclose(f);
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0)
    throw InputError(fmt::format("{}: could not write the data file (disk full?)", path));
}

}  // namespace rejuv::io
