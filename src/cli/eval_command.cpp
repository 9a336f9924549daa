// `rejuv eval`: single-point energy, forces and pressure of a configuration.
#include <cstdio>
#include <numeric>
#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/common.h"
#include "io/lammps_data.h"
#include "io/potential_config.h"
#include "neighbor/neighbor_list.h"
#include "potential/evaluate.h"
#include "potential/registry.h"
#include "util/error.h"
#include "util/units.h"

namespace rejuv::cli {

namespace {

struct EvalOptions {
  std::string data;
  std::string potential;
  std::string forces;
  std::string boundary = "ppp";
  double skin = 1.0;
  bool json = false;
};

void write_forces_csv(const System& sys, const potential::PerAtom& per_atom, const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (!f) throw InputError(fmt::format("--forces {}: cannot open file for writing", path));
  std::vector<std::size_t> order(sys.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return sys.id[a] < sys.id[b]; });
  fmt::print(f, "id,type,fx,fy,fz,energy_eV\n");
  for (auto i : order)
    fmt::print(f, "{},{},{:.17g},{:.17g},{:.17g},{:.17g}\n", sys.id[i], sys.type[i] + 1, sys.fx[i],
               sys.fy[i], sys.fz[i], per_atom.energy[i]);
  if (std::fclose(f) != 0) throw InputError(fmt::format("--forces {}: write failed", path));
}

void run_eval(const EvalOptions& opt) {
  const auto spec = io::read_potential_config(opt.potential);
  auto pot = potential::create_potential(spec);
  System sys = io::read_lammps_data(opt.data, parse_boundary(opt.boundary));
  potential::attach_potential(sys, *pot, spec.elements, opt.data);
  auto list = potential::make_neighbor_list(*pot, opt.skin);
  potential::PerAtom per_atom;
  const auto t = potential::evaluate(sys, *pot, list, per_atom);

  const double to_gpa = units::eV_per_A3_to_GPa;
  const double n = static_cast<double>(t.natoms);
  if (!opt.forces.empty()) write_forces_csv(sys, per_atom, opt.forces);
  if (opt.json) {
    nlohmann::json j;
    j["natoms"] = t.natoms;
    j["potential_style"] = pot->style();
    j["pair_table_stride"] = spec.pair_table_stride;
    j["potential_energy_eV"] = t.potential_energy;
    j["potential_energy_eV_per_atom"] = t.potential_energy / n;
    j["kinetic_energy_eV"] = t.kinetic_energy;
    j["volume_A3"] = t.volume;
    j["volume_A3_per_atom"] = t.volume / n;
    j["pressure_GPa"] = t.pressure_scalar() * to_gpa;
    std::vector<double> p;
    for (double v : t.pressure) p.push_back(v * to_gpa);
    j["pressure_tensor_GPa"] = p;
    j["virial_eV"] = t.virial;
    j["cutoff_A"] = pot->cutoff();
    j["neighbor_pairs"] = list.total_pairs();
    fmt::print("{}\n", j.dump());
    return;
  }
  fmt::print("rejuv eval: {} ({} atoms, {} types: {})\n", opt.data, t.natoms, sys.num_types(),
             fmt::join(sys.type_names, " "));
  fmt::print("  potential        {} from {} (cutoff {:.4f} A{})\n", pot->style(), opt.potential, pot->cutoff(),
             spec.pair_table_stride > 1 ? fmt::format(", pair_table_stride {}", spec.pair_table_stride) : "");
  fmt::print("  potential energy {:.10f} eV  ({:.10f} eV/atom)\n", t.potential_energy, t.potential_energy / n);
  if (sys.has_velocities) fmt::print("  kinetic energy   {:.10f} eV\n", t.kinetic_energy);
  fmt::print("  volume           {:.6f} A^3  ({:.6f} A^3/atom)\n", t.volume, t.volume / n);
  fmt::print("  pressure         {:.6f} GPa{}\n", t.pressure_scalar() * to_gpa,
             sys.has_velocities ? " (virial + kinetic)" : " (virial only: no velocities)");
  fmt::print("  pressure tensor  xx {:.6f} yy {:.6f} zz {:.6f} xy {:.6f} xz {:.6f} yz {:.6f} GPa\n",
             t.pressure[0] * to_gpa, t.pressure[1] * to_gpa, t.pressure[2] * to_gpa,
             t.pressure[3] * to_gpa, t.pressure[4] * to_gpa, t.pressure[5] * to_gpa);
  if (!opt.forces.empty()) fmt::print("  forces written to {}\n", opt.forces);
}

}  // namespace

void add_eval_command(CLI::App& app) {
  auto opt = std::make_shared<EvalOptions>();
  CLI::App* cmd = app.add_subcommand("eval", "Energy, forces and pressure of one configuration");
  cmd->add_option("--data", opt->data, "LAMMPS data file (atom_style atomic)")->required();
  cmd->add_option("--potential", opt->potential, "Potential description (TOML, table [potential])")->required();
  cmd->add_option("--forces", opt->forces, "Write per-atom forces to this CSV (id,type,fx,fy,fz,energy_eV)");
  cmd->add_option("--boundary", opt->boundary, "Periodicity per dimension, p or f (LAMMPS boundary), e.g. ppf")
      ->capture_default_str();
  cmd->add_option("--skin", opt->skin, "Neighbour-list skin in A")->capture_default_str();
  cmd->add_flag("--json", opt->json, "Print one JSON object instead of the summary");
  cmd->callback([opt] { run_eval(*opt); });
}

}  // namespace rejuv::cli
