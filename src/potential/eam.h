// Embedded-atom method in its three LAMMPS file flavours: setfl (eam/alloy),
// Finnis-Sinclair (eam/fs) and funcfl (eam, with LAMMPS's mixing of several
// files). Tables are built and interpolated exactly as LAMMPS pair_style eam
// does (file2array re-gridding for funcfl, the same 7-coefficient cubic
// splines, the same index clamping and the linear extension of F beyond the
// table), so energies agree with LAMMPS to rounding.
//
//   E_i = F_i(rho_i) + 1/2 sum_j phi_ij(r_ij),  rho_i = sum_j rho_{j->i}(r_ij)
//
// Evaluated with a half neighbour list in two passes: densities, then
// (after F(rho) and F'(rho) per atom) forces. Each pair is evaluated once
// and its shares go to both atoms as 64-bit fixed-point sums
// (potential/fixed_point.h): exact integer sums, so deterministic for any
// thread count, with Newton's third law exact.
//
// Each pass runs in two stages per atom: separations of all listed
// neighbours (vectorised), a branch-free packing of those inside the cutoff,
// then dense vectorised physics over the packed buffer. The pair functions
// rho(r) and r*phi(r) are stored compactly: per knot only the value and the
// knot slope LAMMPS derives (16 bytes instead of 56), so all tables of a
// binary or ternary alloy stay in L2 cache; the cubic's other coefficients
// are rebuilt on the fly with LAMMPS's own arithmetic, so values are
// bitwise LAMMPS's and derivatives agree to rounding.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "io/eam_file.h"
#include "potential/potential.h"
#include "util/chunk_claims.h"

namespace rejuv::potential {

class Eam final : public Potential {
public:
  // `elements[t]` names the element of data-file type t+1.
  // `pair_table_stride` k > 1 is the opt-in faster mode (potential key
  // pair_table_stride): the pair functions (densities and phi) on a grid
  // with about k times fewer knots, each new knot taking its value and slope
  // from the file's spline. Tables k times smaller stay in the core's L2
  // cache; forces then differ from the full tables' by up to ~1e-5 of the
  // largest (measured, README). The embedding functions keep every knot.
  static std::unique_ptr<Eam> from_setfl(const io::SetflFile& file,
                                         const std::vector<std::string>& elements,
                                         const std::string& style, int pair_table_stride = 1);
  // One funcfl file per type.
  static std::unique_ptr<Eam> from_funcfl(const std::vector<io::FuncflFile>& files,
                                          const std::vector<std::string>& elements, int pair_table_stride = 1);
  int pair_table_stride() const { return pair_table_stride_; }
  // Resampling needs a dense file table: one of a few thousand knots fits
  // the caches already (no speed to gain), and its knots are too far apart
  // to drop any (ZrCuAl2011.eam.alloy, 1,001 knots: forces off by 5e-2
  // eV/A at stride 4).
  static constexpr int kMinKnotsToResample = 5000;
  int pair_table_knots() const { return nr_; }

