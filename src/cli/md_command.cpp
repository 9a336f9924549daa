// `rejuv md`: a molecular-dynamics run (NVE, Nose-Hoover NVT, MTK NPT) with thermo
// CSV, dumps, final data file and resumable checkpoints.
#include <cstdio>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/common.h"
#include "integrate/md_run.h"
#include "integrate/velocities.h"
#include "io/lammps_data.h"
#include "io/potential_config.h"
#include "potential/evaluate.h"
#include "potential/registry.h"
#include "util/error.h"
#include "util/fingerprint.h"

namespace rejuv::cli {

namespace {

struct MdOptions {
  std::string data, potential, ensemble = "nve", temperature, pressure, thermo, dump, write_data, checkpoint;
  std::string boundary = "ppp";
  std::string coupling = "iso", stress;
  double pdamp = 0.0;
  double timestep = 0.001;
  long steps = 0;
  std::uint64_t seed = 12345;
  double create_velocities = -1.0;
  double tdamp = 0.0;
  long thermo_every = 100, dump_every = 1000, checkpoint_every = 1000;
  double skin = 1.0;
  bool json = false;
  bool dump_velocities = false, dump_images = false, dump_energies = false, zero_velocities = false;
};

// "T" or "T0:T1".
std::pair<double, double> parse_ramp(const std::string& text, const char* flag) {
  const auto colon = text.find(':');
  try {
    std::size_t used = 0;
    const double a = std::stod(text.substr(0, colon), &used);
    if (colon == std::string::npos) {
      if (used != text.size()) throw std::invalid_argument(text);
      return {a, a};
    }
    const std::string rest = text.substr(colon + 1);
    const double b = std::stod(rest, &used);
    if (used != rest.size()) throw std::invalid_argument(text);
    return {a, b};
  } catch (const std::exception&) {
    throw InputError(fmt::format("{} '{}': expected a number or START:STOP", flag, text));
  }
}

void run(const MdOptions& o) {
  integrate::MdSettings s;
  s.ensemble = o.ensemble;
  if (o.ensemble != "npt" && (!o.pressure.empty() || !o.stress.empty()))
    throw InputError("--pressure and --stress set barostat targets: use them with --ensemble npt");
  if (o.ensemble == "nvt" || o.ensemble == "npt") {
    if (o.temperature.empty())
      throw InputError(fmt::format("--ensemble {} needs --temperature T or T0:T1 (K)", o.ensemble));
    std::tie(s.t_start, s.t_stop) = parse_ramp(o.temperature, "--temperature");
  } else if (!o.temperature.empty()) {
    throw InputError("--temperature sets a thermostat target: use it with --ensemble nvt or npt (for initial "
                     "velocities use --create-velocities T)");
  }
  if (o.ensemble == "npt") {
    if (o.pressure.empty() == o.stress.empty())
      throw InputError("--ensemble npt needs exactly one of --pressure P[:P1] or --stress XX,YY,ZZ[:XX,YY,ZZ] (GPa)");
    s.coupling = o.coupling;
    if (!o.pressure.empty()) {
      const auto [p0, p1] = parse_ramp(o.pressure, "--pressure");
      s.p_start = {p0, p0, p0};
      s.p_stop = {p1, p1, p1};
    } else {
      s.coupling = "aniso";  // each normal stress to its own target
      const auto colon = o.stress.find(':');
      s.p_start = parse_triple(o.stress.substr(0, colon), "--stress");
      s.p_stop = colon == std::string::npos ? s.p_start : parse_triple(o.stress.substr(colon + 1), "--stress");
    }
    s.pdamp_ps = o.pdamp;
  }
  s.timestep_ps = o.timestep;
  s.steps = o.steps;
  s.tdamp_ps = o.tdamp;
  s.thermo_csv = o.thermo;
  s.thermo_every = o.thermo_every;
  s.thermo_to_terminal = !o.json;
  s.dump_path = o.dump;
  s.dump_every = o.dump_every;
  s.dump_options.velocities = o.dump_velocities;
  s.dump_options.images = o.dump_images;
  s.dump_options.energies = o.dump_energies;
  s.checkpoint_path = o.checkpoint;
  s.checkpoint_every = o.checkpoint_every;
  s.skin = o.skin;
  integrate::validate(s);

  const auto spec = io::read_potential_config(o.potential);
  auto pot = potential::create_potential(spec);
  System sys = io::read_lammps_data(o.data, parse_boundary(o.boundary));
  potential::attach_potential(sys, *pot, spec.elements, o.data);
  if (o.create_velocities >= 0.0 && o.zero_velocities)
    throw InputError("--create-velocities and --zero-velocities exclude each other");
  if (o.create_velocities >= 0.0) integrate::create_velocities(sys, o.create_velocities, o.seed);
  if (o.zero_velocities) integrate::zero_velocities(sys);
  sys.has_velocities = true;

  // The run's identity: inputs' bytes and every setting that changes results.
  std::uint64_t h = fnv1a_file(o.data);
  h = fnv1a_file(o.potential, h);
  for (const auto& f : spec.files) h = fnv1a_file(f, h);
  s.signature = fmt::format("{:016x} {} {}:{} dt={} steps={} tdamp={} seed={} v={}{} skin={} bnd={} ck={} p={}:{} {} pdamp={}",
                            h, s.ensemble, s.t_start, s.t_stop, s.timestep_ps, s.steps, s.tdamp_ps, o.seed,
                            o.create_velocities, o.zero_velocities ? " zero" : "", s.skin, o.boundary, s.checkpoint_every, fmt::join(s.p_start, ","),
                            fmt::join(s.p_stop, ","), s.coupling, s.pdamp_ps);

  const auto r = integrate::run_md(sys, *pot, s);
  if (!o.write_data.empty()) io::write_lammps_data(sys, o.write_data, "LAMMPS data file written by rejuv md");

  const double n = static_cast<double>(r.natoms);
  if (o.json) {
    nlohmann::json j;
    j["natoms"] = r.natoms;
    j["ensemble"] = s.ensemble;
    j["steps"] = r.steps;
    j["timestep_ps"] = s.timestep_ps;
    j["mean_temperature_K"] = r.mean_temperature_K;
    j["mean_pressure_GPa"] = r.mean_pressure_GPa;
    j["mean_pressure_tensor_diagonal_GPa"] = r.mean_normal_stress_GPa;
    j["mean_volume_A3"] = r.mean_volume_A3;
    j["mean_volume_A3_per_atom"] = r.mean_volume_A3 / n;
    j["mean_potential_energy_eV"] = r.mean_potential_energy_eV;
    j["mean_potential_energy_eV_per_atom"] = r.mean_potential_energy_eV / n;
    j["conserved_drift_eV_per_atom"] = (r.conserved_end_eV - r.conserved_start_eV) / n;
    j["final_temperature_K"] = r.final_temperature_K;
    j["final_potential_energy_eV"] = r.final_potential_energy_eV;
    j["neighbor_builds"] = r.neighbor_builds;
    j["resumed_from_step"] = r.resumed_from_step;
    j["wall_seconds"] = r.wall_seconds;
    j["atom_steps_per_second"] = r.atom_steps_per_second;
    fmt::print("{}\n", j.dump());
    return;
  }
  fmt::print("rejuv md: {} steps of {} ps ({}), {} atoms{}\n", r.steps, s.timestep_ps, s.ensemble, r.natoms,
             r.resumed_from_step >= 0 ? fmt::format(", resumed from step {}", r.resumed_from_step) : "");
  fmt::print("  mean T {:.3f} K, mean P {:.4f} GPa, mean V {:.4f} A^3/atom, mean PE {:.6f} eV/atom\n",
             r.mean_temperature_K, r.mean_pressure_GPa, r.mean_volume_A3 / n, r.mean_potential_energy_eV / n);
  fmt::print("  conserved-quantity drift {:.3e} eV/atom; {} neighbour-list builds; {:.3g} atom-steps/s\n",
             (r.conserved_end_eV - r.conserved_start_eV) / n, r.neighbor_builds, r.atom_steps_per_second);
}

}  // namespace

void add_md_command(CLI::App& app) {
  auto o = std::make_shared<MdOptions>();
  CLI::App* cmd = app.add_subcommand("md", "Molecular dynamics (NVE, Nose-Hoover NVT, MTK NPT)");
  cmd->add_option("--data", o->data, "LAMMPS data file (atom_style atomic)")->required();
  cmd->add_option("--potential", o->potential, "Potential description (TOML)")->required();
  cmd->add_option("--ensemble", o->ensemble, "nve, nvt or npt")->capture_default_str();
  cmd->add_option("--temperature", o->temperature, "Thermostat target in K, T or T0:T1 (linear ramp over the run)");
  cmd->add_option("--pressure", o->pressure, "npt: pressure target in GPa, P or P0:P1 (linear ramp)");
  cmd->add_option("--stress", o->stress, "npt: per-axis normal-stress targets XX,YY,ZZ or XX,YY,ZZ:XX,YY,ZZ (GPa)");
  cmd->add_option("--coupling", o->coupling, "npt with --pressure: iso (scalar pressure) or aniso (each axis)")
      ->capture_default_str();
  cmd->add_option("--pdamp", o->pdamp, "Barostat damping time in ps (default 1000 time steps)");
  cmd->add_option("--timestep", o->timestep, "Time step in ps")->capture_default_str();
  cmd->add_option("--steps", o->steps, "Number of steps")->required();
  cmd->add_option("--seed", o->seed, "Random seed (velocities)")->capture_default_str();
  cmd->add_option("--create-velocities", o->create_velocities, "Draw Gaussian velocities at T (K) before the run");
  cmd->add_flag("--zero-velocities", o->zero_velocities, "Start from rest (0 K stages)");
  cmd->add_option("--tdamp", o->tdamp, "Thermostat damping time in ps (default 100 time steps)");
  cmd->add_option("--thermo", o->thermo, "Thermo CSV file");
  cmd->add_option("--thermo-every", o->thermo_every, "Thermo interval in steps")->capture_default_str();
  cmd->add_option("--dump", o->dump, "LAMMPS custom dump file (id type x y z)");
  cmd->add_option("--dump-every", o->dump_every, "Dump interval in steps")->capture_default_str();
  cmd->add_flag("--dump-velocities", o->dump_velocities, "Add vx vy vz to the dump");
  cmd->add_flag("--dump-images", o->dump_images, "Add image flags ix iy iz to the dump");
  cmd->add_flag("--dump-energies", o->dump_energies, "Add the per-atom potential energy (pe, eV) to the dump");
  cmd->add_option("--write-data", o->write_data, "Write the final state as a LAMMPS data file");
  cmd->add_option("--checkpoint", o->checkpoint, "Checkpoint file: written every --checkpoint-every steps; an "
                                                 "existing one of the same run is resumed");
  cmd->add_option("--checkpoint-every", o->checkpoint_every, "Checkpoint interval in steps")->capture_default_str();
  cmd->add_option("--skin", o->skin, "Neighbour-list skin in A")->capture_default_str();
  cmd->add_option("--boundary", o->boundary, "Periodicity per dimension, e.g. ppp or ppf")->capture_default_str();
  cmd->add_flag("--json", o->json, "Print one JSON object with the run's means");
  cmd->callback([o] { run(*o); });
}

}  // namespace rejuv::cli
