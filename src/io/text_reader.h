// Line-oriented reading of text input files with the file name and line
// number kept for error messages, and strict number parsing (no NaN/inf,
// no trailing garbage).
#pragma once

#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace rejuv::io {

std::vector<std::string_view> split_whitespace(std::string_view line);
// Strips a '#' comment and surrounding whitespace.
std::string_view strip_comment(std::string_view line);

class TextReader {
public:
  // Throws InputError naming `path` if it cannot be opened.
  explicit TextReader(const std::string& path);

  // Reads the next line; false at end of file.
  bool next_line(std::string& line);
  long line_number() const { return line_number_; }
  const std::string& path() const { return path_; }

  [[noreturn]] void fail(const std::string& message) const;

  // Number parsing; `what` names the quantity in the error message.
  double to_double(std::string_view token, std::string_view what) const;
  long long to_int(std::string_view token, std::string_view what) const;

  // Reads `count` numbers that may span several lines (as LAMMPS reads
  // potential tables), appending to `out`. `what` is used in errors,
  // including the truncated-file case.
  void read_numbers(std::size_t count, std::vector<double>& out, std::string_view what);

private:
  std::string path_;
  std::ifstream in_;
  long line_number_ = 0;
  std::string pending_;                      // unconsumed tail of the current line
  std::vector<std::string_view> pending_tokens_;
  std::size_t pending_pos_ = 0;
};

}  // namespace rejuv::io
