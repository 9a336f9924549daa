#include "io/potential_config.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "util/error.h"

namespace rejuv::io {

namespace fs = std::filesystem;

namespace {

const char* type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    default: return "a date/time";
  }
}

struct Checker {
  std::string source;

  [[noreturn]] void fail(const toml::node& node, const std::string& key, const std::string& msg) const {
    throw InputError(located(source, static_cast<long>(node.source().begin.line),
                             fmt::format("{}: {}", key, msg)));
  }
  [[noreturn]] void fail_missing(const toml::node& table, const std::string& key) const {
    throw InputError(located(source, static_cast<long>(table.source().begin.line),
                             fmt::format("{}: missing required key", key)));
  }

  void only_keys(const toml::table& table, const std::string& prefix,
                 const std::set<std::string>& allowed) const {
    for (const auto& [k, v] : table) {
      const std::string key(k.str());
      if (!allowed.count(key)) {
        std::string list;
        for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
        fail(v, prefix + key, fmt::format("unknown key (expected one of: {})", list));
      }
    }
  }

  std::string string(const toml::node& node, const std::string& key) const {
    if (const auto* s = node.as_string()) return s->get();
    fail(node, key, fmt::format("expected a string, found {}", type_name(node)));
  }

  double number(const toml::node& node, const std::string& key) const {
    double v = 0.0;
    if (const auto* f = node.as_floating_point()) v = f->get();
    else if (const auto* i = node.as_integer()) v = static_cast<double>(i->get());
    else fail(node, key, fmt::format("expected a number, found {}", type_name(node)));
    if (!std::isfinite(v)) fail(node, key, "expected a finite number");
    return v;
  }

  std::vector<std::string> strings(const toml::node& node, const std::string& key) const {
    const auto* arr = node.as_array();
    if (!arr) fail(node, key, fmt::format("expected an array of strings, found {}", type_name(node)));
    std::vector<std::string> out;
    for (std::size_t k = 0; k < arr->size(); ++k)
      out.push_back(string(*arr->get(k), fmt::format("{}[{}]", key, k)));
    return out;
  }
};

}  // namespace

std::string resolve_potential_file(const std::string& name, const std::string& base_dir,
                                   const std::string& where) {
  const fs::path p(name);
  if (p.is_absolute()) {
    if (fs::is_regular_file(p)) return p.string();
    throw InputError(fmt::format("{}: potential file '{}' not found", where, name));
  }
  std::vector<fs::path> tried;
  tried.push_back(fs::path(base_dir.empty() ? "." : base_dir) / p);
  const bool bare = !p.has_parent_path();
  if (bare) {
    if (const char* env = std::getenv("REJUV_POTENTIAL_PATH")) {
      std::stringstream ss(env);
      std::string dir;
      while (std::getline(ss, dir, ':'))
        if (!dir.empty()) tried.push_back(fs::path(dir) / p);
    }
    tried.push_back(fs::path("/usr/share/lammps/potentials") / p);
  }
  for (const auto& t : tried)
    if (fs::is_regular_file(t)) return t.string();
  std::string list;
  for (const auto& t : tried) list += (list.empty() ? "" : ", ") + t.string();
  throw InputError(fmt::format(
      "{}: potential file '{}' not found (looked in: {}; set REJUV_POTENTIAL_PATH to add folders)",
      where, name, list));
}

