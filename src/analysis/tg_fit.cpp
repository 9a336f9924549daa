#include "analysis/tg_fit.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "util/error.h"

namespace rejuv::analysis {

Line fit_line(const std::vector<double>& x, const std::vector<double>& y) {
  Line l;
  const double n = static_cast<double>(x.size());
  l.points = static_cast<int>(x.size());
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  double sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxx += (x[i] - mx) * (x[i] - mx);
    sxy += (x[i] - mx) * (y[i] - my);
  }
  l.slope = sxy / sxx;
  l.intercept = my - l.slope * mx;
  double sse = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double r = y[i] - (l.slope * x[i] + l.intercept);
    sse += r * r;
  }
  const double s2 = n > 2 ? sse / (n - 2) : 0.0;  // residual variance
  l.var_slope = s2 / sxx;
  l.var_intercept = s2 * (1.0 / n + mx * mx / sxx);
  l.cov = -mx * s2 / sxx;
  return l;
}

namespace {

double sse_of(const Line& l, const std::vector<double>& x, const std::vector<double>& y, std::size_t b, std::size_t e) {
  double s = 0;
  for (std::size_t i = b; i < e; ++i) {
    const double r = y[i] - (l.slope * x[i] + l.intercept);
    s += r * r;
  }
  return s;
}

}  // namespace

TgFit fit_tg(std::vector<double> t, std::vector<double> v, int min_points) {
  if (t.size() != v.size() || static_cast<int>(t.size()) < 2 * min_points)
    throw InputError(fmt::format("Tg fit: {} points, need at least {} (two branches of {})", t.size(), 2 * min_points,
                                 min_points));
  std::vector<std::size_t> order(t.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return t[a] < t[b]; });
  std::vector<double> x, y;
  for (auto i : order) {
    x.push_back(t[i]);
    y.push_back(v[i]);
  }
  TgFit best;
  best.sse = INFINITY;
  for (std::size_t k = static_cast<std::size_t>(min_points); k + static_cast<std::size_t>(min_points) <= x.size(); ++k) {
    const std::vector<double> xg(x.begin(), x.begin() + static_cast<long>(k)), yg(y.begin(), y.begin() + static_cast<long>(k));
    const std::vector<double> xl(x.begin() + static_cast<long>(k), x.end()), yl(y.begin() + static_cast<long>(k), y.end());
    const Line g = fit_line(xg, yg), l = fit_line(xl, yl);
    const double sse = sse_of(g, x, y, 0, k) + sse_of(l, x, y, k, x.size());
    if (sse < best.sse) {
      best.sse = sse;
      best.glass = g;
      best.liquid = l;
      best.breakpoint = x[k - 1];
    }
  }
  const Line& g = best.glass;
  const Line& l = best.liquid;
  const double ds = g.slope - l.slope;
  if (std::abs(ds) < 1e-12 * (std::abs(g.slope) + std::abs(l.slope) + 1e-300))
    throw InputError("Tg fit: the glass and liquid lines are parallel (no kink in V(T)); the data are kept");
  best.tg = (l.intercept - g.intercept) / ds;
  if (best.tg < x.front() || best.tg > x.back())
    throw InputError(fmt::format("Tg fit: the lines cross at {:.1f} K, outside the data ({:.1f} to {:.1f} K); the "
                                 "data are kept",
                                 best.tg, x.front(), x.back()));
  // Tg = (b_l - b_g) / (a_g - a_l): partial derivatives, the two fits independent.
  const double d_bl = 1.0 / ds, d_bg = -1.0 / ds;
  const double d_ag = -best.tg / ds, d_al = best.tg / ds;
  const double var = d_bl * d_bl * l.var_intercept + d_al * d_al * l.var_slope + 2 * d_bl * d_al * l.cov +
                     d_bg * d_bg * g.var_intercept + d_ag * d_ag * g.var_slope + 2 * d_bg * d_ag * g.cov;
  best.tg_uncertainty = std::sqrt(std::max(0.0, var));
  return best;
}

void bin_by_temperature(const std::vector<double>& t, const std::vector<double>& v, int bins, std::vector<double>& t_out,
                        std::vector<double>& v_out) {
  t_out.clear();
  v_out.clear();
  if (t.empty() || bins < 1) return;
  const auto [lo, hi] = std::minmax_element(t.begin(), t.end());
  const double width = (*hi - *lo) / bins;
  std::vector<double> st(static_cast<std::size_t>(bins), 0.0), sv(st), n(st);
  for (std::size_t i = 0; i < t.size(); ++i) {
    const int b = std::min(bins - 1, static_cast<int>((t[i] - *lo) / (width > 0 ? width : 1.0)));
    st[b] += t[i];
    sv[b] += v[i];
    n[b] += 1;
  }
  for (int b = 0; b < bins; ++b)
    if (n[b] > 0) {
      t_out.push_back(st[b] / n[b]);
      v_out.push_back(sv[b] / n[b]);
    }
}

}  // namespace rejuv::analysis
