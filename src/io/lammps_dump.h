// LAMMPS "custom"-style text dumps (ITEM: TIMESTEP / NUMBER OF ATOMS / BOX
// BOUNDS / ATOMS id type x y z ...), readable by OVITO and LAMMPS tools.
#pragma once

#include <cstdio>
#include <string>

#include "system/system.h"

namespace rejuv::io {

struct DumpOptions {
  bool velocities = false;
  bool images = false;
  bool energies = false;  // per-atom potential energy, column "pe" (eV)
};

// Appends one frame, atoms in id order. `energy` (per atom, in the system's
// memory order) is needed when options.energies is set.
void write_dump_frame(std::FILE* file, const System& system, long step, const DumpOptions& options,
                      const std::vector<double>* energy = nullptr);

}  // namespace rejuv::io
