#include "integrate/velocities.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "integrate/random.h"
#include "util/error.h"
#include "util/units.h"

namespace rejuv::integrate {

double degrees_of_freedom(const System& sys) {
  const double n = static_cast<double>(sys.size());
  return n > 1 ? 3.0 * n - 3.0 : 3.0 * n;
}

double temperature(const System& sys) {
  const double dof = degrees_of_freedom(sys);
  if (dof <= 0.0) return 0.0;
  return 2.0 * sys.kinetic_energy() / (dof * units::boltzmann_eV_per_K);
}

void create_velocities(System& sys, double T, std::uint64_t seed, RandomPurpose purpose) {
  if (!(T >= 0.0) || !std::isfinite(T))
    throw InputError(fmt::format("velocity temperature {} K: expected a temperature >= 0 K", T));
  const std::size_t n = sys.size();
  sys.has_velocities = true;
  double* v[3] = {sys.vx.data(), sys.vy.data(), sys.vz.data()};
  for (std::size_t i = 0; i < n; ++i) {
    const double m = sys.mass[sys.type[i]];
    const double sd = std::sqrt(units::boltzmann_eV_per_K * T / (m * units::amu_A2_per_ps2_to_eV));
    for (int d = 0; d < 3; ++d)
      v[d][i] = sd * gaussian(seed, purpose, static_cast<std::uint64_t>(sys.id[i]),
                              static_cast<std::uint64_t>(d));
  }
  // Remove the centre-of-mass velocity. Sums run in id order so the result
  // does not depend on how atoms are arranged in memory.
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return sys.id[a] < sys.id[b]; });
  double p[3] = {0, 0, 0}, mtot = 0.0;
  for (auto i : order) {
    const double m = sys.mass[sys.type[i]];
    mtot += m;
    for (int d = 0; d < 3; ++d) p[d] += m * v[d][i];
  }
  if (n > 1)
    for (std::size_t i = 0; i < n; ++i)
      for (int d = 0; d < 3; ++d) v[d][i] -= p[d] / mtot;
  double ke2 = 0.0;  // sum m v^2 in id order
  for (auto i : order) {
    const double m = sys.mass[sys.type[i]];
    ke2 += m * (v[0][i] * v[0][i] + v[1][i] * v[1][i] + v[2][i] * v[2][i]);
  }
  const double t_now = ke2 * units::amu_A2_per_ps2_to_eV / (degrees_of_freedom(sys) * units::boltzmann_eV_per_K);
  const double scale = t_now > 0.0 ? std::sqrt(T / t_now) : 0.0;
  for (std::size_t i = 0; i < n; ++i)
    for (int d = 0; d < 3; ++d) v[d][i] *= scale;
}

void zero_velocities(System& sys) {
  sys.has_velocities = true;
  std::fill(sys.vx.begin(), sys.vx.end(), 0.0);
  std::fill(sys.vy.begin(), sys.vy.end(), 0.0);
  std::fill(sys.vz.begin(), sys.vz.end(), 0.0);
}

}  // namespace rejuv::integrate
