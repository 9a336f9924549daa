// Running a study as resumable stages in one folder: each stage writes its
// final state (<stage>.data) and numbers (<stage>.json) atomically; MD
// stages checkpoint. A finished stage is loaded instead of rerun, and every
// stage starts from the previous state in atom-id order with positions
// wrapped, so a resumed run gives bitwise the same numbers.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "integrate/md_run.h"
#include "integrate/velocities.h"
#include "io/lammps_data.h"
#include "minimize/minimize.h"
#include "potential/evaluate.h"
#include "potential/potential.h"
#include "protocol/alloys.h"
#include "protocol/thermal_pressure_loading.h"
#include "system/system.h"

namespace rejuv::protocol {

namespace fs = std::filesystem;

void write_atomically(const std::string& path, const std::string& text);
// A JSON file's content (nlohmann::json::exception when it is not JSON).
nlohmann::json read_json_file(const std::string& path);
void canonical_order(System& system);
// Records `config` as DIR/record_name, or checks it against the record
// already there: a folder made with other settings is refused (InputError)
// unless `force`, which empties it first (or, with !empty_on_force, only
// replaces the record).
void claim_folder(const std::string& dir, const std::string& record_name, const nlohmann::json& config, bool force,
                  bool empty_on_force = true);
long steps_for(double duration_ps, double dt);

// NPT with linear temperature and stress ramps: iso, or aniso (each normal
// stress to its own target); stresses in GPa.
integrate::MdSettings npt_ramp(double t_start, double t_stop, std::array<double, 3> p_start,
                               std::array<double, 3> p_stop, bool aniso, long steps);
// Iso NPT at pressure p (GPa) with a temperature ramp.
inline integrate::MdSettings npt_at(double t_start, double t_stop, double p, long steps) {
  return npt_ramp(t_start, t_stop, {p, p, p}, {p, p, p}, false, steps);
}

struct Runner {
  // The stage machinery shared by `rejuv protocol` and `rejuv tg`.
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
    stages[name] = read_json_file(path(name + ".json"));
    return true;
  }

  void say(const std::string& text) const {
    if (verbose) fmt::print(stderr, "rejuv protocol: {}\n", text);
  }

  // A fresh random sample (seeded) with velocities at the melt temperature,
  // melted at pressure p (GPa) for the melt time: MD stage `name`.
  void melt(const std::string& name, double p_gpa);

  // One MD stage: resumes from its checkpoint when interrupted.
  // `redraw_velocities`: start from velocities drawn at t_low (a thermostat
  // cannot heat atoms at rest).
  void md(const std::string& name, integrate::MdSettings m, bool redraw_velocities = false) {
    if (done(name)) {
      load_state(path(name + ".data"));
      say(fmt::format("{} already done", name));
      return;
    }
    say(fmt::format("{} ({} steps)", name, m.steps));
    if (redraw_velocities) integrate::create_velocities(sys, s.t_low, s.seed, integrate::RandomPurpose::reheat_velocities);
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

  // A relaxation's stress is within this of its target (GPa).
  static constexpr double kStressToleranceGPa = 0.005;
  static constexpr int kRelaxRounds = 20;

  // Steepest descent with the box to the settings' stress targets. SD stops
  // on the energy tolerance even where the box still has a stress residual
  // of a few 0.01 GPa (the box moves slowly once the energy is nearly flat;
  // how far it got depends on rounding), so the relaxation starts again from
  // where it stopped until the stress is within kStressToleranceGPa of the
  // target: normal components for per-axis targets, the mean for iso.
  minimize::MinimizeResult relax(const minimize::MinimizeSettings& ms, long& iterations) {
    minimize::MinimizeResult r;
    for (int round = 0; round < kRelaxRounds; ++round) {
      r = minimize::run_minimize(sys, *pot, ms);
      iterations += r.iterations;
      double off = 0.0;
      if (ms.box == minimize::BoxRelax::iso)
        off = std::abs(r.pressure_scalar_GPa - (ms.target_GPa[0] + ms.target_GPa[1] + ms.target_GPa[2]) / 3.0);
      else if (ms.box == minimize::BoxRelax::per_component)
        for (int d = 0; d < 3; ++d) off = std::max(off, std::abs(r.pressure_GPa[d] - ms.target_GPa[d]));
      if (off <= kStressToleranceGPa || r.stop_reason == "max iterations") break;
    }
    return r;
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
      r = relax(ms, iterations);
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
    long iterations = 0;
    const auto r = relax(ms, iterations);
    const double n = static_cast<double>(sys.size());
    nlohmann::json info = {{"potential_energy_eV_per_atom", r.potential_energy_eV / n},
                           {"volume_A3_per_atom", r.volume_A3 / n},
                           {"pressure_GPa", r.pressure_scalar_GPa},
                           {"iterations", iterations},
                           {"stop_reason", r.stop_reason}};
    save_state(name, info);
    return info;
  }
};



}  // namespace rejuv::protocol
