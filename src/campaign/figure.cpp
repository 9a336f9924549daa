#include "campaign/figure.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include <fmt/format.h>

namespace rejuv::campaign {

namespace {

struct Series {
  std::string name;
  std::vector<double> x, y, err;
};

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '&' ? "&amp;" : std::string(1, c);
  return out;
}

}  // namespace

std::vector<double> nice_ticks(double lo, double hi) {
  const double raw = (hi - lo) / 5.0;
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  double step = p;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= raw) {
      step = m * p;
      break;
    }
  std::vector<double> out;
  for (double v = std::ceil(lo / step) * step; v <= hi + 1e-9 * step; v += step) out.push_back(std::abs(v) < 1e-12 * step ? 0.0 : v);
  return out;
}

std::string delta_e_figure_svg(const nlohmann::json& summary) {
  const auto& points = summary["points"];
  bool ratio = !points.empty();
  for (const auto& p : points) ratio = ratio && !p["Ta_over_Tg"].is_null();
  std::map<std::string, Series> by_name;
  std::vector<std::string> order;
  for (const auto& p : points) {
    std::string name = fmt::format("{}, Pa = {} GPa", p["alloy"].get<std::string>(), p["Pa_GPa"].get<double>());
    const double k = p["cooling_rate_K_per_ps"].get<double>(), kf = p["final_cooling_rate_K_per_ps"].get<double>();
    name += kf != k ? fmt::format(", K = {} / {} K/ps", k, kf) : fmt::format(", K = {} K/ps", k);
    if (!by_name.count(name)) order.push_back(name);
    auto& s = by_name[name];
    s.name = name;
    s.x.push_back(ratio ? p["Ta_over_Tg"].get<double>() : p["Ta_K"].get<double>());
    s.y.push_back(p["mean_delta_E_eV_per_atom"].get<double>() * 1000.0);  // meV/atom
    s.err.push_back(p["se_delta_E_eV_per_atom"].get<double>() * 1000.0);
  }
  double x0 = 1e300, x1 = -1e300, y0 = 0.0, y1 = 0.0;  // y range always shows zero
  for (const auto& [n, s] : by_name)
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      x0 = std::min(x0, s.x[i]);
      x1 = std::max(x1, s.x[i]);
      y0 = std::min(y0, s.y[i] - s.err[i]);
      y1 = std::max(y1, s.y[i] + s.err[i]);
    }
  if (points.empty()) x0 = 0, x1 = 1;
  if (x1 - x0 < 1e-12) x0 -= 0.5 * std::max(1e-3, std::abs(x0) * 0.1), x1 += 0.5 * std::max(1e-3, std::abs(x1) * 0.1);
  if (y1 - y0 < 1e-9) y0 -= 1, y1 += 1;
  const double xpad = 0.05 * (x1 - x0), ypad = 0.08 * (y1 - y0);
  x0 -= xpad, x1 += xpad, y0 -= ypad, y1 += ypad;

  const double w = 760, h = 480, left = 80, right = 250, top = 30, bottom = 60;
  const double pw = w - left - right, ph = h - top - bottom;
  auto px = [&](double x) { return left + (x - x0) / (x1 - x0) * pw; };
  auto py = [&](double y) { return top + (y1 - y) / (y1 - y0) * ph; };
  static const char* colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
                                  "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"};

  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" font-family=\"sans-serif\" "
      "font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n",
      w, h);
  svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"black\"/>\n", left,
                     top, pw, ph);
  for (double t : nice_ticks(x0, x1))
    svg += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"black\"/>"
                       "<text x=\"{0:.1f}\" y=\"{3:.1f}\" text-anchor=\"middle\">{4:g}</text>\n",
                       px(t), top + ph, top + ph + 5, top + ph + 20, t);
  for (double t : nice_ticks(y0, y1))
    svg += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\" stroke=\"black\"/>"
                       "<text x=\"{3:.1f}\" y=\"{4:.1f}\" text-anchor=\"end\">{5:g}</text>\n",
                       left - 5, py(t), left, left - 8, py(t) + 4, t);
  svg += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"gray\" stroke-dasharray=\"4 3\"/>\n",
                     left, py(0), left + pw, py(0));
  svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"gray\">rejuvenation</text>"
                     "<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"gray\">ageing</text>\n",
                     left + 6, py(0) - 6, left + 6, py(0) + 16);
  svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n", left + pw / 2, h - 15,
                     ratio ? "Ta / Tg(Pa)" : "Ta (K)");
  svg += fmt::format("<text transform=\"translate(20,{:.1f}) rotate(-90)\" text-anchor=\"middle\">"
                     "mean &#916;E = E_J &#8722; E_D (meV/atom), &#177; standard error</text>\n",
                     top + ph / 2);
  for (std::size_t k = 0; k < order.size(); ++k) {
    const auto& s = by_name[order[k]];
    const char* c = colours[k % 10];
    std::vector<std::size_t> idx(s.x.size());
    for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return s.x[a] < s.x[b]; });
    std::string line;
    for (std::size_t i : idx) line += fmt::format("{:.1f},{:.1f} ", px(s.x[i]), py(s.y[i]));
    svg += fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\"/>\n", line, c);
    for (std::size_t i : idx)
      svg += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"{3}\"/>"
                         "<circle cx=\"{0:.1f}\" cy=\"{4:.1f}\" r=\"3.5\" fill=\"{3}\"/>\n",
                         px(s.x[i]), py(s.y[i] - s.err[i]), py(s.y[i] + s.err[i]), c, py(s.y[i]));
    const double ly = top + 10 + 18.0 * static_cast<double>(k);
    svg += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"{}\"/><text x=\"{:.1f}\" y=\"{:.1f}\">{}</text>\n",
                       left + pw + 15, ly, c, left + pw + 25, ly + 4, escape(s.name));
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace rejuv::campaign
