// Restart files: everything a run needs to continue bitwise as if it had
// never stopped. Written atomically (write to NAME.tmp, flush, fsync,
// rename), so a run killed at any moment leaves the previous checkpoint
// intact.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "system/system.h"

namespace rejuv::io {

struct Checkpoint {
  std::string signature;  // what run this belongs to (settings and inputs)
  long step = 0;
  System system;
  // Integrator state, accumulators, output file offsets: named vectors.
  std::map<std::string, std::vector<double>> values;
};

void write_checkpoint(const Checkpoint& checkpoint, const std::string& path);
// Empty if the file does not exist; throws InputError if it is corrupt.
std::optional<Checkpoint> read_checkpoint(const std::string& path);

}  // namespace rejuv::io
