// Subcommands of the `rejuv` executable, one file each.
#pragma once

#include <CLI/CLI.hpp>

namespace rejuv::cli {

// Registers `rejuv eval` on the app; the returned callback runs it.
void add_eval_command(CLI::App& app);
// Registers `rejuv md`.
void add_md_command(CLI::App& app);
// Registers `rejuv minimize`.
void add_minimize_command(CLI::App& app);
// Registers `rejuv protocol`.
void add_protocol_command(CLI::App& app);
// Registers `rejuv tg`.
void add_tg_command(CLI::App& app);
// Registers `rejuv map` (a Pa x Ta/Tg grid) and `rejuv survey` (several alloys).
void add_map_command(CLI::App& app);
void add_survey_command(CLI::App& app);
// Registers `rejuv bench` (MD speed with its time split).
void add_bench_command(CLI::App& app);
// Registers `rejuv inherent` (inherent structures along quenches).
void add_inherent_command(CLI::App& app);
// Registers `rejuv analyze`.
void add_analyze_command(CLI::App& app);

}  // namespace rejuv::cli
