// Initial samples: N atoms of an alloy's composition at its starting
// density, random positions without overlaps and random species, from a
// seed (counter-based random numbers: the same seed gives the same sample
// on any machine and thread count).
#pragma once

#include <cstdint>

#include "protocol/alloys.h"
#include "system/system.h"

namespace rejuv::protocol {

// Exact species counts (largest remainders); positions drawn uniformly in a
// cube and rejected when closer than 0.75 of the mean spacing to an earlier
// atom. Masses are left unset (the potential provides them).
System make_random_sample(const Alloy& alloy, int natoms, std::uint64_t seed);

}  // namespace rejuv::protocol
