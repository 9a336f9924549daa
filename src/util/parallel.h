// When a loop over atoms is worth a thread team.
#pragma once

#include <cstddef>

namespace rejuv::util {

// Per-step loops over atoms (integrator kicks and drifts, box remaps,
// sums, the rebuild check) fork a thread team only from this many atoms on:
// they cost a few nanoseconds per atom (an MD step fuses its updates into
// few, heavier passes), and forking and joining a team about a microsecond
// here. Measured on 1,024 atoms, 2 threads: 768 is 5% faster per step than
// 4096, and no slower elsewhere. Each loop's results are per atom (or an
// exact maximum), so running it on one thread changes no bit.
inline constexpr std::size_t kParallelLoopAtoms = 768;

}  // namespace rejuv::util
