// Inherent structures along a quench (science.md section 3): the melt is
// cooled at rate K under pressure P in segments of dT; after each segment
// the instantaneous configuration is quenched to its inherent structure
// (steepest descent with the box at P), unloaded by relaxing the box to zero
// pressure (steepest descent at 0), and its energy, volume and structure
// (icosahedral SRO, MRO clusters) are recorded against the temperature it
// was taken at. Every segment and minimisation is a resumable stage.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "protocol/alloys.h"
#include "protocol/thermal_pressure_loading.h"

namespace rejuv::protocol {

struct InherentSettings {
  double pressure_gpa = 0.0;
  double every_K = 100.0;  // temperature step between snapshots
};

// The CSV columns of one series row, in order (per-element icosahedral
// fractions follow as icosahedral_fraction_<element>).
extern const char* const kInherentColumns;
// One series row (as in run_inherent_series's "rows") as CSV cells in the
// order of kInherentColumns.
std::string inherent_csv_cells(const nlohmann::json& row);

// What a series folder records (inherent.json): a finished series is reused
// only when this matches.
nlohmann::json inherent_record(const Alloy& alloy, const ProtocolSettings& settings, const InherentSettings& inherent);

// Runs (or resumes) the series in `dir`: stages melt, quench_<k> and
// IS_<k>_at_P / IS_<k> per snapshot; writes is_series.csv (one row per
// snapshot, hottest first) and returns {"rows": [...]} with the same numbers.
// A folder made with other settings is refused unless `force` (start over).
nlohmann::json run_inherent_series(const Alloy& alloy, const ProtocolSettings& settings,
                                   const InherentSettings& inherent, const std::string& dir, bool force,
                                   bool verbose);

}  // namespace rejuv::protocol
