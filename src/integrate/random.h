// Counter-based random numbers: each draw is a pure function of
// (seed, purpose, atom id, counter), so results do not depend on thread
// count, atom order in memory or how a run was split by checkpoints
// (the approach of HOOMD's RandomNumbers).
#pragma once

#include <cmath>
#include <cstdint>

namespace rejuv::integrate {

enum class RandomPurpose : std::uint64_t {
  create_velocities = 1,
  sample_positions = 2,
  sample_species = 3,
  reheat_velocities = 4,  // the protocol's E->F start: not the melt's draw of another replica
};

inline std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Uniform in (0, 1) from the key.
inline double uniform01(std::uint64_t seed, RandomPurpose purpose, std::uint64_t id, std::uint64_t counter) {
  std::uint64_t h = splitmix64(seed);
  h = splitmix64(h ^ static_cast<std::uint64_t>(purpose));
  h = splitmix64(h ^ id);
  h = splitmix64(h ^ counter);
  return (static_cast<double>(h >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

// Standard normal deviate (Box-Muller on two keyed uniforms).
inline double gaussian(std::uint64_t seed, RandomPurpose purpose, std::uint64_t id, std::uint64_t counter) {
  const double u1 = uniform01(seed, purpose, id, 2 * counter);
  const double u2 = uniform01(seed, purpose, id, 2 * counter + 1);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

}  // namespace rejuv::integrate
