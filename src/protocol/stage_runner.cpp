#include "protocol/stage_runner.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>

#include <fmt/format.h>

#include "util/error.h"

namespace rejuv::protocol {

namespace fs = std::filesystem;

void write_atomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp);
    out << text;
    if (!out) throw InputError(fmt::format("{}: cannot write", tmp));
  }
  fs::rename(tmp, path);
}

// Puts atoms in id order with positions wrapped: the state a stage starts
// from is then the same whether it comes from memory or from the previous
// stage's data file (which is read back exactly).
void canonical_order(System& sys) {
  std::vector<std::size_t> order(sys.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return sys.id[a] < sys.id[b]; });
  sys.permute(order);
  sys.wrap_into_box();
}

long steps_for(double duration_ps, double dt) { return std::max<long>(1, std::lround(duration_ps / dt)); }

}  // namespace rejuv::protocol
