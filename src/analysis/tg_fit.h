// Glass transition temperature from volume against temperature along a
// quench (science.md section 4): one straight line fitted to the glass
// branch (T below the breakpoint) and one to the liquid branch, the
// breakpoint chosen by least squares over all splits; Tg is where the two
// lines cross. The uncertainty propagates both fits' parameter errors.
#pragma once

#include <vector>

namespace rejuv::analysis {

struct Line {
  double slope = 0.0, intercept = 0.0;    // V = slope * T + intercept
  double var_slope = 0.0, var_intercept = 0.0, cov = 0.0;
  int points = 0;
};

struct TgFit {
  double tg = 0.0;            // K
  double tg_uncertainty = 0.0;  // K, one standard error
  double breakpoint = 0.0;    // K: the last glass point
  Line glass, liquid;
  double sse = 0.0;           // total squared residual
};

// Least-squares line through (x, y).
Line fit_line(const std::vector<double>& x, const std::vector<double>& y);

// Two-segment fit. Each branch keeps at least `min_points` points. Throws
// InputError (saying why) if there are too few points, if the lines are
// parallel or if they cross outside the data.
TgFit fit_tg(std::vector<double> temperature, std::vector<double> volume, int min_points = 4);

// Bins samples by temperature into `bins` equal intervals and returns the
// bin means (T, V), so that thermal noise does not drive the split.
void bin_by_temperature(const std::vector<double>& t, const std::vector<double>& v, int bins,
                        std::vector<double>& t_out, std::vector<double>& v_out);

}  // namespace rejuv::analysis
