#include "support/test_support.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <algorithm>
#include <random>
#include <sstream>

#include "io/lammps_data.h"
#include "neighbor/neighbor_list.h"
#include "potential/evaluate.h"
#include "potential/registry.h"
#include "util/units.h"

namespace rejuv::test {

std::string source_dir() { return REJUV_SOURCE_DIR; }
std::string shared_potentials() { return REJUV_SHARED_POTENTIALS; }
std::string lammps_potentials() { return "/usr/share/lammps/potentials"; }

std::string temp_dir(const std::string& name) {
  // One folder per test process (CTest runs tests in parallel processes),
  // removed when the process exits.
  static const std::filesystem::path root = [] {
    const auto p = std::filesystem::temp_directory_path() / ("rejuv_test_" + std::to_string(::getpid()));
    std::atexit([] { std::filesystem::remove_all(std::filesystem::temp_directory_path() /
                                                 ("rejuv_test_" + std::to_string(::getpid()))); });
    return p;
  }();
  const auto dir = root / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
}

int shell(const std::string& command) {
  const int rc = std::system(command.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

System make_alloy(const AlloyOptions& opt) {
  System sys;
  const double basis[4][3] = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
  const int n = 4 * opt.cells[0] * opt.cells[1] * opt.cells[2];
  sys.resize(static_cast<std::size_t>(n));
  const double lx = opt.cells[0] * opt.lattice, ly = opt.cells[1] * opt.lattice, lz = opt.cells[2] * opt.lattice;
  sys.box.hi = {lx, ly, lz};
  sys.box.xy = opt.tilt[0] * lx;
  sys.box.xz = opt.tilt[1] * lx;
  sys.box.yz = opt.tilt[2] * ly;
  sys.box.triclinic = opt.tilt[0] != 0 || opt.tilt[1] != 0 || opt.tilt[2] != 0;
  std::mt19937_64 rng(opt.seed);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  // Species: exact counts from the fractions, then shuffled.
  std::vector<double> frac = opt.fractions;
  if (frac.empty()) frac.assign(static_cast<std::size_t>(opt.ntypes), 1.0 / opt.ntypes);
  std::vector<int> types;
  for (int t = 0; t < opt.ntypes; ++t) {
    const int count = t + 1 == opt.ntypes ? n - static_cast<int>(types.size())
                                          : static_cast<int>(std::lround(frac[t] * n));
    types.insert(types.end(), static_cast<std::size_t>(count), t);
  }
  std::shuffle(types.begin(), types.end(), rng);
  int k = 0;
  for (int a = 0; a < opt.cells[0]; ++a)
    for (int b = 0; b < opt.cells[1]; ++b)
      for (int c = 0; c < opt.cells[2]; ++c)
        for (const auto& bs : basis) {
          const Vec3 s{(a + bs[0]) / opt.cells[0], (b + bs[1]) / opt.cells[1], (c + bs[2]) / opt.cells[2]};
          const Vec3 r = sys.box.from_fractional(s);
          sys.x[k] = r[0] + opt.displacement * u(rng);
          sys.y[k] = r[1] + opt.displacement * u(rng);
          sys.z[k] = r[2] + opt.displacement * u(rng);
          sys.type[k] = types[k];
          sys.id[k] = k + 1;
          ++k;
        }
  sys.mass.assign(opt.masses.begin(), opt.masses.begin() + opt.ntypes);
  return sys;
}

std::string alloy_case(const std::string& name) {
  const std::string dir = temp_dir(name);
  io::write_lammps_data(make_alloy({}), dir + "/a.data");
  write_text(dir + "/p.toml",
             "[potential]\nstyle = \"eam/fs\"\nfile = \"CuZr_mm.eam.fs\"\nelements = [\"Cu\", \"Zr\"]\n");
  return dir;
}

Result compute(const System& system, potential::Potential& pot, double skin) {
  System sys = system;
  auto list = potential::make_neighbor_list(pot, skin);
  potential::PerAtom per_atom;
  const auto t = potential::evaluate(sys, pot, list, per_atom);
  Result r;
  r.energy = t.potential_energy;
  r.virial = t.virial;
  std::vector<std::size_t> order(sys.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return sys.id[a] < sys.id[b]; });
  for (auto i : order) {
    r.fx.push_back(sys.fx[i]);
    r.fy.push_back(sys.fy[i]);
    r.fz.push_back(sys.fz[i]);
  }
  return r;
}

std::pair<double, double> evaluate_state(const io::PotentialSpec& spec, const std::string& file) {
  auto pot = potential::create_potential(spec);
  System s = io::read_lammps_data(file);
  potential::attach_potential(s, *pot, spec.elements, file);
  s.has_velocities = false;  // a minimised state: static pressure
  auto list = potential::make_neighbor_list(*pot, 1.0);
  potential::PerAtom per_atom;
  const auto t = potential::evaluate(s, *pot, list, per_atom);
  return {t.potential_energy / static_cast<double>(s.size()), t.pressure_scalar() * units::eV_per_A3_to_GPa};
}

CliRun run_rejuv(const std::string& args) {
  const std::string dir = temp_dir("cli_run");
  const std::string cmd = std::string(REJUV_BINARY) + " " + args + " >" + dir + "/out 2>" + dir + "/err";
  const int rc = std::system(cmd.c_str());
  return {WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, read_text(dir + "/out"), read_text(dir + "/err")};
}

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

}  // namespace rejuv::test
