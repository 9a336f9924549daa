#include "campaign/campaign.h"

#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>

#include "analysis/statistics.h"
#include "campaign/figure.h"
#include "campaign/scheduler.h"
#include "protocol/glass_transition.h"
#include "protocol/stage_runner.h"
#include "util/error.h"

namespace rejuv::campaign {

namespace fs = std::filesystem;

namespace {

enum class Kind { quench, tg, point };

struct Task {
  Kind kind;
  std::size_t alloy = 0;
  double cooling_rate = 0;  // quench, tg
  double pa = 0;            // tg
  int point = -1;           // point
  int replica = -1;         // quench, point
};

// Folder names from numbers in their shortest exact form ("5", "1.3", "-2.5").
std::string num(double x) { return fmt::format("{}", x); }

std::string point_name(const Campaign& c, const Point& p) {
  std::string name = fmt::format("{}_K{}", c.alloys[p.alloy].name, num(p.cooling_rate));
  if (p.final_cooling_rate > 0 && p.final_cooling_rate != p.cooling_rate)
    name += fmt::format("_KGH{}", num(p.final_cooling_rate));
  name += fmt::format("_Pa{}", num(p.pa_gpa));
  name += p.ta_over_tg > 0 ? fmt::format("_TaTg{}", num(p.ta_over_tg)) : fmt::format("_Ta{}K", num(p.ta_k));
  return name;
}

class Plan {
 public:
  Plan(const Campaign& c, std::string out) : c_(c), out_(std::move(out)) {
    for (const auto& a : c.alloys) alloy_records_.push_back(protocol::alloy_record(a));
    std::map<std::tuple<std::size_t, double, int>, int> quench;
    std::map<std::tuple<std::size_t, double, double>, int> tg;
    for (const auto& p : c.points)
      for (int k = 0; k < c.replicas; ++k) {
        const auto key = std::make_tuple(p.alloy, p.cooling_rate, k);
        if (!quench.count(key)) quench[key] = add({Kind::quench, p.alloy, p.cooling_rate, 0, -1, k});
      }
    for (const auto& p : c.points)
      if (p.ta_over_tg > 0) {
        const auto key = std::make_tuple(p.alloy, p.cooling_rate, p.pa_gpa);
        if (!tg.count(key)) tg[key] = add({Kind::tg, p.alloy, p.cooling_rate, p.pa_gpa, -1, -1});
      }
    for (std::size_t pi = 0; pi < c.points.size(); ++pi) {
      const auto& p = c.points[pi];
      for (int k = 0; k < c.replicas; ++k) {
        const int t = add({Kind::point, p.alloy, p.cooling_rate, p.pa_gpa, static_cast<int>(pi), k});
        info_[t].deps.push_back(quench.at(std::make_tuple(p.alloy, p.cooling_rate, k)));
        if (p.ta_over_tg > 0) info_[t].deps.push_back(tg.at(std::make_tuple(p.alloy, p.cooling_rate, p.pa_gpa)));
        point_tasks_.push_back(t);
      }
    }
  }

  const std::vector<TaskInfo>& info() const { return info_; }
  const std::vector<int>& point_tasks() const { return point_tasks_; }
  const Task& task(int i) const { return tasks_[i]; }
  std::string dir(int i) const { return info_[i].dir; }

  // The settings of a task's protocol run.
  protocol::ProtocolSettings quench_settings(const Task& t) const {
    auto s = c_.base;
    s.cooling_rate = t.cooling_rate;
    s.seed = c_.base.seed + static_cast<std::uint64_t>(std::max(0, t.replica));
    return s;
  }

  // Done: its result is on disk and was made for this task's settings.
  bool is_done(int i) const {
    const auto& t = tasks_[i];
    const fs::path d = info_[i].dir;
    const char* result = t.kind == Kind::quench ? "D.json" : t.kind == Kind::tg ? "tg.json" : "summary.json";
    if (!fs::exists(d / result) || !fs::exists(d / "task.json")) return false;
    try {
      return protocol::read_json_file((d / "task.json").string()) == description(i);
    } catch (const nlohmann::json::exception&) {
      return false;
    }
  }

  // What a task's result depends on (besides the tasks it needs).
  nlohmann::json description(int i) const {
    const auto& t = tasks_[i];
    nlohmann::json j = {{"task", info_[i].label}, {"alloy", alloy_records_[t.alloy]}};
    if (t.kind == Kind::point) {
      j["settings"] = protocol::to_json(point_settings(t));
    } else {
      j["settings"] = protocol::quench_settings_json(quench_settings(t));
      if (t.kind == Kind::tg) j["pressure_GPa"] = t.pa;
    }
    return j;
  }

