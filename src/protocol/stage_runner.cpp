#include "protocol/stage_runner.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>

#include <unistd.h>

#include <fmt/format.h>

#include "protocol/sample.h"
#include "util/error.h"

namespace rejuv::protocol {

namespace fs = std::filesystem;

void write_atomically(const std::string& path, const std::string& text) {
  // A name of this process's own (host and pid: shards on several nodes may
  // share the folder): two processes finishing the same file (identical
  // content, by determinism) never interleave their writes.
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  const std::string tmp = fmt::format("{}.tmp.{}.{}", path, host, ::getpid());
  std::ofstream out(tmp, std::ios::binary);
  out << text;
  out.close();  // a full disk shows at the flush: never rename a short file into place
  if (!out) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw InputError(fmt::format("{}: cannot write (disk full or no permission?)", tmp));
  }
  fs::rename(tmp, path);
}

nlohmann::json read_json_file(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

void claim_folder(const std::string& dir, const std::string& record_name, const nlohmann::json& config, bool force,
                  bool empty_on_force) {
  fs::create_directories(dir);
  const std::string record = (fs::path(dir) / record_name).string();
  if (fs::exists(record)) {
    nlohmann::json old;
    try {
      old = read_json_file(record);
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

integrate::MdSettings npt_ramp(double t_start, double t_stop, std::array<double, 3> p_start,
                               std::array<double, 3> p_stop, bool aniso, long steps) {
  integrate::MdSettings m;
  m.ensemble = "npt";
  m.coupling = aniso ? "aniso" : "iso";
  m.t_start = t_start;
  m.t_stop = t_stop;
  m.p_start = p_start;
  m.p_stop = p_stop;
  m.steps = steps;
  return m;
}

void Runner::melt(const std::string& name, double p_gpa) {
  sys = make_random_sample(alloy, s.natoms, s.seed);
  potential::attach_potential(sys, *pot, alloy.elements, "sample");
  integrate::create_velocities(sys, s.t_melt, s.seed);
  md(name, npt_at(s.t_melt, s.t_melt, p_gpa, steps_for(s.melt_ps, s.timestep_ps)));
}

}  // namespace rejuv::protocol
