// Run descriptions in TOML: `rejuv md --config run.toml` reads the table
// [md] (for `rejuv minimize`, [minimize]; for `rejuv eval`, [eval]) whose
// keys are the command's long flags without the dashes. Flags given on the
// command line override the file. Relative paths in the file resolve against
// the file's folder.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace rejuv::cli {

// Returns argv with the config file's settings inserted right after the
// subcommand (so later command-line flags take precedence). Throws
// InputError naming the file, line and key for unknown keys or wrong types.
std::vector<std::string> expand_config(const CLI::App& app, const std::vector<std::string>& argv);

}  // namespace rejuv::cli