  protocol::ProtocolSettings point_settings(const Task& t) const {
    const auto& p = c_.points[t.point];
    auto s = quench_settings(t);
    s.pa_gpa = p.pa_gpa;
    s.final_cooling_rate = p.final_cooling_rate;
    s.ta_over_tg = p.ta_over_tg;
    if (p.ta_over_tg == 0) s.ta_k = p.ta_k;
    return s;
  }

  // Runs task i and records what it was made for (task.json) last.
  std::string run(int i, bool force) const {
    const std::string report = run_task(i, force);
    protocol::write_atomically((fs::path(info_[i].dir) / "task.json").string(), description(i).dump(1) + "\n");
    return report;
  }

 private:
  std::string run_task(int i, bool force) const {
    const auto& t = tasks_[i];
    const auto& alloy = c_.alloys[t.alloy];
    if (t.kind == Kind::quench) {
      const auto d = protocol::run_quench(alloy, quench_settings(t), dir(i), force, false);
      return fmt::format("E_D = {:.6f} eV/atom", d["potential_energy_eV_per_atom"].get<double>());
    }
    if (t.kind == Kind::tg) {
      const auto j = protocol::measure_tg(alloy, quench_settings(t), {t.pa, 40, 0.0}, dir(i), false, force);
      return fmt::format("Tg = {:.1f} +- {:.1f} K", j["Tg_K"].get<double>(), j["Tg_uncertainty_K"].get<double>());
    }
    const auto& p = c_.points[t.point];
    auto s = point_settings(t);
    nlohmann::json tg;
    if (p.ta_over_tg > 0) {
      tg = protocol::read_json_file((fs::path(dir(info_[i].deps[1])) / "tg.json").string());
      s.ta_k = p.ta_over_tg * tg["Tg_K"].get<double>();
    }
    const fs::path quench_dir = dir(info_[i].deps[0]);
    const auto d = protocol::read_json_file((quench_dir / "D.json").string());
    const auto r = protocol::run_loading(alloy, s, (quench_dir / "D.data").string(), d, tg, dir(i), force, false);
    return fmt::format("dE = {:+.6f} eV/atom", r["delta_E_eV_per_atom"].get<double>());
  }

  int add(const Task& t) {
    TaskInfo info;
    const auto& alloy = c_.alloys[t.alloy];
    const double steps_per_ps = 1.0 / c_.base.timestep_ps;
    const auto& b = c_.base;
    const double quench_ps = b.melt_ps + (b.t_melt - b.t_low) / t.cooling_rate;
    if (t.kind == Kind::quench) {
      info.dir = (fs::path(out_) / "quench" / fmt::format("{}_K{}", alloy.name, num(t.cooling_rate)) /
                  fmt::format("replica_{}", t.replica))
                     .string();
      info.label = fmt::format("quench {} K={} replica {}", alloy.name, num(t.cooling_rate), t.replica);
      info.cost = quench_ps * steps_per_ps;
    } else if (t.kind == Kind::tg) {
      info.dir = (fs::path(out_) / "tg" / fmt::format("{}_K{}_Pa{}", alloy.name, num(t.cooling_rate), num(t.pa)))
                     .string();
      info.label = fmt::format("Tg {} K={} Pa={}", alloy.name, num(t.cooling_rate), num(t.pa));
      info.cost = quench_ps * steps_per_ps;
    } else {
      const auto& p = c_.points[t.point];
      info.dir = (fs::path(out_) / "points" / point_name(c_, p) / fmt::format("replica_{}", t.replica)).string();
      info.label = fmt::format("point {} replica {}", point_name(c_, p), t.replica);
      // Ta is not known before Tg: estimate with 1.2 x the melt's 1/3.
      const double ta = p.ta_over_tg > 0 ? 0.4 * b.t_melt * p.ta_over_tg : p.ta_k;
      const double final_rate = p.final_cooling_rate > 0 ? p.final_cooling_rate : p.cooling_rate;
      info.cost = (ta / b.heating_rate + b.anneal_ps + ta / final_rate) * steps_per_ps;
    }
    info.cost *= b.natoms;
    tasks_.push_back(t);
    info_.push_back(info);
    return static_cast<int>(tasks_.size()) - 1;
  }

