#include "io/eam_file.h"

#include <fmt/format.h>

#include "io/text_reader.h"

namespace rejuv::io {

namespace {

struct GridHeader {
  int nrho;
  double drho;
  int nr;
  double dr;
  double cutoff;
};

// "Nrho drho Nr dr cutoff", the grid line shared by all three formats.
GridHeader read_grid_line(TextReader& r) {
  std::string line;
  if (!r.next_line(line)) r.fail("file ends before the grid line 'Nrho drho Nr dr cutoff'");
  const auto tok = split_whitespace(line);
  if (tok.size() < 5)
    r.fail(fmt::format("expected 5 numbers (Nrho drho Nr dr cutoff), found {}", tok.size()));
  GridHeader g{};
  g.nrho = static_cast<int>(r.to_int(tok[0], "Nrho"));
  g.drho = r.to_double(tok[1], "drho");
  g.nr = static_cast<int>(r.to_int(tok[2], "Nr"));
  g.dr = r.to_double(tok[3], "dr");
  g.cutoff = r.to_double(tok[4], "cutoff");
  // The cubic-spline construction needs at least five knots.
  if (g.nrho < 5) r.fail(fmt::format("Nrho = {}: expected at least 5 grid points", g.nrho));
  if (g.nr < 5) r.fail(fmt::format("Nr = {}: expected at least 5 grid points", g.nr));
  if (!(g.drho > 0.0)) r.fail(fmt::format("drho = {}: expected a spacing > 0", g.drho));
  if (!(g.dr > 0.0)) r.fail(fmt::format("dr = {}: expected a spacing > 0", g.dr));
  if (!(g.cutoff > 0.0)) r.fail(fmt::format("cutoff = {}: expected a cutoff > 0", g.cutoff));
  return g;
}

std::vector<double> read_table(TextReader& r, int n, const std::string& what) {
  std::vector<double> v;
  r.read_numbers(static_cast<std::size_t>(n), v, what);
  return v;
}

void expect_end(TextReader& r) {
  std::string line;
  while (r.next_line(line))
    if (!split_whitespace(line).empty())
      r.fail("more values than the header's grid sizes and element count imply: do Nrho and Nr "
             "match the tables?");
}

}  // namespace

SetflFile read_setfl(const std::string& path, bool finnis_sinclair) {
  TextReader r(path);
  SetflFile f;
  f.path = path;
  f.finnis_sinclair = finnis_sinclair;
  std::string line;
  for (int k = 0; k < 3; ++k)
    if (!r.next_line(line)) r.fail("file ends within the three comment lines of the header");

  if (!r.next_line(line)) r.fail("file ends before the element line 'N element1 ... elementN'");
  const auto tok = split_whitespace(line);
  if (tok.empty()) r.fail("expected the element line 'N element1 ... elementN', found a blank line");
  const long long n = r.to_int(tok[0], "the number of elements");
  if (n < 1) r.fail(fmt::format("number of elements must be >= 1, found {}", n));
  if (static_cast<long long>(tok.size()) != n + 1)
    r.fail(fmt::format("element line says {} elements but names {}", n, tok.size() - 1));
  for (std::size_t k = 1; k < tok.size(); ++k) f.elements.emplace_back(tok[k]);

  const GridHeader g = read_grid_line(r);
  f.nrho = g.nrho;
  f.drho = g.drho;
  f.nr = g.nr;
  f.dr = g.dr;
  f.cutoff = g.cutoff;

  const int ne = static_cast<int>(n);
  for (int i = 0; i < ne; ++i) {
    const std::string& el = f.elements[i];
    if (!r.next_line(line))
      r.fail(fmt::format("file ends before the line 'atomic-number mass ...' of element {}", el));
    const auto et = split_whitespace(line);
    if (et.size() < 2)
      r.fail(fmt::format("expected 'atomic-number mass lattice-constant lattice-type' for element "
                         "{}, found '{}'",
                         el, line));
    r.to_int(et[0], fmt::format("the atomic number of {}", el));
    const double mass = r.to_double(et[1], fmt::format("the mass of {}", el));
    if (!(mass > 0.0)) r.fail(fmt::format("mass of {} must be > 0, found {}", el, mass));
    f.mass.push_back(mass);
    f.frho.push_back(read_table(r, f.nrho, fmt::format("F(rho) of {}", el)));
    if (finnis_sinclair) {
      for (int j = 0; j < ne; ++j)
        f.rhor.push_back(
            read_table(r, f.nr, fmt::format("rho(r) of {}-{}", el, f.elements[j])));
    } else {
      f.rhor.push_back(read_table(r, f.nr, fmt::format("rho(r) of {}", el)));
    }
  }
  for (int i = 0; i < ne; ++i)
    for (int j = 0; j <= i; ++j)
      f.z2r.push_back(read_table(
          r, f.nr, fmt::format("r*phi(r) of {}-{}", f.elements[i], f.elements[j])));
  expect_end(r);
  return f;
}

FuncflFile read_funcfl(const std::string& path) {
  TextReader r(path);
  FuncflFile f;
  f.path = path;
  std::string line;
  if (!r.next_line(line)) r.fail("empty file: expected a funcfl EAM file (comment line first)");
  if (!r.next_line(line)) r.fail("file ends before the line 'atomic-number mass ...'");
  const auto tok = split_whitespace(line);
  if (tok.size() < 2)
    r.fail(fmt::format("expected 'atomic-number mass lattice-constant lattice-type', found '{}'",
                       line));
  f.atomic_number = static_cast<int>(r.to_int(tok[0], "the atomic number"));
  f.mass = r.to_double(tok[1], "the mass");
  if (!(f.mass > 0.0)) r.fail(fmt::format("mass must be > 0, found {}", f.mass));
  const GridHeader g = read_grid_line(r);
  f.nrho = g.nrho;
  f.drho = g.drho;
  f.nr = g.nr;
  f.dr = g.dr;
  f.cutoff = g.cutoff;
  f.frho = read_table(r, f.nrho, "F(rho)");
  f.zr = read_table(r, f.nr, "Z(r)");
  f.rhor = read_table(r, f.nr, "rho(r)");
  expect_end(r);
  return f;
}

}  // namespace rejuv::io
