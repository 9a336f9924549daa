// Flags shared by the campaign subcommands (`rejuv map`, `rejuv survey`):
// preset, output folder, replicas, rates, spread and reporting.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "campaign/campaign.h"
#include "campaign/presets.h"

namespace rejuv::cli {

struct CampaignFlags {
  std::string preset = "paper", out, shard;
  int replicas = 0, atoms = 0;
  long seed = -1;
  std::vector<double> cooling_rates, final_cooling_rates;
  double anneal_ps = 0.0;
  bool force = false, json = false, quiet = false;
};

void add_campaign_flags(CLI::App* command, CampaignFlags& flags);

// The campaign's base settings and replicas: the preset, then the flags.
void apply_campaign_flags(const CampaignFlags& flags, const campaign::CampaignPreset& preset,
                          campaign::Campaign& campaign);

// Runs the campaign and prints its summary (a table, or JSON with --json).
void run_and_report(const campaign::Campaign& campaign, const CampaignFlags& flags, const std::string& command);

}  // namespace rejuv::cli