  const Campaign& c_;
  std::string out_;
  std::vector<nlohmann::json> alloy_records_;
  std::vector<Task> tasks_;
  std::vector<TaskInfo> info_;
  std::vector<int> point_tasks_;
};

std::string optional_number(const nlohmann::json& j, const char* key) {
  return j.contains(key) ? fmt::format("{:.17g}", j[key].get<double>()) : "";
}

// Writes replicas.csv, summary.csv, summary.json and tg.csv from the results
// on disk; points with unfinished replicas are left out (and counted).
nlohmann::json write_summaries(const Campaign& c, const Plan& plan, const std::string& out) {
  std::string replicas =
      "alloy,Pa_GPa,Ta_K,Ta_over_Tg,replica,seed,E_D_eV_per_atom,E_J_eV_per_atom,delta_E_eV_per_atom,"
      "V_D_A3_per_atom,V_J_A3_per_atom,cooling_rate_K_per_ps,final_cooling_rate_K_per_ps,Tg_Pa_K\n";
  std::string summary =
      "alloy,Pa_GPa,Ta_K,Ta_over_Tg,mean_delta_E_eV_per_atom,se_delta_E_eV_per_atom,n,cooling_rate_K_per_ps,"
      "final_cooling_rate_K_per_ps,Tg_Pa_K,Tg_Pa_uncertainty_K,mean_E_D_eV_per_atom,mean_E_J_eV_per_atom\n";
  nlohmann::json points = nlohmann::json::array();
  std::size_t finished = 0;
  const auto& tasks = plan.point_tasks();
  for (std::size_t pi = 0; pi < c.points.size(); ++pi) {
    std::vector<nlohmann::json> results;
    for (int k = 0; k < c.replicas; ++k) {
      const int t = tasks[pi * static_cast<std::size_t>(c.replicas) + static_cast<std::size_t>(k)];
      if (!plan.is_done(t)) break;
      results.push_back(protocol::read_json_file((fs::path(plan.dir(t)) / "summary.json").string()));
    }
    if (results.size() != static_cast<std::size_t>(c.replicas)) continue;
    ++finished;
    const auto& first = results.front();
    std::vector<double> de, e_d, e_j;
    for (const auto& r : results) {
      de.push_back(r["delta_E_eV_per_atom"].get<double>());
      e_d.push_back(r["E_D_eV_per_atom"].get<double>());
      e_j.push_back(r["E_J_eV_per_atom"].get<double>());
    }
    const auto [mean, se] = analysis::mean_with_error(de);
    const double mean_d = analysis::mean_with_error(e_d).mean, mean_j = analysis::mean_with_error(e_j).mean;
    const std::string ratio = optional_number(first, "Ta_over_Tg");
    const std::string tg = optional_number(first, "Tg_Pa_K");
    const std::string tg_u = optional_number(first, "Tg_Pa_uncertainty_K");
    for (std::size_t k = 0; k < results.size(); ++k) {
      const auto& r = results[k];
      replicas += fmt::format("{},{:.17g},{:.17g},{},{},{},{:.17g},{:.17g},{:.17g},{:.17g},{:.17g},{:.17g},{:.17g},{}\n",
                              r["alloy"].get<std::string>(), r["Pa_GPa"].get<double>(), r["Ta_K"].get<double>(),
                              ratio, k, r["seed"].get<std::uint64_t>(), r["E_D_eV_per_atom"].get<double>(),
                              r["E_J_eV_per_atom"].get<double>(), r["delta_E_eV_per_atom"].get<double>(),
                              r["V_D_A3_per_atom"].get<double>(), r["V_J_A3_per_atom"].get<double>(),
                              r["cooling_rate_K_per_ps"].get<double>(),
                              r["final_cooling_rate_K_per_ps"].get<double>(), tg);
    }
    summary += fmt::format("{},{:.17g},{:.17g},{},{:.17g},{:.17g},{},{:.17g},{:.17g},{},{},{:.17g},{:.17g}\n",
                           first["alloy"].get<std::string>(), first["Pa_GPa"].get<double>(),
                           first["Ta_K"].get<double>(), ratio, mean, se, de.size(),
                           first["cooling_rate_K_per_ps"].get<double>(),
                           first["final_cooling_rate_K_per_ps"].get<double>(), tg, tg_u, mean_d, mean_j);
    nlohmann::json row = {{"alloy", first["alloy"]},
                          {"Pa_GPa", first["Pa_GPa"]},
                          {"Ta_K", first["Ta_K"]},
                          {"mean_delta_E_eV_per_atom", mean},
                          {"se_delta_E_eV_per_atom", se},
                          {"n", de.size()},
                          {"cooling_rate_K_per_ps", first["cooling_rate_K_per_ps"]},
                          {"final_cooling_rate_K_per_ps", first["final_cooling_rate_K_per_ps"]},
                          {"delta_E_eV_per_atom", de},
                          {"folder", fs::relative(fs::path(plan.dir(tasks[pi * c.replicas])).parent_path(), out)
                                         .string()}};
    row["Ta_over_Tg"] = first.contains("Ta_over_Tg") ? first["Ta_over_Tg"] : nlohmann::json();
    if (first.contains("Tg_Pa_K")) {
      row["Tg_Pa_K"] = first["Tg_Pa_K"];
      row["Tg_Pa_uncertainty_K"] = first["Tg_Pa_uncertainty_K"];
    }
    points.push_back(row);
  }
  std::string tg_csv = "alloy,cooling_rate_K_per_ps,P_GPa,Tg_K,Tg_uncertainty_K\n";
  for (std::size_t i = 0; i < plan.info().size(); ++i) {
    const auto& t = plan.task(static_cast<int>(i));
    if (t.kind != Kind::tg || !plan.is_done(static_cast<int>(i))) continue;
    const auto j = protocol::read_json_file((fs::path(plan.dir(static_cast<int>(i))) / "tg.json").string());
    tg_csv += fmt::format("{},{:.17g},{:.17g},{:.17g},{:.17g}\n", c.alloys[t.alloy].name, t.cooling_rate, t.pa,
                          j["Tg_K"].get<double>(), j["Tg_uncertainty_K"].get<double>());
  }
  nlohmann::json result = {{"kind", c.kind},
                           {"points", points},
                           {"points_total", c.points.size()},
                           {"points_finished", finished},
                           {"complete", finished == c.points.size()},
                           {"replicas", c.replicas}};
  protocol::write_atomically((fs::path(out) / "replicas.csv").string(), replicas);
  protocol::write_atomically((fs::path(out) / "summary.csv").string(), summary);
  protocol::write_atomically((fs::path(out) / "tg.csv").string(), tg_csv);
  protocol::write_atomically((fs::path(out) / "summary.json").string(), result.dump(1) + "\n");
  protocol::write_atomically((fs::path(out) / "summary.svg").string(), delta_e_figure_svg(result));
  return result;
}

nlohmann::json describe(const Campaign& c) {
  nlohmann::json alloys = nlohmann::json::array(), points = nlohmann::json::array();
  for (const auto& a : c.alloys) alloys.push_back(protocol::alloy_record(a));
  for (const auto& p : c.points)
    points.push_back({{"alloy", c.alloys[p.alloy].name},
                      {"Pa_GPa", p.pa_gpa},
                      {"Ta_K", p.ta_over_tg > 0 ? nlohmann::json() : nlohmann::json(p.ta_k)},
                      {"Ta_over_Tg", p.ta_over_tg > 0 ? nlohmann::json(p.ta_over_tg) : nlohmann::json()},
                      {"cooling_rate_K_per_ps", p.cooling_rate},
                      {"final_cooling_rate_K_per_ps", p.final_cooling_rate > 0 ? p.final_cooling_rate : p.cooling_rate}});
  return {{"kind", c.kind},
          {"alloys", alloys},
          {"replicas", c.replicas},
          {"settings", protocol::to_json(c.base)},
          {"points", points},
          {"rejuv_version", REJUV_VERSION}};
}

}  // namespace

std::vector<Point> make_grid(std::size_t alloys, const std::vector<double>& cooling_rates,
                             const std::vector<double>& final_cooling_rates, const std::vector<double>& pa_gpa,
                             const std::vector<double>& ta_over_tg, const std::vector<double>& ta_k) {
  if (ta_over_tg.empty() == ta_k.empty())
    throw InputError("give the annealing temperatures either as Ta (K) or as Ta/Tg, not both");
  if (pa_gpa.empty()) throw InputError("Pa: expected at least one pressure");
  if (cooling_rates.empty()) throw InputError("cooling rates: expected at least one rate");
  auto distinct = [](const std::vector<double>& v, const char* what) {
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (!std::isfinite(v[i])) throw InputError(fmt::format("{}: expected finite numbers", what));
      for (std::size_t j = 0; j < i; ++j)
        if (v[i] == v[j]) throw InputError(fmt::format("{}: {} is listed twice", what, v[i]));
    }
  };
  distinct(cooling_rates, "cooling rates");
  distinct(final_cooling_rates, "final cooling rates");
  distinct(pa_gpa, "Pa");
  distinct(ta_over_tg, "Ta/Tg");
  distinct(ta_k, "Ta");
  const std::vector<double> finals = final_cooling_rates.empty() ? std::vector<double>{0.0} : final_cooling_rates;
  std::vector<Point> points;
  for (std::size_t a = 0; a < alloys; ++a)
    for (double k : cooling_rates)
      for (double kf : finals)
        for (double pa : pa_gpa) {
          for (double r : ta_over_tg) points.push_back({a, pa, 0.0, r, k, kf});
          for (double t : ta_k) points.push_back({a, pa, t, 0.0, k, kf});
        }
  return points;
}

