#include "analysis/pair_distribution.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "neighbor/neighbor_list.h"
#include "util/error.h"

namespace rejuv::analysis {

namespace {

double shell_volume(double lo, double hi) { return 4.0 * M_PI / 3.0 * (hi * hi * hi - lo * lo * lo); }

CoordinationShell find_shell(const std::vector<double>& g, const std::vector<double>& counts, double centres,
                             double bin_width) {
  CoordinationShell s;
  const std::size_t nb = g.size();
  if (nb == 0 || centres <= 0.0) return s;
  // A three-bin running mean steadies the peak and minimum against noise
  // (bins beyond the ends count as 0, so the last bin is not favoured).
  std::vector<double> smooth(nb);
  for (std::size_t k = 0; k < nb; ++k)
    smooth[k] = ((k > 0 ? g[k - 1] : 0.0) + g[k] + (k + 1 < nb ? g[k + 1] : 0.0)) / 3.0;
  // Highest smoothed bin; among equals (a sharp crystal shell smooths to a
  // plateau) the highest raw bin.
  std::size_t peak = 0;
  for (std::size_t k = 1; k < nb; ++k)
    if (smooth[k] > smooth[peak] || (smooth[k] == smooth[peak] && g[k] > g[peak])) peak = k;
  if (smooth[peak] <= 0.0) return s;
  const double r_peak = (peak + 0.5) * bin_width;
  std::size_t minimum = peak;
  for (std::size_t k = peak; k < nb && (k + 0.5) * bin_width <= 1.6 * r_peak; ++k)
    if (smooth[k] < smooth[minimum]) minimum = k;
  s.first_peak_r = r_peak;
  s.first_minimum_r = (minimum + 0.5) * bin_width;
  // Counts out to the centre of the minimum's bin (half of that bin).
  double sum = 0.0;
  for (std::size_t k = 0; k < minimum; ++k) sum += counts[k];
  sum += 0.5 * counts[minimum];
  s.coordination = sum / centres;
  return s;
}

}  // namespace

std::vector<double> PairDistribution::cumulative_total() const {
  std::vector<double> c(total_counts.size());
  double sum = 0.0;
  for (std::size_t k = 0; k < c.size(); ++k) c[k] = (sum += total_counts[k]) / static_cast<double>(natoms);
  return c;
}

std::vector<double> PairDistribution::cumulative_partial(int a, int b) const {
  const auto& h = pair_counts[static_cast<std::size_t>(a * ntypes + b)];
  std::vector<double> c(h.size(), 0.0);
  const double na = static_cast<double>(atoms_by_type[static_cast<std::size_t>(a)]);
  double sum = 0.0;
  for (std::size_t k = 0; k < c.size(); ++k) c[k] = na > 0 ? (sum += h[k]) / na : 0.0;
  return c;
}

double number_density(const System& sys) { return static_cast<double>(sys.size()) / sys.box.volume(); }

double mass_density(const System& sys) {
  double mass = 0.0;
  for (std::size_t i = 0; i < sys.size(); ++i) {
    const int t = sys.type[i];
    if (t >= static_cast<int>(sys.mass.size()) || !std::isfinite(sys.mass[t])) return std::nan("");
    mass += sys.mass[t];
  }
  // amu/A^3 to g/cm^3: 1 amu = 1.66053907e-24 g, 1 A^3 = 1e-24 cm^3.
  return mass * 1.66053906660 / sys.box.volume();
}

PairDistribution pair_distribution(const System& system, const RdfOptions& opt) {
  if (!(opt.cutoff > 0.0)) throw InputError(fmt::format("rdf cutoff {} A: expected > 0", opt.cutoff));
  if (opt.bins < 1) throw InputError(fmt::format("rdf bins {}: expected >= 1", opt.bins));
  if (system.size() < 2)
    throw InputError(fmt::format("rdf needs at least two atoms, found {}", system.size()));
  System sys = system;  // the list wraps atoms
  neighbor::NeighborList list(opt.cutoff, 0.0);
  list.build(sys, false);

  PairDistribution out;
  const std::size_t nb = static_cast<std::size_t>(opt.bins);
  out.cutoff = opt.cutoff;
  out.bin_width = opt.cutoff / opt.bins;
  out.natoms = sys.size();
  out.volume = sys.box.volume();
  int ntypes = sys.num_types();
  for (int t : sys.type) ntypes = std::max(ntypes, t + 1);
  out.ntypes = ntypes;
  const auto nt = static_cast<std::size_t>(ntypes);
  out.atoms_by_type.assign(nt, 0);
  for (int t : sys.type) ++out.atoms_by_type[static_cast<std::size_t>(t)];

  // Counts are whole numbers (exact in a double far beyond any pair count),
  // so per-thread histograms added in any order give the same bits for any
  // thread count, without a histogram per atom.
  out.total_counts.assign(nb, 0.0);
  out.pair_counts.assign(nt * nt, std::vector<double>(nb, 0.0));
  const double inv_width = 1.0 / out.bin_width;
  const std::size_t cap = static_cast<std::size_t>(list.capacity());
#pragma omp parallel
  {
    std::vector<double> local(nt * nt * nb, 0.0);
    std::vector<double> dx(cap), dy(cap), dz(cap), rsq(cap);
#pragma omp for schedule(static)
    for (std::size_t i = 0; i < sys.size(); ++i) {
      const int* nbr = list.neighbors(i);
      const auto a = static_cast<std::size_t>(sys.type[i]);
      list.separations(sys, i, dx.data(), dy.data(), dz.data(), rsq.data());
      for (int k = 0; k < list.count(i); ++k) {
        const auto j = static_cast<std::size_t>(nbr[k]);
        const auto bin = static_cast<std::size_t>(std::sqrt(rsq[k]) * inv_width);
        if (bin >= nb) continue;
        local[(a * nt + static_cast<std::size_t>(sys.type[j])) * nb + bin] += 1.0;
      }
    }
#pragma omp critical
    for (std::size_t ab = 0; ab < nt * nt; ++ab)
      for (std::size_t k = 0; k < nb; ++k) out.pair_counts[ab][k] += local[ab * nb + k];
  }
  for (std::size_t ab = 0; ab < nt * nt; ++ab)
    for (std::size_t k = 0; k < nb; ++k) out.total_counts[k] += out.pair_counts[ab][k];

  out.r.resize(nb);
  out.g_total.assign(nb, 0.0);
  out.g_partial.assign(nt * nt, std::vector<double>(nb, 0.0));
  const double n = static_cast<double>(out.natoms);
  for (std::size_t k = 0; k < nb; ++k) {
    out.r[k] = (k + 0.5) * out.bin_width;
    const double vfrac = shell_volume(k * out.bin_width, (k + 1) * out.bin_width) / out.volume;
    out.g_total[k] = out.total_counts[k] / (vfrac * n * (n - 1.0));
    for (std::size_t a = 0; a < nt; ++a)
      for (std::size_t b = 0; b < nt; ++b) {
        const double na = static_cast<double>(out.atoms_by_type[a]);
        const double partners = static_cast<double>(out.atoms_by_type[b]) - (a == b ? 1.0 : 0.0);
        const double norm = vfrac * na * partners;
        out.g_partial[a * nt + b][k] = norm > 0.0 ? out.pair_counts[a * nt + b][k] / norm : 0.0;
      }
  }
  out.total_shell = find_shell(out.g_total, out.total_counts, n, out.bin_width);
  for (std::size_t a = 0; a < nt; ++a)
    for (std::size_t b = 0; b < nt; ++b)
      out.partial_shell.push_back(find_shell(out.g_partial[a * nt + b], out.pair_counts[a * nt + b],
                                             static_cast<double>(out.atoms_by_type[a]), out.bin_width));
  return out;
}

}  // namespace rejuv::analysis
