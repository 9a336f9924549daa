// Error types. An InputError is a problem with something the user gave us
// (a file, a TOML key, a flag); its message already names where and what was
// expected, so `main` prints it on one line and exits non-zero.
#pragma once

#include <stdexcept>
#include <string>

namespace rejuv {

class InputError : public std::runtime_error {
public:
  explicit InputError(const std::string& message) : std::runtime_error(message) {}
};

// Builds "FILE:LINE: message" (LINE omitted when 0).
std::string located(const std::string& file, long line, const std::string& message);

}  // namespace rejuv
