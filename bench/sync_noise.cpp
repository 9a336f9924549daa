// What a machine's scheduling noise costs two threads that meet at a
// barrier every ~100 microseconds, as the passes of an MD step of ~1,000
// atoms do: the same fixed work, phase by phase, on 1 thread and split over
// 2. On a quiet machine 2 threads are 2.0x 1 on medians and on means; a
// shared virtual machine whose cores are now and then taken away shows a
// lower speed-up on means (the rate a run gets) than on medians.
//
//   ./build/bench/rejuv_sync_noise [UNITS_PER_PHASE (300: ~200 us)] [PHASES (4000)]
#include <omp.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {
// About `units` x 1 microsecond of dependent arithmetic; the result is kept
// so that the compiler cannot drop the work.
double work(long units, double seed) {
  double x = seed;
  for (long k = 0; k < units * 400; ++k) x = x * 0.999999 + 1e-9;
  return x;
}
double median(std::vector<double> v) {
  std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
  return v[v.size() / 2];
}
double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / v.size();
}
}  // namespace

int main(int argc, char** argv) {
  const long units = argc > 1 ? std::atol(argv[1]) : 300;  // work per phase (both halves)
  const int phases = argc > 2 ? std::atoi(argv[2]) : 4000;
  double sink = 0;
  std::vector<double> one(phases), two(phases);
  for (int p = 0; p < phases; ++p) {
    const double t0 = omp_get_wtime();
    sink += work(units, p);
    one[p] = omp_get_wtime() - t0;
  }
#pragma omp parallel num_threads(2) reduction(+ : sink)
  for (int p = 0; p < phases; ++p) {
    const double t0 = omp_get_wtime();
    sink += work(units / 2, p + omp_get_thread_num());
#pragma omp barrier
    if (omp_get_thread_num() == 0) two[p] = omp_get_wtime() - t0;
  }
  std::printf("phase of %ld units: 1 thread median %.1f us mean %.1f us; 2 threads median %.1f us mean %.1f us\n",
              units, median(one) * 1e6, mean(one) * 1e6, median(two) * 1e6, mean(two) * 1e6);
  std::printf("speed-up 2 threads / 1: %.2f on medians, %.2f on means (the rate a run gets)\n",
              median(one) / median(two), mean(one) / mean(two));
  return sink == 0.5 ? 1 : 0;  // (uses the work's result)
}