  std::string style() const override { return style_; }
  double cutoff() const override { return cutoff_; }
  std::vector<double> type_masses() const override { return type_mass_; }
  // A half list: each pair evaluated once, its shares summed in fixed
  // point (potential/fixed_point.h).
  neighbor::NeighborList::Kind list_kind() const override { return neighbor::NeighborList::Kind::half; }
  void compute(System& system, const neighbor::NeighborList& list, PerAtom& out) override;
  // The AVX-512 force loop (on by default where the build has AVX-512); off
  // runs the portable loop, which gives the same bits (tested).
  void set_vector_kernel(bool on) { vector_kernel_ = on; }
  // Pass 1 keeps each pair's separation, distance and density slopes for
  // pass 2 (on by default while the pairs fit kPairCacheBudget); off
  // computes them again. Both give the same bits (tested).
  void set_pair_cache(bool on) { pair_cache_ = on; }
  // Each thread fills its own copy of the atoms' position records (on by
  // default up to kPrivateRecordsAtoms atoms); off, the threads share one
  // array. Both give the same bits (tested).
  void set_private_records(bool on) { private_records_ = on; }
  // Fraction of the work each thread gets in the next call (normalised;
  // after every call the fractions follow the threads' measured speeds).
  // Results do not depend on them (tested); for tests and experiments.
  void set_thread_shares(std::vector<double> shares) { share_ = std::move(shares); }
  // Chunks of atoms that a thread other than their range's owner ran in the
  // last call, both passes together (the threads hand out chunks as they
  // go: util::ChunkClaims). For tests and experiments.
  std::size_t taken_over_chunks() const { return taken_over_; }
  // About the size of a server's last-level cache: beyond it, streaming the
  // pairs back from memory cost more than computing them again (measured:
  // 15,700 atoms with a 68 MB cache ran 5% slower than without). Checked
  // against the listed pairs; the threads' rooms keep up to an eighth more.
  static constexpr std::size_t kPairCacheBudget = std::size_t{48} << 20;

private:
  using Knot = std::array<double, 7>;  // LAMMPS spline coefficients 0..6
  // Turns values f[1..n] (index 0 unused) into LAMMPS spline knots.
  static std::vector<Knot> interpolate(const std::vector<double>& f, int n, double delta);
  // Table offsets per ordered type pair, in rows of offset_row_ >= 8 (one
  // vector register per atom type): rho_in[ti][tj] is the density j gives
  // i, rho_out[ti][tj] the density i gives j.
  void build_offsets();
  // Throws InputError (naming `where`) for a stride this file cannot take.
  void check_pair_table_stride(const std::string& where) const;
  void build_splines(const std::vector<std::vector<double>>& frho,
                     const std::vector<std::vector<double>>& rhor,
                     const std::vector<std::vector<double>>& z2r);

