// Helpers shared by the subcommands.
#include "cli/common.h"

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

}  // namespace rejuv::cli
