// `rejuv tg`: Tg at a pressure from the volume-temperature curve of a
// quench (science.md section 4): melt at P, quench at rate K under P, fit
// the glass and liquid lines, report their crossing.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analysis/tg_fit.h"
#include "cli/commands.h"
#include "potential/registry.h"
#include "protocol/alloys.h"
#include "protocol/sample.h"
#include "protocol/stage_runner.h"
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

// temperature_K and volume_A3 columns of a thermo CSV.
void read_tv(const std::string& path, std::vector<double>& t, std::vector<double>& v) {
  std::ifstream in(path);
  std::string header;
  std::getline(in, header);
  for (std::string line; std::getline(in, line);) {
    std::stringstream ss(line);
    std::vector<std::string> c;
    for (std::string x; std::getline(ss, x, ',');) c.push_back(x);
    if (c.size() < 7) continue;
    t.push_back(std::stod(c[2]));
    v.push_back(std::stod(c[6]));
  }
}

void run(const TgOptions& o) {
  if (o.out.empty()) throw InputError("--out DIR is required (the run's folder)");
  auto s = protocol::preset(o.preset);
  if (o.atoms > 0) s.natoms = o.atoms;
  if (o.cooling_rate != 0.0) s.cooling_rate = o.cooling_rate;
  if (o.seed >= 0) s.seed = static_cast<std::uint64_t>(o.seed);
  if (o.bins < 8) throw InputError(fmt::format("--bins {}: expected at least 8", o.bins));
  protocol::validate(s);
  const auto alloy = protocol::builtin_alloy(o.alloy, ".");
  std::filesystem::create_directories(o.out);
  nlohmann::json config = {{"alloy", alloy.name}, {"pressure_GPa", o.pressure}, {"settings", protocol::to_json(s)}};
  const std::string config_path = (std::filesystem::path(o.out) / "tg_run.json").string();
  if (std::filesystem::exists(config_path)) {
    std::ifstream in(config_path);
    if (nlohmann::json::parse(in) != config)
      throw InputError(fmt::format("{}: this folder holds a Tg run with other settings; use another --out", config_path));
  }
  protocol::write_atomically(config_path, config.dump(1) + "\n");

  protocol::Runner r{alloy, s, o.out, !o.quiet && !o.json, potential::create_potential(alloy.potential), {}, {}};
  r.sys = protocol::make_random_sample(alloy, s.natoms, s.seed);
  potential::attach_potential(r.sys, *r.pot, alloy.elements, "sample");
  integrate::create_velocities(r.sys, s.t_melt, s.seed);
  const std::array<double, 3> p{o.pressure, o.pressure, o.pressure};
  auto npt = [&](double t0, double t1, long steps) {
    integrate::MdSettings m;
    m.ensemble = "npt";
    m.t_start = t0;
    m.t_stop = t1;
    m.p_start = m.p_stop = p;
    m.steps = steps;
    return m;
  };
  r.md("melt", npt(s.t_melt, s.t_melt, protocol::steps_for(s.melt_ps, s.timestep_ps)), false);
  r.md("quench", npt(s.t_melt, s.t_low, protocol::steps_for((s.t_melt - s.t_low) / s.cooling_rate, s.timestep_ps)),
       false);

  std::vector<double> t, v, tb, vb;
  read_tv(r.path("quench.csv"), t, v);
  const double n = static_cast<double>(s.natoms);
  for (double& x : v) x /= n;
  // The liquid's V(T) curves at high temperature: fit below fit_max only
  // (default 0.6 of the melt temperature).
  const double fit_max = o.fit_max > 0 ? o.fit_max : 0.6 * s.t_melt;
  std::vector<double> tf, vf;
  for (std::size_t i = 0; i < t.size(); ++i)
    if (t[i] <= fit_max) {
      tf.push_back(t[i]);
      vf.push_back(v[i]);
    }
  analysis::bin_by_temperature(tf, vf, o.bins, tb, vb);
  {
    std::string csv = "temperature_K,volume_A3_per_atom\n";
    for (std::size_t i = 0; i < tb.size(); ++i) csv += fmt::format("{:.6f},{:.8f}\n", tb[i], vb[i]);
    protocol::write_atomically(r.path("tg_data.csv"), csv);
  }
  const auto fit = analysis::fit_tg(tb, vb);  // throws with the reason; the data stay on disk
  nlohmann::json j = {{"alloy", alloy.name},
                      {"pressure_GPa", o.pressure},
                      {"cooling_rate_K_per_ps", s.cooling_rate},
                      {"natoms", s.natoms},
                      {"Tg_K", fit.tg},
                      {"Tg_uncertainty_K", fit.tg_uncertainty},
                      {"breakpoint_K", fit.breakpoint},
                      {"fit_max_K", fit_max},
                      {"glass_line", {{"slope_A3_per_atom_per_K", fit.glass.slope}, {"intercept_A3_per_atom", fit.glass.intercept}, {"points", fit.glass.points}}},
                      {"liquid_line", {{"slope_A3_per_atom_per_K", fit.liquid.slope}, {"intercept_A3_per_atom", fit.liquid.intercept}, {"points", fit.liquid.points}}},
                      {"data", "tg_data.csv"}};
  protocol::write_atomically(r.path("tg.json"), j.dump(1) + "\n");
  if (o.json) {
    fmt::print("{}\n", j.dump());
    return;
  }
  fmt::print("rejuv tg: {} at {} GPa, quench at {} K/ps: Tg = {:.1f} +- {:.1f} K\n", alloy.name, o.pressure,
             s.cooling_rate, fit.tg, fit.tg_uncertainty);
  fmt::print("  glass  V = {:.4e} T + {:.6f} A^3/atom ({} points)\n", fit.glass.slope, fit.glass.intercept, fit.glass.points);
  fmt::print("  liquid V = {:.4e} T + {:.6f} A^3/atom ({} points); data in {}\n", fit.liquid.slope,
             fit.liquid.intercept, fit.liquid.points, r.path("tg_data.csv"));
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
