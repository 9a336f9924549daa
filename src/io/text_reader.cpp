#include "io/text_reader.h"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "util/error.h"

namespace rejuv::io {

std::vector<std::string_view> split_whitespace(std::string_view line) {
  std::vector<std::string_view> tokens;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    const std::size_t start = i;
    while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    if (i > start) tokens.push_back(line.substr(start, i - start));
  }
  return tokens;
}

std::string_view strip_comment(std::string_view line) {
  const auto hash = line.find('#');
  if (hash != std::string_view::npos) line = line.substr(0, hash);
  while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.remove_suffix(1);
  while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front()))) line.remove_prefix(1);
  return line;
}

TextReader::TextReader(const std::string& path) : path_(path), in_(path) {
  if (!in_) throw InputError(fmt::format("{}: cannot open file for reading", path));
}

bool TextReader::next_line(std::string& line) {
  if (!std::getline(in_, line)) return false;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  ++line_number_;
  return true;
}

void TextReader::fail(const std::string& message) const {
  throw InputError(located(path_, line_number_, message));
}

double TextReader::to_double(std::string_view token, std::string_view what) const {
  double value = 0.0;
  const char* begin = token.data();
  const char* end = token.data() + token.size();
  if (!token.empty() && *begin == '+') ++begin;  // from_chars rejects a leading '+'
  const auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value))
    fail(fmt::format("expected a finite number for {}, found '{}'", what, token));
  return value;
}

long long TextReader::to_int(std::string_view token, std::string_view what) const {
  long long value = 0;
  const char* begin = token.data();
  const char* end = token.data() + token.size();
  if (!token.empty() && *begin == '+') ++begin;
  const auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr != end)
    fail(fmt::format("expected an integer for {}, found '{}'", what, token));
  return value;
}

void TextReader::read_numbers(std::size_t count, std::vector<double>& out, std::string_view what) {
  std::size_t got = 0;
  out.reserve(out.size() + count);
  while (got < count) {
    if (pending_pos_ >= pending_tokens_.size()) {
      if (!next_line(pending_))
        fail(fmt::format("file ends after {} of the {} values of {} (truncated file?)", got, count,
                         what));
      pending_tokens_ = split_whitespace(pending_);
      pending_pos_ = 0;
      continue;
    }
    out.push_back(to_double(pending_tokens_[pending_pos_++], what));
    ++got;
  }
  // A table ends at a line end in every format LAMMPS reads; values left on
  // the line mean the header's sizes disagree with the data.
  if (pending_pos_ < pending_tokens_.size())
    fail(fmt::format("{} values of {} expected by the header end here, but the line holds more "
                     "('{}'): do the grid sizes in the header match the data?",
                     count, what, pending_tokens_[pending_pos_]));
  pending_tokens_.clear();
  pending_pos_ = 0;
}

}  // namespace rejuv::io
