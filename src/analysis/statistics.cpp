#include "analysis/statistics.h"

#include <cmath>

namespace rejuv::analysis {

MeanWithError mean_with_error(const std::vector<double>& x) {
  MeanWithError out;
  if (x.empty()) return out;
  const double n = static_cast<double>(x.size());
  for (double v : x) out.mean += v;
  out.mean /= n;
  double var = 0.0;
  for (double v : x) var += (v - out.mean) * (v - out.mean);
  out.standard_error = x.size() > 1 ? std::sqrt(var / (n - 1) / n) : 0.0;
  return out;
}

}  // namespace rejuv::analysis
