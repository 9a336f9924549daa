// `rejuv protocol`: the study's melt-quench and thermal-pressure loading
// protocol (A->J) on one alloy, giving dE = E_J - E_D.
#include <algorithm>
#include <cmath>
#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "io/potential_config.h"
#include "protocol/alloys.h"
#include "protocol/thermal_pressure_loading.h"
#include "util/error.h"

namespace rejuv::cli {

namespace {

struct ProtocolOptions {
  std::string alloy = "CuZr-FS", preset = "paper", out, composition, potential;
  double density = 0.0;
  int atoms = 0, replicas = 1;
  double ta_over_tg = 0.0;
  double pa = std::nan(""), ta = std::nan(""), cooling_rate = 0.0, final_cooling_rate = 0.0, anneal_ps = 0.0;
  long seed = -1;
  bool force = false, json = false, quiet = false;
};

protocol::Alloy user_alloy(const ProtocolOptions& o) {
  if (o.potential.empty()) throw InputError("--composition needs --potential P.toml describing the potential");
  protocol::Alloy a;
  a.name = o.composition;
  const auto spec = io::read_potential_config(o.potential);
  a.potential = spec;
  a.elements = spec.elements;
  const auto comp = protocol::parse_composition(o.composition);
  for (const auto& el : a.elements) {
    double f = 0.0;
    for (const auto& [e, p] : comp)
      if (e == el) f = p / 100.0;
    a.fractions.push_back(f);
  }
  for (const auto& [e, p] : comp)
    if (std::find(a.elements.begin(), a.elements.end(), e) == a.elements.end())
      throw InputError(fmt::format("{}: potential.elements lacks {} of the composition {}", o.potential, e,
                                   o.composition));
  if (!(o.density > 0.0)) throw InputError("--composition needs --density (atoms per A^3 of the initial melt)");
  a.number_density = o.density;
  return a;
}

void run(const ProtocolOptions& o) {
  if (o.out.empty()) throw InputError("--out DIR is required (the run's folder)");
  auto s = protocol::preset(o.preset);
  if (o.atoms > 0) s.natoms = o.atoms;
  if (!std::isnan(o.pa)) s.pa_gpa = o.pa;
  if (!std::isnan(o.ta)) s.ta_k = o.ta;
  if (!std::isnan(o.ta) && o.ta_over_tg > 0) throw InputError("give either --Ta (K) or --Ta-over-Tg, not both");
  s.ta_over_tg = o.ta_over_tg;
  if (o.cooling_rate != 0.0) s.cooling_rate = o.cooling_rate;
  if (o.final_cooling_rate != 0.0) s.final_cooling_rate = o.final_cooling_rate;
  if (o.anneal_ps != 0.0) s.anneal_ps = o.anneal_ps;
  if (o.seed >= 0) s.seed = static_cast<std::uint64_t>(o.seed);
  protocol::validate(s);
  const auto alloy = o.composition.empty() ? protocol::builtin_alloy(o.alloy, ".") : user_alloy(o);
  if (o.replicas > 1) {
    const auto summary = protocol::run_replicas(alloy, s, o.replicas, o.out, o.force, !o.quiet && !o.json);
    if (o.json) {
      fmt::print("{}\n", summary.dump());
      return;
    }
    fmt::print("rejuv protocol: {} ({} atoms), Pa = {} GPa, Ta = {:.1f} K, {} replicas\n", alloy.name, s.natoms,
               s.pa_gpa, summary["Ta_K"].get<double>(), o.replicas);
    fmt::print("  dE = {:+.6f} +- {:.6f} eV/atom (mean +- standard error); per replica in {}/replicas.csv\n",
               summary["mean_delta_E_eV_per_atom"].get<double>(), summary["se_delta_E_eV_per_atom"].get<double>(),
               o.out);
    return;
  }
  const auto summary = protocol::run_protocol(alloy, s, o.out, o.force, !o.quiet && !o.json);
  if (o.json) {
    nlohmann::json j = summary;
    j.erase("stages");
    fmt::print("{}\n", j.dump());
    return;
  }
  fmt::print("rejuv protocol: {} ({} atoms), Pa = {} GPa, Ta = {:.1f} K{}\n", alloy.name, s.natoms, s.pa_gpa,
             summary["Ta_K"].get<double>(),
             summary.contains("Tg_Pa_K") ? fmt::format(" = {} x Tg(Pa), Tg(Pa) = {:.1f} K", s.ta_over_tg,
                                                      summary["Tg_Pa_K"].get<double>())
                                         : "");
  fmt::print("  E_D = {:.6f} eV/atom, E_J = {:.6f} eV/atom, dE = {:+.6f} eV/atom: {}\n",
             summary["E_D_eV_per_atom"].get<double>(), summary["E_J_eV_per_atom"].get<double>(),
             summary["delta_E_eV_per_atom"].get<double>(), summary["verdict"].get<std::string>());
  fmt::print("  states D, H, J and per-stage thermo logs in {}\n", o.out);
}

}  // namespace

void add_protocol_command(CLI::App& app) {
  auto o = std::make_shared<ProtocolOptions>();
  CLI::App* cmd = app.add_subcommand("protocol", "The study's protocol A->J on one alloy: dE = E_J - E_D");
  cmd->add_option("--alloy", o->alloy, "Built-in alloy: CuZr-FS, AlFe-FS, ZrCuAl, PdSi, NiP, LaAl")->capture_default_str();
  cmd->add_option("--composition", o->composition, "User alloy, e.g. Zr50Cu40Al10 (with --potential and --density)");
  cmd->add_option("--potential", o->potential, "User alloy's potential description (TOML)");
  cmd->add_option("--density", o->density, "User alloy's starting number density (atoms/A^3)");
  cmd->add_option("--preset", o->preset, "smoke (seconds), quick (minutes) or paper")->capture_default_str();
  cmd->add_option("--out", o->out, "Run folder: states, logs, summary.json; an interrupted run resumes here");
  cmd->add_option("--atoms", o->atoms, "Number of atoms (overrides the preset)");
  cmd->add_option("--Pa", o->pa, "Applied pressure in GPa (negative: tension)");
  cmd->add_option("--Ta", o->ta, "Annealing temperature in K");
  cmd->add_option("--Ta-over-Tg", o->ta_over_tg, "Annealing temperature as a multiple of Tg(Pa), measured first");
  cmd->add_option("--cooling-rate", o->cooling_rate, "Quench rate K/ps (B->C, and G->H unless --final-cooling-rate)");
  cmd->add_option("--final-cooling-rate", o->final_cooling_rate, "G->H cooling rate K/ps (pure thermal rejuvenation: faster)");
  cmd->add_option("--anneal-ps", o->anneal_ps, "F->G annealing time in ps");
  cmd->add_option("--seed", o->seed, "Random seed (sample and velocities); replica k uses seed + k");
  cmd->add_option("--replicas", o->replicas, "Independent samples of the point (mean and standard error of dE)")
      ->capture_default_str();
  cmd->add_flag("--force", o->force, "Start over in a folder holding a run with other settings");
  cmd->add_flag("--quiet", o->quiet, "No stage progress on stderr");
  cmd->add_flag("--json", o->json, "Print the summary as one JSON object");
  cmd->callback([o] { run(*o); });
}

}  // namespace rejuv::cli
