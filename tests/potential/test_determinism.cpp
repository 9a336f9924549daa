// The same input gives the same bits for any number of OpenMP threads.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "io/potential_config.h"
#include "potential/eam.h"
#include "potential/registry.h"
#include "support/test_support.h"

using namespace rejuv;

namespace {
// Energy, virial and every force component of `got` are those of `ref`, byte for byte.
template <class Result>
void expect_same_bits(const Result& got, const Result& ref, const std::string& what) {
  EXPECT_EQ(std::memcmp(&got.energy, &ref.energy, sizeof(double)), 0) << what;
  EXPECT_EQ(std::memcmp(got.virial.data(), ref.virial.data(), sizeof(ref.virial)), 0) << what;
  EXPECT_EQ(std::memcmp(got.fx.data(), ref.fx.data(), ref.fx.size() * sizeof(double)), 0) << what;
  EXPECT_EQ(std::memcmp(got.fy.data(), ref.fy.data(), ref.fy.size() * sizeof(double)), 0) << what;
  EXPECT_EQ(std::memcmp(got.fz.data(), ref.fz.data(), ref.fz.size() * sizeof(double)), 0) << what;
}
#ifdef _OPENMP
// Cu-Zr eam/fs and a 1,344-atom binary alloy in a box tilted by `tilt`
// (index 0: xy, 1: xz, 2: yz), for the tests of how EAM shares out work.
struct CuZrCase {
  std::unique_ptr<potential::Potential> pot;
  potential::Eam* eam = nullptr;
  System sys;
};

CuZrCase cuzr_case(int tilted) {
  CuZrCase c;
  c.pot = potential::create_potential(io::parse_potential_config(
      "[potential]\nstyle = \"eam/fs\"\nfile = \"CuZr_mm.eam.fs\"\nelements = [\"Cu\", \"Zr\"]\n", "/tmp/p.toml"));
  c.eam = dynamic_cast<potential::Eam*>(c.pot.get());
  test::AlloyOptions opt;
  opt.cells[0] = 8; opt.cells[1] = 7; opt.cells[2] = 6;
  opt.lattice = 4.2;
  opt.tilt[tilted] = 0.1;
  c.sys = test::make_alloy(opt);
  return c;
}
#endif
}  // namespace

TEST(Determinism, BitwiseIdenticalForAnyThreadCount) {
  const auto spec = io::parse_potential_config(
      "[potential]\nstyle = \"eam/alloy\"\nfile = \"ZrCuAl2011.eam.alloy\"\nelements = [\"Zr\", \"Cu\", \"Al\"]\n",
      "/tmp/p.toml");
  auto pot = potential::create_potential(spec);
  test::AlloyOptions opt;
  opt.cells[0] = 9; opt.cells[1] = 8; opt.cells[2] = 7;  // 2016 atoms
  opt.ntypes = 3;
  opt.fractions = {0.5, 0.4, 0.1};
  opt.lattice = 4.2;
  opt.tilt[0] = 0.1;
  const System sys = test::make_alloy(opt);
#ifdef _OPENMP
  const int saved = omp_get_max_threads();
  omp_set_num_threads(1);
#endif
  const auto ref = test::compute(sys, *pot);
  for (int threads : {2, 3, 4}) {
#ifdef _OPENMP
    omp_set_num_threads(threads);
#endif
    const auto r = test::compute(sys, *pot);
    expect_same_bits(r, ref, std::to_string(threads));
  }
#ifdef _OPENMP
  omp_set_num_threads(saved);
#endif
}

// The EAM force loop has an AVX-512 form (where the build has AVX-512) and a
// portable one, and pass 2 takes its pairs from pass 1's cache or computes
// them again; every combination does the same operations pair by pair, so
// the results must agree to the bit, for a binary eam/fs and a ternary
// eam/alloy, in a triclinic box.
TEST(Determinism, EamVectorKernelAndPairCacheGiveThePortableLoopsBits) {
  for (const char* toml :
       {"[potential]\nstyle = \"eam/fs\"\nfile = \"CuZr_mm.eam.fs\"\nelements = [\"Cu\", \"Zr\"]\n",
        "[potential]\nstyle = \"eam/alloy\"\nfile = \"ZrCuAl2011.eam.alloy\"\nelements = [\"Zr\", \"Cu\", \"Al\"]\n"}) {
    const auto spec = io::parse_potential_config(toml, "/tmp/p.toml");
    auto pot = potential::create_potential(spec);
    auto* eam = dynamic_cast<potential::Eam*>(pot.get());
    ASSERT_NE(eam, nullptr);
    test::AlloyOptions opt;
    opt.cells[0] = 7; opt.cells[1] = 6; opt.cells[2] = 6;
    opt.ntypes = static_cast<int>(spec.elements.size());
    opt.lattice = 4.2;
    opt.tilt[0] = 0.1;
    opt.tilt[2] = -0.05;
    const System sys = test::make_alloy(opt);
    eam->set_vector_kernel(false);
    eam->set_pair_cache(false);
    const auto portable = test::compute(sys, *pot);
    for (const bool vector_kernel : {false, true})
      for (const bool pair_cache : {false, true}) {
        eam->set_vector_kernel(vector_kernel);
        eam->set_pair_cache(pair_cache);
        const auto other = test::compute(sys, *pot);
        const std::string what = fmt::format("{} vector kernel {} pair cache {}", spec.style, vector_kernel, pair_cache);
        expect_same_bits(other, portable, what);
      }
  }
}

