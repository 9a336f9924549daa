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
  if (s.ta_over_tg < 0.0) throw InputError(fmt::format("Ta/Tg = {}: expected a ratio > 0", s.ta_over_tg));
  if (s.final_cooling_rate < 0.0) throw InputError("final cooling rate: expected a rate > 0 K/ps (or 0 for the same as the first)");
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

nlohmann::json run_protocol(const Alloy& alloy, const ProtocolSettings& settings, const std::string& out_dir,
                            bool force, bool verbose) {
  ProtocolSettings s = settings;
  validate(s);
  fs::create_directories(out_dir);
  nlohmann::json config = {{"alloy", alloy.name},
                           {"elements", alloy.elements},
                           {"fractions", alloy.fractions},
                           {"potential_style", alloy.potential.style},
                           {"potential_files", alloy.potential.files},
                           {"settings", to_json(s)},
                           {"rejuv_version", "0.1.0"}};
  const std::string config_path = (fs::path(out_dir) / "protocol.json").string();
  if (fs::exists(config_path)) {
    std::ifstream in(config_path);
    const auto old = nlohmann::json::parse(in);
    if (old != config && !force)
      throw InputError(fmt::format("{}: this folder holds a run with other settings; use another --out or --force "
                                   "to start it over",
                                   config_path));
    if (old != config)
      for (const auto& e : fs::directory_iterator(out_dir)) fs::remove_all(e.path());
  }
  write_atomically(config_path, config.dump(1) + "\n");

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
  const double dt = s.timestep_ps;
  const double pa = s.pa_gpa;
  const double k_final = s.final_cooling_rate > 0 ? s.final_cooling_rate : s.cooling_rate;

  // A: the random sample with velocities at the melt temperature.
  r.sys = make_random_sample(alloy, s.natoms, s.seed);
  potential::attach_potential(r.sys, *r.pot, alloy.elements, "sample");
  integrate::create_velocities(r.sys, s.t_melt, s.seed);

  auto npt = [&](double t0k, double t1k, std::array<double, 3> p0, std::array<double, 3> p1, bool aniso, long steps) {
    integrate::MdSettings m;
    m.ensemble = "npt";
    m.coupling = aniso ? "aniso" : "iso";
    m.t_start = t0k;
    m.t_stop = t1k;
    m.p_start = p0;
    m.p_stop = p1;
    m.steps = steps;
    return m;
  };
  const std::array<double, 3> zero{0, 0, 0}, loaded{pa, pa, pa};
  r.md("A_B_melt", npt(s.t_melt, s.t_melt, zero, zero, false, steps_for(s.melt_ps, dt)));
  r.md("B_C_quench", npt(s.t_melt, s.t_low, zero, zero, false, steps_for((s.t_melt - s.t_low) / s.cooling_rate, dt)));
  const auto d = r.minimize("D", 0.0);
  r.quasi_static("D_E_load", zero, loaded, false);
  // A thermostat cannot heat atoms at rest: E->F starts from velocities
  // drawn at t_low (seeded), then follows the heating ramp.
  r.md("E_F_heat", npt(s.t_low, s.ta_k, loaded, loaded, false, steps_for((s.ta_k - s.t_low) / s.heating_rate, dt)),
       true);
  r.md("F_G_anneal", npt(s.ta_k, s.ta_k, loaded, loaded, false, steps_for(s.anneal_ps, dt)));
  r.md("G_H_cool", npt(s.ta_k, s.t_low, loaded, loaded, false, steps_for((s.ta_k - s.t_low) / k_final, dt)));
  const auto h = r.minimize("H", pa);
  r.quasi_static("H_I_unload", loaded, zero, true);
  const auto j = r.minimize("J", 0.0);

  const double e_d = d["potential_energy_eV_per_atom"], e_j = j["potential_energy_eV_per_atom"];
  nlohmann::json summary = {{"alloy", alloy.name},
                            {"natoms", s.natoms},
                            {"E_D_eV_per_atom", e_d},
                            {"E_H_eV_per_atom", h["potential_energy_eV_per_atom"]},
                            {"E_J_eV_per_atom", e_j},
                            {"delta_E_eV_per_atom", e_j - e_d},
                            {"V_D_A3_per_atom", d["volume_A3_per_atom"]},
                            {"V_J_A3_per_atom", j["volume_A3_per_atom"]},
                            {"Pa_GPa", pa},
                            {"Ta_K", s.ta_k},
                            {"cooling_rate_K_per_ps", s.cooling_rate},
                            {"final_cooling_rate_K_per_ps", k_final},
                            {"verdict", e_j - e_d > 0 ? "rejuvenation" : "ageing"},
                            {"stages", r.stages},
                            {"wall_seconds_this_invocation",
                             std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()}};
  if (s.ta_over_tg > 0) {
    summary["Ta_over_Tg"] = s.ta_over_tg;
    summary["Tg_Pa_K"] = tg["Tg_K"];
    summary["Tg_Pa_uncertainty_K"] = tg["Tg_uncertainty_K"];
  }
  // The timing differs between runs; the numbers above do not.
  write_atomically((fs::path(out_dir) / "summary.json").string(), summary.dump(1) + "\n");
  return summary;
}