PotentialSpec parse_potential_config(const std::string& text, const std::string& source,
                                     const std::set<std::string>& other_tables) {
  toml::table root;
  try {
    root = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    throw InputError(located(source, static_cast<long>(e.source().begin.line),
                             fmt::format("TOML syntax error: {}", e.description())));
  }
  Checker c{source};
  std::set<std::string> top_level = other_tables;
  top_level.insert("potential");
  c.only_keys(root, "", top_level);
  const toml::node* pnode = root.get("potential");
  if (!pnode)
    throw InputError(fmt::format("{}: no [potential] table (expected [potential] with style, "
                                 "elements and file/files/pairs)",
                                 source));
  const auto* pot = pnode->as_table();
  if (!pot) c.fail(*pnode, "potential", fmt::format("expected a table, found {}", type_name(*pnode)));
  c.only_keys(*pot, "potential.", {"style", "file", "files", "elements", "shift", "pairs", "pair_table_stride"});

  PotentialSpec spec;
  spec.source = source;
  const std::string base_dir = fs::path(source).parent_path().string();

  const toml::node* style = pot->get("style");
  if (!style) c.fail_missing(*pot, "potential.style");
  spec.style = c.string(*style, "potential.style");
  const std::set<std::string> styles{"eam/alloy", "eam/fs", "eam", "lj", "mie"};
  if (!styles.count(spec.style))
    c.fail(*style, "potential.style",
           fmt::format("'{}' is not a known style (expected eam/alloy, eam/fs, eam, lj or mie)",
                       spec.style));

  const toml::node* elements = pot->get("elements");
  if (!elements) c.fail_missing(*pot, "potential.elements");
  spec.elements = c.strings(*elements, "potential.elements");
  if (spec.elements.empty())
    c.fail(*elements, "potential.elements", "expected at least one element name");

  const bool eam_setfl = spec.style == "eam/alloy" || spec.style == "eam/fs";
  const bool funcfl = spec.style == "eam";
  const bool pair = spec.style == "lj" || spec.style == "mie";
  auto forbid = [&](const char* key, const char* why) {
    if (const toml::node* n = pot->get(key))
      c.fail(*n, fmt::format("potential.{}", key), fmt::format("not used by style '{}' ({})", spec.style, why));
  };

  if (eam_setfl) {
    forbid("files", "use file = \"...\" for setfl styles");
    forbid("shift", "only lj and mie take a shift");
    forbid("pairs", "only lj and mie take pair tables");
    const toml::node* file = pot->get("file");
    if (!file) c.fail_missing(*pot, "potential.file");
    spec.files.push_back(resolve_potential_file(c.string(*file, "potential.file"), base_dir,
                                                located(source, static_cast<long>(file->source().begin.line), "potential.file")));
  } else if (funcfl) {
    forbid("file", "style eam takes files = [...], one funcfl file per element");
    forbid("shift", "only lj and mie take a shift");
    forbid("pairs", "only lj and mie take pair tables");
    const toml::node* files = pot->get("files");
    if (!files) c.fail_missing(*pot, "potential.files");
    const auto names = c.strings(*files, "potential.files");
    if (names.size() != spec.elements.size())
      c.fail(*files, "potential.files",
             fmt::format("expected one funcfl file per element ({}), found {}", spec.elements.size(),
                         names.size()));
    for (const auto& n : names)
      spec.files.push_back(resolve_potential_file(n, base_dir, located(source, static_cast<long>(files->source().begin.line), "potential.files")));
  }
  if (const toml::node* stride = pot->get("pair_table_stride")) {
    if (!eam_setfl && !funcfl) forbid("pair_table_stride", "it coarsens EAM tables; pair styles have none");
    const auto* i = stride->as_integer();
    if (!i) c.fail(*stride, "potential.pair_table_stride", fmt::format("expected an integer, found {}", type_name(*stride)));
    if (i->get() < 1 || i->get() > kMaxPairTableStride)
      c.fail(*stride, "potential.pair_table_stride",
             fmt::format("{}: expected 1 (the file's own tables, the default) up to {} (knots kept: about "
                         "one in that many)",
                         i->get(), kMaxPairTableStride));
    spec.pair_table_stride = static_cast<int>(i->get());
  }
  if (pair) {
    forbid("file", "pair styles take [[potential.pairs]] tables");
    forbid("files", "pair styles take [[potential.pairs]] tables");
    if (const toml::node* shift = pot->get("shift")) {
      const std::string s = c.string(*shift, "potential.shift");
      if (s == "none") spec.shift = PairShift::none;
      else if (s == "energy") spec.shift = PairShift::energy;
      else if (s == "force") spec.shift = PairShift::force;
      else c.fail(*shift, "potential.shift", fmt::format("'{}': expected \"none\", \"energy\" or \"force\"", s));
    }
    const toml::node* pairs = pot->get("pairs");
    if (!pairs) c.fail_missing(*pot, "potential.pairs");
    const auto* arr = pairs->as_array();
    if (!arr) c.fail(*pairs, "potential.pairs", fmt::format("expected an array of tables [[potential.pairs]], found {}", type_name(*pairs)));
    for (std::size_t k = 0; k < arr->size(); ++k) {
      const std::string key = fmt::format("potential.pairs[{}]", k);
      const toml::node& node = *arr->get(k);
      const auto* t = node.as_table();
      if (!t) c.fail(node, key, fmt::format("expected a table, found {}", type_name(node)));
      std::set<std::string> allowed{"elements", "epsilon", "sigma", "cutoff"};
      if (spec.style == "mie") allowed.insert({"m", "n"});
      c.only_keys(*t, key + ".", allowed);
      auto get = [&](const char* name) -> const toml::node& {
        const toml::node* n = t->get(name);
        if (!n) c.fail_missing(node, key + "." + name);
        return *n;
      };
      PairSpec ps;
      const auto el = c.strings(get("elements"), key + ".elements");
      if (el.size() != 2) c.fail(get("elements"), key + ".elements", fmt::format("expected two element names, found {}", el.size()));
      ps.element_a = el[0];
      ps.element_b = el[1];
      ps.epsilon = c.number(get("epsilon"), key + ".epsilon");
      ps.sigma = c.number(get("sigma"), key + ".sigma");
      ps.cutoff = c.number(get("cutoff"), key + ".cutoff");
      if (ps.epsilon < 0.0) c.fail(get("epsilon"), key + ".epsilon", fmt::format("{}: expected an energy >= 0 eV", ps.epsilon));
      if (!(ps.sigma > 0.0)) c.fail(get("sigma"), key + ".sigma", fmt::format("{}: expected a length > 0 A", ps.sigma));
      if (!(ps.cutoff > 0.0)) c.fail(get("cutoff"), key + ".cutoff", fmt::format("{}: expected a length > 0 A", ps.cutoff));
      if (spec.style == "mie") {
        ps.m = c.number(get("m"), key + ".m");
        ps.n = c.number(get("n"), key + ".n");
        if (!(ps.n > 0.0) || !(ps.m > ps.n))
          c.fail(get("m"), key + ".m", fmt::format("m = {}, n = {}: expected exponents m > n > 0", ps.m, ps.n));
      }
      spec.pairs.push_back(ps);
    }
  }
  return spec;
}

PotentialSpec read_potential_config(const std::string& path, const std::set<std::string>& other_tables) {
  std::ifstream in(path);
  if (!in) throw InputError(fmt::format("{}: cannot open the potential description", path));
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_potential_config(ss.str(), path, other_tables);
}

}  // namespace rejuv::io