void validate(const Campaign& c) {
  if (c.replicas < 1) throw InputError(fmt::format("replicas = {}: expected at least 1", c.replicas));
  if (c.alloys.empty()) throw InputError("alloys: expected at least one");
  if (c.points.empty()) throw InputError("points: the campaign has none");
  protocol::validate(c.base);
  std::set<std::string> names;
  for (const auto& a : c.alloys)
    if (!names.insert(a.name).second) throw InputError(fmt::format("alloy {} is listed twice", a.name));
  for (const auto& p : c.points) {
    auto s = c.base;
    s.pa_gpa = p.pa_gpa;
    s.cooling_rate = p.cooling_rate;
    s.final_cooling_rate = p.final_cooling_rate;
    s.ta_over_tg = p.ta_over_tg;
    if (p.ta_over_tg == 0) s.ta_k = p.ta_k;
    protocol::validate(s);
  }
}

std::pair<int, int> parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  int i = -1, n = 0;
  try {
    if (slash == std::string::npos) throw std::invalid_argument("no slash");
    std::size_t used = 0;
    i = std::stoi(text.substr(0, slash), &used);
    if (used != slash) throw std::invalid_argument("junk");
    n = std::stoi(text.substr(slash + 1), &used);
    if (used != text.size() - slash - 1) throw std::invalid_argument("junk");
  } catch (const std::exception&) {
    throw InputError(fmt::format("--shard {}: expected i/N, e.g. 0/4", text));
  }
  if (n < 1 || i < 0 || i >= n) throw InputError(fmt::format("--shard {}: expected 0 <= i < N", text));
  return {i, n};
}

