#include "util/error.h"

#include <fmt/format.h>

namespace rejuv {

std::string located(const std::string& file, long line, const std::string& message) {
  if (line > 0) return fmt::format("{}:{}: {}", file, line, message);
  return fmt::format("{}: {}", file, message);
}

}  // namespace rejuv
