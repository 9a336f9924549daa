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
#include "protocol/sample.h"
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
          {"Ta_K", s.ta_k},               {"heating_rate_K_per_ps", s.heating_rate},
          {"anneal_ps", s.anneal_ps},     {"loading_rate_GPa_per_ps", s.loading_rate},
          {"tdamp_ps", s.tdamp_ps},       {"pdamp_ps", s.pdamp_ps},
          {"min_etol", s.min_etol},       {"min_max_iterations", s.min_max_iterations},
          {"skin_A", s.skin}};
}

namespace {

void write_atomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp);
    out << text;
    if (!out) throw InputError(fmt::format("{}: cannot write", tmp));
  }
  fs::rename(tmp, path);
}

// Puts atoms in id order with positions wrapped: the state a stage starts
// from is then the same whether it comes from memory or from the previous
// stage's data file (which is read back exactly).
void canonical_order(System& sys) {
  std::vector<std::size_t> order(sys.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return sys.id[a] < sys.id[b]; });
  sys.permute(order);
  sys.wrap_into_box();
}

struct Runner {
  const Alloy& alloy;
  const ProtocolSettings& s;
  std::string dir;
  bool verbose;
  std::unique_ptr<potential::Potential> pot;
  System sys;
  nlohmann::json stages = nlohmann::json::object();

  std::string path(const std::string& name) const { return (fs::path(dir) / name).string(); }

  void load_state(const std::string& file) {
    sys = io::read_lammps_data(file);
    potential::attach_potential(sys, *pot, alloy.elements, file);
    canonical_order(sys);
  }

  void save_state(const std::string& name, const nlohmann::json& info) {
    canonical_order(sys);
    io::write_lammps_data(sys, path(name + ".data"), fmt::format("rejuv protocol state after stage {}", name));
    stages[name] = info;
    write_atomically(path(name + ".json"), info.dump(1) + "\n");
  }

  bool done(const std::string& name) {
    if (!fs::exists(path(name + ".json")) || !fs::exists(path(name + ".data"))) return false;
    std::ifstream in(path(name + ".json"));
    stages[name] = nlohmann::json::parse(in);
    return true;
  }

  void say(const std::string& text) const {
    if (verbose) fmt::print(stderr, "rejuv protocol: {}\n", text);
  }

  // One MD stage: resumes from its checkpoint when interrupted.
  void md(const std::string& name, integrate::MdSettings m, bool zero_velocities, bool low_velocities = false) {
    if (done(name)) {
      load_state(path(name + ".data"));
      say(fmt::format("{} already done", name));
      return;
    }
    say(fmt::format("{} ({} steps)", name, m.steps));
    if (zero_velocities) integrate::zero_velocities(sys);
    if (low_velocities) integrate::create_velocities(sys, s.t_low, s.seed + 1);
    m.timestep_ps = s.timestep_ps;
    m.tdamp_ps = s.tdamp_ps;
    m.pdamp_ps = s.pdamp_ps;
    m.skin = s.skin;
    m.thermo_csv = path(name + ".csv");
    m.thermo_every = std::max<long>(1, m.steps / 200);
    m.thermo_to_terminal = false;
    m.checkpoint_path = path(name + ".ck");
    m.checkpoint_every = std::max<long>(100, m.steps / 20);
    m.signature = fmt::format("protocol stage {} {}", name, to_json(s).dump());
    const auto r = integrate::run_md(sys, *pot, m);
    const double n = static_cast<double>(sys.size());
    save_state(name, {{"steps", r.steps},
                      {"mean_temperature_K", r.mean_temperature_K},
                      {"mean_pressure_GPa", r.mean_pressure_GPa},
                      {"final_temperature_K", r.final_temperature_K},
                      {"final_potential_energy_eV_per_atom", r.final_potential_energy_eV / n},
                      {"final_volume_A3_per_atom", sys.box.volume() / n}});
    fs::remove(m.checkpoint_path);
  }