  std::string style_;
  int pair_table_stride_ = 1;
  int ntypes_ = 0;
  int nrho_ = 0, nr_ = 0;
  double drho_ = 0.0, dr_ = 0.0, rdrho_ = 0.0, rdr_ = 0.0, rhomax_ = 0.0;
  double cutoff_ = 0.0, cutforcesq_ = 0.0;
  std::vector<std::vector<Knot>> frho_spline_;
  // Compact pair tables, all functions in one array: function f's knot m
  // holds (value, slope) at [offset(f) + 2m, +1]; see eam.cpp.
  std::vector<double> pair_tables_;
  std::vector<int> rhor_offset_, z2r_offset_;  // [function] -> offset in pair_tables_
  struct Offsets {
    std::vector<int> rho_in, rho_out, z2;
  } offsets_;
  int offset_row_ = 8;
  std::vector<int> type2frho_;              // [type]
  std::vector<int> type2rhor_, type2z2r_;   // [ti * ntypes + tj]
  std::vector<double> type_mass_;
  bool nt_fits_vector() const { return ntypes_ <= 8; }
  // Thread t's home range of atoms, bounds_[t] .. bounds_[t + 1], gets the
  // fraction share_[t] of the work; each range is cut into chunks of about
  // equal work, which the passes hand out with util::ChunkClaims.
  void split_work(const neighbor::NeighborList& list, std::size_t n, int threads);
  void rebalance();  // shares from the last call's work_ and busy_
  std::vector<double> share_;  // fraction of the work per thread (adapted to their speeds)
  std::vector<double> work_;   // work each thread did in the last call (both passes)
  std::vector<double> busy_;   // seconds each thread computed in the last call
  std::vector<double> fp_;                  // dF/drho per atom (scratch)
  // Fixed-point sums per atom: density; force x, y, z and pair energy.
  std::vector<std::int64_t> rho_sum_, force_sum_;
  double rho_scale_ = 1.0;  // fixed-point scale of densities (fixed::density_scale)
  std::vector<std::size_t> bounds_;       // home atoms of thread t: bounds_[t] .. bounds_[t+1]
  std::vector<std::size_t> chunk_;        // atoms of chunk c: chunk_[c] .. chunk_[c+1]
  std::vector<std::size_t> first_chunk_;  // home chunks of thread t: first_chunk_[t] .. first_chunk_[t+1]
  std::vector<double> chunk_work_;        // listed pairs plus per-atom overhead, per chunk
  std::array<std::uint64_t, 3> chunk_layout_{};  // the chunks are of list build, atoms, threads
  // Pass 1 hands out chunks; pass 2 hands out the entries of pass1_order_,
  // thread t's chunks of pass 1 in the order it ran them (at t x chunks):
  // each thread first runs the chunks whose pairs it has cached itself.
  util::ChunkClaims density_claims_, force_claims_;
  std::size_t taken_over_ = 0;  // see taken_over_chunks()
  std::vector<std::size_t> pass1_order_;
  // Per thread, one slot of 4 sums per atom (pass 1 uses the first n): the
  // shares it computed for atoms whose sums it does not own, at the atom's
  // own index. Valid from halo_low_[t] (pass 1) or force_halo_low_[t]
  // (pass 2) up: its home range's end, or lower once it took chunks of a
  // lower range (all shares of a taken chunk, the atoms' own too, go to the
  // halo; only the home thread writes an atom's sum directly). Allocated
  // uninitialised: of a large system's halo only the touched part is
  // resident.
  struct Halo {
    std::unique_ptr<std::int64_t[]> sums;
    std::size_t atoms = 0;  // room for this many atoms
  };
  std::vector<Halo> halo_;
  std::vector<std::size_t> halo_low_, force_halo_low_;
  neighbor::AtomRecords atoms_;             // positions and types, one record per atom
  // Up to kPrivateRecordsAtoms atoms each thread fills a copy of all
  // records for itself: a small system's threads read nearly all of each
  // other's atoms, and a record the other core has just written costs a
  // transfer between the cores at every first touch, scattered through the
  // pair loop; copied, the other half's positions arrive as a stream. No
  // thread then waits for another's records. (Above that a thread reads few
  // of the others' records, and the copies would cost memory.)
  static constexpr std::size_t kPrivateRecordsAtoms = 1 << 15;
  std::vector<neighbor::AtomRecords> private_atoms_;
  // The in-cutoff pairs pass 1 found, for pass 2: atom i's at
  // pair_begin_[i] .. pair_end_[i], in the region of the thread that ran it
  // (thread t's from t x cache_region_, room for every listed pair, packed
  // in the order it ran them): neighbour, its type, separation, distance,
  // and the slopes of the two densities (the cubics pass 1 has loaded
  // anyway; pass 2 then loads only phi's). Whichever thread runs an atom in
  // pass 2 finds its pairs there.
  struct PairCache {
    static constexpr std::size_t kBytesPerPair = 2 * sizeof(int) + 6 * sizeof(double);
    int *j = nullptr, *type = nullptr;
    double *dx = nullptr, *dy = nullptr, *dz = nullptr, *r = nullptr, *rho_in_slope = nullptr,
           *rho_out_slope = nullptr;
    // Room for `pairs` at least, with an eighth to spare, never shrinking:
    // resizing to the exact room each call wrote (zeroed) the growth on
    // every call, ~90 us a call at 10^4 atoms. Written by pass 1 before
    // pass 2 reads, so never initialised.
    void ensure_room(std::size_t pairs);

  private:
    std::unique_ptr<std::byte[]> storage_;  // all eight arrays (see ensure_room)
    std::size_t room_ = 0;
  };
  PairCache cache_;
  bool use_cache_ = false;  // this call keeps pass 1's pairs (decided in split_work)
  std::size_t cache_region_ = 0;
  std::vector<std::uint32_t> pair_begin_, pair_end_;
  bool pair_cache_ = true;
  bool vector_kernel_ = true;
  bool private_records_ = true;
};

}  // namespace rejuv::potential
