// `rejuv bench`: the speed of NPT MD on a given system, with the time split
// between the potential, neighbour lists, integration and output; the
// figure compared with LAMMPS by bench/compare_lammps.sh.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "cli/commands.h"
#include "integrate/md_run.h"
#include "integrate/velocities.h"
#include "io/lammps_data.h"
#include "io/potential_config.h"
#include "potential/evaluate.h"
#include "potential/registry.h"
#include "util/error.h"

namespace rejuv::cli {

namespace {

// The median over pairs of neighbouring blocks (first count, then second)
// of the second's time per step over the first's: how much faster the
// first count is, from pairs a few milliseconds apart, so that a burst of
// a shared machine's noise spoils a pair or two, not the figure.
double median_pair_speedup(const std::vector<double>& block_step_seconds) {
  std::vector<double> ratios;
  for (std::size_t k = 0; k + 1 < block_step_seconds.size(); k += 2)
    if (block_step_seconds[k] > 0) ratios.push_back(block_step_seconds[k + 1] / block_step_seconds[k]);
  if (ratios.empty()) return 0.0;
  std::sort(ratios.begin(), ratios.end());
  const std::size_t m = ratios.size() / 2;
  return ratios.size() % 2 ? ratios[m] : 0.5 * (ratios[m - 1] + ratios[m]);
}

struct BenchOptions {
  std::string data, potential;
  double temperature = 2000.0, pressure = 0.0, timestep = 0.002, skin = 1.0;
  long steps = 1000, warmup = -1;
  int threads = 0;
  int alternate_threads = 0;  // 0: off
  long alternate_block = 100;
  std::uint64_t seed = 5;
  bool json = false;
};

void run(const BenchOptions& o) {
  if (o.data.empty() || o.potential.empty()) throw InputError("rejuv bench needs --data D and --potential P.toml");
  if (o.steps < 1) throw InputError(fmt::format("--steps {}: expected at least 1", o.steps));
  if (o.threads < 0) throw InputError(fmt::format("--threads {}: expected at least 1", o.threads));
  if (o.alternate_threads < 0)
    throw InputError(fmt::format("--alternate-threads {}: expected at least 1", o.alternate_threads));
  if (o.alternate_block < 1)
    throw InputError(fmt::format("--alternate-block {}: expected at least 1 step", o.alternate_block));
#ifndef _OPENMP
  if (o.alternate_threads > 1) throw InputError("--alternate-threads: this rejuv was built without OpenMP");
#endif
  int threads = 1;
#ifdef _OPENMP
  if (o.threads > 0) omp_set_num_threads(o.threads);
  threads = omp_get_max_threads();
#else
  if (o.threads > 1) throw InputError("--threads: this rejuv was built without OpenMP");
#endif
  const auto spec = io::read_potential_config(o.potential);
  auto pot = potential::create_potential(spec);
  System sys = io::read_lammps_data(o.data);
  potential::attach_potential(sys, *pot, spec.elements, o.data);
  integrate::create_velocities(sys, o.temperature, o.seed);
  sys.has_velocities = true;

  // LAMMPS's recommended damping (100 and 1000 time steps), as
  // bench/compare_lammps.sh gives LAMMPS.
  integrate::MdSettings s;
  s.ensemble = "npt";
  s.t_start = s.t_stop = o.temperature;
  s.p_start = s.p_stop = {o.pressure, o.pressure, o.pressure};
  s.timestep_ps = o.timestep;
  s.tdamp_ps = 100 * o.timestep;
  s.pdamp_ps = 1000 * o.timestep;
  s.skin = o.skin;
  s.thermo_to_terminal = false;
  s.thermo_every = o.steps + 1;
  integrate::validate(s);
  // Warm-up (untimed): caches, page faults, the first neighbour builds.
  s.steps = o.warmup >= 0 ? o.warmup : std::min<long>(100, std::max<long>(1, o.steps / 10));
  if (s.steps > 0) integrate::run_md(sys, *pot, s);
  s.steps = o.steps;
  // --alternate-threads: the timed steps in blocks, run alternately on the
  // two thread counts (the trajectory is bitwise the same for any count, so
  // both time the same steps' kind of work), each block's steps timed apart
  // and the first step of a block, which starts the other team, left out.
  // Both counts then see the same minutes of a shared machine's noise.
  struct Alternating {
    int counts[2];
    double seconds[2] = {0, 0};
    long steps[2] = {0, 0};
    int now = 0;  // index of the count running
    bool timed = false;
    std::chrono::steady_clock::time_point since;
    // Each finished block's seconds per timed step, in run order (even
    // entries the first count's, odd the second's).
    std::vector<double> block_step_seconds;
    double block_seconds = 0;
    long block_steps = 0;
    // Per count, the timed steps' potential and neighbour seconds (the
    // rest of a timed step is integration), and the cumulative times at
    // the timed step's start.
    double pair_seconds[2] = {0, 0}, neighbor_seconds[2] = {0, 0};
    potential::EvalTimings at_since;
  } alt;
  alt.counts[0] = threads;
  alt.counts[1] = o.alternate_threads;
  if (o.alternate_threads > 0) {
    s.between_steps = [&alt, block = o.alternate_block](long step, const potential::EvalTimings& so_far) {
      const auto now = std::chrono::steady_clock::now();
      if (alt.timed) {
        const double took = std::chrono::duration<double>(now - alt.since).count();
        alt.seconds[alt.now] += took;
        ++alt.steps[alt.now];
        alt.pair_seconds[alt.now] += so_far.pair_seconds - alt.at_since.pair_seconds;
        alt.neighbor_seconds[alt.now] += so_far.neighbor_seconds - alt.at_since.neighbor_seconds;
        alt.block_seconds += took;
        ++alt.block_steps;
      }
      alt.timed = step % block != 0;
      if (step % block == 0) {
        if (alt.block_steps > 0) alt.block_step_seconds.push_back(alt.block_seconds / static_cast<double>(alt.block_steps));
        alt.block_seconds = 0;
        alt.block_steps = 0;
        alt.now = static_cast<int>((step / block) % 2);
#ifdef _OPENMP
        omp_set_num_threads(alt.counts[alt.now]);
#endif
      }
      alt.at_since = so_far;
      alt.since = std::chrono::steady_clock::now();
    };
  }
  const auto r = integrate::run_md(sys, *pot, s);
#ifdef _OPENMP
  if (o.alternate_threads > 0) omp_set_num_threads(threads);
#endif

  const double wall = r.wall_seconds;
  // Peak resident memory of the whole process (Linux reports kilobytes).
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const double peak_bytes = 1024.0 * static_cast<double>(usage.ru_maxrss);
  auto share = [&](double x) { return wall > 0 ? x / wall : 0.0; };
  nlohmann::json j = {{"atom_steps_per_second", r.atom_steps_per_second},
                      {"natoms", sys.size()},
                      {"steps", r.steps},
                      {"threads", threads},
                      {"wall_seconds", wall},
                      {"time_split_seconds",
                       {{"pair", r.pair_seconds},
                        {"neighbor", r.neighbor_seconds},
                        {"integration", r.integration_seconds},
                        {"other", r.output_seconds}}},
                      {"time_split_fraction",
                       {{"pair", share(r.pair_seconds)},
                        {"neighbor", share(r.neighbor_seconds)},
                        {"integration", share(r.integration_seconds)},
                        {"other", share(r.output_seconds)}}},
                      {"neighbor_builds", r.neighbor_builds},
                      {"ns_per_atom_step", 1e9 / r.atom_steps_per_second},
                      {"peak_memory_bytes", peak_bytes},
                      {"peak_memory_bytes_per_atom", peak_bytes / static_cast<double>(sys.size())},
                      {"mean_temperature_K", r.mean_temperature_K},
                      {"mean_pressure_GPa", r.mean_pressure_GPa},
                      {"potential_style", spec.style},
                      {"pair_table_stride", spec.pair_table_stride},
                      {"data", o.data},
                      {"openmp_runtime", REJUV_OPENMP_RUNTIME},
                      {"rejuv_version", REJUV_VERSION}};
  const auto per_step = [&](int k) { return alt.steps[k] > 0 ? alt.seconds[k] / static_cast<double>(alt.steps[k]) : 0.0; };
  if (o.alternate_threads > 0) {
    if (alt.steps[1] == 0)
      throw InputError(fmt::format("--alternate-threads: {} steps in blocks of {} never reach the second block; "
                                   "give more --steps or a smaller --alternate-block",
                                   o.steps, o.alternate_block));
    // Seconds over a count's timed steps as ns per atom-step.
    const auto split_ns = [&](double seconds, int k) {
      return 1e9 * seconds / static_cast<double>(alt.steps[k]) / static_cast<double>(sys.size());
    };
    std::vector<double> block_ns;
    for (double b : alt.block_step_seconds) block_ns.push_back(1e9 * b / static_cast<double>(sys.size()));
    j["alternating"] = {{"threads", {alt.counts[0], alt.counts[1]}},
                        {"block_steps", o.alternate_block},
                        {"timed_steps", {alt.steps[0], alt.steps[1]}},
                        {"ns_per_atom_step",
                         {1e9 * per_step(0) / static_cast<double>(sys.size()),
                          1e9 * per_step(1) / static_cast<double>(sys.size())}},
                        {"speedup", per_step(0) > 0 ? per_step(1) / per_step(0) : 0.0},
                        {"median_pair_speedup", median_pair_speedup(alt.block_step_seconds)},
                        {"time_split_ns_per_atom_step",
                         {{"pair", {split_ns(alt.pair_seconds[0], 0), split_ns(alt.pair_seconds[1], 1)}},
                          {"neighbor", {split_ns(alt.neighbor_seconds[0], 0), split_ns(alt.neighbor_seconds[1], 1)}},
                          {"integration",
                           {split_ns(alt.seconds[0] - alt.pair_seconds[0] - alt.neighbor_seconds[0], 0),
                            split_ns(alt.seconds[1] - alt.pair_seconds[1] - alt.neighbor_seconds[1], 1)}}}},
                        {"block_ns_per_atom_step", block_ns}};
  }
  if (o.json) {
    fmt::print("{}\n", j.dump());
    return;
  }
  fmt::print("rejuv bench: {} atoms, {} NPT steps at {} K, {} GPa, {} thread(s) ({}){}\n", sys.size(), r.steps,
             o.temperature, o.pressure, threads, REJUV_OPENMP_RUNTIME,
             spec.pair_table_stride > 1 ? fmt::format(", pair_table_stride {}", spec.pair_table_stride) : "");
  fmt::print("  {:.4g} atom-steps/s ({:.3g} s; {:.3g} us per atom-step)\n", r.atom_steps_per_second, wall,
             1e6 / r.atom_steps_per_second);
  fmt::print("  pair {:.1f}%, neighbour {:.1f}% ({} builds), integration {:.1f}%, output {:.1f}%\n",
             100 * share(r.pair_seconds), 100 * share(r.neighbor_seconds), r.neighbor_builds,
             100 * share(r.integration_seconds), 100 * share(r.output_seconds));
  fmt::print("  peak memory {:.1f} MB ({:.0f} bytes per atom)\n", peak_bytes / 1e6,
             peak_bytes / static_cast<double>(sys.size()));
  if (o.alternate_threads > 0)
    fmt::print("  alternating blocks of {} steps: {} thread(s) {:.4g} ns per atom-step, {} thread(s) {:.4g}: "
               "{} thread(s) {:.3f}x as fast\n",
               o.alternate_block, alt.counts[0], 1e9 * per_step(0) / static_cast<double>(sys.size()), alt.counts[1],
               1e9 * per_step(1) / static_cast<double>(sys.size()), alt.counts[0], per_step(1) / per_step(0));
  if (o.alternate_threads > 0) {
    fmt::print("  median over pairs of neighbouring blocks: {} thread(s) {:.3f}x as fast\n", alt.counts[0],
               median_pair_speedup(alt.block_step_seconds));
    const auto& split = j["alternating"]["time_split_ns_per_atom_step"];
    fmt::print("  ns per atom-step, {} / {} thread(s): pair {:.4g} / {:.4g}, neighbour {:.4g} / {:.4g}, "
               "integration {:.4g} / {:.4g}\n",
               alt.counts[0], alt.counts[1], split["pair"][0].get<double>(), split["pair"][1].get<double>(),
               split["neighbor"][0].get<double>(), split["neighbor"][1].get<double>(),
               split["integration"][0].get<double>(), split["integration"][1].get<double>());
  }
}

}  // namespace

void add_bench_command(CLI::App& app) {
  auto o = std::make_shared<BenchOptions>();
  CLI::App* cmd = app.add_subcommand("bench", "Speed of NPT MD on a system, with the time split");
  cmd->add_option("--data", o->data, "LAMMPS data file");
  cmd->add_option("--potential", o->potential, "Potential description (TOML)");
  cmd->add_option("--temperature", o->temperature, "Temperature, K (velocities drawn at it)")->capture_default_str();
  cmd->add_option("--pressure", o->pressure, "Pressure, GPa")->capture_default_str();
  cmd->add_option("--timestep", o->timestep, "Time step, ps")->capture_default_str();
  cmd->add_option("--steps", o->steps, "Timed steps")->capture_default_str();
  cmd->add_option("--warmup", o->warmup, "Untimed steps first (default: a tenth of --steps, at most 100)");
  cmd->add_option("--threads", o->threads, "OpenMP threads (default: OMP_NUM_THREADS or every core)");
  cmd->add_option("--alternate-threads", o->alternate_threads,
                  "Run the timed steps in blocks alternating between --threads and this many threads, and "
                  "report both (a paired comparison on a noisy machine)");
  cmd->add_option("--alternate-block", o->alternate_block, "Steps per block with --alternate-threads")
      ->capture_default_str();
  cmd->add_option("--skin", o->skin, "Neighbour skin, A")->capture_default_str();
  cmd->add_option("--seed", o->seed, "Velocity seed")->capture_default_str();
  cmd->add_flag("--json", o->json, "Print one JSON object");
  cmd->callback([o] { run(*o); });
}

}  // namespace rejuv::cli
