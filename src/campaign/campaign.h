// Campaigns (science.md sections 2 and 8): many protocol points, each on R
// replicas, run as a graph of resumable tasks in one folder:
//   quench/<alloy>_K<K>/replica_<k>/  A->D, made once per replica and cooling
//                                      rate, reused by every point;
//   tg/<alloy>_K<K>_Pa<P>/             Tg(Pa), once per pressure (when Ta is
//                                      given as a multiple of Tg);
//   points/<point>/replica_<k>/        D->J for one point and replica.
// Replica k uses seed + k; Tg uses the seed itself. Results: replicas.csv
// (one row per point and replica), summary.csv and summary.json (one row per
// point), tg.csv. The numbers do not depend on how the tasks are spread
// (serial, MPI ranks, shards) nor on interruptions.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "protocol/alloys.h"
#include "protocol/thermal_pressure_loading.h"

namespace rejuv::campaign {

struct Point {
  std::size_t alloy = 0;           // index into Campaign::alloys
  double pa_gpa = 0.0;
  double ta_k = 0.0;               // used when ta_over_tg == 0
  double ta_over_tg = 0.0;         // > 0: Ta = ta_over_tg x Tg(alloy, K, Pa)
  double cooling_rate = 1.0;       // K/ps, B->C
  double final_cooling_rate = 0.0; // K/ps, G->H; 0: the same as cooling_rate
};

struct Campaign {
  std::string kind;  // "map", "survey", "protocol": recorded, not interpreted
  std::vector<protocol::Alloy> alloys;
  protocol::ProtocolSettings base;  // everything a point does not set
  int replicas = 10;
  std::vector<Point> points;
};

// The grid alloy x cooling rates x final rates x Pa x (Ta/Tg or Ta), in that
// nesting order (the last varies fastest). Exactly one of `ta_over_tg` and
// `ta_k` is non-empty. An empty `final_cooling_rates` means "the same as K".
std::vector<Point> make_grid(std::size_t alloys, const std::vector<double>& cooling_rates,
                             const std::vector<double>& final_cooling_rates, const std::vector<double>& pa_gpa,
                             const std::vector<double>& ta_over_tg, const std::vector<double>& ta_k);

struct RunOptions {
  bool force = false;    // accept a changed campaign; redo tasks whose settings changed
  bool verbose = true;   // progress and ETA on stderr
  int shard = 0;         // this process runs shard `shard` of `shards`
  int shards = 1;
};

// Checks the campaign (settings, alloys' files) before any work; throws
// InputError with the key at fault.
void validate(const Campaign& campaign);

// Runs (or resumes) the campaign in `out_dir`: serially, or over MPI ranks
// when started by mpirun (rank 0 hands out tasks), restricted to one shard
// when options.shards > 1. Returns summary.json's content (points finished so
// far; "complete" says whether all are). Throws InputError when a task
// fails, after the others have run.
nlohmann::json run_campaign(const Campaign& campaign, const std::string& out_dir, const RunOptions& options);

// Parses "i/N" (0 <= i < N).
std::pair<int, int> parse_shard(const std::string& text);

}  // namespace rejuv::campaign
