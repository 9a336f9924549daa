// Shared helpers for the tests: configurations built in code (independent
// of LAMMPS), temporary files and paths to the reference data.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/potential_config.h"
#include "potential/potential.h"
#include "system/system.h"

namespace rejuv::test {

std::string source_dir();
std::string shared_potentials();
std::string lammps_potentials();
// A fresh temporary directory for one test.
std::string temp_dir(const std::string& name);
void write_text(const std::string& path, const std::string& text);
// Runs a shell command; returns its exit status (-1 if it did not exit).
int shell(const std::string& command);
std::string read_text(const std::string& path);
nlohmann::json read_json(const std::string& path);

// Runs the rejuv binary with `args`; its exit status and captured output.
struct CliRun {
  int status;
  std::string out, err;
};
CliRun run_rejuv(const std::string& args);

// Energy per atom (eV) and static pressure (GPa) of a state written as a
// LAMMPS data file, evaluated afresh with `potential` (types in its element
// order).
std::pair<double, double> evaluate_state(const io::PotentialSpec& potential, const std::string& data_file);

struct AlloyOptions {
  int cells[3] = {3, 3, 3};       // fcc unit cells per direction
  double lattice = 4.05;          // A
  double tilt[3] = {0, 0, 0};     // xy xz yz as fractions of the box lengths
  int ntypes = 2;
  std::vector<double> fractions;  // per type; default equal
  double displacement = 0.25;     // max random displacement per component, A
  std::uint64_t seed = 1;
  std::vector<double> masses{63.546, 91.224, 26.98};
};

// Random alloy on a distorted (optionally tilted) fcc lattice.
System make_alloy(const AlloyOptions& opt);
// A fresh folder holding make_alloy({}) (108 atoms) as a.data and a Cu-Zr
// eam/fs potential description (CuZr_mm.eam.fs) as p.toml: the command-line
// tests' usual case.
std::string alloy_case(const std::string& name);

// Energy, forces and per-atom data of `system` (copied) with `potential`.
struct Result {
  double energy = 0.0;
  std::vector<double> fx, fy, fz;  // in id order
  std::array<double, 6> virial{};
};
Result compute(const System& system, potential::Potential& potential, double skin = 1.0);

}  // namespace rejuv::test
