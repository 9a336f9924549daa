#include "protocol/thermal_pressure_loading.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>

#include <fmt/format.h>

#include "integrate/md_run.h"
#include "integrate/velocities.h"
#include "io/lammps_data.h"
#include "minimize/minimize.h"
#include "potential/evaluate.h"
#include "potential/registry.h"
#include "protocol/glass_transition.h"
#include "protocol/sample.h"
#include "protocol/stage_runner.h"
#include "util/error.h"

namespace rejuv::protocol {

namespace fs = std::filesystem;

ProtocolSettings preset(const std::string& name) {
  ProtocolSettings s;
  if (name == "paper") return s;
  if (name == "quick") {
    s.natoms = 2000;
    s.melt_ps = 10.0;
    s.cooling_rate = 50.0;
    s.heating_rate = 50.0;
    s.anneal_ps = 20.0;
    s.loading_rate = 1.0;
    s.min_etol = 1e-8;
    return s;
  }
  if (name == "smoke") {
    s.natoms = 250;
    s.melt_ps = 2.0;
    s.cooling_rate = 1000.0;
    s.heating_rate = 250.0;  // a thermostat heats atoms near 0 K only gradually
    s.anneal_ps = 2.0;
    s.loading_rate = 10.0;
    s.pdamp_ps = 0.2;
    s.min_etol = 1e-8;
    s.min_max_iterations = 3000;
    return s;
  }
  throw InputError(fmt::format("preset '{}': expected smoke, quick or paper", name));
}

void validate(const ProtocolSettings& s) {
  auto positive = [](double v, const char* what) {
    if (!(v > 0.0) || !std::isfinite(v)) throw InputError(fmt::format("{} = {}: expected a value > 0", what, v));
  };
  positive(s.timestep_ps, "timestep");
  positive(s.t_melt, "melt temperature");
  positive(s.melt_ps, "melt time");
  positive(s.cooling_rate, "cooling rate");
  positive(s.t_low, "low temperature");
  positive(s.ta_k, "Ta");
  positive(s.heating_rate, "heating rate");
  positive(s.anneal_ps, "anneal time");
  positive(s.loading_rate, "loading rate");
  if (!(s.ta_over_tg >= 0.0)) throw InputError(fmt::format("Ta/Tg = {}: expected a ratio > 0", s.ta_over_tg));
  if (!(s.final_cooling_rate >= 0.0)) throw InputError("final cooling rate: expected a rate > 0 K/ps (or 0 for the same as the first)");
  if (!std::isfinite(s.pa_gpa)) throw InputError("Pa: expected a finite pressure in GPa");
  if (s.ta_k <= s.t_low) throw InputError(fmt::format("Ta = {} K: expected above the low temperature {} K", s.ta_k, s.t_low));
  if (s.natoms < 2) throw InputError("atoms: expected at least 2");
}

nlohmann::json to_json(const ProtocolSettings& s) {
  return {{"natoms", s.natoms},           {"seed", s.seed},
          {"timestep_ps", s.timestep_ps}, {"t_melt_K", s.t_melt},
          {"melt_ps", s.melt_ps},         {"cooling_rate_K_per_ps", s.cooling_rate},
          {"final_cooling_rate_K_per_ps", s.final_cooling_rate > 0 ? s.final_cooling_rate : s.cooling_rate},
          {"t_low_K", s.t_low},           {"Pa_GPa", s.pa_gpa},
          {"Ta_K", s.ta_k},               {"Ta_over_Tg", s.ta_over_tg},
          {"heating_rate_K_per_ps", s.heating_rate},
          {"anneal_ps", s.anneal_ps},     {"loading_rate_GPa_per_ps", s.loading_rate},
          {"tdamp_ps", s.tdamp_ps},       {"pdamp_ps", s.pdamp_ps},
          {"min_etol", s.min_etol},       {"min_max_iterations", s.min_max_iterations},
          {"skin_A", s.skin}};
}

namespace {

// A->D: a random sample melted at P = 0, quenched at the cooling rate and
// minimised with the box at zero stress. Returns D's numbers.
nlohmann::json quench_stages(Runner& r) {
  const ProtocolSettings& s = r.s;
  r.melt("A_B_melt", 0.0);
  r.md("B_C_quench", npt_at(s.t_melt, s.t_low, 0.0, steps_for((s.t_melt - s.t_low) / s.cooling_rate, s.timestep_ps)));
  return r.minimize("D", 0.0);
}

struct LoadingResult {
  nlohmann::json h, j;
};

// D->J from the state in r.sys: load at 0 K, heat, anneal, cool under Pa,
// minimise (H), unload each normal stress at 0 K, minimise at zero stress (J).
LoadingResult loading_stages(Runner& r) {
  const ProtocolSettings& s = r.s;
  const double dt = s.timestep_ps;
  const double pa = s.pa_gpa;
  const double k_final = s.final_cooling_rate > 0 ? s.final_cooling_rate : s.cooling_rate;
  const std::array<double, 3> zero{0, 0, 0}, loaded{pa, pa, pa};
  r.quasi_static("D_E_load", zero, loaded, false);
  // A thermostat cannot heat atoms at rest: E->F starts from velocities
  // drawn at t_low (seeded), then follows the heating ramp.
  r.md("E_F_heat",
       npt_ramp(s.t_low, s.ta_k, loaded, loaded, false, steps_for((s.ta_k - s.t_low) / s.heating_rate, dt)), true);
  r.md("F_G_anneal", npt_ramp(s.ta_k, s.ta_k, loaded, loaded, false, steps_for(s.anneal_ps, dt)));
  r.md("G_H_cool", npt_ramp(s.ta_k, s.t_low, loaded, loaded, false, steps_for((s.ta_k - s.t_low) / k_final, dt)));
  LoadingResult out;
  out.h = r.minimize("H", pa);
  r.quasi_static("H_I_unload", loaded, zero, true);
  out.j = r.minimize("J", 0.0);
  return out;
}

nlohmann::json make_summary(const Alloy& alloy, const ProtocolSettings& s, const nlohmann::json& d,
                            const LoadingResult& loading, const nlohmann::json& tg) {
  const double e_d = d["potential_energy_eV_per_atom"], e_j = loading.j["potential_energy_eV_per_atom"];
  nlohmann::json summary = {{"alloy", alloy.name},
                            {"natoms", s.natoms},
                            {"seed", s.seed},
                            {"E_D_eV_per_atom", e_d},
                            {"E_H_eV_per_atom", loading.h["potential_energy_eV_per_atom"]},
                            {"E_J_eV_per_atom", e_j},
                            {"delta_E_eV_per_atom", e_j - e_d},
                            {"V_D_A3_per_atom", d["volume_A3_per_atom"]},
                            {"V_J_A3_per_atom", loading.j["volume_A3_per_atom"]},
                            {"Pa_GPa", s.pa_gpa},
                            {"Ta_K", s.ta_k},
                            {"cooling_rate_K_per_ps", s.cooling_rate},
                            {"final_cooling_rate_K_per_ps",
                             s.final_cooling_rate > 0 ? s.final_cooling_rate : s.cooling_rate},
                            {"verdict", e_j - e_d > 0 ? "rejuvenation" : "ageing"}};
  if (s.ta_over_tg > 0) {
    summary["Ta_over_Tg"] = s.ta_over_tg;
    summary["Tg_Pa_K"] = tg["Tg_K"];
    summary["Tg_Pa_uncertainty_K"] = tg["Tg_uncertainty_K"];
  }
  return summary;
}

nlohmann::json describe_run(const Alloy& alloy, const nlohmann::json& settings) {
  return {{"alloy", alloy_record(alloy)}, {"settings", settings}, {"rejuv_version", REJUV_VERSION}};
}

}  // namespace

nlohmann::json quench_settings_json(const ProtocolSettings& s) {
  return {{"natoms", s.natoms},           {"seed", s.seed},
          {"timestep_ps", s.timestep_ps}, {"t_melt_K", s.t_melt},
          {"melt_ps", s.melt_ps},         {"cooling_rate_K_per_ps", s.cooling_rate},
          {"t_low_K", s.t_low},           {"tdamp_ps", s.tdamp_ps},
          {"pdamp_ps", s.pdamp_ps},       {"min_etol", s.min_etol},
          {"min_max_iterations", s.min_max_iterations}, {"skin_A", s.skin}};
}

nlohmann::json run_protocol(const Alloy& alloy, const ProtocolSettings& settings, const std::string& out_dir,
                            bool force, bool verbose) {
  ProtocolSettings s = settings;
  validate(s);
  claim_folder(out_dir, "protocol.json", describe_run(alloy, to_json(s)), force);

  const auto t0 = std::chrono::steady_clock::now();
  // Ta as a multiple of Tg(Pa): measure Tg at Pa first (its own resumable
  // stages in tg_Pa/), with the protocol's sample size, seed and rate.
  nlohmann::json tg;
  if (s.ta_over_tg > 0) {
    if (verbose) fmt::print(stderr, "rejuv protocol: Tg at Pa = {} GPa\n", s.pa_gpa);
    tg = measure_tg(alloy, s, {s.pa_gpa, 40, 0.0}, (fs::path(out_dir) / "tg_Pa").string(), verbose);
    s.ta_k = s.ta_over_tg * tg["Tg_K"].get<double>();
    validate(s);
  }
  Runner r{alloy, s, out_dir, verbose, potential::create_potential(alloy.potential), {}, {}};
  const auto d = quench_stages(r);
  const auto loading = loading_stages(r);
  nlohmann::json summary = make_summary(alloy, s, d, loading, tg);
  summary["stages"] = r.stages;
  // The timing differs between runs; the numbers above do not.
  summary["wall_seconds_this_invocation"] =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  write_atomically((fs::path(out_dir) / "summary.json").string(), summary.dump(1) + "\n");
  return summary;
}

nlohmann::json run_quench(const Alloy& alloy, const ProtocolSettings& s, const std::string& dir, bool force,
                          bool verbose) {
  validate(s);
  claim_folder(dir, "quench.json", describe_run(alloy, quench_settings_json(s)), force);
  Runner r{alloy, s, dir, verbose, potential::create_potential(alloy.potential), {}, {}};
  return quench_stages(r);
}

nlohmann::json run_loading(const Alloy& alloy, const ProtocolSettings& s, const std::string& d_data,
                           const nlohmann::json& d_info, const nlohmann::json& tg, const std::string& dir,
                           bool force, bool verbose) {
  validate(s);
  auto config = describe_run(alloy, to_json(s));
  config["as_quenched_E_D_eV_per_atom"] = d_info["potential_energy_eV_per_atom"];
  claim_folder(dir, "protocol.json", config, force);
  Runner r{alloy, s, dir, verbose, potential::create_potential(alloy.potential), {}, {}};
  r.load_state(d_data);
  const auto loading = loading_stages(r);
  nlohmann::json summary = make_summary(alloy, s, d_info, loading, tg);
  summary["stages"] = r.stages;
  write_atomically((fs::path(dir) / "summary.json").string(), summary.dump(1) + "\n");
  return summary;
}

nlohmann::json estimate_protocol(const Alloy& alloy, const ProtocolSettings& settings, long segment_steps) {
  ProtocolSettings s = settings;
  validate(s);
  if (segment_steps < 10) throw InputError(fmt::format("estimate: {} steps, expected at least 10", segment_steps));
  const double dt = s.timestep_ps;
  // Ta/Tg: Ta is not known before Tg; count Tg's melt and quench, and take
  // Tg as a third of the melt temperature (~1000 K for 3000 K), a high guess.
  const bool with_tg = s.ta_over_tg > 0;
  const double ta = with_tg ? s.ta_over_tg * s.t_melt / 3.0 : s.ta_k;
  const double k_final = s.final_cooling_rate > 0 ? s.final_cooling_rate : s.cooling_rate;
  const long quench = steps_for(s.melt_ps, dt) + steps_for((s.t_melt - s.t_low) / s.cooling_rate, dt);
  const long md_steps = quench * (with_tg ? 2 : 1) + steps_for((ta - s.t_low) / s.heating_rate, dt) +
                        steps_for(s.anneal_ps, dt) + steps_for((ta - s.t_low) / k_final, dt);

  // The measured segment: NPT of the melt (the liquid rebuilds its
  // neighbour lists more often than the glass: a pessimistic rate).
  auto pot = potential::create_potential(alloy.potential);
  System sys = make_random_sample(alloy, s.natoms, s.seed);
  potential::attach_potential(sys, *pot, alloy.elements, "sample");
  integrate::create_velocities(sys, s.t_melt, s.seed);
  integrate::MdSettings m;
  m.ensemble = "npt";
  m.t_start = m.t_stop = s.t_melt;
  m.timestep_ps = dt;
  m.tdamp_ps = s.tdamp_ps;
  m.pdamp_ps = s.pdamp_ps;
  m.skin = s.skin;
  m.thermo_to_terminal = false;
  m.steps = std::max<long>(20, segment_steps / 5);  // settle first, untimed
  integrate::run_md(sys, *pot, m);
  m.steps = segment_steps;
  const auto r = integrate::run_md(sys, *pot, m);
  const double rate = r.atom_steps_per_second;
  const double md_seconds = static_cast<double>(md_steps) * static_cast<double>(s.natoms) / rate;
  return {{"alloy", alloy.name},
          {"natoms", s.natoms},
          {"segment_steps", segment_steps},
          {"segment_wall_seconds", r.wall_seconds},
          {"atom_steps_per_second", rate},
          {"md_steps", md_steps},
          {"atom_steps", static_cast<double>(md_steps) * static_cast<double>(s.natoms)},
          {"Ta_K_assumed", ta},
          {"estimated_md_hours", md_seconds / 3600.0},
          {"note", "MD only, at the melt's rate; minimisations add a few per cent"}};
}

}  // namespace rejuv::protocol
