// FNV-1a content fingerprints: cheap identities for input files, so a run
// can tell whether it is given the same inputs as before.
#pragma once

#include <cstdint>
#include <string>

namespace rejuv {

inline constexpr std::uint64_t kFnv1aOffset = 1469598103934665603ULL;

// Continues hash `h` over the bytes of the file at `path`; throws InputError
// when it cannot be read.
std::uint64_t fnv1a_file(const std::string& path, std::uint64_t h = kFnv1aOffset);

}  // namespace rejuv
