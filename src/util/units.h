// Physical units. rejuv works in LAMMPS "metal" units: length Angstrom,
// energy eV, time ps, mass g/mol (amu), temperature K; pressures are
// reported in GPa.
//
// The conversion constants are LAMMPS's own (src/update.cpp, units metal),
// not the latest CODATA values, so that every number rejuv prints is
// directly comparable with LAMMPS: Boltzmann's constant here is 1.2e-6
// larger than CODATA 2018's, the others differ by less than 1e-8.
#pragma once

namespace rejuv::units {

// 1 eV/A^3 in GPa (LAMMPS nktv2p = 1.6021765e6 bar).
inline constexpr double eV_per_A3_to_GPa = 160.21765;
// 1 amu * (A/ps)^2 in eV (LAMMPS mvv2e).
inline constexpr double amu_A2_per_ps2_to_eV = 1.0364269e-4;
// Boltzmann constant in eV/K (LAMMPS boltz).
inline constexpr double boltzmann_eV_per_K = 8.617343e-5;
// 1 eV/A^3 in bar, LAMMPS's thermo pressure unit in metal units.
inline constexpr double eV_per_A3_to_bar = 1.6021765e6;

}  // namespace rejuv::units
