#include "analysis/structure_factor.h"

#include <algorithm>
#include <cmath>
#include <complex>

#include <fmt/format.h>

#include "util/error.h"

namespace rejuv::analysis {

namespace {

void check(const SqOptions& o) {
  if (!(o.q_min > 0.0 && o.q_max > o.q_min && o.q_step > 0.0))
    throw InputError(fmt::format("S(q) range q_min {} q_max {} q_step {} (1/A): expected 0 < q_min < q_max "
                                 "and q_step > 0",
                                 o.q_min, o.q_max, o.q_step));
}

void locate_peak(StructureFactor& sq) {
  if (sq.s.empty()) return;
  const std::size_t k = static_cast<std::size_t>(std::max_element(sq.s.begin(), sq.s.end()) - sq.s.begin());
  sq.first_peak_q = sq.q[k];
  sq.first_peak_s = sq.s[k];
  if (k == 0 || k + 1 >= sq.s.size()) return;
  // Parabola through three points (uneven spacing allowed).
  const double x0 = sq.q[k - 1], x1 = sq.q[k], x2 = sq.q[k + 1];
  const double y0 = sq.s[k - 1], y1 = sq.s[k], y2 = sq.s[k + 1];
  const double d01 = (y1 - y0) / (x1 - x0), d12 = (y2 - y1) / (x2 - x1);
  const double a = (d12 - d01) / (x2 - x0);
  if (!(a < 0.0)) return;
  const double b = d01 - a * (x0 + x1);
  const double xq = -b / (2.0 * a);
  if (xq < x0 || xq > x2) return;
  sq.first_peak_q = xq;
  sq.first_peak_s = y0 + d01 * (xq - x0) + a * (xq - x0) * (xq - x1);
}

}  // namespace

StructureFactor structure_factor_from_rdf(const PairDistribution& rdf, const SqOptions& o) {
  check(o);
  StructureFactor sq;
  const double n = static_cast<double>(rdf.natoms);
  const double rho_pairs = (n - 1.0) / rdf.volume;
  const std::size_t nb = rdf.r.size();
  // Pairs in each bin minus those of a uniform fluid at the same density,
  // per atom, windowed.
  std::vector<double> excess(nb);
  for (std::size_t k = 0; k < nb; ++k) {
    const double lo = k * rdf.bin_width, hi = (k + 1) * rdf.bin_width;
    const double uniform = rho_pairs * 4.0 * M_PI / 3.0 * (hi * hi * hi - lo * lo * lo);
    double w = 1.0;
    if (o.lorch) {
      const double x = M_PI * rdf.r[k] / rdf.cutoff;
      w = std::sin(x) / x;
    }
    excess[k] = (rdf.total_counts[k] / n - uniform) * w;
  }
  const auto nq = static_cast<std::size_t>(std::floor((o.q_max - o.q_min) / o.q_step + 1e-9)) + 1;
  for (std::size_t m = 0; m < nq; ++m) {
    const double q = o.q_min + m * o.q_step;
    double s = 1.0;
    for (std::size_t k = 0; k < nb; ++k) {
      const double x = q * rdf.r[k];
      s += excess[k] * std::sin(x) / x;
    }
    sq.q.push_back(q);
    sq.s.push_back(s);
  }
  locate_peak(sq);
  return sq;
}

StructureFactor structure_factor_direct(const System& sys, const SqOptions& o) {
  check(o);
  const Box& box = sys.box;
  if (!(box.periodic[0] && box.periodic[1] && box.periodic[2]))
    throw InputError("direct S(q) needs a box periodic in x, y and z");
  const std::size_t n = sys.size();
  if (n == 0) throw InputError("direct S(q): no atoms");
  const Mat3 h = box.h();
  const Mat3 hinv = box.h_inverse();
  // q = 2 pi h^-T n, so q.x = 2 pi n.s with s the fractional coordinates.
  int nmax[3];
  for (int d = 0; d < 3; ++d) {
    const double len = std::sqrt(h[0][d] * h[0][d] + h[1][d] * h[1][d] + h[2][d] * h[2][d]);
    nmax[d] = static_cast<int>(std::floor(o.q_max * len / (2.0 * M_PI))) + 1;
  }
  // exp(2 pi i m s_d) for m = 0..nmax per atom and direction; negative m by conjugation.
  std::vector<std::complex<double>> phase[3];
  for (int d = 0; d < 3; ++d) phase[d].resize(n * static_cast<std::size_t>(nmax[d] + 1));
  for (std::size_t i = 0; i < n; ++i) {
    const Vec3 s = box.to_fractional({sys.x[i], sys.y[i], sys.z[i]});
    for (int d = 0; d < 3; ++d)
      for (int m = 0; m <= nmax[d]; ++m)
        phase[d][i * static_cast<std::size_t>(nmax[d] + 1) + static_cast<std::size_t>(m)] =
            std::polar(1.0, 2.0 * M_PI * m * s[d]);
  }
  auto factor = [&](int d, std::size_t i, int m) {
    const auto& p = phase[d][i * static_cast<std::size_t>(nmax[d] + 1) + static_cast<std::size_t>(std::abs(m))];
    return m >= 0 ? p : std::conj(p);
  };
  const auto nq = static_cast<std::size_t>(std::floor((o.q_max - o.q_min) / o.q_step + 1e-9)) + 1;
  // The wavevectors in range, half of them (S(-q) = S(q)), in a fixed order.
  struct Wave {
    int n[3];
    std::size_t bin;
  };
  std::vector<Wave> waves;
  for (int a = 0; a <= nmax[0]; ++a)
    for (int b = -nmax[1]; b <= nmax[1]; ++b)
      for (int c = -nmax[2]; c <= nmax[2]; ++c) {
        if (a == 0 && (b < 0 || (b == 0 && c <= 0))) continue;
        Vec3 q{};
        for (int r = 0; r < 3; ++r)  // (h^-T n)_r = sum_d hinv[d][r] n_d
          q[r] = 2.0 * M_PI * (hinv[0][r] * a + hinv[1][r] * b + hinv[2][r] * c);
        const double qn = std::sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2]);
        const double pos = (qn - o.q_min) / o.q_step + 0.5;
        if (pos < 0.0 || pos >= static_cast<double>(nq)) continue;
        waves.push_back({{a, b, c}, static_cast<std::size_t>(pos)});
      }
  const double terms = static_cast<double>(waves.size()) * static_cast<double>(n);
  if (terms > 5e9)
    throw InputError(fmt::format("direct S(q): {} wavevectors up to q_max = {} 1/A times {} atoms is {:.2g} terms, "
                                 "too many (limit 5e9): lower q_max or use the g(r) route",
                                 waves.size(), o.q_max, n, terms));
  // One value per wavevector, then binned in order: the same bits for any
  // thread count.
  std::vector<double> value(waves.size());
#pragma omp parallel for schedule(dynamic, 16)
  for (std::size_t w = 0; w < waves.size(); ++w) {
    std::complex<double> rho{0.0, 0.0};
    const int* m = waves[w].n;
    for (std::size_t i = 0; i < n; ++i) rho += factor(0, i, m[0]) * factor(1, i, m[1]) * factor(2, i, m[2]);
    value[w] = std::norm(rho) / static_cast<double>(n);
  }
  std::vector<double> sum(nq, 0.0);
  std::vector<std::size_t> count(nq, 0);
  for (std::size_t w = 0; w < waves.size(); ++w) {
    sum[waves[w].bin] += value[w];
    ++count[waves[w].bin];
  }
  StructureFactor sq;
  for (std::size_t m = 0; m < nq; ++m) {
    if (count[m] == 0) continue;
    sq.q.push_back(o.q_min + m * o.q_step);
    sq.s.push_back(sum[m] / static_cast<double>(count[m]));
    sq.vectors.push_back(count[m]);
  }
  locate_peak(sq);
  return sq;
}

}  // namespace rejuv::analysis
