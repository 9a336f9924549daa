// The campaign's figure: mean dE (+- standard error) against Ta/Tg(Pa)
// (or Ta in K when the points give kelvin), one curve per alloy, rate and
// pressure, with the zero line dividing rejuvenation from ageing; plain SVG
// that any browser shows.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace rejuv::campaign {

// `summary`: the content of a campaign's summary.json.
std::string delta_e_figure_svg(const nlohmann::json& summary);

}  // namespace rejuv::campaign
