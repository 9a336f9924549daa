#include "minimize/relaxation.h"

#include <algorithm>
#include <cmath>

namespace rejuv::minimize {

Relaxation::Relaxation(System& system, potential::Potential& potential, BoxRelax box,
                       std::array<double, 3> target, double skin)
    : sys_(system), pot_(potential), box_(box),
      nbox_(box == BoxRelax::none ? 0 : box == BoxRelax::iso ? 1 : 3), target_(target),
      list_(potential::make_neighbor_list(potential, skin)) {
  anchor();
}

void Relaxation::anchor() {
  // Wrapped anchors: a neighbour-list rebuild (which wraps atoms) then
  // rarely finds an atom a whole box vector from where the list saw it.
  sys_.wrap_into_box();
  ix0_ = sys_.ix;
  iy0_ = sys_.iy;
  iz0_ = sys_.iz;
  x0_ = sys_.x;
  y0_ = sys_.y;
  z0_ = sys_.z;
  box0_ = sys_.box;
  v_ref_ = sys_.box.volume();
}

void Relaxation::set_box_strains(const std::array<double, 3>& log_strain) {
  // Pure normal strains: row d of the cell matrix (l_d and the tilts in that
  // row) scales by exp(log_strain[d]), atoms follow affinely. The deformation
  // is F = diag(exp(e)), so dE/de_d = -W_dd exactly and each normal stress is
  // what the box coordinate d feels. Scaling is about the box centre.
  Box nb = box0_;
  const double s[3] = {std::exp(log_strain[0]), std::exp(log_strain[1]), std::exp(log_strain[2])};
  for (int d = 0; d < 3; ++d) {
    const double c = 0.5 * (box0_.lo[d] + box0_.hi[d]);
    nb.lo[d] = c - 0.5 * s[d] * box0_.length(d);
    nb.hi[d] = c + 0.5 * s[d] * box0_.length(d);
  }
  nb.xy = box0_.xy * s[0];
  nb.xz = box0_.xz * s[0];
  nb.yz = box0_.yz * s[1];
  // Fractional coordinates are kept: x = lo + h s maps through F exactly.
  const Mat3 hinv = box0_.h_inverse();
  const Mat3 h = nb.h();
  for (std::size_t i = 0; i < sys_.size(); ++i) {
    const Vec3 f = mat_vec(hinv, {sys_.x[i] - box0_.lo[0], sys_.y[i] - box0_.lo[1], sys_.z[i] - box0_.lo[2]});
    const Vec3 r = mat_vec(h, f);
    sys_.x[i] = nb.lo[0] + r[0];
    sys_.y[i] = nb.lo[1] + r[1];
    sys_.z[i] = nb.lo[2] + r[2];
  }
  sys_.box = nb;
}

void Relaxation::move_from_anchor(const std::vector<double>& dir, double alpha) {
  const std::size_t n = sys_.size();
  // Atoms move in the anchor box first, then the box deforms affinely. Image
  // flags go back to the anchor's with the positions.
  sys_.box = box0_;
  sys_.ix = ix0_;
  sys_.iy = iy0_;
  sys_.iz = iz0_;
#pragma omp parallel for schedule(static)
  for (std::size_t i = 0; i < n; ++i) {
    sys_.x[i] = x0_[i] + alpha * dir[3 * i];
    sys_.y[i] = y0_[i] + alpha * dir[3 * i + 1];
    sys_.z[i] = z0_[i] + alpha * dir[3 * i + 2];
  }
  if (nbox_ == 0) return;
  const double scale = box_scale();
  std::array<double, 3> strain{};
  for (int d = 0; d < 3; ++d) strain[d] = alpha * dir[3 * n + (nbox_ == 1 ? 0 : d)] / scale;
  set_box_strains(strain);
}

double Relaxation::max_alpha(const std::vector<double>& dir, double dmax, double vmax) const {
  const std::size_t n = sys_.size();
  double m = 0.0;
  for (std::size_t i = 0; i < 3 * n; ++i) m = std::max(m, std::abs(dir[i]));
  double alpha = m > 0 ? dmax / m : 1e300;
  if (nbox_ > 0) {
    const double scale = box_scale();
    double mb = 0.0;
    for (int k = 0; k < nbox_; ++k) mb = std::max(mb, std::abs(dir[3 * n + k]));
    if (mb > 0) alpha = std::min(alpha, vmax * scale / mb);
  }
  return alpha;
}

std::array<double, 6> Relaxation::static_pressure() const {
  std::array<double, 6> p{};
  for (int c = 0; c < 6; ++c) p[c] = totals_.virial[c] / totals_.volume;
  return p;
}

double Relaxation::evaluate(std::vector<double>& force) {
  // Atoms keep their memory order: the anchor and the search directions are
  // per-atom arrays of this minimisation.
  totals_ = potential::evaluate(sys_, pot_, list_, per_atom_, false);
  ++evaluations_;
  const std::size_t n = sys_.size();
  force.resize(size());
  for (std::size_t i = 0; i < n; ++i) {
    force[3 * i] = sys_.fx[i];
    force[3 * i + 1] = sys_.fy[i];
    force[3 * i + 2] = sys_.fz[i];
  }
  double g = totals_.potential_energy;
  if (nbox_ == 0) return g;
  // dE/de_d = -W_dd for the normal strain e_d (see set_box_strains).
  const double scale = box_scale();
  double fq[3];
  for (int d = 0; d < 3; ++d) {
    const double work = v_ref_ * target_[d];  // d/de_d of the stress term
    fq[d] = (totals_.virial[d] - work) / scale;
    g += work * std::log(sys_.box.length(d) / box0_.length(d));
  }
  if (nbox_ == 1) force[3 * n] = fq[0] + fq[1] + fq[2];
  else
    for (int d = 0; d < 3; ++d) force[3 * n + d] = fq[d];
  return g;
}

}  // namespace rejuv::minimize