  // Quasi-static 0 K loading: the targets move from `from` to `to` (GPa) in
  // increments of loading_rate x 1 ps, the state relaxed by steepest descent
  // with the box at each increment (per axis when `per_axis`).
  void quasi_static(const std::string& name, std::array<double, 3> from, std::array<double, 3> to, bool per_axis) {
    if (done(name)) {
      load_state(path(name + ".data"));
      say(fmt::format("{} already done", name));
      return;
    }
    double span = 0.0;
    for (int d = 0; d < 3; ++d) span = std::max(span, std::abs(to[d] - from[d]));
    const int increments = std::max(1, static_cast<int>(std::ceil(span / s.loading_rate - 1e-9)));
    say(fmt::format("{} ({} relaxed increments)", name, increments));
    integrate::zero_velocities(sys);
    minimize::MinimizeResult r;
    long iterations = 0;
    for (int k = 1; k <= increments; ++k) {
      minimize::MinimizeSettings ms;
      ms.method = "sd";
      ms.box = per_axis ? minimize::BoxRelax::per_component : minimize::BoxRelax::iso;
      for (int d = 0; d < 3; ++d) ms.target_GPa[d] = from[d] + (to[d] - from[d]) * k / increments;
      ms.etol = s.min_etol;
      ms.max_iterations = s.min_max_iterations;
      ms.skin = s.skin;
      r = minimize::run_minimize(sys, *pot, ms);
      iterations += r.iterations;
    }
    const double n = static_cast<double>(sys.size());
    save_state(name, {{"increments", increments},
                      {"iterations", iterations},
                      {"potential_energy_eV_per_atom", r.potential_energy_eV / n},
                      {"volume_A3_per_atom", r.volume_A3 / n},
                      {"pressure_tensor_GPa", r.pressure_GPa}});
  }

  // Steepest descent with the box relaxing to pressure p (GPa).
  nlohmann::json minimize(const std::string& name, double p_gpa) {
    if (done(name)) {
      load_state(path(name + ".data"));
      say(fmt::format("{} already done", name));
      return stages[name];
    }
    say(name);
    minimize::MinimizeSettings ms;
    ms.method = "sd";
    ms.box = minimize::BoxRelax::iso;
    ms.target_GPa = {p_gpa, p_gpa, p_gpa};
    ms.etol = s.min_etol;
    ms.max_iterations = s.min_max_iterations;
    ms.skin = s.skin;
    const auto r = minimize::run_minimize(sys, *pot, ms);
    const double n = static_cast<double>(sys.size());
    nlohmann::json info = {{"potential_energy_eV_per_atom", r.potential_energy_eV / n},
                           {"volume_A3_per_atom", r.volume_A3 / n},
                           {"pressure_GPa", r.pressure_scalar_GPa},
                           {"iterations", r.iterations},
                           {"stop_reason", r.stop_reason}};
    save_state(name, info);
    return info;
  }
};

long steps_for(double duration_ps, double dt) { return std::max<long>(1, std::lround(duration_ps / dt)); }

}  // namespace

nlohmann::json run_protocol(const Alloy& alloy, const ProtocolSettings& s, const std::string& out_dir, bool force,
                            bool verbose) {
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
      for (const auto& e : fs::directory_iterator(out_dir)) fs::remove(e.path());
  }
  write_atomically(config_path, config.dump(1) + "\n");

  Runner r{alloy, s, out_dir, verbose, potential::create_potential(alloy.potential), {}, {}};
  const auto t0 = std::chrono::steady_clock::now();
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
  r.md("A_B_melt", npt(s.t_melt, s.t_melt, zero, zero, false, steps_for(s.melt_ps, dt)), false);
  r.md("B_C_quench", npt(s.t_melt, s.t_low, zero, zero, false, steps_for((s.t_melt - s.t_low) / s.cooling_rate, dt)),
       false);
  const auto d = r.minimize("D", 0.0);
  r.quasi_static("D_E_load", zero, loaded, false);
  // A thermostat cannot heat atoms at rest: E->F starts from velocities
  // drawn at t_low (seeded), then follows the heating ramp.
  r.md("E_F_heat", npt(s.t_low, s.ta_k, loaded, loaded, false, steps_for((s.ta_k - s.t_low) / s.heating_rate, dt)),
       false, true);
  r.md("F_G_anneal", npt(s.ta_k, s.ta_k, loaded, loaded, false, steps_for(s.anneal_ps, dt)), false);
  r.md("G_H_cool", npt(s.ta_k, s.t_low, loaded, loaded, false, steps_for((s.ta_k - s.t_low) / k_final, dt)), false);
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
  // The timing differs between runs; the numbers above do not.
  write_atomically((fs::path(out_dir) / "summary.json").string(), summary.dump(1) + "\n");
  return summary;
}

}  // namespace rejuv::protocol
