// `rejuv survey`: several alloys at one point (default Pa = 5 GPa,
// Ta = 1.3 Tg(Pa), science.md section 2), every alloy on R replicas.
#include <cmath>

#include <fmt/format.h>

#include "campaign/campaign.h"
#include "campaign/presets.h"
#include "cli/campaign_flags.h"
#include "cli/commands.h"
#include "protocol/alloys.h"
#include "util/error.h"

namespace rejuv::cli {

namespace {

struct SurveyOptions {
  CampaignFlags flags;
  std::vector<std::string> alloys;
  double pa = std::nan(""), ta_over_tg = 0.0, ta = 0.0;  // 0: not given
};

void run(const SurveyOptions& o) {
  const auto preset = campaign::campaign_preset(o.flags.preset);
  campaign::Campaign c;
  c.kind = "survey";
  apply_campaign_flags(o.flags, preset, c);
  for (const auto& name : o.alloys.empty() ? preset.survey_alloys : o.alloys)
    c.alloys.push_back(protocol::find_alloy(name, "."));
  if (o.ta < 0) throw InputError(fmt::format("--Ta {}: expected a temperature > 0 K", o.ta));
  if (o.ta_over_tg < 0) throw InputError(fmt::format("--Ta-over-Tg {}: expected a ratio > 0", o.ta_over_tg));
  if (o.ta > 0 && o.ta_over_tg > 0) throw InputError("give either --Ta (K) or --Ta-over-Tg, not both");
  double ratio = o.ta_over_tg, kelvin = o.ta;
  if (ratio == 0 && kelvin == 0) {
    ratio = preset.survey_ta_over_tg;
    kelvin = preset.survey_ta_k;
  }
  auto one = [](double x) { return x > 0 ? std::vector<double>{x} : std::vector<double>{}; };
  c.points = campaign::make_grid(c.alloys.size(),
                                 o.flags.cooling_rates.empty() ? std::vector<double>{c.base.cooling_rate}
                                                               : o.flags.cooling_rates,
                                 o.flags.final_cooling_rates, {std::isnan(o.pa) ? preset.survey_pa_gpa : o.pa},
                                 one(ratio), one(kelvin));
  run_and_report(c, o.flags, "survey");
}

}  // namespace

void add_survey_command(CLI::App& app) {
  auto o = std::make_shared<SurveyOptions>();
  CLI::App* cmd = app.add_subcommand("survey", "Several alloys at Pa = 5 GPa, Ta = 1.3 Tg(Pa), with replicas");
  cmd->add_option("--alloys", o->alloys,
                  "Built-in alloy names or user alloy files (.toml), comma-separated (default: the preset's)")
      ->delimiter(',');
  cmd->add_option("--Pa", o->pa, "Applied pressure in GPa (default 5)");
  cmd->add_option("--Ta-over-Tg", o->ta_over_tg, "Annealing temperature as a multiple of Tg(Pa) (default 1.3)");
  cmd->add_option("--Ta", o->ta, "Annealing temperature in K (instead of --Ta-over-Tg)");
  add_campaign_flags(cmd, o->flags);
  cmd->callback([o] { run(*o); });
}

}  // namespace rejuv::cli
