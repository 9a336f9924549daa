// Initial velocities and the instantaneous temperature.
#pragma once

#include <cstdint>

#include "integrate/random.h"
#include "system/system.h"

namespace rejuv::integrate {

// Degrees of freedom used for the temperature: 3N - 3 (total momentum is
// conserved and removed), as LAMMPS's default `compute temp`.
double degrees_of_freedom(const System& system);
// Instantaneous temperature in K: 2 KE / (dof kB).
double temperature(const System& system);

// Gaussian velocities at temperature T (K) from `seed`, with zero total
// momentum, scaled so that temperature() == T exactly. Each atom's draw
// depends only on (seed, atom id): independent of atom order and threads.
// `purpose` keeps draws for different uses independent under one seed.
void create_velocities(System& system, double temperature_K, std::uint64_t seed,
                       RandomPurpose purpose = RandomPurpose::create_velocities);

// Sets all velocities to zero (0 K stages).
void zero_velocities(System& system);

}  // namespace rejuv::integrate
