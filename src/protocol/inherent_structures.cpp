#include "protocol/inherent_structures.h"

#include <cmath>
#include <filesystem>

#include <fmt/format.h>

#include "analysis/icosahedral_order.h"
#include "analysis/mro_clusters.h"
#include "analysis/voronoi.h"
#include "potential/registry.h"
#include "protocol/stage_runner.h"
#include "util/error.h"

namespace rejuv::protocol {

const char* const kInherentColumns =
    "T_K,E_IS_eV_per_atom,V_IS_A3_per_atom,E_IS_at_P_eV_per_atom,V_IS_at_P_A3_per_atom,icosahedral_fraction,"
    "mro_clusters,mro_mean_size_number_weighted,mro_mean_size_size_weighted,mro_max_size";

std::string inherent_csv_cells(const nlohmann::json& row) {
  return fmt::format("{:.17g},{:.17g},{:.17g},{:.17g},{:.17g},{:.17g},{},{:.17g},{:.17g},{}", row["T_K"].get<double>(),
                     row["E_IS_eV_per_atom"].get<double>(), row["V_IS_A3_per_atom"].get<double>(),
                     row["E_IS_at_P_eV_per_atom"].get<double>(), row["V_IS_at_P_A3_per_atom"].get<double>(),
                     row["icosahedral_fraction"].get<double>(), row["mro_clusters"].get<long>(),
                     row["mro_mean_size_number_weighted"].get<double>(),
                     row["mro_mean_size_size_weighted"].get<double>(), row["mro_max_size"].get<long>());
}

namespace {

// Icosahedral order and MRO clusters of the state in `sys`.
nlohmann::json structure_of(const System& sys, const std::vector<std::string>& elements) {
  const auto cells = analysis::compute_voronoi(sys);
  const auto ico = analysis::icosahedral_order(sys, cells);
  const auto mro = analysis::find_mro_clusters(sys, cells, ico.is_centre);
  nlohmann::json by_element = nlohmann::json::object();
  for (std::size_t t = 0; t < ico.fraction_by_type.size() && t < elements.size(); ++t)
    by_element[elements[t]] = ico.fraction_by_type[t];
  return {{"icosahedral_fraction", ico.fraction},
          {"icosahedral_fraction_by_element", by_element},
          {"mro_clusters", mro.count},
          {"mro_mean_size_number_weighted", mro.mean_size_number_weighted},
          {"mro_mean_size_size_weighted", mro.mean_size_size_weighted},
          {"mro_max_size", mro.max_size}};
}

}  // namespace

nlohmann::json inherent_record(const Alloy& alloy, const ProtocolSettings& s, const InherentSettings& is) {
  return {{"alloy", alloy_record(alloy)},
          {"pressure_GPa", is.pressure_gpa},
          {"every_K", is.every_K},
          {"settings", quench_settings_json(s)},
          {"rejuv_version", REJUV_VERSION}};
}

nlohmann::json run_inherent_series(const Alloy& alloy, const ProtocolSettings& s, const InherentSettings& is,
                                   const std::string& dir, bool force, bool verbose) {
  validate(s);
  if (!(is.every_K > 0) || !std::isfinite(is.every_K))
    throw InputError(fmt::format("temperature step = {} K: expected a step > 0", is.every_K));
  if (!std::isfinite(is.pressure_gpa)) throw InputError("pressure: expected a finite value in GPa");
  claim_folder(dir, "inherent.json", inherent_record(alloy, s, is), force);
  Runner r{alloy, s, dir, verbose, potential::create_potential(alloy.potential), {}, {}};
  const double p = is.pressure_gpa;
  r.melt("melt", p);

  const std::string columns = kInherentColumns;
  std::string csv = columns;
  for (const auto& el : alloy.elements) csv += ",icosahedral_fraction_" + el;
  csv += "\n";
  nlohmann::json rows = nlohmann::json::array();
  double t = s.t_melt;
  for (int k = 0; t > s.t_low + 1e-9; ++k) {
    const double t_next = std::max(s.t_low, t - is.every_K);
    r.md(fmt::format("quench_{}", k), npt_at(t, t_next, p, steps_for((t - t_next) / s.cooling_rate, s.timestep_ps)));
    t = t_next;
    // The snapshot's inherent structure, on a copy: the quench goes on from
    // the instantaneous state.
    Runner q{alloy, s, dir, verbose, potential::create_potential(alloy.potential), r.sys, {}};
    const auto at_p = q.minimize(fmt::format("IS_{}_at_P", k), p);
    const auto at_0 = q.minimize(fmt::format("IS_{}", k), 0.0);
    const std::string structure_path = q.path(fmt::format("IS_{}_structure.json", k));
    nlohmann::json st;
    if (std::filesystem::exists(structure_path)) {
      st = read_json_file(structure_path);
    } else {
      st = structure_of(q.sys, alloy.elements);
      write_atomically(structure_path, st.dump(1) + "\n");
    }
    nlohmann::json row = {{"T_K", t},
                          {"E_IS_eV_per_atom", at_0["potential_energy_eV_per_atom"]},
                          {"V_IS_A3_per_atom", at_0["volume_A3_per_atom"]},
                          {"E_IS_at_P_eV_per_atom", at_p["potential_energy_eV_per_atom"]},
                          {"V_IS_at_P_A3_per_atom", at_p["volume_A3_per_atom"]}};
    row.update(st);
    rows.push_back(row);
    csv += inherent_csv_cells(row);
    for (const auto& el : alloy.elements)
      csv += fmt::format(",{:.17g}", st["icosahedral_fraction_by_element"].value(el, 0.0));
    csv += "\n";
  }
  write_atomically(r.path("is_series.csv"), csv);
  nlohmann::json out = {{"alloy", alloy.name}, {"pressure_GPa", p}, {"rows", rows}};
  write_atomically(r.path("is_series.json"), out.dump(1) + "\n");
  return out;
}

}  // namespace rejuv::protocol
