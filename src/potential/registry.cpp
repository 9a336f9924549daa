#include "potential/registry.h"

#include <fmt/format.h>

#include "io/eam_file.h"
#include "potential/eam.h"
#include "potential/lennard_jones.h"
#include "util/error.h"

namespace rejuv::potential {

std::unique_ptr<Potential> create_potential(const io::PotentialSpec& spec) {
  if (spec.style == "eam/alloy")
    return Eam::from_setfl(io::read_setfl(spec.files.at(0), false), spec.elements, spec.style, spec.pair_table_stride);
  if (spec.style == "eam/fs")
    return Eam::from_setfl(io::read_setfl(spec.files.at(0), true), spec.elements, spec.style, spec.pair_table_stride);
  if (spec.style == "eam") {
    std::vector<io::FuncflFile> files;
    for (const auto& f : spec.files) files.push_back(io::read_funcfl(f));
    return Eam::from_funcfl(files, spec.elements, spec.pair_table_stride);
  }
  if (spec.style == "lj" || spec.style == "mie") return std::make_unique<LennardJones>(spec);
  throw InputError(fmt::format("{}: unknown potential style '{}'", spec.source, spec.style));
}

}  // namespace rejuv::potential
