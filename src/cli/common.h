// Helpers shared by the subcommands.
#pragma once

#include <array>
#include <string>

#include <CLI/CLI.hpp>

namespace rejuv::cli {

// "ppp", "ppf", "p p f": periodic (p) or free (f) per dimension.
std::array<bool, 3> parse_boundary(const std::string& text);
// "XX,YY,ZZ": three numbers (per-axis stresses in GPa); `flag` names the
// option in the error.
std::array<double, 3> parse_triple(const std::string& text, const char* flag);

// Flag checks with plain messages ("--atoms: 0: expected a value > 0").
CLI::Validator positive();
CLI::Validator non_negative();

}  // namespace rejuv::cli
