// Molecular dynamics runs: velocity Verlet (NVE), Nose-Hoover chain NVT and
// MTK NPT with linear temperature and stress ramps, as LAMMPS fix nve / nvt /
// npt integrate them;
// thermo CSV, dumps, progress with ETA, and checkpoints from which a killed
// run resumes bitwise identically.
#pragma once

#include <array>
#include <functional>
#include <string>

#include "io/lammps_dump.h"
#include "potential/evaluate.h"
#include "potential/potential.h"
#include "system/system.h"

namespace rejuv::integrate {

struct MdSettings {
  std::string ensemble = "nve";  // "nve" | "nvt" | "npt"
  double t_start = 0.0;          // target temperature at step 0, K (nvt)
  double t_stop = 0.0;           // target temperature at the last step, K (nvt)
  double timestep_ps = 0.001;
  long steps = 0;
  double tdamp_ps = 0.0;         // thermostat damping time; 0 -> 100 timesteps
  int chain_length = 3;
  // npt: "iso" (scalar pressure) or "aniso" (each normal stress to its own
  // target); targets in GPa (compression > 0), ramped linearly over the run.
  std::string coupling = "iso";
  std::array<double, 3> p_start{0, 0, 0};
  std::array<double, 3> p_stop{0, 0, 0};
  double pdamp_ps = 0.0;         // barostat damping time; 0 -> 1000 timesteps
  long thermo_every = 100;       // thermo rows every N steps (and the last step)
  std::string thermo_csv;        // empty: no CSV
  bool thermo_to_terminal = true;
  std::string dump_path;         // empty: no dump
  long dump_every = 1000;
  io::DumpOptions dump_options;  // extra dump columns: velocities, image flags
  std::string checkpoint_path;   // empty: no checkpoints
  long checkpoint_every = 1000;
  double skin = 1.0;             // A
  // Identifies the run (inputs and settings); a checkpoint with a different
  // signature is refused rather than resumed.
  std::string signature;
  // Called before each step (with the step about to run, counted from the
  // run's start, 0-based) and once after the last (with `steps`), between
  // the steps' parallel regions, with this invocation's potential and
  // neighbour-list seconds so far: for benchmarks (rejuv bench's
  // alternating thread counts). Results must not depend on it.
  std::function<void(long step, const potential::EvalTimings& so_far)> between_steps;
};

struct MdSummary {
  std::size_t natoms = 0;
  long steps = 0;
  long resumed_from_step = -1;   // -1: started fresh
  double mean_temperature_K = 0.0;
  double mean_pressure_GPa = 0.0;
  std::array<double, 3> mean_normal_stress_GPa{};  // pxx, pyy, pzz
  double mean_volume_A3 = 0.0;
  double mean_potential_energy_eV = 0.0;
  double conserved_start_eV = 0.0;
  double conserved_end_eV = 0.0;
  double final_temperature_K = 0.0;
  double final_potential_energy_eV = 0.0;
  long neighbor_builds = 0;
  double wall_seconds = 0.0;     // this invocation only
  double atom_steps_per_second = 0.0;
  // Where the wall time went (this invocation): the potential, neighbour
  // lists, output (thermo, dumps, checkpoints) and the rest (integration).
  double pair_seconds = 0.0;
  double neighbor_seconds = 0.0;
  double output_seconds = 0.0;
  double integration_seconds = 0.0;
};

// Checks settings; throws InputError naming the offending setting.
void validate(const MdSettings& settings);

// Runs (or resumes) the MD. The system must already carry its masses and
// velocities. On return `system` holds the final state.
MdSummary run_md(System& system, potential::Potential& potential, const MdSettings& settings);

}  // namespace rejuv::integrate
