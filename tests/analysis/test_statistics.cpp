// Mean and standard error of replicas against hand-computed values.
#include <gtest/gtest.h>

#include <cmath>

#include "analysis/statistics.h"

using namespace rejuv;

TEST(Statistics, MeanAndStandardErrorOfTheMean) {
  // {1, 2, 3, 4}: mean 2.5, sample variance 5/3, standard error sqrt(5/3)/2.
  const auto m = analysis::mean_with_error({1.0, 2.0, 3.0, 4.0});
  EXPECT_DOUBLE_EQ(m.mean, 2.5);
  EXPECT_DOUBLE_EQ(m.standard_error, std::sqrt(5.0 / 3.0) / 2.0);
  const auto one = analysis::mean_with_error({-0.004});
  EXPECT_DOUBLE_EQ(one.mean, -0.004);
  EXPECT_EQ(one.standard_error, 0.0);
}
