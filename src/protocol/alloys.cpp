#include "protocol/alloys.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "util/error.h"
#include "util/fingerprint.h"

namespace rejuv::protocol {

std::vector<std::pair<std::string, double>> parse_composition(const std::string& text) {
  std::vector<std::pair<std::string, double>> out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!std::isupper(static_cast<unsigned char>(text[i])))
      throw InputError(fmt::format("composition '{}': expected element symbols with percentages, e.g. Zr50Cu40Al10",
                                   text));
    std::string el(1, text[i++]);
    while (i < text.size() && std::islower(static_cast<unsigned char>(text[i]))) el += text[i++];
    const std::size_t start = i;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
    if (start == i) throw InputError(fmt::format("composition '{}': element {} has no percentage", text, el));
    for (const auto& [seen, p] : out)
      if (seen == el) throw InputError(fmt::format("composition '{}': element {} appears twice", text, el));
    out.emplace_back(el, std::stod(text.substr(start, i - start)));
  }
  double sum = 0.0;
  for (const auto& [el, p] : out) sum += p;
  if (out.empty() || std::abs(sum - 100.0) > 1e-6)
    throw InputError(fmt::format("composition '{}': percentages add up to {}, expected 100", text, sum));
  return out;
}

namespace {

struct Builtin {
  const char* name;
  const char* composition;
  const char* style;
  const char* file;
  std::vector<std::string> file_elements;  // order of types (must be in the file)
  double density;                          // atoms/A^3 of the initial melt
};

const std::vector<Builtin>& builtins() {
  static const std::vector<Builtin> list = {
      {"CuZr-FS", "Cu50Zr50", "eam/fs", "CuZr_mm.eam.fs", {"Cu", "Zr"}, 0.0555},
      {"AlFe-FS", "Al50Fe50", "eam/fs", "AlFe_mm.eam.fs", {"Al", "Fe"}, 0.070},
      {"ZrCuAl", "Zr50Cu40Al10", "eam/alloy", "ZrCuAl2011.eam.alloy", {"Zr", "Cu", "Al"}, 0.054},
      {"PdSi", "Pd82Si18", "eam/alloy", "PdSi.lammps.eam", {"Pd", "Si"}, 0.066},
      {"NiP", "Ni80P20", "eam/alloy", "NiP.lammps.eam", {"Ni", "P"}, 0.080},
      {"LaAl", "Al90La10", "eam/alloy", "LaAl.lammps.eam", {"La", "Al"}, 0.052},
  };
  return list;
}

}  // namespace

std::vector<std::string> builtin_alloy_names() {
  std::vector<std::string> names;
  for (const auto& b : builtins()) names.push_back(b.name);
  for (const char* n : {"CuZr-LJ", "ZrCuAg", "ZrPt"}) names.push_back(n);
  return names;
}

Alloy builtin_alloy(const std::string& name, const std::string& base_dir) {
  if (name == "CuZr-LJ")
    throw InputError("alloy CuZr-LJ (the Kobayashi-Maeda-Takeuchi 8-4 model) needs its parameter values, which "
                     "rejuv does not ship: describe it as a user alloy with a [potential] table of style \"mie\", "
                     "m = 8, n = 4, shift = \"force\" and the Cu-Cu, Cu-Zr, Zr-Zr epsilon/sigma/cutoff");
  if (name == "ZrCuAg" || name == "ZrPt")
    throw InputError(fmt::format("alloy {} needs a potential file you supply: describe it as a user alloy "
                                 "(composition and a [potential] table naming the file)",
                                 name));
  for (const auto& b : builtins()) {
    if (name != b.name) continue;
    Alloy a;
    a.name = b.name;
    a.number_density = b.density;
    const auto comp = parse_composition(b.composition);
    for (const auto& el : b.file_elements) {
      a.elements.push_back(el);
      for (const auto& [e, p] : comp)
        if (e == el) a.fractions.push_back(p / 100.0);
    }
    a.potential.source = fmt::format("built-in alloy {}", name);
    a.potential.style = b.style;
    a.potential.elements = a.elements;
    a.potential.files.push_back(io::resolve_potential_file(b.file, base_dir, a.potential.source));
    return a;
  }
  throw InputError(fmt::format("unknown alloy '{}': expected one of {}", name, fmt::join(builtin_alloy_names(), ", ")));
}