// Each thread owns a contiguous home range of atoms, sized by the threads'
// measured speeds (Eam::rebalance): however the atoms are shared out,
// every sum is an exact fixed-point sum, so the bits cannot change.
TEST(Determinism, EamThreadSharesDoNotChangeTheBits) {
#ifdef _OPENMP
  const CuZrCase c = cuzr_case(1);
  ASSERT_NE(c.eam, nullptr);
  potential::Potential* pot = c.pot.get();
  potential::Eam* eam = c.eam;
  const System& sys = c.sys;
  const int saved = omp_get_max_threads();
  omp_set_num_threads(1);
  const auto ref = test::compute(sys, *pot);
  omp_set_num_threads(3);
  for (const auto& shares : std::vector<std::vector<double>>{{0.05, 0.05, 0.9}, {0.9, 0.05, 0.05}, {1, 2, 3}}) {
    eam->set_thread_shares(shares);
    const auto r = test::compute(sys, *pot);
    const std::string what = fmt::format("shares {}", fmt::join(shares, " "));
    expect_same_bits(r, ref, what);
  }
  omp_set_num_threads(saved);
#else
  GTEST_SKIP() << "built without OpenMP";
#endif
}

// Each thread of a small system fills its own copy of the position
// records, and the threads of a large one share one array; a call from
// inside a parallel region runs on a team of one where the planned team
// was larger, and splits the work again. The bits are one thread's.
TEST(Determinism, EamRecordsPrivateSharedOrInANestedCallGiveTheSameBits) {
#ifdef _OPENMP
  const CuZrCase c = cuzr_case(2);
  ASSERT_NE(c.eam, nullptr);
  potential::Potential* pot = c.pot.get();
  potential::Eam* eam = c.eam;
  const System& sys = c.sys;
  const int saved = omp_get_max_threads();
  omp_set_num_threads(1);
  const auto ref = test::compute(sys, *pot);
  omp_set_num_threads(3);
  for (const bool private_records : {true, false, true}) {
    eam->set_private_records(private_records);
    expect_same_bits(test::compute(sys, *pot), ref, fmt::format("private records {}", private_records));
  }
  test::Result nested;
#pragma omp parallel num_threads(2)
  {
#pragma omp single
    nested = test::compute(sys, *pot);
  }
  expect_same_bits(nested, ref, "called inside a parallel region");
  expect_same_bits(test::compute(sys, *pot), ref, "the next call on 3 threads");
  omp_set_num_threads(saved);
#else
  GTEST_SKIP() << "built without OpenMP";
#endif
}

// Threads hand each other chunks of atoms while a pass runs (a thread done
// with its own range takes the next chunks of another's): all shares of a
// taken chunk go to the taker's halo, pass 2 runs a chunk wherever it was
// cached or not. Skewed shares make the threads with little work take
// over most of the others' chunks, from a lower range and from a higher
// one; the bits must stay those of one thread, with and without the pair
// cache.
TEST(Determinism, EamChunksTakenOverDoNotChangeTheBits) {
#ifdef _OPENMP
  const CuZrCase c = cuzr_case(0);
  ASSERT_NE(c.eam, nullptr);
  potential::Potential* pot = c.pot.get();
  potential::Eam* eam = c.eam;
  const System& sys = c.sys;
  const int saved = omp_get_max_threads();
  omp_set_num_threads(1);
  const auto ref = test::compute(sys, *pot);
  EXPECT_EQ(eam->taken_over_chunks(), 0u);  // one thread: nobody to take over
  omp_set_num_threads(3);
  for (const bool pair_cache : {true, false})
    for (const auto& shares : std::vector<std::vector<double>>{{0.98, 0.01, 0.01}, {0.01, 0.01, 0.98}}) {
      eam->set_pair_cache(pair_cache);
      const std::string what = fmt::format("pair cache {} shares {}", pair_cache, fmt::join(shares, " "));
      std::size_t taken = 0;
      // Taking over depends on timing: the threads with 1% of the work
      // finish first and take chunks in practically every call.
      for (int call = 0; call < 10 && taken == 0; ++call) {
        eam->set_thread_shares(shares);
        const auto r = test::compute(sys, *pot);
        taken = eam->taken_over_chunks();
        expect_same_bits(r, ref, what);
      }
      EXPECT_GT(taken, 0u) << what << ": no chunk was taken over, the test did not test it";
    }
  eam->set_pair_cache(true);
  omp_set_num_threads(saved);
#else
  GTEST_SKIP() << "built without OpenMP";
#endif
}
