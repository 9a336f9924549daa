// The potential description: a TOML table [potential] checked once, here,
// into a typed PotentialSpec the engine can trust.
//
//   [potential]
//   style = "eam/fs"             # "eam/alloy" | "eam/fs" | "eam" | "lj" | "mie"
//   file = "CuZr_mm.eam.fs"      # eam/alloy, eam/fs
//   files = ["Cu_u3.eam", ...]   # eam (funcfl): one per element, in `elements` order
//   elements = ["Cu", "Zr"]      # data-file types 1, 2, ... in order
//   shift = "none"               # lj, mie: "none" | "energy" | "force"
//   pair_table_stride = 1        # eam styles: opt-in speed mode, the pair
//                                # functions on ~k times fewer knots (README)
//   [[potential.pairs]]          # lj, mie: one table per element pair
//   elements = ["Cu", "Zr"]
//   epsilon = 0.3                # eV
//   sigma = 2.5                  # Angstrom
//   cutoff = 6.25                # Angstrom
//   m = 8                        # mie: repulsive exponent
//   n = 4                        # mie: attractive exponent
#pragma once

#include <set>
#include <string>
#include <vector>

namespace rejuv::io {

enum class PairShift { none, energy, force };

struct PairSpec {
  std::string element_a, element_b;
  double epsilon = 0.0;  // eV
  double sigma = 0.0;    // Angstrom
  double cutoff = 0.0;   // Angstrom
  double m = 12.0;       // repulsive exponent
  double n = 6.0;        // attractive exponent
};

struct PotentialSpec {
  std::string source;              // the TOML file, for messages
  std::string style;               // eam/alloy, eam/fs, eam, lj, mie
  std::vector<std::string> files;  // resolved paths (one for setfl styles)
  std::vector<std::string> elements;
  PairShift shift = PairShift::none;
  std::vector<PairSpec> pairs;
  // EAM: 1 keeps the file's pair-function tables (exact LAMMPS agreement);
  // k > 1 resamples them onto about k times fewer knots, the faster mode.
  int pair_table_stride = 1;
};
inline constexpr int kMaxPairTableStride = 4;  // 8 gave 1.4e-2 eV/A on a hot liquid (README)

// Reads and checks a potential TOML file. Throws InputError naming the file,
// line and key for unknown keys, wrong types, missing or unfound files.
// `other_tables`: top-level tables the file may hold besides [potential]
// (checked by their own readers).
PotentialSpec read_potential_config(const std::string& path, const std::set<std::string>& other_tables = {});
// Same, from TOML text; `source` names it in messages and gives the folder
// that relative file paths resolve against.
PotentialSpec parse_potential_config(const std::string& text, const std::string& source,
                                     const std::set<std::string>& other_tables = {});

// Finds a potential file: absolute paths as given; relative paths against
// `base_dir`; bare names also in $REJUV_POTENTIAL_PATH (colon-separated) and
// /usr/share/lammps/potentials. Throws InputError listing where it looked.
std::string resolve_potential_file(const std::string& name, const std::string& base_dir,
                                   const std::string& where);

}  // namespace rejuv::io
