// The study's protocol (science.md section 2): melt-quench A->D to the
// as-quenched glass, then thermal-pressure loading D->J, giving
// dE = E_J - E_D per atom (> 0 rejuvenation, < 0 ageing).
//
// 0 K stages: loading D->E and unloading H->I are quasi-static: velocities
// zero, the targets move in increments of (loading rate x 1 ps), and at each
// increment steepest descent relaxes atoms and box (iso for loading, each
// normal stress on its own for unloading). Cooling "to 0 K" ends at a
// Nose-Hoover target `t_low` (default 1 K); C->D, the end of G->H and I->J
// are steepest descent with the box relaxing to the stated pressure.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "protocol/alloys.h"

namespace rejuv::protocol {

struct ProtocolSettings {
  int natoms = 10000;
  std::uint64_t seed = 1;
  double timestep_ps = 0.002;
  double t_melt = 3000.0;          // K
  double melt_ps = 100.0;          // A->B
  double cooling_rate = 1.0;       // K/ps, B->C
  double final_cooling_rate = 0.0; // K/ps, G->H; 0 -> cooling_rate
  double t_low = 1.0;              // K: the "0 K" thermostat target
  double pa_gpa = 5.0;             // applied pressure (negative: tension)
  double ta_k = 800.0;             // annealing temperature
  double ta_over_tg = 0.0;         // > 0: Ta = ta_over_tg x Tg(Pa), measured first (overrides ta_k)
  double heating_rate = 1.0;       // K/ps, E->F
  double anneal_ps = 1000.0;       // F->G
  double loading_rate = 0.1;       // GPa/ps, D->E and H->I
  double tdamp_ps = 0.1;
  double pdamp_ps = 1.0;
  double min_etol = 1e-10;
  long min_max_iterations = 100000;
  double skin = 1.0;
};

// "smoke" (seconds), "quick" (minutes) or "paper" (the published settings).
ProtocolSettings preset(const std::string& name);
void validate(const ProtocolSettings& settings);
nlohmann::json to_json(const ProtocolSettings& settings);

// Runs A->J in `out_dir`, resuming finished stages and interrupted MD stages
// (bitwise: the same numbers as an uninterrupted run). Writes D.data, H.data,
// J.data, one thermo CSV per MD stage and summary.json; returns the summary.
// Refuses a directory made with other settings unless `force`.
nlohmann::json run_protocol(const Alloy& alloy, const ProtocolSettings& settings, const std::string& out_dir,
                            bool force, bool verbose);

// The two halves of run_protocol, for campaigns that make each as-quenched
// replica once and load it at many points.
// A->D in `dir` (stages A_B_melt, B_C_quench, D); returns D's numbers.
nlohmann::json run_quench(const Alloy& alloy, const ProtocolSettings& settings, const std::string& dir, bool force,
                          bool verbose);
// D->J in `dir` from the as-quenched state `d_data` (whose numbers, from
// run_quench, are `d_info`); settings.ta_k is the annealing temperature
// (`tg`: the Tg(Pa) measurement it came from, or null). Writes and returns
// summary.json as run_protocol does.
nlohmann::json run_loading(const Alloy& alloy, const ProtocolSettings& settings, const std::string& d_data,
                           const nlohmann::json& d_info, const nlohmann::json& tg, const std::string& dir,
                           bool force, bool verbose);
// How long run_protocol would take with these settings: MD steps counted
// from the settings, the rate measured on `segment_steps` NPT steps of the
// melt on this machine with the current threads.
nlohmann::json estimate_protocol(const Alloy& alloy, const ProtocolSettings& settings, long segment_steps);
// The settings an as-quenched state depends on (a campaign's key for reuse).
nlohmann::json quench_settings_json(const ProtocolSettings& settings);

}  // namespace rejuv::protocol
