// How fast each CPU this process may run on is right now, and so how much
// faster than one thread two threads can be at best. On a shared virtual
// machine a virtual core's physical core may be busy with someone else's
// work on its other hardware thread: its dependent arithmetic runs at full
// clock, but throughput-bound code (many independent vector operations and
// loads, as rejuv's pair loops are) gets only part of the core. With speeds
// s_fast >= s_slow, no division of work gives two threads more than
// (s_fast + s_slow) / s_fast of one thread on the fast core.
//
// No rejuv code. For each sample, the calling thread is pinned to each CPU
// in turn and times two fixed kernels there:
//   throughput: 12 independent chains of vector multiply-adds,
//   latency:    one dependent chain of multiply-adds.
//
//   ./build/bench/rejuv_core_speed [SAMPLES (5)] [--ceiling]
// --ceiling prints only the throughput kernel's two-thread ceiling (for scripts).
#include <sched.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

void pin_to_cpu(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  if (sched_setaffinity(0, sizeof set, &set) != 0) std::fprintf(stderr, "could not pin to CPU %d\n", cpu);
}

// Seconds for `steps` rounds of `Chains` independent 8-lane multiply-add
// chains (one: latency-bound; twelve: throughput-bound; 8 lanes where
// AVX-512 is there, fewer elsewhere). The empty asm
// makes each value opaque to the compiler, which would otherwise fold the
// rounds together.
// (As wide as the machine's vector registers, so that the asm may keep it in one.)
#if defined(__AVX512F__)
typedef double Lanes __attribute__((vector_size(64)));
#elif defined(__AVX__)
typedef double Lanes __attribute__((vector_size(32)));
#else
typedef double Lanes __attribute__((vector_size(16)));
#endif
constexpr int kLanes = sizeof(Lanes) / sizeof(double);
#if defined(__x86_64__) || defined(__i386__)
#define OPAQUE(v) asm volatile("" : "+x"(v))
#else
#define OPAQUE(v) asm volatile("" : "+m"(v))
#endif

template <int Chains>
double time_chains(long steps) {
  Lanes a[Chains];
  for (int c = 0; c < Chains; ++c)
    for (int l = 0; l < kLanes; ++l) a[c][l] = 1.0 + 1e-9 * (kLanes * c + l);
  const Lanes m = Lanes{} + 0.999999999, b = Lanes{} + 1e-9;
  const auto t0 = std::chrono::steady_clock::now();
  for (long s = 0; s < steps; ++s)
    for (int c = 0; c < Chains; ++c) {
      a[c] = a[c] * m + b;
      OPAQUE(a[c]);
    }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  double sum = 0;
  for (int c = 0; c < Chains; ++c)
    for (int l = 0; l < kLanes; ++l) sum += a[c][l];
  if (sum == 0.5) std::puts("");  // keeps the work
  return seconds;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  int samples = 5;
  bool ceiling_only = false;
  for (int k = 1; k < argc; ++k) {
    if (std::strcmp(argv[k], "--ceiling") == 0)
      ceiling_only = true;
    else if ((samples = std::atoi(argv[k])) < 1) {
      std::fprintf(stderr, "usage: rejuv_core_speed [SAMPLES (5)] [--ceiling]\n");
      return 2;
    }
  }
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) {
    std::perror("sched_getaffinity");
    return 1;
  }
  std::vector<int> cpus;
  for (int c = 0; c < CPU_SETSIZE; ++c)
    if (CPU_ISSET(c, &allowed)) cpus.push_back(c);
  // Samples interleaved over the CPUs, so that a change of the machine's
  // state within the run affects every CPU alike.
  std::vector<std::vector<double>> throughput(cpus.size()), latency(cpus.size());
  for (int s = 0; s < samples; ++s)
    for (std::size_t k = 0; k < cpus.size(); ++k) {
      pin_to_cpu(cpus[k]);
      throughput[k].push_back(time_chains<12>(2000000));  // ~30 ms
      latency[k].push_back(time_chains<1>(4000000));      // ~15 ms
    }
  sched_setaffinity(0, sizeof allowed, &allowed);
  std::vector<double> t(cpus.size()), l(cpus.size());
  for (std::size_t k = 0; k < cpus.size(); ++k) {
    t[k] = median(throughput[k]);
    l[k] = median(latency[k]);
  }
  // Speeds relative to the fastest CPU; two threads' ceiling on the two fastest.
  const double best_t = *std::min_element(t.begin(), t.end()), best_l = *std::min_element(l.begin(), l.end());
  std::vector<double> speed(cpus.size());
  for (std::size_t k = 0; k < cpus.size(); ++k) speed[k] = best_t / t[k];
  std::vector<double> sorted = speed;
  std::sort(sorted.rbegin(), sorted.rend());
  const double ceiling = sorted.size() > 1 ? sorted[0] + sorted[1] : 1.0;
  if (ceiling_only) {
    std::printf("%.2f\n", ceiling);
    return 0;
  }
  std::printf("cpu  throughput kernel (ms, speed)  latency kernel (ms, speed)   medians of %d samples\n", samples);
  for (std::size_t k = 0; k < cpus.size(); ++k)
    std::printf("%3d  %14.2f %7.2f  %19.2f %7.2f\n", cpus[k], 1e3 * t[k], speed[k], 1e3 * l[k], best_l / l[k]);
  std::printf("two threads at most %.2fx one thread on throughput-bound work now\n", ceiling);
  return 0;
}
