#include "potential/eam.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "util/error.h"

namespace rejuv::potential {

namespace {

// 1-based copy (index 0 unused), as LAMMPS stores its tables.
std::vector<double> one_based(const std::vector<double>& v) {
  std::vector<double> out(v.size() + 1, 0.0);
  std::copy(v.begin(), v.end(), out.begin() + 1);
  return out;
}

// LAMMPS's 4-point Lagrange re-gridding of a funcfl table (file2array):
// value of table `f` (spacing `delta`, `n` points, 1-based) at argument u.
double regrid(const std::vector<double>& f, int n, double delta, double u) {
  const double sixth = 1.0 / 6.0;
  double p = u / delta + 1.0;
  int k = static_cast<int>(p);
  k = std::min(k, n - 2);
  k = std::max(k, 2);
  p -= k;
  p = std::min(p, 2.0);
  const double cof1 = -sixth * p * (p - 1.0) * (p - 2.0);
  const double cof2 = 0.5 * (p * p - 1.0) * (p - 2.0);
  const double cof3 = -0.5 * p * (p + 1.0) * (p - 2.0);
  const double cof4 = sixth * p * (p * p - 1.0);
  return cof1 * f[k - 1] + cof2 * f[k] + cof3 * f[k + 1] + cof4 * f[k + 2];
}

}  // namespace

std::vector<Eam::Knot> Eam::interpolate(const std::vector<double>& f, int n, double delta) {
  std::vector<Knot> s(static_cast<std::size_t>(n) + 1, Knot{});
  for (int m = 1; m <= n; ++m) s[m][6] = f[m];
  s[1][5] = s[2][6] - s[1][6];
  s[2][5] = 0.5 * (s[3][6] - s[1][6]);
  s[n - 1][5] = 0.5 * (s[n][6] - s[n - 2][6]);
  s[n][5] = s[n][6] - s[n - 1][6];
  for (int m = 3; m <= n - 2; ++m)
    s[m][5] = ((s[m - 2][6] - s[m + 2][6]) + 8.0 * (s[m + 1][6] - s[m - 1][6])) / 12.0;
  for (int m = 1; m <= n - 1; ++m) {
    s[m][4] = 3.0 * (s[m + 1][6] - s[m][6]) - 2.0 * s[m][5] - s[m + 1][5];
    s[m][3] = s[m][5] + s[m + 1][5] - 2.0 * (s[m + 1][6] - s[m][6]);
  }
  s[n][4] = 0.0;
  s[n][3] = 0.0;
  for (int m = 1; m <= n; ++m) {
    s[m][2] = s[m][5] / delta;
    s[m][1] = 2.0 * s[m][4] / delta;
    s[m][0] = 3.0 * s[m][3] / delta;
  }
  return s;
}

void Eam::build_splines(const std::vector<std::vector<double>>& frho,
                        const std::vector<std::vector<double>>& rhor,
                        const std::vector<std::vector<double>>& z2r) {
  rdr_ = 1.0 / dr_;
  rdrho_ = 1.0 / drho_;
  rhomax_ = (nrho_ - 1) * drho_;
  cutforcesq_ = cutoff_ * cutoff_;
  for (const auto& f : frho) frho_spline_.push_back(interpolate(f, nrho_, drho_));
  for (const auto& f : rhor) rhor_spline_.push_back(interpolate(f, nr_, dr_));
  for (const auto& f : z2r) z2r_spline_.push_back(interpolate(f, nr_, dr_));
}

std::unique_ptr<Eam> Eam::from_setfl(const io::SetflFile& file, const std::vector<std::string>& elements,
                                     const std::string& style) {
  auto eam = std::unique_ptr<Eam>(new Eam());
  eam->style_ = style;
  const int nt = static_cast<int>(elements.size());
  const int ne = static_cast<int>(file.elements.size());
  eam->ntypes_ = nt;
  std::vector<int> map(nt);
  for (int t = 0; t < nt; ++t) {
    const auto it = std::find(file.elements.begin(), file.elements.end(), elements[t]);
    if (it == file.elements.end()) {
      std::string have;
      for (const auto& e : file.elements) have += (have.empty() ? "" : ", ") + e;
      throw InputError(fmt::format("{}: element '{}' (type {}) is not in this potential file (it has {})",
                                   file.path, elements[t], t + 1, have));
    }
    map[t] = static_cast<int>(it - file.elements.begin());
    eam->type_mass_.push_back(file.mass[map[t]]);
  }
  eam->nrho_ = file.nrho;
  eam->drho_ = file.drho;
  eam->nr_ = file.nr;
  eam->dr_ = file.dr;
  eam->cutoff_ = file.cutoff;

  std::vector<std::vector<double>> frho, rhor, z2r;
  for (const auto& f : file.frho) frho.push_back(one_based(f));
  for (const auto& f : file.rhor) rhor.push_back(one_based(f));
  for (const auto& f : file.z2r) z2r.push_back(one_based(f));
  eam->build_splines(frho, rhor, z2r);

  eam->type2frho_.resize(nt);
  eam->type2rhor_.resize(nt * nt);
  eam->type2z2r_.resize(nt * nt);
  for (int i = 0; i < nt; ++i) {
    eam->type2frho_[i] = map[i];
    for (int j = 0; j < nt; ++j) {
      // setfl: the density an atom of element a gives its neighbours is
      // rho_a; Finnis-Sinclair: block a lists one function per partner b.
      eam->type2rhor_[i * nt + j] = file.finnis_sinclair ? map[i] * ne + map[j] : map[i];
      const int row = std::max(map[i], map[j]), col = std::min(map[i], map[j]);
      eam->type2z2r_[i * nt + j] = row * (row + 1) / 2 + col;
    }
  }
  return eam;
}

std::unique_ptr<Eam> Eam::from_funcfl(const std::vector<io::FuncflFile>& files,
                                      const std::vector<std::string>& elements) {
  auto eam = std::unique_ptr<Eam>(new Eam());
  eam->style_ = "eam";
  const int nt = static_cast<int>(elements.size());
  const int nf = static_cast<int>(files.size());
  eam->ntypes_ = nt;
  // Common grid: finest spacings, widest ranges of all files (LAMMPS file2array).
  double dr = 0.0, drho = 0.0, rmax = 0.0, rhomax = 0.0, cut = 0.0;
  for (const auto& f : files) {
    dr = std::max(dr, f.dr);
    drho = std::max(drho, f.drho);
    rmax = std::max(rmax, (f.nr - 1) * f.dr);
    rhomax = std::max(rhomax, (f.nrho - 1) * f.drho);
    cut = std::max(cut, f.cutoff);
    eam->type_mass_.push_back(f.mass);
  }
  eam->dr_ = dr;
  eam->drho_ = drho;
  eam->nr_ = static_cast<int>(rmax / dr + 0.5);
  eam->nrho_ = static_cast<int>(rhomax / drho + 0.5);
  eam->cutoff_ = cut;
  const int nr = eam->nr_, nrho = eam->nrho_;

  std::vector<std::vector<double>> frho, rhor, z2r;
  for (const auto& f : files) {
    const auto F = one_based(f.frho), R = one_based(f.rhor);
    std::vector<double> fr(nrho + 1, 0.0), rr(nr + 1, 0.0);
    for (int m = 1; m <= nrho; ++m) fr[m] = regrid(F, f.nrho, f.drho, (m - 1) * drho);
    for (int m = 1; m <= nr; ++m) rr[m] = regrid(R, f.nr, f.dr, (m - 1) * dr);
    frho.push_back(std::move(fr));
    rhor.push_back(std::move(rr));
  }
  // phi_ij(r) r = 27.2 * 0.529 * Z_i(r) Z_j(r): Hartree*Bohr in eV*A, the
  // constants LAMMPS uses.
  for (int i = 0; i < nf; ++i) {
    const auto Zi = one_based(files[i].zr);
    for (int j = 0; j <= i; ++j) {
      const auto Zj = one_based(files[j].zr);
      std::vector<double> zz(nr + 1, 0.0);
      for (int m = 1; m <= nr; ++m) {
        const double r = (m - 1) * dr;
        const double zri = regrid(Zi, files[i].nr, files[i].dr, r);
        const double zrj = regrid(Zj, files[j].nr, files[j].dr, r);
        zz[m] = 27.2 * 0.529 * zri * zrj;
      }
      z2r.push_back(std::move(zz));
    }
  }
  eam->build_splines(frho, rhor, z2r);

  eam->type2frho_.resize(nt);
  eam->type2rhor_.resize(nt * nt);
  eam->type2z2r_.resize(nt * nt);
  for (int i = 0; i < nt; ++i) {
    eam->type2frho_[i] = i;
    for (int j = 0; j < nt; ++j) {
      eam->type2rhor_[i * nt + j] = i;
      const int row = std::max(i, j), col = std::min(i, j);
      eam->type2z2r_[i * nt + j] = row * (row + 1) / 2 + col;
    }
  }
  return eam;
}

void Eam::compute(System& sys, const neighbor::NeighborList& list, PerAtom& out) {
  const std::size_t n = sys.size();
  if (sys.num_types() > ntypes_)
    throw InputError(fmt::format("the system has {} atom types but the potential maps only {} "
                                 "elements",
                                 sys.num_types(), ntypes_));
  out.resize(n);
  fp_.assign(n, 0.0);
  const double* x = sys.x.data();
  const double* y = sys.y.data();
  const double* z = sys.z.data();
  const int* type = sys.type.data();
  const double* sx = list.shift_x();
  const double* sy = list.shift_y();
  const double* sz = list.shift_z();
  const int nt = ntypes_;

  // Pass 1: density at each atom, then F(rho) and F'(rho).
#pragma omp parallel for schedule(static)
  for (std::size_t i = 0; i < n; ++i) {
    const int ti = type[i];
    const int* nbr = list.neighbors(i);
    const std::uint16_t* img = list.images(i);
    const int cnt = list.count(i);
    double rho = 0.0;
    for (int k = 0; k < cnt; ++k) {
      const int j = nbr[k];
      const double dx = x[i] - x[j] - sx[img[k]];
      const double dy = y[i] - y[j] - sy[img[k]];
      const double dz = z[i] - z[j] - sz[img[k]];
      const double rsq = dx * dx + dy * dy + dz * dz;
      if (rsq >= cutforcesq_) continue;
      double p = std::sqrt(rsq) * rdr_ + 1.0;
      int m = std::min(static_cast<int>(p), nr_ - 1);
      p -= m;
      p = std::min(p, 1.0);
      const Knot& c = rhor_spline_[type2rhor_[type[j] * nt + ti]][m];
      rho += ((c[3] * p + c[4]) * p + c[5]) * p + c[6];
    }
    double p = rho * rdrho_ + 1.0;
    int m = static_cast<int>(p);
    m = std::max(1, std::min(m, nrho_ - 1));
    p -= m;
    p = std::min(p, 1.0);
    const Knot& c = frho_spline_[type2frho_[ti]][m];
    fp_[i] = (c[0] * p + c[1]) * p + c[2];
    double phi = ((c[3] * p + c[4]) * p + c[5]) * p + c[6];
    // Beyond the table F continues linearly (conserves energy on close approach).
    if (rho > rhomax_) phi += fp_[i] * (rho - rhomax_);
    out.energy[i] = phi;
  }

  // Pass 2: forces, pair energy and virial, each atom summing its own.
  const double* fp = fp_.data();
#pragma omp parallel for schedule(static)
  for (std::size_t i = 0; i < n; ++i) {
    const int ti = type[i];
    const int* nbr = list.neighbors(i);
    const std::uint16_t* img = list.images(i);
    const int cnt = list.count(i);
    double fxi = 0.0, fyi = 0.0, fzi = 0.0, e = 0.0;
    double vxx = 0.0, vyy = 0.0, vzz = 0.0, vxy = 0.0, vxz = 0.0, vyz = 0.0;
    for (int k = 0; k < cnt; ++k) {
      const int j = nbr[k];
      const double dx = x[i] - x[j] - sx[img[k]];
      const double dy = y[i] - y[j] - sy[img[k]];
      const double dz = z[i] - z[j] - sz[img[k]];
      const double rsq = dx * dx + dy * dy + dz * dz;
      if (rsq >= cutforcesq_) continue;
      const int tj = type[j];
      const double r = std::sqrt(rsq);
      double p = r * rdr_ + 1.0;
      int m = std::min(static_cast<int>(p), nr_ - 1);
      p -= m;
      p = std::min(p, 1.0);
      // rhoip: d/dr of the density i gives j; rhojp: of the density j gives i.
      const Knot& ci = rhor_spline_[type2rhor_[ti * nt + tj]][m];
      const double rhoip = (ci[0] * p + ci[1]) * p + ci[2];
      const Knot& cj = rhor_spline_[type2rhor_[tj * nt + ti]][m];
      const double rhojp = (cj[0] * p + cj[1]) * p + cj[2];
      const Knot& cz = z2r_spline_[type2z2r_[ti * nt + tj]][m];
      const double z2p = (cz[0] * p + cz[1]) * p + cz[2];
      const double z2 = ((cz[3] * p + cz[4]) * p + cz[5]) * p + cz[6];
      const double recip = 1.0 / r;
      const double phi = z2 * recip;
      const double phip = z2p * recip - phi * recip;
      const double psip = fp[i] * rhojp + fp[j] * rhoip + phip;
      const double fpair = -psip * recip;
      fxi += dx * fpair;
      fyi += dy * fpair;
      fzi += dz * fpair;
      e += phi;
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
    out.energy[i] += 0.5 * e;
    out.virial[0][i] = 0.5 * vxx;
    out.virial[1][i] = 0.5 * vyy;
    out.virial[2][i] = 0.5 * vzz;
    out.virial[3][i] = 0.5 * vxy;
    out.virial[4][i] = 0.5 * vxz;
    out.virial[5][i] = 0.5 * vyz;
  }
}

}  // namespace rejuv::potential
