#include "cli/config_file.h"

#include <filesystem>
#include <set>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "util/error.h"

namespace rejuv::cli {

namespace {

// Flags whose values are file paths (resolved against the config's folder).
const std::set<std::string> kPathKeys{"data", "potential", "forces", "thermo", "dump", "write-data", "checkpoint"};

std::string number_text(const toml::node& n, const std::string& where) {
  if (const auto* i = n.as_integer()) return std::to_string(i->get());
  if (const auto* f = n.as_floating_point()) return fmt::format("{:.17g}", f->get());
  throw InputError(fmt::format("{}: expected a number", where));
}

}  // namespace

std::vector<std::string> expand_config(const CLI::App& app, const std::vector<std::string>& argv) {
  // Find the subcommand and a --config FILE after it.
  std::size_t sub = 0;
  for (std::size_t k = 1; k < argv.size(); ++k)
    if (argv[k].rfind("-", 0) != 0) {
      sub = k;
      break;
    }
  if (sub == 0) return argv;
  std::string path;
  std::vector<std::string> rest;
  for (std::size_t k = sub + 1; k < argv.size(); ++k) {
    if (argv[k] == "--config" && k + 1 < argv.size()) {
      path = argv[++k];
    } else if (argv[k].rfind("--config=", 0) == 0) {
      path = argv[k].substr(9);
    } else {
      rest.push_back(argv[k]);
    }
  }
  if (path.empty()) return argv;
  const std::string name = argv[sub];
  const CLI::App* cmd = nullptr;
  for (const auto* s : app.get_subcommands({}))
    if (s->get_name() == name) cmd = s;
  if (!cmd) return argv;

  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    const std::string what = e.description().find("File could not be opened") != std::string::npos
                                 ? "cannot open the run description"
                                 : fmt::format("TOML syntax error: {}", e.description());
    throw InputError(located(path, static_cast<long>(e.source().begin.line), what));
  }
  for (const auto& [k, v] : root) {
    const std::string key(k.str());
    if (key != name && !v.is_table())
      throw InputError(located(path, static_cast<long>(v.source().begin.line),
                               fmt::format("{}: expected the table [{}]", key, name)));
  }
  const toml::table* table = root[name].as_table();
  if (!table)
    throw InputError(fmt::format("{}: no [{}] table (the settings of `rejuv {}` go there)", path, name, name));
  const std::string base = std::filesystem::path(path).parent_path().string();

  std::vector<std::string> out(argv.begin(), argv.begin() + static_cast<long>(sub) + 1);
  for (const auto& [k, v] : *table) {
    const std::string key(k.str());
    const std::string where = located(path, static_cast<long>(v.source().begin.line), fmt::format("[{}].{}", name, key));
    const CLI::Option* opt = key == "config" || key == "help" ? nullptr : cmd->get_option_no_throw("--" + key);
    if (!opt) throw InputError(fmt::format("{}: unknown key (not a flag of `rejuv {}`)", where, name));
    std::string value;
    if (const auto* s = v.as_string()) {
      value = s->get();
      if (kPathKeys.count(key) && !value.empty() && !std::filesystem::path(value).is_absolute())
        value = (std::filesystem::path(base.empty() ? "." : base) / value).string();
    } else if (const auto* b = v.as_boolean()) {
      if (opt->get_expected_min() != 0) throw InputError(fmt::format("{}: expected a value, found a boolean", where));
      if (b->get()) out.push_back("--" + key);
      continue;
    } else if (const auto* arr = v.as_array()) {
      // [T0, T1] -> "T0:T1"; stress [XX, YY, ZZ] -> "XX,YY,ZZ"; [[...], [...]] -> "...:...";
      // the lists of campaign flags (comma-delimited) -> "a,b,c".
      const char* sep = key == "stress" || opt->get_delimiter() == ',' ? "," : ":";
      std::vector<std::string> parts;
      for (std::size_t i = 0; i < arr->size(); ++i) {
        const toml::node& e = *arr->get(i);
        if (const auto* inner = e.as_array()) {
          std::vector<std::string> sub_parts;
          for (std::size_t j = 0; j < inner->size(); ++j) sub_parts.push_back(number_text(*inner->get(j), where));
          parts.push_back(fmt::format("{}", fmt::join(sub_parts, ",")));
          sep = ":";
        } else if (const auto* text = e.as_string()) {
          parts.push_back(text->get());
        } else {
          parts.push_back(number_text(e, where));
        }
      }
      value = fmt::format("{}", fmt::join(parts, sep));
    } else {
      value = number_text(v, where);
    }
    if (opt->get_expected_min() == 0)
      throw InputError(fmt::format("{}: this is an on/off flag: write true or false", where));
    out.push_back("--" + key);
    out.push_back(value);
  }
  out.insert(out.end(), rest.begin(), rest.end());
  return out;
}

}  // namespace rejuv::cli
