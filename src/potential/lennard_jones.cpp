#include "potential/lennard_jones.h"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "util/error.h"

namespace rejuv::potential {

namespace {

// Unshifted E(r) and -dE/dr / r; the 12-6 branch uses LAMMPS lj/cut's r^-6
// products, the general one mie/cut's pow(r^-2, m/2).
template <bool LJ126>
inline void raw_pair(const LennardJones::Coeffs& c, double rsq, double& e, double& fpair) {
  const double r2inv = 1.0 / rsq;
  if constexpr (LJ126) {
    const double r6inv = r2inv * r2inv * r2inv;
    e = r6inv * (c.rep * r6inv - c.att);
    fpair = r6inv * (12.0 * c.rep * r6inv - 6.0 * c.att) * r2inv;
  } else {
    const double rm = std::pow(r2inv, 0.5 * c.m);
    const double rn = std::pow(r2inv, 0.5 * c.n);
    e = c.rep * rm - c.att * rn;
    fpair = (c.m * c.rep * rm - c.n * c.att * rn) * r2inv;
  }
}

}  // namespace

LennardJones::LennardJones(const io::PotentialSpec& spec)
    : style_(spec.style), ntypes_(static_cast<int>(spec.elements.size())), shift_(spec.shift) {
  const int nt = ntypes_;
  coeffs_.assign(static_cast<std::size_t>(nt * nt), Coeffs{});
  std::vector<int> seen(static_cast<std::size_t>(nt * nt), -1);
  auto types_of = [&](const std::string& el, std::size_t k) {
    std::vector<int> ts;
    for (int t = 0; t < nt; ++t)
      if (spec.elements[t] == el) ts.push_back(t);
    if (ts.empty())
      throw InputError(fmt::format("{}: potential.pairs[{}].elements: '{}' is not one of "
                                   "potential.elements",
                                   spec.source, k, el));
    return ts;
  };
  for (std::size_t k = 0; k < spec.pairs.size(); ++k) {
    const auto& p = spec.pairs[k];
    Coeffs c;
    c.m = p.m;
    c.n = p.n;
    const double cm = p.m / (p.m - p.n) * std::pow(p.m / p.n, p.n / (p.m - p.n));
    c.rep = cm * p.epsilon * std::pow(p.sigma, p.m);
    c.att = cm * p.epsilon * std::pow(p.sigma, p.n);
    c.cut = p.cutoff;
    c.cutsq = p.cutoff * p.cutoff;
    double ec = 0.0, fc = 0.0;
    if (spec.style == "lj") raw_pair<true>(c, c.cutsq, ec, fc);
    else raw_pair<false>(c, c.cutsq, ec, fc);
    if (shift_ != io::PairShift::none) c.offset = ec;
    if (shift_ == io::PairShift::force) c.dedr_cut = -fc * c.cut;
    cutoff_ = std::max(cutoff_, c.cut);
    for (int a : types_of(p.element_a, k))
      for (int b : types_of(p.element_b, k)) {
        for (int idx : {a * nt + b, b * nt + a}) {
          if (seen[idx] >= 0 && seen[idx] != static_cast<int>(k))
            throw InputError(fmt::format("{}: potential.pairs[{}] and potential.pairs[{}] both "
                                         "define the pair {}-{}",
                                         spec.source, seen[idx], k, p.element_a, p.element_b));
          seen[idx] = static_cast<int>(k);
          coeffs_[idx] = c;
        }
      }
  }
  for (int a = 0; a < nt; ++a)
    for (int b = 0; b < nt; ++b)
      if (seen[a * nt + b] < 0)
        throw InputError(fmt::format("{}: no [[potential.pairs]] entry for the pair {}-{} (every "
                                     "element pair needs epsilon, sigma, cutoff)",
                                     spec.source, spec.elements[a], spec.elements[b]));
  for (const Coeffs& c : coeffs_) {
    columns_.cutsq.push_back(c.cutsq);
    columns_.cut.push_back(c.cut);
    columns_.m.push_back(c.m);
    columns_.n.push_back(c.n);
    columns_.rep.push_back(c.rep);
    columns_.att.push_back(c.att);
    columns_.offset.push_back(c.offset);
    columns_.dedr_cut.push_back(c.dedr_cut);
  }
}

std::vector<double> LennardJones::type_masses() const {
  return std::vector<double>(static_cast<std::size_t>(ntypes_), std::numeric_limits<double>::quiet_NaN());
}

void LennardJones::pair(int a, int b, double r, double& energy, double& fpair) const {
  const Coeffs& c = coeffs_[a * ntypes_ + b];
  energy = fpair = 0.0;
  if (r * r >= c.cutsq) return;
  if (style_ == "lj") raw_pair<true>(c, r * r, energy, fpair);
  else raw_pair<false>(c, r * r, energy, fpair);
  energy -= c.offset;
  if (shift_ == io::PairShift::force) {
    energy -= (r - c.cut) * c.dedr_cut;
    fpair += c.dedr_cut / r;
  }
}

// Two stages per atom: separations of all listed neighbours, then every
// pair evaluated in SIMD lanes with those beyond the cutoff masked to zero
// (cheaper here than packing: most listed neighbours are inside).
template <bool LJ126, bool ForceShift, bool OneType>
void LennardJones::compute_kernel(System& sys, const neighbor::NeighborList& list, PerAtom& out) const {
  const std::size_t n = sys.size();
  const int* type = sys.type.data();
  const int nt = ntypes_;
  const std::size_t capacity = static_cast<std::size_t>(list.capacity());
  const double *cutsq = columns_.cutsq.data(), *cut = columns_.cut.data(), *m = columns_.m.data(),
               *nn = columns_.n.data(), *rep = columns_.rep.data(), *att = columns_.att.data(),
               *offset = columns_.offset.data(), *dedr_cut = columns_.dedr_cut.data();
#pragma omp parallel
  {
    // Each thread's separations, kept from call to call (see Eam's scratch).
    static thread_local std::vector<double> bdx, bdy, bdz, brsq;
    if (bdx.size() < capacity)
      for (auto* b : {&bdx, &bdy, &bdz, &brsq}) b->resize(capacity);
#pragma omp for schedule(static) nowait  // the region's end joins the threads
    for (std::size_t i = 0; i < n; ++i) {
      const int row = type[i] * nt;
      const int* nbr = list.neighbors(i);
      const int cnt = list.count(i);
      list.separations(sys, i, bdx.data(), bdy.data(), bdz.data(), brsq.data());
      const double *pdx = bdx.data(), *pdy = bdy.data(), *pdz = bdz.data(), *prsq = brsq.data();
      double fxi = 0.0, fyi = 0.0, fzi = 0.0, e = 0.0;
      double vxx = 0.0, vyy = 0.0, vzz = 0.0, vxy = 0.0, vxz = 0.0, vyz = 0.0;
#pragma omp simd safelen(8) reduction(+ : fxi, fyi, fzi, e, vxx, vyy, vzz, vxy, vxz, vyz)
      for (int k = 0; k < cnt; ++k) {
        // One type: the coefficients are loop constants, not gathers.
        const int ab = OneType ? 0 : row + type[nbr[k]];
        const double rsq = prsq[k];
        Coeffs c;
        c.rep = rep[ab];
        c.att = att[ab];
        if constexpr (!LJ126) {
          c.m = m[ab];
          c.n = nn[ab];
        }
        double ep, fpair;
        raw_pair<LJ126>(c, rsq, ep, fpair);
        ep -= offset[ab];
        if constexpr (ForceShift) {
          const double r = std::sqrt(rsq);
          ep -= (r - cut[ab]) * dedr_cut[ab];
          fpair += dedr_cut[ab] / r;
        }
        const bool inside = rsq < cutsq[ab];
        ep = inside ? ep : 0.0;
        fpair = inside ? fpair : 0.0;
        const double dx = pdx[k], dy = pdy[k], dz = pdz[k];
        fxi += dx * fpair;
        fyi += dy * fpair;
        fzi += dz * fpair;
        e += ep;
        vxx += dx * dx * fpair;
        vyy += dy * dy * fpair;
        vzz += dz * dz * fpair;
        vxy += dx * dy * fpair;
        vxz += dx * dz * fpair;
        vyz += dy * dz * fpair;
      }
      sys.fx[i] = fxi;
      sys.fy[i] = fyi;
      sys.fz[i] = fzi;
      out.energy[i] = 0.5 * e;
      out.virial[0][i] = 0.5 * vxx;
      out.virial[1][i] = 0.5 * vyy;
      out.virial[2][i] = 0.5 * vzz;
      out.virial[3][i] = 0.5 * vxy;
      out.virial[4][i] = 0.5 * vxz;
      out.virial[5][i] = 0.5 * vyz;
    }
  }
}

void LennardJones::compute(System& sys, const neighbor::NeighborList& list, PerAtom& out) {
  if (sys.num_types() > ntypes_)
    throw InputError(fmt::format("the system has {} atom types but the potential maps only {} "
                                 "elements",
                                 sys.num_types(), ntypes_));
  out.resize(sys.size());
  const bool lj = style_ == "lj";
  const bool fs = shift_ == io::PairShift::force;
  const bool one = ntypes_ == 1;
  if (lj && fs) one ? compute_kernel<true, true, true>(sys, list, out) : compute_kernel<true, true, false>(sys, list, out);
  else if (lj) one ? compute_kernel<true, false, true>(sys, list, out) : compute_kernel<true, false, false>(sys, list, out);
  else if (fs) one ? compute_kernel<false, true, true>(sys, list, out) : compute_kernel<false, true, false>(sys, list, out);
  else one ? compute_kernel<false, false, true>(sys, list, out) : compute_kernel<false, false, false>(sys, list, out);
}

}  // namespace rejuv::potential
