#include "protocol/glass_transition.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "analysis/tg_fit.h"
#include "potential/registry.h"
#include "protocol/stage_runner.h"
#include "util/error.h"

namespace rejuv::protocol {

namespace {

// temperature_K and volume_A3 columns of a thermo CSV.
void read_tv(const std::string& path, std::vector<double>& t, std::vector<double>& v) {
  std::ifstream in(path);
  std::string header;
  std::getline(in, header);
  for (std::string line; std::getline(in, line);) {
    std::stringstream ss(line);
    std::vector<std::string> c;
    for (std::string x; std::getline(ss, x, ',');) c.push_back(x);
    if (c.size() < 7) continue;
    t.push_back(std::stod(c[2]));
    v.push_back(std::stod(c[6]));
  }
}

}  // namespace

nlohmann::json measure_tg(const Alloy& alloy, const ProtocolSettings& s, const TgSettings& tg, const std::string& dir,
                          bool verbose, bool force) {
  if (tg.bins < 8) throw InputError(fmt::format("bins = {}: expected at least 8", tg.bins));
  validate(s);
  const nlohmann::json config = {{"alloy", alloy_record(alloy)},
                                 {"pressure_GPa", tg.pressure_gpa},
                                 {"settings", quench_settings_json(s)},
                                 {"bins", tg.bins},
                                 {"fit_max_K", tg.fit_max},
                                 {"rejuv_version", REJUV_VERSION}};
  claim_folder(dir, "tg_run.json", config, force);

  Runner r{alloy, s, dir, verbose, potential::create_potential(alloy.potential), {}, {}};
  const double p = tg.pressure_gpa;
  r.melt("melt", p);
  r.md("quench", npt_at(s.t_melt, s.t_low, p, steps_for((s.t_melt - s.t_low) / s.cooling_rate, s.timestep_ps)));

  std::vector<double> t, v, tb, vb, tf, vf;
  read_tv(r.path("quench.csv"), t, v);
  const double n = static_cast<double>(s.natoms);
  // The liquid's V(T) curves at high temperature: fit below fit_max only.
  const double fit_max = tg.fit_max > 0 ? tg.fit_max : 0.6 * s.t_melt;
  for (std::size_t i = 0; i < t.size(); ++i)
    if (t[i] <= fit_max) {
      tf.push_back(t[i]);
      vf.push_back(v[i] / n);
    }
  analysis::bin_by_temperature(tf, vf, tg.bins, tb, vb);
  std::string csv = "temperature_K,volume_A3_per_atom\n";
  for (std::size_t i = 0; i < tb.size(); ++i) csv += fmt::format("{:.6f},{:.8f}\n", tb[i], vb[i]);
  write_atomically(r.path("tg_data.csv"), csv);
  const auto fit = analysis::fit_tg(tb, vb);
  nlohmann::json j = {
      {"alloy", alloy.name},
      {"pressure_GPa", p},
      {"cooling_rate_K_per_ps", s.cooling_rate},
      {"natoms", s.natoms},
      {"Tg_K", fit.tg},
      {"Tg_uncertainty_K", fit.tg_uncertainty},
      {"breakpoint_K", fit.breakpoint},
      {"fit_max_K", fit_max},
      {"glass_line",
       {{"slope_A3_per_atom_per_K", fit.glass.slope}, {"intercept_A3_per_atom", fit.glass.intercept}, {"points", fit.glass.points}}},
      {"liquid_line",
       {{"slope_A3_per_atom_per_K", fit.liquid.slope}, {"intercept_A3_per_atom", fit.liquid.intercept}, {"points", fit.liquid.points}}},
      {"data", "tg_data.csv"}};
  write_atomically(r.path("tg.json"), j.dump(1) + "\n");
  return j;
}

}  // namespace rejuv::protocol
