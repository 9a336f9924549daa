// Readers for the three tabulated EAM file formats LAMMPS uses:
//   setfl  (pair_style eam/alloy): F_i(rho), rho_i(r), r*phi_ij(r)
//   Finnis-Sinclair setfl (eam/fs): as setfl but a density function per element pair
//   funcfl (pair_style eam): one element per file, F(rho), Z(r), rho(r)
// Values are kept exactly as read; tabulation onto splines is in potential/eam.
#pragma once

#include <string>
#include <vector>

namespace rejuv::io {

struct SetflFile {
  std::string path;
  bool finnis_sinclair = false;
  std::vector<std::string> elements;
  std::vector<double> mass;  // amu, per element
  int nrho = 0;
  double drho = 0.0;
  int nr = 0;
  double dr = 0.0;
  double cutoff = 0.0;
  std::vector<std::vector<double>> frho;  // [element][k], k = 0..nrho-1
  // setfl: [element][k]; Finnis-Sinclair: [i * n + j][k], the j-th density
  // function listed in element i's block.
  std::vector<std::vector<double>> rhor;
  // r*phi(r) for element pairs i >= j at index i*(i+1)/2 + j.
  std::vector<std::vector<double>> z2r;
};

struct FuncflFile {
  std::string path;
  int atomic_number = 0;
  double mass = 0.0;
  int nrho = 0;
  double drho = 0.0;
  int nr = 0;
  double dr = 0.0;
  double cutoff = 0.0;
  std::vector<double> frho;  // F(rho), nrho values
  std::vector<double> zr;    // effective charge Z(r), nr values
  std::vector<double> rhor;  // rho(r), nr values
};

SetflFile read_setfl(const std::string& path, bool finnis_sinclair);
FuncflFile read_funcfl(const std::string& path);

}  // namespace rejuv::io
