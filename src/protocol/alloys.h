// The study's alloys by name, and user-defined ones: composition, potential
// and a starting density (science.md sections 1 and 2).
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/potential_config.h"

namespace rejuv::protocol {

struct Alloy {
  std::string name;
  std::vector<std::string> elements;  // in data-file type order
  std::vector<double> fractions;      // atomic fractions, same order, sum 1
  double number_density = 0.0;        // atoms per A^3 for the initial melt box
  io::PotentialSpec potential;        // files resolved
};

// Parses "Zr50Cu40Al10" into element -> percent; throws InputError unless the
// numbers add up to 100.
std::vector<std::pair<std::string, double>> parse_composition(const std::string& text);

// The built-in alloy `name` (CuZr-FS, AlFe-FS, ZrCuAl, PdSi, NiP, LaAl), its
// potential file found on the search path (base_dir, $REJUV_POTENTIAL_PATH,
// /usr/share/lammps/potentials). Throws InputError for unknown names or
// missing files, and for alloys whose potential the user must supply
// (CuZr-LJ, ZrCuAg, ZrPt), saying what to provide.
Alloy builtin_alloy(const std::string& name, const std::string& base_dir);
std::vector<std::string> builtin_alloy_names();

// A user-defined alloy: a composition ("Zr50Cu40Al10") on a potential whose
// elements must include the composition's; `where` names the source in
// errors.
Alloy make_user_alloy(const std::string& name, const std::string& composition, const io::PotentialSpec& potential,
                      double density, const std::string& where);
// A user-defined alloy from a TOML file: [alloy] name, composition, density
// (atoms/A^3) and a [potential] table as for `rejuv eval`.
Alloy alloy_from_file(const std::string& path);
// Everything a result made with the alloy depends on: composition, density
// and the potential (style, elements, pair parameters, and each file by name
// and a hash of its content, so the same file found elsewhere matches and an
// edited one does not). Run folders record it.
nlohmann::json alloy_record(const Alloy& alloy);

// A built-in alloy's name, or a path ending in .toml (alloy_from_file).
Alloy find_alloy(const std::string& name_or_file, const std::string& base_dir);

}  // namespace rejuv::protocol
