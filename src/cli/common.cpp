// Helpers shared by the subcommands.
#include "cli/common.h"

#include <cmath>

#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "util/error.h"

namespace rejuv::cli {

std::array<bool, 3> parse_boundary(const std::string& text) {
  std::string s;
  for (char c : text)
    if (c != ' ') s += c;
  if (s.size() != 3 || s.find_first_not_of("pf") != std::string::npos)
    throw InputError(fmt::format("--boundary '{}': expected three letters p (periodic) or f (free), "
                                 "e.g. ppp or ppf",
                                 text));
  return {s[0] == 'p', s[1] == 'p', s[2] == 'p'};
}

std::array<double, 3> parse_triple(const std::string& text, const char* flag) {
  std::array<double, 3> v{};
  std::stringstream ss(text);
  std::string item;
  int k = 0;
  try {
    while (std::getline(ss, item, ',')) {
      if (k >= 3) throw std::invalid_argument(text);
      std::size_t used = 0;
      v[k++] = std::stod(item, &used);
      if (used != item.size()) throw std::invalid_argument(text);
    }
  } catch (const std::exception&) {
    k = -1;
  }
  if (k != 3) throw InputError(fmt::format("{} '{}': expected XX,YY,ZZ (three numbers, GPa)", flag, text));
  return v;
}

namespace {

CLI::Validator number_check(bool allow_zero) {
  return CLI::Validator(
      [allow_zero](std::string& text) -> std::string {
        double v = 0.0;
        try {
          std::size_t used = 0;
          v = std::stod(text, &used);
          if (used != text.size()) throw std::invalid_argument(text);
        } catch (const std::exception&) {
          return text + ": expected a number";
        }
        if (!std::isfinite(v) || v < 0.0 || (!allow_zero && v == 0.0))
          return text + (allow_zero ? ": expected a value >= 0" : ": expected a value > 0");
        return "";
      },
      allow_zero ? "NUMBER >= 0" : "NUMBER > 0");
}

}  // namespace

CLI::Validator positive() { return number_check(false); }
CLI::Validator non_negative() { return number_check(true); }

}  // namespace rejuv::cli
