// Tg at a pressure (science.md section 4) as resumable stages: melt at P,
// quench at the cooling rate under P, bin V(T), two-line fit. Used by
// `rejuv tg` and by `rejuv protocol` when Ta is given as a multiple of Tg(Pa).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "protocol/alloys.h"
#include "protocol/thermal_pressure_loading.h"

namespace rejuv::protocol {

struct TgSettings {
  double pressure_gpa = 0.0;
  int bins = 40;
  double fit_max = 0.0;  // K; 0 -> 0.6 x the melt temperature
};

// Runs (or resumes) in `dir`; writes tg_data.csv and tg.json there and
// returns tg.json's content. Throws InputError when the fit fails (the data
// stay on disk). A folder made with other settings is refused unless
// `force` (start over).
nlohmann::json measure_tg(const Alloy& alloy, const ProtocolSettings& settings, const TgSettings& tg,
                          const std::string& dir, bool verbose, bool force = false);

}  // namespace rejuv::protocol
