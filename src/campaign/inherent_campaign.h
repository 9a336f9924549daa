// Inherent-structure series along quenches as a campaign: one task per
// pressure and replica (replica k: seed + k), in
// OUT/series/<alloy>_K<K>_P<P>/replica_<k>/, run serially, over MPI ranks or
// in shards like the protocol campaigns. Writes is_series.csv (every row of
// every replica), is_summary.csv (per pressure and temperature: means and
// standard errors over the replicas), summary.json and sro.svg.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "campaign/campaign.h"
#include "protocol/inherent_structures.h"

namespace rejuv::campaign {

struct InherentCampaign {
  protocol::Alloy alloy;
  protocol::ProtocolSettings base;
  int replicas = 1;
  std::vector<double> pressures_gpa;
  double every_K = 100.0;
};

nlohmann::json run_inherent_campaign(const InherentCampaign& campaign, const std::string& out_dir,
                                     const RunOptions& options);

}  // namespace rejuv::campaign