nlohmann::json run_campaign(const Campaign& c, const std::string& out, const RunOptions& o) {
  validate(c);
  if (o.shards < 1 || o.shard < 0 || o.shard >= o.shards)
    throw InputError(fmt::format("shard {}/{}: expected 0 <= i < N", o.shard, o.shards));
  // --force accepts a changed campaign without emptying the folder: tasks
  // whose own settings are unchanged are kept, the others are redone.
  protocol::claim_folder(out, "campaign.json", describe(c), o.force, false);
  const Plan plan(c, out);

  // A shard owns every N-th point task and whatever they need (shared needs
  // are taken under locks by whichever shard comes first).
  std::set<int> wanted;
  const auto& points = plan.point_tasks();
  for (std::size_t k = 0; k < points.size(); ++k)
    if (static_cast<int>(k % static_cast<std::size_t>(o.shards)) == o.shard) {
      wanted.insert(points[k]);
      for (int d : plan.info()[points[k]].deps) wanted.insert(d);
    }
  const std::vector<int> selection(wanted.begin(), wanted.end());
  if (o.verbose)
    fmt::print(stderr, "campaign: {} points x {} replicas; {} tasks{}\n", c.points.size(), c.replicas,
               selection.size(), o.shards > 1 ? fmt::format(" in shard {}/{}", o.shard, o.shards) : "");
  TaskCallbacks cb{[&](int i) { return plan.is_done(i); }, [&](int i) { return plan.run(i, o.force); }};
  const auto outcome = run_tasks(plan.info(), selection, cb, o.verbose);
  if (!outcome.coordinator) return nlohmann::json();
  // Shards finishing together: the last to take the lock sees every result.
  auto result = [&] {
    const auto lock = wait_for_lock(out);
    return write_summaries(c, plan, out);
  }();
  report_failures(outcome, plan.info(), out);
  return result;
}

}  // namespace rejuv::campaign
