// Replica statistics: the mean of independent samples and its standard
// error s / sqrt(n), s the sample standard deviation (n - 1); 0 for n = 1.
#pragma once

#include <vector>

namespace rejuv::analysis {

struct MeanWithError {
  double mean = 0.0;
  double standard_error = 0.0;
};

MeanWithError mean_with_error(const std::vector<double>& samples);

}  // namespace rejuv::analysis
