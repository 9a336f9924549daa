#include "system/box.h"

#include <cmath>

#include <fmt/format.h>

#include "util/error.h"

namespace rejuv {

Mat3 mat_mul(const Mat3& a, const Mat3& b) {
  Mat3 c{};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) {
      double s = 0.0;
      for (int k = 0; k < 3; ++k) s += a[i][k] * b[k][j];
      c[i][j] = s;
    }
  return c;
}

Mat3 identity3() { return Mat3{{{1.0, 0.0, 0.0}, {0.0, 1.0, 0.0}, {0.0, 0.0, 1.0}}}; }

Mat3 mat_inverse(const Mat3& m) {
  const double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
                     m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
                     m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  const double inv = 1.0 / det;
  Mat3 r{};
  r[0][0] = (m[1][1] * m[2][2] - m[1][2] * m[2][1]) * inv;
  r[0][1] = (m[0][2] * m[2][1] - m[0][1] * m[2][2]) * inv;
  r[0][2] = (m[0][1] * m[1][2] - m[0][2] * m[1][1]) * inv;
  r[1][0] = (m[1][2] * m[2][0] - m[1][0] * m[2][2]) * inv;
  r[1][1] = (m[0][0] * m[2][2] - m[0][2] * m[2][0]) * inv;
  r[1][2] = (m[0][2] * m[1][0] - m[0][0] * m[1][2]) * inv;
  r[2][0] = (m[1][0] * m[2][1] - m[1][1] * m[2][0]) * inv;
  r[2][1] = (m[0][1] * m[2][0] - m[0][0] * m[2][1]) * inv;
  r[2][2] = (m[0][0] * m[1][1] - m[0][1] * m[1][0]) * inv;
  return r;
}

Mat3 Box::h() const {
  return Mat3{{{length(0), xy, xz}, {0.0, length(1), yz}, {0.0, 0.0, length(2)}}};
}

Mat3 Box::h_inverse() const {
  // Inverse of the upper-triangular cell matrix, written out.
  const double lx = length(0), ly = length(1), lz = length(2);
  return Mat3{{{1.0 / lx, -xy / (lx * ly), (xy * yz - ly * xz) / (lx * ly * lz)},
               {0.0, 1.0 / ly, -yz / (ly * lz)},
               {0.0, 0.0, 1.0 / lz}}};
}

double Box::volume() const { return length(0) * length(1) * length(2); }

static Vec3 cross(const Vec3& a, const Vec3& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}

static double norm(const Vec3& a) { return std::sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]); }

Vec3 Box::perpendicular_widths() const {
  const Vec3 a{length(0), 0.0, 0.0}, b{xy, length(1), 0.0}, c{xz, yz, length(2)};
  const double v = volume();
  return {v / norm(cross(b, c)), v / norm(cross(c, a)), v / norm(cross(a, b))};
}

Vec3 Box::to_fractional(const Vec3& x) const {
  return mat_vec(h_inverse(), {x[0] - lo[0], x[1] - lo[1], x[2] - lo[2]});
}

Vec3 Box::from_fractional(const Vec3& s) const {
  const Vec3 d = mat_vec(h(), s);
  return {lo[0] + d[0], lo[1] + d[1], lo[2] + d[2]};
}

void Box::validate(const std::string& where) const {
  static const char* axis = "xyz";
  for (int d = 0; d < 3; ++d) {
    if (!std::isfinite(lo[d]) || !std::isfinite(hi[d]))
      throw InputError(fmt::format("{}: box bounds in {} are not finite numbers", where, axis[d]));
    if (!(hi[d] > lo[d]))
      throw InputError(fmt::format("{}: box {}hi = {} must be greater than {}lo = {}", where,
                                   axis[d], hi[d], axis[d], lo[d]));
  }
  if (!std::isfinite(xy) || !std::isfinite(xz) || !std::isfinite(yz))
    throw InputError(fmt::format("{}: box tilt factors are not finite numbers", where));
}

}  // namespace rejuv
