// When a loop over atoms is worth a thread team.
#pragma once

#include <cstddef>

namespace rejuv::util {

// Per-step loops over atoms (integrator kicks and drifts, box remaps,
// sums, the rebuild check) fork a thread team only from this many atoms on:
// they cost about a nanosecond per atom, and forking and joining a team a
// few microseconds. Each loop's results are per atom (or an exact maximum),
// so running it on one thread changes no bit.
inline constexpr std::size_t kParallelLoopAtoms = 4096;

}  // namespace rejuv::util
