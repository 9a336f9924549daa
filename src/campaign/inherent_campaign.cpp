#include "campaign/inherent_campaign.h"

#include <cmath>
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "analysis/statistics.h"
#include "campaign/figure.h"
#include "campaign/scheduler.h"
#include "protocol/stage_runner.h"
#include "util/error.h"

namespace rejuv::campaign {

namespace fs = std::filesystem;

namespace {

// The SRO(T) figure: icosahedral fraction of the inherent structures
// against the temperature they were taken at, one curve per pressure.
std::string sro_figure_svg(const std::map<double, std::vector<std::array<double, 3>>>& curves) {
  double t1 = 1, f1 = 1e-3;
  for (const auto& [p, c] : curves)
    for (const auto& v : c) t1 = std::max(t1, v[0]), f1 = std::max(f1, v[1] + v[2]);
  f1 *= 1.1;
  const double w = 640, h = 420, left = 70, top = 20, pw = 420, ph = 340;
  auto px = [&](double t) { return left + t / t1 * pw; };
  auto py = [&](double f) { return top + (1 - f / f1) * ph; };
  static const char* colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" font-family=\"sans-serif\" "
      "font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"black\"/>\n",
      w, h, left, top, pw, ph);
  for (double t : nice_ticks(0.0, t1))
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{:g}</text>", px(t), top + ph + 18, t);
  for (double f : nice_ticks(0.0, f1))
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{:g}</text>\n", left - 6, py(f) + 4, f);
  svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">T of the snapshot (K)</text>\n",
                     left + pw / 2, h - 12);
  svg += fmt::format("<text transform=\"translate(18,{:.1f}) rotate(-90)\" text-anchor=\"middle\">fraction of "
                     "&lt;0,0,12,0&gt; centres in the inherent structure</text>\n",
                     top + ph / 2);
  int k = 0;
  for (const auto& [p, c] : curves) {
    const char* col = colours[k % 6];
    std::string line;
    for (const auto& v : c) {
      line += fmt::format("{:.1f},{:.1f} ", px(v[0]), py(v[1]));
      svg += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"{3}\"/>",
                         px(v[0]), py(v[1] - v[2]), py(v[1] + v[2]), col);
    }
    svg += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\"/>\n", line, col);
    svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"12\" height=\"3\" fill=\"{}\"/><text x=\"{:.1f}\" "
                       "y=\"{:.1f}\">P = {} GPa</text>\n",
                       left + pw + 15, top + 12 + 18.0 * k, col, left + pw + 32, top + 17 + 18.0 * k, p);
    ++k;
  }
  return svg + "</svg>\n";
}

}  // namespace

