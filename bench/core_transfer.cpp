// What it costs one core to read data another core has just written: with
// 1,000 atoms on 2 threads, a thread reads the other's positions (its
// neighbours), density derivatives and share halos every step. No rejuv code; rejuv's OpenMP
// runtime, the threads pinned to CPUs 0 and 1.
//
// For each working set, a dependent chase through its cache lines (in random
// order, so no prefetcher helps) on thread 0, after
//   own:   thread 0 itself wrote every line,
//   other: thread 1 wrote every line,
//   swept: thread 1 wrote every line and thread 0 then read them once in
//          address order (the sweep's cost per line is printed too).
// The chase's time per line is the latency of a load whose address depends
// on the last one, as a neighbour gather's loads are.
//
//   ./build/bench/rejuv_core_transfer [REPEATS (5)] [--other-ns]
// --other-ns prints only the 64 KiB chase's "other" cost (for scripts): on
// a 2-core virtual machine ~20 ns where the two cores share an L3, ~100 ns
// where they sit in different core complexes, and two threads' speedup on
// small systems depends on which (see the README, Performance).
#include <omp.h>
#include <sched.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <random>
#include <string>
#include <vector>

namespace {
struct alignas(64) Line {
  std::size_t next;  // index of the next line of the chase
  char pad[56];
};

void pin_to_cpu(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  if (sched_setaffinity(0, sizeof set, &set) != 0) std::fprintf(stderr, "could not pin a thread to CPU %d\n", cpu);
}

void write_all(std::vector<Line>& lines) {
  for (Line& l : lines) ++l.pad[0];
}

double seconds_now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Nanoseconds per line of one chase through all lines.
double chase(const std::vector<Line>& lines) {
  std::size_t at = 0;
  const double t0 = seconds_now();
  for (std::size_t k = 0; k < lines.size(); ++k) at = lines[at].next;
  const double ns = (seconds_now() - t0) / static_cast<double>(lines.size()) * 1e9;
  if (at == lines.size()) std::puts("");  // keeps the chase
  return ns;
}

// Nanoseconds per line of one read of every line in address order.
double sweep(const std::vector<Line>& lines) {
  long sum = 0;
  const double t0 = seconds_now();
  for (const Line& l : lines) sum += l.pad[0];
  const double ns = (seconds_now() - t0) / static_cast<double>(lines.size()) * 1e9;
  if (sum == -1) std::puts("");  // keeps the sweep
  return ns;
}
}  // namespace

int main(int argc, char** argv) {
  int repeats = 5;
  bool other_only = false;
  for (int k = 1; k < argc; ++k) {
    if (std::string(argv[k]) == "--other-ns")
      other_only = true;
    else if ((repeats = std::atoi(argv[k])) < 1) {
      std::fprintf(stderr, "usage: rejuv_core_transfer [REPEATS (5)] [--other-ns]\n");
      return 2;
    }
  }
  if (!other_only)
    std::printf("%10s %10s %10s %10s %12s   (ns per line, best of %d)\n", "KiB", "own", "other", "swept",
                "sweep itself", repeats);
  const std::vector<std::size_t> sizes_kib =
      other_only ? std::vector<std::size_t>{64} : std::vector<std::size_t>{64, 256, 512, 1024, 2048, 4096, 8192, 32768};
  for (const std::size_t kib : sizes_kib) {
    std::vector<Line> lines(kib * 1024 / sizeof(Line));
    std::vector<std::size_t> order(lines.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::mt19937_64 random(1);
    std::shuffle(order.begin() + 1, order.end(), random);
    for (std::size_t k = 0; k < order.size(); ++k) lines[order[k]].next = order[(k + 1) % order.size()];
    double own = 1e30, other = 1e30, swept = 1e30, sweep_cost = 1e30;
#pragma omp parallel num_threads(2)
    {
      const int t = omp_get_thread_num();
      pin_to_cpu(t);
      for (int r = 0; r < repeats; ++r) {
        for (int mode = 0; mode < 3; ++mode) {
#pragma omp barrier
          if ((mode == 0) == (t == 0)) write_all(lines);
#pragma omp barrier
          if (t == 0) {
            if (mode == 2) sweep_cost = std::min(sweep_cost, sweep(lines));
            const double ns = chase(lines);
            double& best = mode == 0 ? own : mode == 1 ? other : swept;
            best = std::min(best, ns);
          }
        }
      }
    }
    if (other_only)
      std::printf("%.1f\n", other);
    else
      std::printf("%10zu %10.1f %10.1f %10.1f %12.1f\n", kib, own, other, swept, sweep_cost);
  }
  return 0;
}
