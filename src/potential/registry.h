// Potential styles by name: the one place that maps a [potential] style to
// the class that implements it.
#pragma once

#include <memory>

#include "io/potential_config.h"
#include "potential/potential.h"

namespace rejuv::potential {

// Reads the potential's files and builds it. Throws InputError on bad files.
std::unique_ptr<Potential> create_potential(const io::PotentialSpec& spec);

}  // namespace rejuv::potential
