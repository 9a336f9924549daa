// LAMMPS data files, atom_style atomic: read (header counts, box with an
// optional tilt line, Masses, Atoms with optional image flags, Velocities;
// Pair Coeffs sections are skipped) and written back at full precision.
#pragma once

#include <string>

#include "system/system.h"

namespace rejuv::io {

// Reads a data file. Masses not given in the file are NaN in `System::mass`.
// Positions are wrapped into periodic dimensions (image flags updated), as
// LAMMPS does on read. Throws InputError naming file and line on bad input.
// `periodic` says which dimensions are periodic (data files do not record it;
// LAMMPS takes it from its `boundary` command).
System read_lammps_data(const std::string& path,
                        std::array<bool, 3> periodic = {true, true, true});

// Writes atoms in id order with "%.17g" numbers, so reading the file back
// reproduces every value exactly.
void write_lammps_data(const System& system, const std::string& path,
                       const std::string& title = "LAMMPS data file written by rejuv");

}  // namespace rejuv::io
