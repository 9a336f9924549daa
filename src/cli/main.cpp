// rejuv: molecular dynamics and analysis for metallic-glass rejuvenation.
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/config_file.h"
#include "util/error.h"

int main(int argc, char** argv) {
  CLI::App app{"rejuv: molecular dynamics for rejuvenation and ageing of metallic glasses"};
  app.require_subcommand(1);
  // A flag given twice (a run file's value, then the command line's) keeps the last.
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  rejuv::cli::add_eval_command(app);
  rejuv::cli::add_md_command(app);
  rejuv::cli::add_minimize_command(app);
  rejuv::cli::add_protocol_command(app);
  rejuv::cli::add_tg_command(app);
  rejuv::cli::add_map_command(app);
  rejuv::cli::add_survey_command(app);
  rejuv::cli::add_bench_command(app);
  rejuv::cli::add_inherent_command(app);
  rejuv::cli::add_analyze_command(app);
  if (argc == 1) {  // no subcommand: show what there is
    fmt::print("{}", app.help());
    return 0;
  }
  try {
    for (auto* sub : app.get_subcommands({}))
      sub->add_option("--config")->description("Run description (TOML) whose [" + sub->get_name() +
                                               "] table sets flags; command-line flags override it");
    std::vector<std::string> args(argv, argv + argc);
    args = rejuv::cli::expand_config(app, args);
    std::vector<std::string> reversed(args.rbegin(), args.rend() - 1);  // CLI11 wants them reversed, no argv[0]
    app.parse(reversed);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // One line, like every other input error.
    fmt::print(stderr, "rejuv: error: {} (see rejuv --help)\n", e.what());
    return 2;
  } catch (const rejuv::InputError& e) {
    fmt::print(stderr, "rejuv: error: {}\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "rejuv: internal error: {}\n", e.what());
    return 3;
  }
  return 0;
}
