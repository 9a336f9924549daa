#include "cli/campaign_flags.h"

#include <fmt/format.h>

#include "cli/common.h"
#include "util/error.h"

namespace rejuv::cli {

void add_campaign_flags(CLI::App* cmd, CampaignFlags& f) {
  cmd->add_option("--preset", f.preset, "smoke (seconds), quick (an hour or two) or paper")->capture_default_str();
  cmd->add_option("--out", f.out, "Campaign folder; an interrupted campaign resumes here");
  cmd->add_option("--replicas", f.replicas, "Independent samples per point (default: the preset's)")
      ->check(positive());
  cmd->add_option("--atoms", f.atoms, "Atoms per sample (overrides the preset)")->check(positive());
  cmd->add_option("--seed", f.seed, "Random seed; replica k uses seed + k")->check(non_negative());
  cmd->add_option("--cooling-rates", f.cooling_rates, "Quench rates K in K/ps, comma-separated (cooling-rate variants)")
      ->delimiter(',');
  cmd->add_option("--final-cooling-rates", f.final_cooling_rates,
                  "G->H cooling rates in K/ps, comma-separated (default: the same as K)")
      ->delimiter(',');
  cmd->add_option("--anneal-ps", f.anneal_ps, "F->G annealing time in ps")->check(positive());
  cmd->add_option("--shard", f.shard, "Run only shard i of N (i/N, e.g. from a job array's index)");
  cmd->add_flag("--force", f.force, "Continue with changed settings (tasks whose settings changed are redone)");
  cmd->add_flag("--quiet", f.quiet, "No progress on stderr");
  cmd->add_flag("--json", f.json, "Print summary.json");
}

void apply_campaign_flags(const CampaignFlags& f, const campaign::CampaignPreset& preset, campaign::Campaign& c) {
  if (f.out.empty()) throw InputError("--out DIR is required (the campaign's folder)");
  c.base = preset.settings;
  c.replicas = f.replicas != 0 ? f.replicas : preset.replicas;
  if (f.atoms > 0) c.base.natoms = f.atoms;
  if (f.seed >= 0) c.base.seed = static_cast<std::uint64_t>(f.seed);
  if (f.anneal_ps != 0.0) c.base.anneal_ps = f.anneal_ps;
  for (double k : f.cooling_rates)
    if (!(k > 0)) throw InputError(fmt::format("--cooling-rates: {} K/ps, expected rates > 0", k));
  for (double k : f.final_cooling_rates)
    if (!(k > 0)) throw InputError(fmt::format("--final-cooling-rates: {} K/ps, expected rates > 0", k));
}

void run_and_report(const campaign::Campaign& c, const CampaignFlags& f, const std::string& command) {
  campaign::RunOptions o;
  o.force = f.force;
  o.verbose = !f.quiet;
  if (!f.shard.empty()) std::tie(o.shard, o.shards) = campaign::parse_shard(f.shard);
  const auto summary = campaign::run_campaign(c, f.out, o);
  if (summary.is_null()) return;  // an MPI worker rank: rank 0 reports
  if (f.json) {
    fmt::print("{}\n", summary.dump());
    return;
  }
  fmt::print("rejuv {}: {} of {} points finished ({} each, {} atoms); results in {}/summary.csv\n", command,
             summary["points_finished"].get<int>(), summary["points_total"].get<int>(),
             c.replicas == 1 ? std::string("1 replica") : fmt::format("{} replicas", c.replicas), c.base.natoms,
             f.out);
  fmt::print("  {:<10} {:>7} {:>7} {:>8} {:>9} {:>22}  {}\n", "alloy", "K", "Pa/GPa", "Ta/Tg", "Ta/K",
             "dE/(eV/atom) +- SE", "verdict");
  for (const auto& p : summary["points"]) {
    const double de = p["mean_delta_E_eV_per_atom"].get<double>(), se = p["se_delta_E_eV_per_atom"].get<double>();
    // A mean within two standard errors of zero does not decide the sign.
    const char* verdict = std::abs(de) <= 2 * se ? "undecided" : de > 0 ? "rejuvenation" : "ageing";
    fmt::print("  {:<10} {:>7} {:>7} {:>8} {:>9.1f} {:>+12.6f} +- {:.6f}  {}\n", p["alloy"].get<std::string>(),
               p["cooling_rate_K_per_ps"].get<double>(), p["Pa_GPa"].get<double>(),
               p["Ta_over_Tg"].is_null() ? std::string("-") : fmt::format("{}", p["Ta_over_Tg"].get<double>()),
               p["Ta_K"].get<double>(), de, se, verdict);
  }
  if (!summary["complete"].get<bool>())
    fmt::print("  the other points belong to other shards or are still running; run the same command without "
               "--shard once they finish to see them all\n");
}

}  // namespace rejuv::cli
