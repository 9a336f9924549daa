// `rejuv inherent`: inherent structures along quenches at several pressures
// (science.md section 3): E_IS(T), V_IS(T), icosahedral SRO(T) and MRO
// cluster sizes s*(T), smax(T), with replicas, as a resumable campaign.
#include <fmt/format.h>

#include "campaign/inherent_campaign.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "protocol/alloys.h"
#include "util/error.h"

namespace rejuv::cli {

namespace {

struct InherentOptions {
  std::string alloy = "CuZr-FS", preset = "paper", out, shard;
  std::vector<double> pressures;
  double every = 0.0, cooling_rate = 0.0;
  int replicas = 0, atoms = 0;
  long seed = -1;
  bool force = false, json = false, quiet = false;
};

void run(const InherentOptions& o) {
  if (o.out.empty()) throw InputError("--out DIR is required (the campaign's folder)");
  campaign::InherentCampaign c;
  c.base = protocol::preset(o.preset);
  // Preset defaults: snapshots every 500 K (smoke), 200 K (quick), 50 K
  // (paper); replicas 1, 2, 10; pressures 0 and 5 GPa (paper also 10).
  c.every_K = o.preset == "smoke" ? 500.0 : o.preset == "quick" ? 200.0 : 50.0;
  c.replicas = o.preset == "smoke" ? 1 : o.preset == "quick" ? 2 : 10;
  c.pressures_gpa = o.preset == "paper" ? std::vector<double>{0.0, 5.0, 10.0} : std::vector<double>{0.0, 5.0};
  if (o.every != 0.0) c.every_K = o.every;
  if (o.replicas != 0) c.replicas = o.replicas;
  if (!o.pressures.empty()) c.pressures_gpa = o.pressures;
  if (o.atoms > 0) c.base.natoms = o.atoms;
  if (o.seed >= 0) c.base.seed = static_cast<std::uint64_t>(o.seed);
  if (o.cooling_rate != 0.0) c.base.cooling_rate = o.cooling_rate;
  c.alloy = protocol::find_alloy(o.alloy, ".");
  campaign::RunOptions ro;
  ro.force = o.force;
  ro.verbose = !o.quiet;
  if (!o.shard.empty()) std::tie(ro.shard, ro.shards) = campaign::parse_shard(o.shard);
  const auto summary = campaign::run_inherent_campaign(c, o.out, ro);
  if (summary.is_null()) return;  // an MPI worker rank
  if (o.json) {
    fmt::print("{}\n", summary.dump());
    return;
  }
  fmt::print("rejuv inherent: {} ({} atoms), quench at {} K/ps, snapshots every {} K; {} of {} series finished\n",
             c.alloy.name, c.base.natoms, c.base.cooling_rate, c.every_K, summary["series_finished"].get<int>(),
             summary["series_total"].get<int>());
  fmt::print("  {:>6} {:>7} {:>14} {:>12} {:>14} {:>8} {:>6}\n", "P/GPa", "T/K", "E_IS/(eV/at)", "V_IS/(A^3)",
             "ico fraction", "s*", "smax");
  for (const auto& p : summary["points"])
    fmt::print("  {:>6} {:>7.0f} {:>14.6f} {:>12.4f} {:>8.4f}+-{:.4f} {:>8.2f} {:>6.0f}\n", p["P_GPa"].get<double>(),
               p["T_K"].get<double>(), p["mean_E_IS_eV_per_atom"].get<double>(),
               p["mean_V_IS_A3_per_atom"].get<double>(), p["mean_icosahedral_fraction"].get<double>(),
               p["se_icosahedral_fraction"].get<double>(), p["mean_mro_mean_size_size_weighted"].get<double>(),
               p["mean_mro_max_size"].get<double>());
  fmt::print("  every snapshot in {0}/is_series.csv, means in {0}/is_summary.csv, SRO(T) in {0}/sro.svg\n", o.out);
}

}  // namespace

void add_inherent_command(CLI::App& app) {
  auto o = std::make_shared<InherentOptions>();
  CLI::App* cmd =
      app.add_subcommand("inherent", "Inherent structures along quenches at pressures: E, V, SRO and MRO against T");
  cmd->add_option("--alloy", o->alloy, "Built-in alloy name, or a user alloy file (.toml)")->capture_default_str();
  cmd->add_option("--preset", o->preset, "smoke, quick or paper (atoms, rates, snapshots, replicas)")
      ->capture_default_str();
  cmd->add_option("--P", o->pressures, "Pressures in GPa, comma-separated (default 0,5)")->delimiter(',');
  cmd->add_option("--every", o->every, "Temperature step between snapshots, K")->check(positive());
  cmd->add_option("--cooling-rate", o->cooling_rate, "Quench rate K/ps (overrides the preset)")
      ->check(positive());
  cmd->add_option("--replicas", o->replicas, "Independent quenches per pressure (replica k: seed + k)")
      ->check(positive());
  cmd->add_option("--atoms", o->atoms, "Atoms (overrides the preset)")->check(positive());
  cmd->add_option("--seed", o->seed, "Random seed")->check(non_negative());
  cmd->add_option("--out", o->out, "Campaign folder; an interrupted campaign resumes here");
  cmd->add_option("--shard", o->shard, "Run only shard i of N (i/N)");
  cmd->add_flag("--force", o->force, "Continue with changed settings (series whose settings changed are redone)");
  cmd->add_flag("--quiet", o->quiet, "No progress on stderr");
  cmd->add_flag("--json", o->json, "Print summary.json");
  cmd->callback([o] { run(*o); });
}

}  // namespace rejuv::cli
