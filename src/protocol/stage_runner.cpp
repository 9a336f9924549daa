#include "protocol/stage_runner.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>

#include <unistd.h>

#include <fmt/format.h>

#include "util/error.h"

namespace rejuv::protocol {

namespace fs = std::filesystem;

void write_atomically(const std::string& path, const std::string& text) {
  // A name of this process's own: two processes finishing the same file
  // (identical content, by determinism) never interleave their writes.
  const std::string tmp = fmt::format("{}.tmp.{}", path, ::getpid());
  {
    std::ofstream out(tmp);
    out << text;
    if (!out) throw InputError(fmt::format("{}: cannot write", tmp));
  }
  fs::rename(tmp, path);
}

void claim_folder(const std::string& dir, const std::string& record_name, const nlohmann::json& config, bool force,
                  bool empty_on_force) {
  fs::create_directories(dir);
  const std::string record = (fs::path(dir) / record_name).string();
  if (fs::exists(record)) {
    std::ifstream in(record);
    nlohmann::json old;
    try {
      old = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception&) {
      throw InputError(fmt::format("{}: not a rejuv run record (JSON); remove it or use another folder", record));
    }
    if (old == config) return;
    if (!force)
      throw InputError(fmt::format("{}: this folder holds a run with other settings; use another --out or --force "
                                   "to start it over",
                                   record));
    if (empty_on_force)
      for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename().string().rfind(".lock", 0) != 0) fs::remove_all(e.path());
  }
  write_atomically(record, config.dump(1) + "\n");
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
