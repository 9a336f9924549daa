#include "util/fingerprint.h"

#include <fstream>

#include <fmt/format.h>

#include "util/error.h"

namespace rejuv {

std::uint64_t fnv1a_file(const std::string& path, std::uint64_t h) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(fmt::format("{}: cannot read", path));
  char buffer[65536];
  while (in) {
    in.read(buffer, sizeof buffer);
    for (std::streamsize i = 0; i < in.gcount(); ++i) {
      h ^= static_cast<unsigned char>(buffer[i]);
      h *= 1099511628211ULL;
    }
  }
  return h;
}

}  // namespace rejuv
