// `rejuv minimize`: energy minimisation, optionally with the box relaxing to
// a hydrostatic pressure or to per-axis normal stresses.
#include <cmath>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/common.h"
#include "io/lammps_data.h"
#include "io/potential_config.h"
#include "minimize/minimize.h"
#include "potential/evaluate.h"
#include "potential/registry.h"
#include "util/error.h"

namespace rejuv::cli {

namespace {

struct MinimizeOptions {
  std::string data, potential, write_data, stress, boundary = "ppp";
  double pressure = std::nan("");
  minimize::MinimizeSettings settings;
  bool json = false;
};

void run(MinimizeOptions o) {
  auto& s = o.settings;
  if (!std::isnan(o.pressure) && !o.stress.empty())
    throw InputError("give either --pressure (hydrostatic) or --stress XX,YY,ZZ, not both");
  if (!std::isnan(o.pressure)) {
    s.box = minimize::BoxRelax::iso;
    s.target_GPa = {o.pressure, o.pressure, o.pressure};
  } else if (!o.stress.empty()) {
    s.box = minimize::BoxRelax::per_component;
    s.target_GPa = parse_triple(o.stress, "--stress");
  }
  minimize::validate(s);
  const auto spec = io::read_potential_config(o.potential);
  auto pot = potential::create_potential(spec);
  System sys = io::read_lammps_data(o.data, parse_boundary(o.boundary));
  potential::attach_potential(sys, *pot, spec.elements, o.data);
  if (s.box != minimize::BoxRelax::none)
    for (int d = 0; d < 3; ++d)
      if (!sys.box.periodic[d]) throw InputError("box relaxation needs every dimension periodic (--boundary ppp)");
  const auto r = minimize::run_minimize(sys, *pot, s);
  if (!o.write_data.empty()) io::write_lammps_data(sys, o.write_data, "LAMMPS data file written by rejuv minimize");
  const double n = static_cast<double>(sys.size());
  if (o.json) {
    nlohmann::json j;
    j["natoms"] = sys.size();
    j["method"] = s.method;
    j["potential_energy_eV"] = r.potential_energy_eV;
    j["potential_energy_eV_per_atom"] = r.potential_energy_eV / n;
    j["pressure_GPa"] = r.pressure_scalar_GPa;
    j["pressure_tensor_GPa"] = r.pressure_GPa;
    j["volume_A3"] = r.volume_A3;
    j["volume_A3_per_atom"] = r.volume_A3 / n;
    j["box_lengths_A"] = {sys.box.length(0), sys.box.length(1), sys.box.length(2)};
    j["iterations"] = r.iterations;
    j["force_evaluations"] = r.force_evaluations;
    j["force_norm_eV_per_A"] = r.force_norm;
    j["stop_reason"] = r.stop_reason;
    fmt::print("{}\n", j.dump());
    return;
  }
  fmt::print("rejuv minimize ({}): {} after {} iterations ({} force evaluations)\n", s.method, r.stop_reason,
             r.iterations, r.force_evaluations);
  fmt::print("  potential energy {:.10f} eV ({:.10f} eV/atom), force norm {:.3e} eV/A\n", r.potential_energy_eV,
             r.potential_energy_eV / n, r.force_norm);
  fmt::print("  volume {:.6f} A^3 ({:.6f} A^3/atom); pressure {:.6f} GPa (xx {:.6f} yy {:.6f} zz {:.6f})\n",
             r.volume_A3, r.volume_A3 / n, r.pressure_scalar_GPa, r.pressure_GPa[0], r.pressure_GPa[1],
             r.pressure_GPa[2]);
}

}  // namespace

void add_minimize_command(CLI::App& app) {
  auto o = std::make_shared<MinimizeOptions>();
  CLI::App* cmd = app.add_subcommand("minimize", "Energy minimisation (steepest descent, CG, FIRE), optional box relaxation");
  cmd->add_option("--data", o->data, "LAMMPS data file (atom_style atomic)")->required();
  cmd->add_option("--potential", o->potential, "Potential description (TOML)")->required();
  cmd->add_option("--method", o->settings.method, "sd, cg or fire")->capture_default_str();
  cmd->add_option("--pressure", o->pressure, "Relax the box to this hydrostatic pressure (GPa)");
  cmd->add_option("--stress", o->stress, "Relax each box length to its normal stress XX,YY,ZZ (GPa, compression > 0)");
  cmd->add_option("--etol", o->settings.etol, "Stop when the relative energy change is below this")->capture_default_str();
  cmd->add_option("--ftol", o->settings.ftol, "Stop when the force norm is below this (eV/A)")->capture_default_str();
  cmd->add_option("--max-iterations", o->settings.max_iterations, "Iteration limit")->capture_default_str();
  cmd->add_option("--dmax", o->settings.dmax, "Largest atom move per iteration (A)")->capture_default_str();
  cmd->add_option("--vmax", o->settings.vmax, "Largest relative box-length change per iteration")->capture_default_str();
  cmd->add_option("--write-data", o->write_data, "Write the minimised state as a LAMMPS data file");
  cmd->add_option("--boundary", o->boundary, "Periodicity per dimension, e.g. ppp or ppf")->capture_default_str();
  cmd->add_flag("--json", o->json, "Print one JSON object");
  cmd->callback([o] { run(*o); });
}

}  // namespace rejuv::cli
