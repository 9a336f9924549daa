// rejuv: molecular dynamics and analysis for metallic-glass rejuvenation.
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.h"
#include "util/error.h"

int main(int argc, char** argv) {
  CLI::App app{"rejuv: molecular dynamics for rejuvenation and ageing of metallic glasses"};
  app.require_subcommand(1);
  rejuv::cli::add_eval_command(app);
  rejuv::cli::add_md_command(app);
  rejuv::cli::add_minimize_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const rejuv::InputError& e) {
    fmt::print(stderr, "rejuv: error: {}\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "rejuv: internal error: {}\n", e.what());
    return 3;
  }
  return 0;
}
