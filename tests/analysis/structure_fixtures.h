// Hand-built arrangements for the structure-analysis tests: perfect
// crystals, icosahedra and columns of interpenetrating icosahedra, built in
// code (independent of LAMMPS) with known Voronoi indices and clusters.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "system/system.h"

namespace rejuv::test {

// Perfect cubic crystals, `cells` unit cells per side, periodic, one type.
System make_fcc(int cells, double lattice);
System make_bcc(int cells, double lattice);

// Appends atoms (type 0) to `sys`; ids continue from the largest.
void add_atom(System& sys, double x, double y, double z, int type = 0);
// A regular icosahedron of radius `radius` around (x,y,z) with its centre
// atom: 13 atoms, the centre added first.
void add_icosahedron(System& sys, double x, double y, double z, double radius);
// A column along z of `centres` atoms spaced `spacing` apart, each one
// surrounded by two staggered pentagonal rings (at +-spacing/2, 36 degrees
// apart) at the same distance `spacing`: every column atom is the centre of a
// (slightly flattened) icosahedron whose poles are its column neighbours, so
// consecutive centres interpenetrate. `first_z` is the first centre's height;
// heights are wrapped into the box along periodic z. A column exactly as tall
// as a periodic box closes on itself (`centres` must then be even); any
// other column has one more column atom capping each end.
void add_icosahedral_column(System& sys, double x, double y, double first_z, int centres, double spacing);
// An empty box [0,lx]x[0,ly]x[0,lz] with the given periodicity and one type.
System empty_box(double lx, double ly, double lz, std::array<bool, 3> periodic);

}  // namespace rejuv::test
