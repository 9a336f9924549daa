// `rejuv tg`: Tg at a pressure from the volume-temperature curve of a
// quench (science.md section 4): melt at P, quench at rate K under P, fit
// the glass and liquid lines, report their crossing.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "potential/registry.h"
#include "protocol/alloys.h"
#include "protocol/glass_transition.h"
#include "util/error.h"

namespace rejuv::cli {

namespace {

struct TgOptions {
  std::string alloy = "CuZr-FS", preset = "paper", out;
  double pressure = 0.0, cooling_rate = 0.0;
  int atoms = 0, bins = 40;
  double fit_max = 0.0;
  long seed = -1;
  bool json = false, quiet = false;
};

void run(const TgOptions& o) {
  if (o.out.empty()) throw InputError("--out DIR is required (the run's folder)");
  auto s = protocol::preset(o.preset);
  if (o.atoms > 0) s.natoms = o.atoms;
  if (o.cooling_rate != 0.0) s.cooling_rate = o.cooling_rate;
  if (o.seed >= 0) s.seed = static_cast<std::uint64_t>(o.seed);
  const auto alloy = protocol::find_alloy(o.alloy, ".");
  const auto j = protocol::measure_tg(alloy, s, {o.pressure, o.bins, o.fit_max}, o.out, !o.quiet && !o.json);
  if (o.json) {
    fmt::print("{}\n", j.dump());
    return;
  }
  fmt::print("rejuv tg: {} at {} GPa, quench at {} K/ps: Tg = {:.1f} +- {:.1f} K\n", alloy.name, o.pressure,
             s.cooling_rate, j["Tg_K"].get<double>(), j["Tg_uncertainty_K"].get<double>());
  for (const char* line : {"glass_line", "liquid_line"})
    fmt::print("  {:<11} V = {:.4e} T + {:.6f} A^3/atom ({} points)\n", line, j[line]["slope_A3_per_atom_per_K"].get<double>(),
               j[line]["intercept_A3_per_atom"].get<double>(), j[line]["points"].get<int>());
  fmt::print("  data in {}/tg_data.csv\n", o.out);
}

}  // namespace

void add_tg_command(CLI::App& app) {
  auto o = std::make_shared<TgOptions>();
  CLI::App* cmd = app.add_subcommand("tg", "Glass transition temperature at a pressure from a quench's V(T)");
  cmd->add_option("--alloy", o->alloy, "Built-in alloy")->capture_default_str();
  cmd->add_option("--preset", o->preset, "smoke, quick or paper (atoms, melt, cooling rate)")->capture_default_str();
  cmd->add_option("--P", o->pressure, "Pressure in GPa")->capture_default_str();
  cmd->add_option("--out", o->out, "Run folder (melt/quench states and logs, tg_data.csv, tg.json)");
  cmd->add_option("--atoms", o->atoms, "Number of atoms (overrides the preset)");
  cmd->add_option("--cooling-rate", o->cooling_rate, "Quench rate K/ps (overrides the preset)");
  cmd->add_option("--bins", o->bins, "Temperature bins for V(T) before the fit")->capture_default_str();
  cmd->add_option("--fit-max", o->fit_max, "Fit V(T) below this temperature, K (default 0.6 of the melt temperature)");
  cmd->add_option("--seed", o->seed, "Random seed");
  cmd->add_flag("--quiet", o->quiet, "No stage progress on stderr");
  cmd->add_flag("--json", o->json, "Print tg.json as one JSON object");
  cmd->callback([o] { run(*o); });
}

}  // namespace rejuv::cli