nlohmann::json run_inherent_campaign(const InherentCampaign& c, const std::string& out, const RunOptions& o) {
  protocol::validate(c.base);
  if (c.replicas < 1) throw InputError(fmt::format("replicas = {}: expected at least 1", c.replicas));
  if (c.pressures_gpa.empty()) throw InputError("pressures: expected at least one");
  if (!(c.every_K > 0)) throw InputError(fmt::format("--every {} K: expected a step > 0", c.every_K));
  for (std::size_t i = 0; i < c.pressures_gpa.size(); ++i) {
    if (!std::isfinite(c.pressures_gpa[i])) throw InputError("--P: expected finite pressures in GPa");
    for (std::size_t j = 0; j < i; ++j)
      if (c.pressures_gpa[j] == c.pressures_gpa[i])
        throw InputError(fmt::format("--P: pressure {} GPa is listed twice", c.pressures_gpa[i]));
  }
  if (o.shards < 1 || o.shard < 0 || o.shard >= o.shards)
    throw InputError(fmt::format("shard {}/{}: expected 0 <= i < N", o.shard, o.shards));
  protocol::claim_folder(out, "campaign.json",
                         {{"kind", "inherent"},
                          {"alloy", protocol::alloy_record(c.alloy)},
                          {"replicas", c.replicas},
                          {"pressures_GPa", c.pressures_gpa},
                          {"every_K", c.every_K},
                          {"settings", protocol::quench_settings_json(c.base)},
                          {"rejuv_version", REJUV_VERSION}},
                         o.force, false);
  struct Series {
    double pressure;
    int replica;
  };
  std::vector<Series> series;
  std::vector<TaskInfo> tasks;
  const double steps = (c.base.melt_ps + (c.base.t_melt - c.base.t_low) / c.base.cooling_rate) / c.base.timestep_ps;
  for (double p : c.pressures_gpa)
    for (int k = 0; k < c.replicas; ++k) {
      series.push_back({p, k});
      TaskInfo info;
      info.dir = (fs::path(out) / "series" / fmt::format("{}_K{}_P{}", c.alloy.name, c.base.cooling_rate, p) /
                  fmt::format("replica_{}", k))
                     .string();
      info.label = fmt::format("IS series {} P={} replica {}", c.alloy.name, p, k);
      info.cost = steps * c.base.natoms;
      tasks.push_back(info);
    }
  auto settings_of = [&](int i) {
    auto s = c.base;
    s.seed = c.base.seed + static_cast<std::uint64_t>(series[i].replica);
    return s;
  };
  std::vector<int> selection;
  for (int i = 0; i < static_cast<int>(tasks.size()); ++i)
    if (i % o.shards == o.shard) selection.push_back(i);
  // Done: the series' result is there and was made with these settings.
  auto is_done = [&](int i) {
    const fs::path d = tasks[i].dir;
    if (!fs::exists(d / "is_series.json") || !fs::exists(d / "inherent.json")) return false;
    try {
      return protocol::read_json_file((d / "inherent.json").string()) ==
             protocol::inherent_record(c.alloy, settings_of(i), {series[i].pressure, c.every_K});
    } catch (const nlohmann::json::exception&) {
      return false;  // unreadable: redone (under --force) or refused by the series itself
    }
  };
  TaskCallbacks cb{is_done,
                   [&](int i) {
                     const auto j = protocol::run_inherent_series(c.alloy, settings_of(i),
                                                                  {series[i].pressure, c.every_K}, tasks[i].dir,
                                                                  o.force, false);
                     return fmt::format("{} inherent structures", j["rows"].size());
                   }};
  if (o.verbose)
    fmt::print(stderr, "campaign: {} pressures x {} replicas; {} series{}\n", c.pressures_gpa.size(), c.replicas,
               selection.size(), o.shards > 1 ? fmt::format(" in shard {}/{}", o.shard, o.shards) : "");
  const auto outcome = run_tasks(tasks, selection, cb, o.verbose);
  if (!outcome.coordinator) return nlohmann::json();

  auto lock = wait_for_lock(out);
  // Every row of every finished series, then per (P, T) the replica means.
  std::string all = std::string("alloy,P_GPa,replica,") + protocol::kInherentColumns + "\n";
  const std::vector<std::string> keys = {"E_IS_eV_per_atom", "V_IS_A3_per_atom", "icosahedral_fraction",
                                         "mro_clusters", "mro_mean_size_size_weighted", "mro_max_size"};
  std::map<std::pair<double, double>, std::vector<nlohmann::json>> by_point;  // (P, -T) -> rows
  std::size_t finished = 0;
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    const fs::path f = fs::path(tasks[i].dir) / "is_series.json";
    if (!is_done(static_cast<int>(i))) continue;
    ++finished;
    const auto series_json = protocol::read_json_file(f.string());
    for (const auto& row : series_json["rows"]) {
      all += fmt::format("{},{:.17g},{},{}\n", c.alloy.name, series[i].pressure, series[i].replica,
                         protocol::inherent_csv_cells(row));
      by_point[{series[i].pressure, -row["T_K"].get<double>()}].push_back(row);
    }
  }
  std::string summary_csv = "alloy,P_GPa,T_K,n";
  for (const auto& k : keys) summary_csv += fmt::format(",mean_{0},se_{0}", k);
  summary_csv += "\n";
  nlohmann::json points = nlohmann::json::array();
  std::map<double, std::vector<std::array<double, 3>>> curves;
  for (const auto& [key, rows] : by_point) {
    summary_csv += fmt::format("{},{:.17g},{:.17g},{}", c.alloy.name, key.first, -key.second, rows.size());
    nlohmann::json point = {{"P_GPa", key.first}, {"T_K", -key.second}, {"n", rows.size()}};
    for (const auto& k : keys) {
      std::vector<double> values;
      for (const auto& r : rows) values.push_back(r[k].get<double>());
      const auto [mean, se] = analysis::mean_with_error(values);
      summary_csv += fmt::format(",{:.17g},{:.17g}", mean, se);
      point["mean_" + k] = mean;
      point["se_" + k] = se;
      if (k == "icosahedral_fraction") curves[key.first].push_back({-key.second, mean, se});
    }
    summary_csv += "\n";
    points.push_back(point);
  }
  nlohmann::json result = {{"kind", "inherent"},
                           {"alloy", c.alloy.name},
                           {"series_total", tasks.size()},
                           {"series_finished", finished},
                           {"complete", finished == tasks.size()},
                           {"points", points}};
  protocol::write_atomically((fs::path(out) / "is_series.csv").string(), all);
  protocol::write_atomically((fs::path(out) / "is_summary.csv").string(), summary_csv);
  protocol::write_atomically((fs::path(out) / "summary.json").string(), result.dump(1) + "\n");
  protocol::write_atomically((fs::path(out) / "sro.svg").string(), sro_figure_svg(curves));
  lock.reset();
  report_failures(outcome, tasks, out);
  return result;
}

}  // namespace rejuv::campaign