Alloy make_user_alloy(const std::string& name, const std::string& composition, const io::PotentialSpec& potential,
                      double density, const std::string& where) {
  // The name becomes part of folder names.
  const bool safe = !name.empty() && name[0] != '.' &&
                    std::all_of(name.begin(), name.end(), [](char c) {
                      return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
                    });
  if (!safe)
    throw InputError(fmt::format("{}: alloy name '{}': expected letters, digits, '-', '_' or '.' (not first)", where,
                                 name));
  Alloy a;
  a.name = name;
  a.potential = potential;
  a.elements = potential.elements;
  const auto comp = parse_composition(composition);
  for (const auto& [e, p] : comp)
    if (std::find(a.elements.begin(), a.elements.end(), e) == a.elements.end())
      throw InputError(fmt::format("{}: the potential's elements ({}) lack {} of the composition {}", where,
                                   fmt::join(a.elements, ", "), e, composition));
  for (const auto& el : a.elements) {
    double f = 0.0;
    for (const auto& [e, p] : comp)
      if (e == el) f = p / 100.0;
    a.fractions.push_back(f);
  }
  if (!(density > 0.0) || !std::isfinite(density))
    throw InputError(fmt::format("{}: density = {}: expected the starting number density in atoms/A^3 (> 0)", where,
                                 density));
  a.number_density = density;
  return a;
}

Alloy alloy_from_file(const std::string& path) {
  toml::table doc;
  try {
    doc = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    throw InputError(fmt::format("{}:{}: {}", path, e.source().begin.line, e.description()));
  }
  const auto* table = doc["alloy"].as_table();
  if (!table) throw InputError(fmt::format("{}: expected an [alloy] table (name, composition, density)", path));
  auto text = [&](const char* key) {
    const auto v = (*table)[key].value<std::string>();
    if (!v) throw InputError(fmt::format("{}: alloy.{}: expected a string", path, key));
    return *v;
  };
  const auto density = (*table)["density"].value<double>();
  if (!density) throw InputError(fmt::format("{}: alloy.density: expected a number (atoms/A^3)", path));
  for (const auto& [key, value] : *table)
    if (key != "name" && key != "composition" && key != "density")
      throw InputError(fmt::format("{}: alloy.{}: unknown key (expected name, composition, density)", path,
                                   key.str()));
  return make_user_alloy(text("name"), text("composition"), io::read_potential_config(path, {"alloy"}), *density,
                         fmt::format("{}: alloy", path));
}

nlohmann::json alloy_record(const Alloy& a) {
  nlohmann::json files = nlohmann::json::array(), pairs = nlohmann::json::array();
  for (const auto& f : a.potential.files)
    files.push_back({{"name", std::filesystem::path(f).filename().string()}, {"fnv1a", fmt::format("{:016x}", fnv1a_file(f))}});
  for (const auto& p : a.potential.pairs)
    pairs.push_back({{"elements", {p.element_a, p.element_b}},
                     {"epsilon", p.epsilon},
                     {"sigma", p.sigma},
                     {"cutoff", p.cutoff},
                     {"m", p.m},
                     {"n", p.n}});
  nlohmann::json record = {{"name", a.name},
                            {"elements", a.elements},
                            {"fractions", a.fractions},
                            {"number_density", a.number_density},
                            {"potential_style", a.potential.style},
                            {"potential_files", files},
                            {"shift", static_cast<int>(a.potential.shift)},
                            {"pairs", pairs}};
  // The opt-in faster tables change the results, so they are part of the
  // record (and of every task identity built on it); absent at the default,
  // so that records (and finished results) from before the key stay valid.
  if (a.potential.pair_table_stride != 1) record["pair_table_stride"] = a.potential.pair_table_stride;
  return record;
}

Alloy find_alloy(const std::string& name_or_file, const std::string& base_dir) {
  const bool is_file = name_or_file.size() > 5 && name_or_file.substr(name_or_file.size() - 5) == ".toml";
  return is_file ? alloy_from_file(name_or_file) : builtin_alloy(name_or_file, base_dir);
}

}  // namespace rejuv::protocol
