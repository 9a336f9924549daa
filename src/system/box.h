// Simulation box in the LAMMPS convention: edge vectors a = (lx,0,0),
// b = (xy,ly,0), c = (xz,yz,lz) from the corner `lo`; each dimension periodic
// or not. The cell matrix h has a, b, c as columns (upper triangular), so a
// position is x = lo + h s with fractional coordinates s in [0,1).
#pragma once

#include <array>
#include <string>

namespace rejuv {

using Vec3 = std::array<double, 3>;
using Mat3 = std::array<std::array<double, 3>, 3>;  // row-major m[row][col]

Mat3 mat_mul(const Mat3& a, const Mat3& b);
// Inline: called once per atom in the integrator's and list's hot loops.
inline Vec3 mat_vec(const Mat3& m, const Vec3& v) {
  return {m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2],
          m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2],
          m[2][0] * v[0] + m[2][1] * v[1] + m[2][2] * v[2]};
}
Mat3 mat_inverse(const Mat3& m);
Mat3 identity3();

struct Box {
  Vec3 lo{0.0, 0.0, 0.0};
  Vec3 hi{0.0, 0.0, 0.0};
  double xy = 0.0, xz = 0.0, yz = 0.0;
  std::array<bool, 3> periodic{true, true, true};
  // True when the box was given (or must be written) with a tilt line; a
  // triclinic box may have all tilts zero.
  bool triclinic = false;

  double length(int d) const { return hi[d] - lo[d]; }
  Mat3 h() const;
  Mat3 h_inverse() const;
  double volume() const;
  // Distance between opposite faces along each cell direction: the largest
  // sphere diameter that fits, which decides how many periodic images matter.
  Vec3 perpendicular_widths() const;
  Vec3 to_fractional(const Vec3& x) const;
  Vec3 from_fractional(const Vec3& s) const;
  // Throws InputError (naming `where`) for non-positive lengths or non-finite values.
  void validate(const std::string& where) const;
};

}  // namespace rejuv
