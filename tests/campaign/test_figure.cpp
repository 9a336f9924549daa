// The campaign figure: one marker per point, one curve per series, the
// larger dE drawn higher, the x axis Ta/Tg when every point has it.
#include <gtest/gtest.h>

#include <regex>

#include "campaign/figure.h"

using namespace rejuv;

namespace {

nlohmann::json point(double pa, double ratio, double de, double se) {
  return {{"alloy", "CuZr-FS"}, {"Pa_GPa", pa},  {"Ta_K", 800.0 * ratio}, {"Ta_over_Tg", ratio},
          {"cooling_rate_K_per_ps", 1.0}, {"final_cooling_rate_K_per_ps", 1.0},
          {"mean_delta_E_eV_per_atom", de}, {"se_delta_E_eV_per_atom", se}};
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

}  // namespace

TEST(Figure, MarkersCurvesAndOrientation) {
  nlohmann::json summary = {{"points", nlohmann::json::array({point(0, 0.9, -0.002, 0.001), point(0, 1.3, 0.004, 0.001),
                                                               point(5, 0.9, -0.001, 0.0005), point(5, 1.3, 0.006, 0.002)})}};
  const std::string svg = campaign::delta_e_figure_svg(summary);
  EXPECT_EQ(count(svg, "<polyline"), 2u);      // Pa = 0 and Pa = 5
  EXPECT_EQ(count(svg, "<circle"), 4u + 2u);   // points and legend markers
  EXPECT_NE(svg.find("Ta / Tg(Pa)"), std::string::npos);
  EXPECT_NE(svg.find("Pa = 5 GPa"), std::string::npos);
  // Marker centres in drawing order: Pa = 0 at 0.9 then 1.3; dE rises, so y falls.
  std::regex circle("<circle cx=\"([0-9.]+)\" cy=\"([0-9.]+)\" r=\"3.5\"");
  std::vector<double> x, y;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), circle); it != std::sregex_iterator(); ++it) {
    x.push_back(std::stod((*it)[1]));
    y.push_back(std::stod((*it)[2]));
  }
  ASSERT_EQ(x.size(), 4u);
  EXPECT_LT(x[0], x[1]);
  EXPECT_GT(y[0], y[1]);
  EXPECT_LT(y[3], y[1]);  // 6 meV above 4 meV
  // Points in kelvin: the x axis says so.
  summary["points"][0]["Ta_over_Tg"] = nullptr;
  EXPECT_NE(campaign::delta_e_figure_svg(summary).find("Ta (K)"), std::string::npos);
}
