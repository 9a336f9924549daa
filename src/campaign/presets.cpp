#include "campaign/presets.h"

namespace rejuv::campaign {

CampaignPreset campaign_preset(const std::string& name) {
  CampaignPreset p;
  p.settings = protocol::preset(name);  // throws for unknown names
  // The survey of science.md section 2: every alloy whose potential ships
  // with rejuv's search path; CuZr-LJ, ZrCuAg and ZrPt need user files and
  // join with --alloys FILE.toml.
  p.survey_alloys = {"CuZr-FS", "AlFe-FS", "ZrCuAl", "PdSi", "NiP", "LaAl"};
  if (name == "smoke") {
    p.replicas = 2;
    p.map_pa_gpa = {0.0, 5.0};
    p.map_ta_k = {700.0, 1000.0};
    p.survey_alloys = {"CuZr-FS", "AlFe-FS"};
    p.survey_ta_over_tg = 0.0;
    p.survey_ta_k = 900.0;
  } else if (name == "quick") {
    p.replicas = 3;
    p.map_pa_gpa = {0.0, 5.0, 10.0};
    p.map_ta_over_tg = {0.9, 1.1, 1.3};
  } else {
    p.replicas = 10;
    p.map_pa_gpa = {-2.0, 0.0, 2.0, 5.0, 10.0};
    p.map_ta_over_tg = {0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5};
  }
  return p;
}

}  // namespace rejuv::campaign
