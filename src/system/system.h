// The atoms and their box: structure-of-arrays storage so that hot loops read
// contiguous x, y, z. Types are 0-based internally (LAMMPS type t is t-1 here);
// `id` keeps each atom's identity when atoms are reordered in memory.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "system/box.h"
#include "util/blocked_sum.h"

namespace rejuv {

struct System {
  Box box;

  std::vector<double> x, y, z;
  std::vector<double> vx, vy, vz;
  std::vector<double> fx, fy, fz;
  std::vector<int> type;        // 0-based type index
  std::vector<std::int64_t> id; // LAMMPS atom id (>= 1)
  std::vector<int> ix, iy, iz;  // periodic image flags
  bool has_velocities = false;

  // Per type: element name (from the potential description) and mass in amu.
  std::vector<std::string> type_names;
  std::vector<double> mass;

  std::size_t size() const { return x.size(); }
  int num_types() const { return static_cast<int>(mass.size()); }
  // Resize every per-atom array to n atoms (new entries zero).
  void resize(std::size_t n);
  // Reorder all per-atom arrays so that new index k holds old atom order[k].
  void permute(const std::vector<std::size_t>& order);
  // Map positions of periodic dimensions back into the box, updating image
  // flags so that unwrapped coordinates are unchanged.
  void wrap_into_box();
  // Kinetic energy (eV) and kinetic tensor sum m v_a v_b (eV) [xx,yy,zz,xy,xz,yz].
  double kinetic_energy() const;
  std::vector<double> kinetic_tensor() const;
  // Velocity updates, as vector code: update(i, vx, vy, vz) changes atom
  // i's velocity, given as local copies (loaded before and stored after;
  // through the arrays themselves the compiler had to store and reload
  // them between operations, and ran scalar). It may read atom i's other
  // data, not write it.
  template <class Update>
  void update_velocities(Update update);
  // The kinetic tensor with update (as above) applied to each atom's
  // velocity just before the atom is counted: a velocity update and the sum
  // over the new velocities in one pass over the atoms instead of two. The
  // same bits as update_velocities followed by kinetic_tensor() (the same
  // blocks, the same operations), for any thread count.
  template <class Update>
  std::vector<double> kinetic_tensor_after(Update update);
  // The same, with K more sums in the same pass over the atoms (one thread
  // team fewer): more(i, acc) adds atom i's terms to acc[0..K-1], touching
  // nothing but atom i's own data; more_sums gets the K sums, the same bits
  // as util::blocked_sums<K>(size(), more) (each sum keeps its own blocks
  // and lanes, whatever else the pass adds up).
  template <std::size_t K, class Update, class More>
  std::vector<double> kinetic_tensor_after(Update update, More more, std::array<double, K>& more_sums);

private:
  // Atom i's velocity in the arrays vx, vy, vz through update, as local copies.
  template <class Update>
  static void update_velocity(std::size_t i, double* vx, double* vy, double* vz, Update& update) {
    double a = vx[i], b = vy[i], c = vz[i];
    update(i, a, b, c);
    vx[i] = a;
    vy[i] = b;
    vz[i] = c;
  }
  template <class Acc>
  static void add_kinetic_terms(double m, double a, double b, double c, Acc acc) {
    acc[0] += m * a * a;
    acc[1] += m * b * b;
    acc[2] += m * c * c;
    acc[3] += m * a * b;
    acc[4] += m * a * c;
    acc[5] += m * b * c;
  }
  static std::vector<double> kinetic_from_sums(const std::array<double, 6>& sum);
};

template <class Update>
void System::update_velocities(Update update) {
  const std::size_t n = size();
  double *const vx_ = vx.data(), *const vy_ = vy.data(), *const vz_ = vz.data();
#pragma omp parallel for simd schedule(static) if (parallel : n >= util::kParallelLoopAtoms)
  for (std::size_t i = 0; i < n; ++i) update_velocity(i, vx_, vy_, vz_, update);
}

template <std::size_t K, class Update, class More>
std::vector<double> System::kinetic_tensor_after(Update update, More more, std::array<double, K>& more_sums) {
  if (!has_velocities) {
    update_velocities(update);
    more_sums = util::blocked_sums<K>(size(), more);
    return std::vector<double>(6, 0.0);
  }
  double *const vx_ = vx.data(), *const vy_ = vy.data(), *const vz_ = vz.data();
  const double* const mass_ = mass.data();
  const int* const type_ = type.data();
  const auto sums = util::blocked_sums<6, K>(
      size(),
      [&](std::size_t i, auto acc) {
        update_velocity(i, vx_, vy_, vz_, update);
        add_kinetic_terms(mass_[type_[i]], vx_[i], vy_[i], vz_[i], acc);
      },
      more);
  more_sums = sums.second;
  return kinetic_from_sums(sums.first);
}

template <class Update>
std::vector<double> System::kinetic_tensor_after(Update update) {
  if (!has_velocities) {
    update_velocities(update);
    return std::vector<double>(6, 0.0);
  }
  double *const vx_ = vx.data(), *const vy_ = vy.data(), *const vz_ = vz.data();
  const double* const mass_ = mass.data();
  const int* const type_ = type.data();
  const auto sum = util::blocked_sums<6>(size(), [&](std::size_t i, auto acc) {
    update_velocity(i, vx_, vy_, vz_, update);
    add_kinetic_terms(mass_[type_[i]], vx_[i], vy_[i], vz_[i], acc);
  });
  return kinetic_from_sums(sum);
}

}  // namespace rejuv