nlohmann::json run_replicas(const Alloy& alloy, const ProtocolSettings& settings, int replicas,
                            const std::string& out_dir, bool force, bool verbose) {
  if (replicas < 1) throw InputError(fmt::format("replicas = {}: expected at least 1", replicas));
  fs::create_directories(out_dir);
  std::vector<double> de;
  std::string rows = "alloy,replica,seed,Pa_GPa,Ta_K,E_D_eV_per_atom,E_J_eV_per_atom,delta_E_eV_per_atom\n";
  double ta = settings.ta_k;
  for (int k = 0; k < replicas; ++k) {
    ProtocolSettings s = settings;
    s.seed = settings.seed + static_cast<std::uint64_t>(k);
    if (verbose) fmt::print(stderr, "rejuv protocol: replica {}/{}\n", k + 1, replicas);
    const auto r = run_protocol(alloy, s, (fs::path(out_dir) / fmt::format("replica_{}", k)).string(), force, verbose);
    ta = r["Ta_K"].get<double>();
    de.push_back(r["delta_E_eV_per_atom"].get<double>());
    rows += fmt::format("{},{},{},{:.17g},{:.17g},{:.17g},{:.17g},{:.17g}\n", alloy.name, k, s.seed, s.pa_gpa, ta,
                        r["E_D_eV_per_atom"].get<double>(), r["E_J_eV_per_atom"].get<double>(), de.back());
  }
  double mean = 0.0;
  for (double x : de) mean += x;
  mean /= static_cast<double>(de.size());
  double var = 0.0;
  for (double x : de) var += (x - mean) * (x - mean);
  const double n = static_cast<double>(de.size());
  const double se = de.size() > 1 ? std::sqrt(var / (n - 1) / n) : 0.0;
  write_atomically((fs::path(out_dir) / "replicas.csv").string(), rows);
  write_atomically((fs::path(out_dir) / "summary.csv").string(),
                   fmt::format("alloy,Pa_GPa,Ta_K,Ta_over_Tg,mean_delta_E_eV_per_atom,se_delta_E_eV_per_atom,n\n"
                               "{},{:.17g},{:.17g},{},{:.17g},{:.17g},{}\n",
                               alloy.name, settings.pa_gpa, ta,
                               settings.ta_over_tg > 0 ? fmt::format("{:.17g}", settings.ta_over_tg) : "", mean, se,
                               de.size()));
  nlohmann::json summary = {{"alloy", alloy.name},
                            {"Pa_GPa", settings.pa_gpa},
                            {"Ta_K", ta},
                            {"mean_delta_E_eV_per_atom", mean},
                            {"se_delta_E_eV_per_atom", se},
                            {"n", de.size()},
                            {"delta_E_eV_per_atom", de}};
  if (settings.ta_over_tg > 0) summary["Ta_over_Tg"] = settings.ta_over_tg;
  write_atomically((fs::path(out_dir) / "summary.json").string(), summary.dump(1) + "\n");
  return summary;
}

}  // namespace rejuv::protocol
