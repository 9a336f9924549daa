// Helpers shared by the subcommands.
#pragma once

#include <array>
#include <string>

namespace rejuv::cli {

// "ppp", "ppf", "p p f": periodic (p) or free (f) per dimension.
std::array<bool, 3> parse_boundary(const std::string& text);

}  // namespace rejuv::cli
