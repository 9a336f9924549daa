// Physical units. rejuv works in LAMMPS "metal" units internally:
// length Angstrom, energy eV, time ps, mass g/mol (amu), temperature K.
// Pressures are reported in GPa.
#pragma once

namespace rejuv::units {

// 1 eV/A^3 in GPa (exact since the 2019 SI: e = 1.602176634e-19 C).
inline constexpr double eV_per_A3_to_GPa = 160.2176634;
// 1 amu * (A/ps)^2 in eV (CODATA 2018 amu = 1.66053906660e-27 kg).
inline constexpr double amu_A2_per_ps2_to_eV = 1.0364269656262175e-4;
// Boltzmann constant in eV/K (exact since the 2019 SI).
inline constexpr double boltzmann_eV_per_K = 8.617333262e-5;

// LAMMPS's own metal-unit constants (src/update.cpp), used only when comparing
// with numbers LAMMPS printed: bar per eV/A^3 and its mvv2e.
inline constexpr double lammps_nktv2p_bar = 1.6021765e6;
inline constexpr double lammps_mvv2e = 1.0364269e-4;

}  // namespace rejuv::units
