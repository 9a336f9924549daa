// `rejuv map`: dE over a grid of applied pressure Pa x annealing temperature
// (as Ta/Tg(Pa), or in K) on one alloy, every point on R replicas.
#include <fmt/format.h>

#include "campaign/campaign.h"
#include "campaign/presets.h"
#include "cli/campaign_flags.h"
#include "cli/commands.h"
#include "protocol/alloys.h"
#include "util/error.h"

namespace rejuv::cli {

namespace {

struct MapOptions {
  CampaignFlags flags;
  std::string alloy = "CuZr-FS";
  std::vector<double> pa, ta_over_tg, ta;
};

void run(const MapOptions& o) {
  const auto preset = campaign::campaign_preset(o.flags.preset);
  campaign::Campaign c;
  c.kind = "map";
  apply_campaign_flags(o.flags, preset, c);
  c.alloys.push_back(protocol::find_alloy(o.alloy, "."));
  if (!o.ta.empty() && !o.ta_over_tg.empty()) throw InputError("give either --Ta (K) or --Ta-over-Tg, not both");
  std::vector<double> ratios = o.ta_over_tg, kelvins = o.ta;
  if (ratios.empty() && kelvins.empty()) {
    ratios = preset.map_ta_over_tg;
    kelvins = preset.map_ta_k;
  }
  c.points = campaign::make_grid(
      1, o.flags.cooling_rates.empty() ? std::vector<double>{c.base.cooling_rate} : o.flags.cooling_rates,
      o.flags.final_cooling_rates, o.pa.empty() ? preset.map_pa_gpa : o.pa, ratios, kelvins);
  run_and_report(c, o.flags, "map");
}

}  // namespace

void add_map_command(CLI::App& app) {
  auto o = std::make_shared<MapOptions>();
  CLI::App* cmd = app.add_subcommand("map", "dE over a grid of Pa x Ta/Tg(Pa) on one alloy, with replicas");
  cmd->add_option("--alloy", o->alloy, "Built-in alloy name, or a user alloy file (.toml)")->capture_default_str();
  cmd->add_option("--Pa", o->pa, "Applied pressures in GPa, comma-separated (default: the preset's)")->delimiter(',');
  cmd->add_option("--Ta-over-Tg", o->ta_over_tg, "Annealing temperatures as multiples of Tg(Pa), comma-separated")
      ->delimiter(',');
  cmd->add_option("--Ta", o->ta, "Annealing temperatures in K, comma-separated (instead of --Ta-over-Tg)")
      ->delimiter(',');
  add_campaign_flags(cmd, o->flags);
  cmd->callback([o] { run(*o); });
}

}  // namespace rejuv::cli
