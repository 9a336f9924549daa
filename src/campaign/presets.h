// Campaign presets: the protocol preset of the same name plus the default
// grid, survey alloys and replica count.
//   smoke: 250 atoms, very fast rates, 2 replicas, a 2 x 2 map with Ta in K
//          (a minute; for tests: 250 atoms quenched in picoseconds give no
//          reliable Tg, so the smoke grid does not depend on one);
//   quick: 2000 atoms, fast rates, 3 replicas, a 3 x 3 map (an hour or two on
//          a laptop core);
//   paper: the published settings, 10 replicas, Pa from tension to 10 GPa and
//          Ta/Tg from 0.7 to 1.5.
#pragma once

#include <string>
#include <vector>

#include "protocol/thermal_pressure_loading.h"

namespace rejuv::campaign {

struct CampaignPreset {
  protocol::ProtocolSettings settings;
  int replicas = 10;
  std::vector<double> map_pa_gpa;
  std::vector<double> map_ta_over_tg;  // the default grid: Ta/Tg, or
  std::vector<double> map_ta_k;        // Ta in K when map_ta_over_tg is empty
  std::vector<std::string> survey_alloys;
  double survey_pa_gpa = 5.0;
  double survey_ta_over_tg = 1.3;  // 0: survey_ta_k instead
  double survey_ta_k = 0.0;
};

CampaignPreset campaign_preset(const std::string& name);

}  // namespace rejuv::campaign
