// `rejuv bench`: the speed of NPT MD on a given system, with the time split
// between the potential, neighbour lists, integration and output; the
// figure compared with LAMMPS by bench/compare_lammps.sh.
#include <sys/resource.h>

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

struct BenchOptions {
  std::string data, potential;
  double temperature = 2000.0, pressure = 0.0, timestep = 0.002, skin = 1.0;
  long steps = 1000, warmup = -1;
  int threads = 0;
  std::uint64_t seed = 5;
  bool json = false;
};

void run(const BenchOptions& o) {
  if (o.data.empty() || o.potential.empty()) throw InputError("rejuv bench needs --data D and --potential P.toml");
  if (o.steps < 1) throw InputError(fmt::format("--steps {}: expected at least 1", o.steps));
  if (o.threads < 0) throw InputError(fmt::format("--threads {}: expected at least 1", o.threads));
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
  const auto r = integrate::run_md(sys, *pot, s);

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
  cmd->add_option("--skin", o->skin, "Neighbour skin, A")->capture_default_str();
  cmd->add_option("--seed", o->seed, "Velocity seed")->capture_default_str();
  cmd->add_flag("--json", o->json, "Print one JSON object");
  cmd->callback([o] { run(*o); });
}

}  // namespace rejuv::cli
