// LAMMPS "custom"-style text dumps (ITEM: TIMESTEP / NUMBER OF ATOMS / BOX
// BOUNDS / ATOMS id type x y z ...), readable by OVITO and LAMMPS tools:
// written frame by frame, and read back one frame at a time.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

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

// A per-atom column for write_dump_frame_columns: values in the system's
// memory order, written as integers when `integer` is set.
struct DumpColumn {
  std::string name;
  std::vector<double> values;
  bool integer = false;
};

// Appends one frame with columns id type x y z followed by `columns`, atoms
// in id order (OVITO colours atoms by any such column).
void write_dump_frame_columns(std::FILE* file, const System& system, long step,
                              const std::vector<DumpColumn>& columns);

struct DumpRead {
  System system;
  long timestep = 0;
  long frame = 0;   // 0-based index of the frame read
  long frames = 0;  // frames in the file up to and including it
};

// Reads frame `frame` (0-based; -1 = the last) of a LAMMPS text dump whose
// ATOMS line has id, type and coordinates as x y z, xu yu zu, xs ys zs or
// xsu ysu zsu (first of these present wins). Dimensions whose BOX BOUNDS
// flag is "pp" are periodic, the others free; positions are wrapped into
// periodic dimensions. Masses are NaN (a dump does not carry them); the
// number of types is the largest type present. Throws InputError naming
// file and line for a malformed frame, missing columns, an atom outside a
// free dimension, or a frame the file does not have.
DumpRead read_lammps_dump(const std::string& path, long frame = -1);

// True when the file's first non-blank line starts with "ITEM:" (a dump
// rather than a data file).
bool looks_like_dump(const std::string& path);

}  // namespace rejuv::io
