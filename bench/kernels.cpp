// Google Benchmark micro-benchmarks of the kernels on the bundled 2000-atom
// Cu50Zr50 glass (and 8x its size): EAM forces, neighbour-list builds and
// one full NPT step. Run: ./build/bench/rejuv_kernel_bench
// Speed against LAMMPS is measured by bench/compare_lammps.sh, not here.
#include <benchmark/benchmark.h>

#include <string>

#include "integrate/md_run.h"
#include "integrate/velocities.h"
#include "io/lammps_data.h"
#include "io/potential_config.h"
#include "neighbor/neighbor_list.h"
#include "potential/evaluate.h"
#include "potential/registry.h"

using namespace rejuv;

namespace {

struct Glass {
  System sys;
  std::unique_ptr<potential::Potential> pot;
};

// The example glass, replicated `copies` times along x.
Glass load_glass(int copies) {
  const std::string dir = std::string(REJUV_SOURCE_DIR) + "/examples/cu50zr50/";
  const auto spec = io::read_potential_config(dir + "potential.toml");
  Glass g{io::read_lammps_data(dir + "cu50zr50_glass.data"), potential::create_potential(spec)};
  if (copies > 1) {
    const System one = g.sys;
    const std::size_t n = one.size();
    const double lx = one.box.length(0);
    g.sys.resize(n * static_cast<std::size_t>(copies));
    for (int c = 1; c < copies; ++c)
      for (std::size_t i = 0; i < n; ++i) {
        const std::size_t k = static_cast<std::size_t>(c) * n + i;
        g.sys.id[k] = one.id[i] + static_cast<std::int64_t>(c * n);
        g.sys.type[k] = one.type[i];
        g.sys.x[k] = one.x[i] + c * lx;
        g.sys.y[k] = one.y[i];
        g.sys.z[k] = one.z[i];
      }
    g.sys.box.hi[0] = one.box.lo[0] + copies * lx;
  }
  potential::attach_potential(g.sys, *g.pot, spec.elements, "glass");
  return g;
}

void BM_EamForces(benchmark::State& state) {
  auto g = load_glass(static_cast<int>(state.range(0)));
  auto list = potential::make_neighbor_list(*g.pot, 1.0);
  list.build(g.sys);
  potential::PerAtom per_atom;
  for (auto _ : state) {
    g.pot->compute(g.sys, list, per_atom);
    benchmark::DoNotOptimize(per_atom.energy.data());
  }
  state.counters["atoms_per_s"] =
      benchmark::Counter(static_cast<double>(g.sys.size()), benchmark::Counter::kIsIterationInvariantRate);
}
// 5 copies (10,000 atoms) is the size of bench/compare_lammps.sh's systems, pair
// cache on; 8 copies is past the cache's budget.
BENCHMARK(BM_EamForces)->Arg(1)->Arg(5)->Arg(8)->Unit(benchmark::kMillisecond);

void BM_NeighborBuild(benchmark::State& state) {
  auto g = load_glass(static_cast<int>(state.range(0)));
  auto list = potential::make_neighbor_list(*g.pot, 1.0);
  for (auto _ : state) list.build(g.sys);
  state.counters["atoms_per_s"] =
      benchmark::Counter(static_cast<double>(g.sys.size()), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_NeighborBuild)->Arg(1)->Arg(8)->Unit(benchmark::kMillisecond);

void BM_NptSteps(benchmark::State& state) {
  auto g = load_glass(1);
  integrate::create_velocities(g.sys, 1500.0, 5);
  g.sys.has_velocities = true;
  integrate::MdSettings s;
  s.ensemble = "npt";
  s.t_start = s.t_stop = 1500.0;
  s.timestep_ps = 0.002;
  s.tdamp_ps = 0.2;
  s.pdamp_ps = 2.0;
  s.steps = 20;
  s.thermo_to_terminal = false;
  s.thermo_every = 1000;
  for (auto _ : state) integrate::run_md(g.sys, *g.pot, s);
  state.counters["atom_steps_per_s"] = benchmark::Counter(static_cast<double>(g.sys.size() * s.steps),
                                                          benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_NptSteps)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
