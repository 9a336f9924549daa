// The campaign's figure: mean dE (+- standard error) against Ta/Tg(Pa)
// (or Ta in K when the points give kelvin), one curve per alloy, rate and
// pressure, with the zero line dividing rejuvenation from ageing; plain SVG
// that any browser shows.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace rejuv::campaign {

// Round tick values (1, 2 or 5 times a power of ten) covering [lo, hi].
std::vector<double> nice_ticks(double lo, double hi);

// `summary`: the content of a campaign's summary.json.
std::string delta_e_figure_svg(const nlohmann::json& summary);

}  // namespace rejuv::campaign
