// `rejuv protocol`: the study's melt-quench and thermal-pressure loading
// protocol (A->J) on one alloy, giving dE = E_J - E_D.
#include <algorithm>
#include <cmath>
#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "campaign/campaign.h"
#include "cli/commands.h"
#include "cli/common.h"
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
  long estimate = 0;
  bool force = false, json = false, quiet = false;
};

protocol::Alloy user_alloy(const ProtocolOptions& o) {
  if (o.potential.empty()) throw InputError("--composition needs --potential P.toml describing the potential");
  if (!(o.density > 0.0)) throw InputError("--composition needs --density (atoms per A^3 of the initial melt)");
  return protocol::make_user_alloy(o.composition, o.composition, io::read_potential_config(o.potential), o.density,
                                   o.potential);
}

void run(const ProtocolOptions& o) {
  if (o.out.empty() && o.estimate == 0) throw InputError("--out DIR is required (the run's folder)");
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
  const auto alloy = o.composition.empty() ? protocol::find_alloy(o.alloy, ".") : user_alloy(o);
  if (o.estimate != 0) {
    const auto e = protocol::estimate_protocol(alloy, s, o.estimate);
    if (o.json) {
      fmt::print("{}\n", e.dump());
      return;
    }
    fmt::print("rejuv protocol: estimate for {} atoms of {} with these settings\n", s.natoms, alloy.name);
    fmt::print("  measured {:.3g} atom-steps/s over {} steps of the melt ({:.1f} s)\n",
               e["atom_steps_per_second"].get<double>(), o.estimate, e["segment_wall_seconds"].get<double>());
    fmt::print("  the protocol is {} MD steps ({:.3g} atom-steps, Ta = {:.0f} K): about {:.1f} hours per replica\n",
               e["md_steps"].get<long>(), e["atom_steps"].get<double>(), e["Ta_K_assumed"].get<double>(),
               e["estimated_md_hours"].get<double>());
    return;
  }
  if (o.replicas > 1) {
    // R replicas of one point: a one-point campaign (each replica's
    // as-quenched state made once, Tg(Pa) measured once).
    campaign::Campaign c;
    c.kind = "protocol";
    c.alloys = {alloy};
    c.base = s;
    c.replicas = o.replicas;
    c.points = campaign::make_grid(1, {s.cooling_rate}, s.final_cooling_rate > 0 ? std::vector<double>{s.final_cooling_rate} : std::vector<double>{},
                                   {s.pa_gpa}, s.ta_over_tg > 0 ? std::vector<double>{s.ta_over_tg} : std::vector<double>{},
                                   s.ta_over_tg > 0 ? std::vector<double>{} : std::vector<double>{s.ta_k});
    campaign::RunOptions ro;
    ro.force = o.force;
    ro.verbose = !o.quiet && !o.json;
    const auto summary = campaign::run_campaign(c, o.out, ro);
    if (summary.is_null()) return;  // an MPI worker rank
    if (summary["points"].empty()) throw InputError(fmt::format("{}: the point did not finish", o.out));
    const auto& point = summary["points"][0];
    if (o.json) {
      fmt::print("{}\n", point.dump());
      return;
    }
    fmt::print("rejuv protocol: {} ({} atoms), Pa = {} GPa, Ta = {:.1f} K, {} replicas\n", alloy.name, s.natoms,
               s.pa_gpa, point["Ta_K"].get<double>(), o.replicas);
    fmt::print("  dE = {:+.6f} +- {:.6f} eV/atom (mean +- standard error); per replica in {}/replicas.csv\n",
               point["mean_delta_E_eV_per_atom"].get<double>(), point["se_delta_E_eV_per_atom"].get<double>(), o.out);
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
  cmd->add_option("--alloy", o->alloy, "Built-in alloy (CuZr-FS, AlFe-FS, ZrCuAl, PdSi, NiP, LaAl) or a user alloy file (.toml)")->capture_default_str();
  cmd->add_option("--composition", o->composition, "User alloy, e.g. Zr50Cu40Al10 (with --potential and --density)");
  cmd->add_option("--potential", o->potential, "User alloy's potential description (TOML)");
  cmd->add_option("--density", o->density, "User alloy's starting number density (atoms/A^3)");
  cmd->add_option("--preset", o->preset, "smoke (seconds), quick (minutes) or paper")->capture_default_str();
  cmd->add_option("--out", o->out, "Run folder: states, logs, summary.json; an interrupted run resumes here");
  cmd->add_option("--atoms", o->atoms, "Number of atoms (overrides the preset)")->check(positive());
  cmd->add_option("--Pa", o->pa, "Applied pressure in GPa (negative: tension)");
  cmd->add_option("--Ta", o->ta, "Annealing temperature in K");
  cmd->add_option("--Ta-over-Tg", o->ta_over_tg, "Annealing temperature as a multiple of Tg(Pa), measured first");
  cmd->add_option("--cooling-rate", o->cooling_rate, "Quench rate K/ps (B->C, and G->H unless --final-cooling-rate)");
  cmd->add_option("--final-cooling-rate", o->final_cooling_rate, "G->H cooling rate K/ps (pure thermal rejuvenation: faster)");
  cmd->add_option("--anneal-ps", o->anneal_ps, "F->G annealing time in ps");
  cmd->add_option("--seed", o->seed, "Random seed (sample and velocities); replica k uses seed + k");
  cmd->add_option("--replicas", o->replicas, "Independent samples of the point (mean and standard error of dE)")
      ->capture_default_str()
      ->check(positive());
  cmd->add_option("--estimate", o->estimate,
                  "Measure this many MD steps and extrapolate the run's wall time (runs nothing else)")
      ->check(positive());
  cmd->add_flag("--force", o->force, "Start over in a folder holding a run with other settings");
  cmd->add_flag("--quiet", o->quiet, "No stage progress on stderr");
  cmd->add_flag("--json", o->json, "Print the summary as one JSON object");
  cmd->callback([o] { run(*o); });
}

}  // namespace rejuv::cli
