#include <gtest/gtest.h>

#include <cmath>

#include "analysis/tg_fit.h"
#include "integrate/random.h"
#include "util/error.h"

using namespace rejuv;

TEST(TgFit, RecoversAKnownKinkWithNoise) {
  // Glass: V = 17 + 4e-4 (T - 700); liquid: V = 17 + 1.2e-3 (T - 700): kink at 700 K.
  std::vector<double> t, v;
  for (int k = 0; k <= 150; ++k) {
    const double T = 100.0 + 10.0 * k;
    const double noise = 2e-3 * (integrate::uniform01(5, integrate::RandomPurpose::sample_positions, k, 0) - 0.5);
    t.push_back(T);
    v.push_back(17.0 + (T < 700 ? 4e-4 : 1.2e-3) * (T - 700.0) + noise);
  }
  const auto fit = analysis::fit_tg(t, v);
  EXPECT_NEAR(fit.tg, 700.0, 5.0);
  EXPECT_GT(fit.tg_uncertainty, 0.0);
  EXPECT_LT(fit.tg_uncertainty, 10.0);
  EXPECT_NEAR(std::abs(fit.tg - 700.0) / fit.tg_uncertainty, 0.0, 4.0);  // error consistent with the estimate
  EXPECT_NEAR(fit.glass.slope, 4e-4, 2e-5);
  EXPECT_NEAR(fit.liquid.slope, 1.2e-3, 2e-5);
}

TEST(TgFit, ExactDataGiveTheExactKink) {
  std::vector<double> t, v;
  for (int k = 0; k < 40; ++k) {
    const double T = 300.0 + 25.0 * k;
    t.push_back(T);
    v.push_back(T < 812.5 ? 16.0 + 5e-4 * T : 16.0 + 5e-4 * 812.5 + 1.5e-3 * (T - 812.5));
  }
  const auto fit = analysis::fit_tg(t, v);
  EXPECT_NEAR(fit.tg, 812.5, 1e-6);
  EXPECT_NEAR(fit.tg_uncertainty, 0.0, 1e-6);
}

TEST(TgFit, FailsClearlyWithoutAKink) {
  std::vector<double> t, v;
  for (int k = 0; k < 20; ++k) {
    t.push_back(100.0 * k);
    v.push_back(17.0 + 1e-3 * 100.0 * k);
  }
  EXPECT_THROW(analysis::fit_tg(t, v), InputError);
  EXPECT_THROW(analysis::fit_tg({1, 2, 3}, {1, 2, 3}), InputError);
}

TEST(TgFit, BinsByTemperature) {
  std::vector<double> t{1, 2, 3, 11, 12, 13}, v{1, 1, 1, 3, 3, 3}, tb, vb;
  analysis::bin_by_temperature(t, v, 2, tb, vb);
  ASSERT_EQ(tb.size(), 2u);
  EXPECT_DOUBLE_EQ(tb[0], 2.0);
  EXPECT_DOUBLE_EQ(vb[1], 3.0);
}
