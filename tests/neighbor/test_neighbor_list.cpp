#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <tuple>

#include <omp.h>

#include "neighbor/neighbor_list.h"
#include "support/test_support.h"
#include "util/pack.h"

using namespace rejuv;

namespace {

using Entry = std::tuple<std::int64_t, std::int64_t, long, long, long>;  // id_i, id_j, rounded displacement

// Every (i, j, image) with |r| < rc by brute force over many images.
std::vector<Entry> brute_force(const System& s, double rc) {
  std::vector<Entry> out;
  const Mat3 h = s.box.h();
  const int K = 4;
  for (std::size_t i = 0; i < s.size(); ++i)
    for (std::size_t j = 0; j < s.size(); ++j)
      for (int a = -K; a <= K; ++a)
        for (int b = -K; b <= K; ++b)
          for (int c = -K; c <= K; ++c) {
            if (!s.box.periodic[0] && a) continue;
            if (!s.box.periodic[1] && b) continue;
            if (!s.box.periodic[2] && c) continue;
            if (i == j && !a && !b && !c) continue;
            const Vec3 sh = mat_vec(h, {double(a), double(b), double(c)});
            const double dx = s.x[i] - s.x[j] - sh[0], dy = s.y[i] - s.y[j] - sh[1], dz = s.z[i] - s.z[j] - sh[2];
            if (dx * dx + dy * dy + dz * dz < rc * rc)
              out.emplace_back(s.id[i], s.id[j], std::lround(dx * 1e6), std::lround(dy * 1e6), std::lround(dz * 1e6));
          }
  std::sort(out.begin(), out.end());
  return out;
}

// The list's entries; a half list's each also as its mirror (j, i, -r), so
// that a complete half list gives exactly the full set and a pair listed
// twice shows up as an extra entry. Half lists point upwards (j >= i).
std::vector<Entry> from_list(const System& s, const neighbor::NeighborList& list) {
  std::vector<Entry> out;
  const auto cap = static_cast<std::size_t>(list.capacity());
  std::vector<double> dx(cap), dy(cap), dz(cap), rsq(cap);
  for (std::size_t i = 0; i < s.size(); ++i) {
    list.separations(s, i, dx.data(), dy.data(), dz.data(), rsq.data());
    for (int k = 0; k < list.count(i); ++k) {
      const int j = list.neighbors(i)[k];
      const long x = std::lround(dx[k] * 1e6), y = std::lround(dy[k] * 1e6), z = std::lround(dz[k] * 1e6);
      out.emplace_back(s.id[i], s.id[j], x, y, z);
      if (list.half()) {
        EXPECT_GE(static_cast<std::size_t>(j), i);
        out.emplace_back(s.id[j], s.id[i], -x, -y, -z);
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// `minimum_image`: whether the list should use the minimum image (every
// periodic width above twice the list cutoff) or explicit image codes.
void expect_exact(test::AlloyOptions opt, double cutoff, double skin, bool minimum_image,
                  std::array<bool, 3> periodic = {true, true, true}) {
  System s = test::make_alloy(opt);
  s.box.periodic = periodic;
  const auto expected = brute_force(s, cutoff + skin);
  // Full lists, and half lists of atoms sorted into cell order (the build
  // skips lower cells) and left in their order.
  using Kind = neighbor::NeighborList::Kind;
  for (const auto& [kind, sort_atoms] : {std::pair{Kind::full, true}, {Kind::half, true}, {Kind::half, false}}) {
    System copy = s;
    neighbor::NeighborList list(cutoff, skin, kind);
    list.build(copy, sort_atoms);
    EXPECT_EQ(list.minimum_image(), minimum_image);
    const auto got = from_list(copy, list);
    EXPECT_EQ(got.size(), expected.size()) << (kind == Kind::half ? "half" : "full") << " sorted " << sort_atoms;
    EXPECT_TRUE(got == expected) << (kind == Kind::half ? "half" : "full") << " sorted " << sort_atoms;
  }
}

}  // namespace

TEST(NeighborList, MatchesBruteForceOrthogonal) {
  test::AlloyOptions opt;
  opt.cells[0] = 5; opt.cells[1] = 4; opt.cells[2] = 6;
  expect_exact(opt, 4.0, 0.5, true);
}

TEST(NeighborList, MatchesBruteForceTriclinic) {
  test::AlloyOptions opt;
  opt.cells[0] = 5; opt.cells[1] = 5; opt.cells[2] = 5;
  opt.tilt[0] = 0.3; opt.tilt[1] = -0.25; opt.tilt[2] = 0.2;
  expect_exact(opt, 4.5, 1.0, true);
}

TEST(NeighborList, SmallBoxSeesSeveralImagesOfOneAtom) {
  // Box edge 4.05 A, list cutoff 8.6 A: each atom sees itself and others in many images.
  test::AlloyOptions opt;
  opt.cells[0] = 1; opt.cells[1] = 2; opt.cells[2] = 1;
  opt.tilt[0] = 0.2; opt.tilt[2] = -0.3;
  expect_exact(opt, 7.6, 1.0, false);
}

TEST(NeighborList, NonPeriodicDimension) {
  test::AlloyOptions opt;
  opt.cells[0] = 4; opt.cells[1] = 4; opt.cells[2] = 4;
  opt.displacement = 0.0;  // keep atoms inside the free z boundaries
  expect_exact(opt, 5.0, 0.5, true, {true, true, false});
  opt.cells[2] = 1;
  expect_exact(opt, 5.0, 0.5, true, {false, true, false});
}

TEST(NeighborList, TriclinicJustAboveTwiceTheCutoffUsesMinimumImage) {
  // Strongly tilted cell whose perpendicular widths barely exceed 2 x 5.5 A.
  test::AlloyOptions opt;
  opt.cells[0] = 4; opt.cells[1] = 4; opt.cells[2] = 4;
  opt.tilt[0] = 0.45; opt.tilt[1] = 0.4; opt.tilt[2] = -0.35;
  System s = test::make_alloy(opt);
  const double w = std::min({s.box.perpendicular_widths()[0], s.box.perpendicular_widths()[1],
                             s.box.perpendicular_widths()[2]});
  ASSERT_GT(w, 11.0);
  expect_exact(opt, w / 2.0 - 0.6, 0.5, true);
  expect_exact(opt, w / 2.0 - 0.4, 0.5, false);  // just below: explicit images
}

TEST(NeighborList, BoxShrunkBelowTwiceTheCutoffFallsBackToImages) {
  test::AlloyOptions opt;
  opt.cells[0] = 3; opt.cells[1] = 3; opt.cells[2] = 3;  // 12.15 A
  System s = test::make_alloy(opt);
  neighbor::NeighborList list(5.5, 0.3);
  list.build(s);
  ASSERT_TRUE(list.minimum_image());
  // Compress affinely by 12% (NPT under load): widths 10.7 A < 2 x 5.5 A.
  const double f = 0.88;
  for (int d = 0; d < 3; ++d) s.box.hi[d] = s.box.lo[d] + f * s.box.length(d);
  for (std::size_t i = 0; i < s.size(); ++i) {
    s.x[i] = s.box.lo[0] + f * (s.x[i] - s.box.lo[0]);
    s.y[i] = s.box.lo[1] + f * (s.y[i] - s.box.lo[1]);
    s.z[i] = s.box.lo[2] + f * (s.z[i] - s.box.lo[2]);
  }
  EXPECT_TRUE(list.update(s));
  EXPECT_FALSE(list.minimum_image());
  const auto expected = brute_force(s, 5.8);
  EXPECT_TRUE(from_list(s, list) == expected);
}

// separations_within (the pair loops' fused filter, AVX-512 where built so)
// gives the bits of separations() followed by a plain filter, in list order,
// and each kept neighbour's type.
TEST(NeighborList, SeparationsWithinEqualsSeparationsThenFilter) {
  for (const bool small : {false, true}) {
    test::AlloyOptions opt;
    opt.cells[0] = small ? 2 : 6; opt.cells[1] = small ? 2 : 5; opt.cells[2] = small ? 1 : 5;
    opt.tilt[0] = 0.15; opt.tilt[1] = -0.1; opt.tilt[2] = 0.05;
    System s = test::make_alloy(opt);
    neighbor::NeighborList list(4.5, 1.0);
    list.build(s);
    ASSERT_EQ(list.minimum_image(), !small);
    // Move atoms a little (as between rebuilds), so that pairs cross the cutoff.
    for (std::size_t i = 0; i < s.size(); ++i) s.x[i] += 0.2 * std::sin(double(i));
    const auto cap = static_cast<std::size_t>(list.capacity() + util::kPackSlack);
    std::vector<double> dx(cap), dy(cap), dz(cap), rsq(cap), scratch(4 * cap);
    std::vector<double> fdx(cap), fdy(cap), fdz(cap), frsq(cap);
    std::vector<int> fj(cap), ftype(cap);
    const double cut2 = 4.5 * 4.5;
    neighbor::AtomRecords atoms;
    atoms.resize(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) atoms.set(s, i);
    for (std::size_t i = 0; i < s.size(); ++i) {
      list.separations(s, i, dx.data(), dy.data(), dz.data(), rsq.data());
      const int n = list.separations_within(s, atoms, i, cut2, fj.data(), ftype.data(), fdx.data(), fdy.data(),
                                            fdz.data(), frsq.data(), scratch.data());
      int q = 0;
      for (int k = 0; k < list.count(i); ++k) {
        if (!(rsq[k] < cut2)) continue;
        ASSERT_LT(q, n);
        EXPECT_EQ(fj[q], list.neighbors(i)[k]);
        EXPECT_EQ(ftype[q], s.type[static_cast<std::size_t>(fj[q])]);
        EXPECT_EQ(std::memcmp(&fdx[q], &dx[k], sizeof(double)), 0);
        EXPECT_EQ(std::memcmp(&fdy[q], &dy[k], sizeof(double)), 0);
        EXPECT_EQ(std::memcmp(&fdz[q], &dz[k], sizeof(double)), 0);
        EXPECT_EQ(std::memcmp(&frsq[q], &rsq[k], sizeof(double)), 0);
        ++q;
      }
      EXPECT_EQ(q, n);
    }
  }
}

TEST(NeighborList, RebuildOnlyPastHalfTheSkin) {
  System s = test::make_alloy({});
  neighbor::NeighborList list(5.0, 1.0);
  list.build(s);
  EXPECT_FALSE(list.needs_rebuild(s));
  s.x[3] += 0.45;  // under half the skin
  EXPECT_FALSE(list.needs_rebuild(s));
  s.x[3] += 0.1;   // over half the skin
  EXPECT_TRUE(list.needs_rebuild(s));
  s.x[3] -= 0.55;
  // An affine box change moves atoms with the box: only the strain counts.
  const double scale = 1.02;
  System t = s;
  for (int d = 0; d < 3; ++d) t.box.hi[d] = t.box.lo[d] + scale * t.box.length(d);
  for (std::size_t i = 0; i < t.size(); ++i) {
    t.x[i] = t.box.lo[0] + scale * (t.x[i] - t.box.lo[0]);
    t.y[i] = t.box.lo[1] + scale * (t.y[i] - t.box.lo[1]);
    t.z[i] = t.box.lo[2] + scale * (t.z[i] - t.box.lo[2]);
  }
  EXPECT_FALSE(list.needs_rebuild(t));  // (1 + 0.0196) * 5 < 6
  for (int d = 0; d < 3; ++d) t.box.hi[d] = t.box.lo[d] + 1.3 * s.box.length(d);
  EXPECT_TRUE(list.needs_rebuild(t));
}

// The MD drift measures the displacements in its own pass
// (DisplacementMeasure); the check then gives the answer of its own pass,
// and a measure taken against another build is not used.
TEST(NeighborList, DisplacementMeasuredElsewhereGivesTheSameDecision) {
  System s = test::make_alloy({});
  neighbor::NeighborList list(5.0, 1.0);
  neighbor::DisplacementMeasure m;
  EXPECT_FALSE(list.displacement_measure(s, s.box, m));  // never built
  list.build(s);
  auto measured = [&](const System& now) {
    neighbor::DisplacementMeasure mm;
    EXPECT_TRUE(list.displacement_measure(now, now.box, mm));
    neighbor::MeasuredDisplacement moved{mm.build_serial, 0.0};
    for (std::size_t i = 0; i < now.size(); ++i)
      moved.largest2 = std::max(moved.largest2, mm.squared(i, now.x[i], now.y[i], now.z[i]));
    return moved;
  };
  for (double step : {0.3, 0.2, 0.1}) {  // 0.3, 0.5 (under half the skin), 0.6 (over)
    s.x[3] += step;
    const auto moved = measured(s);
    EXPECT_EQ(list.needs_rebuild(s, &moved), list.needs_rebuild(s));
  }
  EXPECT_TRUE(list.needs_rebuild(s));
  // A strained box: the measure for the new box, against the build's.
  System t = s;
  t.x[3] -= 0.6;
  for (int d = 0; d < 3; ++d) t.box.hi[d] = t.box.lo[d] + 1.01 * t.box.length(d);
  const auto strained = measured(t);
  EXPECT_GT(strained.largest2, 0.0);
  EXPECT_EQ(list.needs_rebuild(t, &strained), list.needs_rebuild(t));
  // A stale measure (say, no displacement at all) from before a rebuild
  // is ignored.
  const neighbor::MeasuredDisplacement stale{list.build_serial(), 0.0};
  list.build(s);
  s.x[3] += 0.6;
  EXPECT_TRUE(list.needs_rebuild(s, &stale));
}

TEST(NeighborList, StaysCompleteUnderTheRebuildRule) {
  // Move atoms randomly just under the rebuild threshold: no pair within the
  // cutoff may be missing.
  test::AlloyOptions opt;
  opt.tilt[0] = 0.1;
  System s = test::make_alloy(opt);
  neighbor::NeighborList list(4.0, 1.0);
  list.build(s);
  for (std::size_t i = 0; i < s.size(); ++i) {
    s.x[i] += (i % 2 ? 0.49 : -0.49) / std::sqrt(3.0);
    s.y[i] += (i % 3 ? 0.49 : -0.49) / std::sqrt(3.0);
    s.z[i] += (i % 5 ? -0.49 : 0.49) / std::sqrt(3.0);
  }
  ASSERT_FALSE(list.needs_rebuild(s));
  const auto within = brute_force(s, 4.0);
  const auto listed = from_list(s, list);
  for (const auto& e : within) EXPECT_TRUE(std::binary_search(listed.begin(), listed.end(), e));
}

// Threads claim chunks of cells as they go, so which thread builds which
// rows changes from build to build; the list may not. Every atom's row (its
// neighbours in order, and their images), the atoms' order after the sort
// and the rows' places in memory are the same for any number of threads,
// also with more threads than cores.
TEST(NeighborList, SameRowsForAnyThreadCount) {
  for (const bool small : {false, true}) {
    test::AlloyOptions opt;
    opt.cells[0] = small ? 2 : 7; opt.cells[1] = small ? 3 : 6; opt.cells[2] = small ? 2 : 6;
    opt.tilt[0] = 0.1;
    using Kind = neighbor::NeighborList::Kind;
    for (const Kind kind : {Kind::half, Kind::full}) {
      struct Built {
        std::vector<std::int64_t> ids;
        std::vector<std::vector<int>> rows;
        std::vector<std::ptrdiff_t> offsets;
        bool minimum_image;
      };
      auto build_with = [&](int threads) {
        const int saved = omp_get_max_threads();
        omp_set_num_threads(threads);
        System s = test::make_alloy(opt);
        neighbor::NeighborList list(small ? 4.0 : 5.0, 1.0, kind);
        list.build(s);
        omp_set_num_threads(saved);
        Built b{s.id, {}, {}, list.minimum_image()};
        const auto cap = static_cast<std::size_t>(list.capacity());
        std::vector<double> dx(cap), dy(cap), dz(cap), rsq(cap);
        for (std::size_t i = 0; i < s.size(); ++i) {
          std::vector<int> row(list.neighbors(i), list.neighbors(i) + list.count(i));
          // The images a row holds show in its separations.
          list.separations(s, i, dx.data(), dy.data(), dz.data(), rsq.data());
          for (int k = 0; k < list.count(i); ++k) row.push_back(static_cast<int>(std::lround(dx[k] * 1e4)));
          b.rows.push_back(std::move(row));
          b.offsets.push_back(list.neighbors(i) - list.neighbors(0));
        }
        return b;
      };
      const Built one = build_with(1);
      EXPECT_EQ(one.minimum_image, !small);
      for (const int threads : {2, 3, 7}) {
        const Built many = build_with(threads);
        EXPECT_EQ(many.ids, one.ids) << threads << " threads";
        EXPECT_TRUE(many.rows == one.rows) << threads << " threads";
        EXPECT_EQ(many.offsets, one.offsets) << threads << " threads";
      }
    }
  }
}
