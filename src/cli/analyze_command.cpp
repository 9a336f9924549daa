// `rejuv analyze`: structure of one configuration (a LAMMPS data file or a
// frame of a text dump): Voronoi cells and indices, icosahedral short-range
// order, medium-range order (clusters of interpenetrating icosahedra),
// radial distribution functions, coordination numbers and S(q).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analysis/icosahedral_order.h"
#include "analysis/mro_clusters.h"
#include "analysis/pair_distribution.h"
#include "analysis/structure_factor.h"
#include "analysis/voronoi.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "io/lammps_data.h"
#include "io/lammps_dump.h"
#include "util/error.h"

namespace rejuv::cli {

namespace {

struct AnalyzeOptions {
  std::string file;
  std::string voronoi_csv, rdf_csv, sq_csv, clusters_csv, dump;
  bool json = false;
  long frame = -1;
  std::string boundary;  // data files only; default ppp
  std::string elements;
  std::string radii;
  double face_threshold = 0.0;
  double rdf_cutoff = 0.0;  // 0: min(10 A, half the smallest periodic width)
  int rdf_bins = 200;
  double q_min = 0.5, q_max = 12.0, q_step = 0.02;
  std::string sq_method = "rdf";
  std::string sq_window = "lorch";
  int top_indices = 10;
};

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    out.push_back(item);
  }
  return out;
}

System load(const AnalyzeOptions& opt, long& frame_read, long& timestep) {
  if (opt.frame < -1) throw InputError(fmt::format("--frame {}: expected a frame number >= 0", opt.frame));
  System sys;
  if (io::looks_like_dump(opt.file)) {
    if (!opt.boundary.empty())
      throw InputError(fmt::format("--boundary: {} is a dump, whose BOX BOUNDS line gives the boundary", opt.file));
    auto d = io::read_lammps_dump(opt.file, opt.frame);
    frame_read = d.frame;
    timestep = d.timestep;
    sys = std::move(d.system);
  } else {
    if (opt.frame >= 0)
      throw InputError(fmt::format("--frame {}: {} is a data file (one configuration), not a dump", opt.frame,
                                   opt.file));
    try {
      sys = io::read_lammps_data(opt.file, parse_boundary(opt.boundary.empty() ? "ppp" : opt.boundary));
    } catch (const InputError& e) {
      throw InputError(fmt::format("{} (read as a LAMMPS data file: it does not start with 'ITEM:' as a dump "
                                   "does)",
                                   e.what()));
    }
    frame_read = 0;
    timestep = 0;
  }
  if (sys.size() == 0) throw InputError(fmt::format("{}: no atoms to analyse", opt.file));
  return sys;
}

// Names per type: --elements, else the type numbers.
void name_types(System& sys, const AnalyzeOptions& opt) {
  int ntypes = sys.num_types();
  for (int t : sys.type) ntypes = std::max(ntypes, t + 1);
  if (static_cast<int>(sys.mass.size()) < ntypes) sys.mass.resize(static_cast<std::size_t>(ntypes), std::nan(""));
  sys.type_names.clear();
  if (!opt.elements.empty()) {
    sys.type_names = split_list(opt.elements);
    if (static_cast<int>(sys.type_names.size()) != ntypes)
      throw InputError(fmt::format("--elements '{}': {} names for the {} atom types of {}", opt.elements,
                                   sys.type_names.size(), ntypes, opt.file));
    for (const auto& n : sys.type_names)
      if (n.empty()) throw InputError(fmt::format("--elements '{}': an empty name", opt.elements));
  } else {
    for (int t = 0; t < ntypes; ++t) sys.type_names.push_back(std::to_string(t + 1));
  }
}

// "--radii Cu=1.28,Zr=1.60" (element names) or "1=1.28,2=1.60" (types).
std::vector<double> parse_radii(const std::string& text, const System& sys) {
  std::vector<double> radius(sys.type_names.size(), 0.0);
  for (const auto& item : split_list(text)) {
    const auto eq = item.find('=');
    if (eq == std::string::npos)
      throw InputError(fmt::format("--radii '{}': expected NAME=RADIUS pairs, e.g. Cu=1.28,Zr=1.60, found '{}'",
                                   text, item));
    const std::string key = item.substr(0, eq);
    const auto it = std::find(sys.type_names.begin(), sys.type_names.end(), key);
    if (it == sys.type_names.end())
      throw InputError(fmt::format("--radii: '{}' is not a type of this file (types: {}; name them with "
                                   "--elements)",
                                   key, fmt::join(sys.type_names, ",")));
    double r = 0.0;
    try {
      std::size_t used = 0;
      r = std::stod(item.substr(eq + 1), &used);
      if (used != item.size() - eq - 1) r = -1.0;
    } catch (const std::exception&) {
      r = -1.0;
    }
    if (!(r > 0.0) || !std::isfinite(r))
      throw InputError(fmt::format("--radii: {} = '{}': expected a radius > 0 in A", key, item.substr(eq + 1)));
    radius[static_cast<std::size_t>(it - sys.type_names.begin())] = r;
  }
  for (std::size_t t = 0; t < radius.size(); ++t)
    if (radius[t] == 0.0)
      throw InputError(fmt::format("--radii '{}': no radius for type {}", text, sys.type_names[t]));
  return radius;
}

std::FILE* open_output(const std::string& flag, const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (!f) throw InputError(fmt::format("{} {}: cannot open file for writing", flag, path));
  return f;
}

void close_output(std::FILE* f, const std::string& flag, const std::string& path) {
  if (std::fclose(f) != 0) throw InputError(fmt::format("{} {}: write failed", flag, path));
}

std::vector<std::size_t> id_order(const System& sys) {
  std::vector<std::size_t> order(sys.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return sys.id[a] < sys.id[b]; });
  return order;
}

std::string index_string(const std::array<int, 4>& i) { return fmt::format("<{},{},{},{}>", i[0], i[1], i[2], i[3]); }

void run_analyze(const AnalyzeOptions& opt) {
  long frame = 0, timestep = 0;
  System sys = load(opt, frame, timestep);
  name_types(sys, opt);
  const auto& names = sys.type_names;
  const int ntypes = static_cast<int>(names.size());

  analysis::VoronoiOptions vopt;
  vopt.relative_face_area_threshold = opt.face_threshold;
  if (!opt.radii.empty()) vopt.radius_by_type = parse_radii(opt.radii, sys);
  const auto cells = analysis::compute_voronoi(sys, vopt);
  const auto ico = analysis::icosahedral_order(sys, cells);
  const auto mro = analysis::find_mro_clusters(sys, cells, ico.is_centre);
  const auto top = analysis::index_histogram(cells, static_cast<std::size_t>(std::max(opt.top_indices, 0)));

  double cutoff = opt.rdf_cutoff;
  if (cutoff <= 0.0) {
    cutoff = 10.0;
    const Vec3 w = sys.box.perpendicular_widths();
    for (int d = 0; d < 3; ++d)
      if (sys.box.periodic[d]) cutoff = std::min(cutoff, 0.5 * w[d]);
  }
  const auto rdf = analysis::pair_distribution(sys, {cutoff, opt.rdf_bins});
  analysis::SqOptions sopt{opt.q_min, opt.q_max, opt.q_step, opt.sq_window == "lorch"};
  if (opt.sq_window != "lorch" && opt.sq_window != "none")
    throw InputError(fmt::format("--sq-window '{}': expected lorch or none", opt.sq_window));
  analysis::StructureFactor sq;
  if (opt.sq_method == "rdf")
    sq = analysis::structure_factor_from_rdf(rdf, sopt);
  else if (opt.sq_method == "direct")
    sq = analysis::structure_factor_direct(sys, sopt);
  else
    throw InputError(fmt::format("--sq-method '{}': expected rdf or direct", opt.sq_method));

  const double volume = sys.box.volume();
  const double n = static_cast<double>(sys.size());
  const auto order = id_order(sys);

  if (!opt.voronoi_csv.empty()) {
    std::FILE* f = open_output("--voronoi", opt.voronoi_csv);
    fmt::print(f, "id,type,n3,n4,n5,n6,faces,volume,surface_area,icosahedral,cluster,neighbors\n");
    for (auto i : order) {
      const auto& ix = cells.index[i];
      std::string nbrs;
      for (auto j : cells.neighbors(i)) nbrs += (nbrs.empty() ? "" : " ") + std::to_string(sys.id[j]);
      fmt::print(f, "{},{},{},{},{},{},{},{:.10g},{:.10g},{},{},{}\n", sys.id[i], sys.type[i] + 1, ix[0], ix[1], ix[2],
                 ix[3], cells.faces[i], cells.volume[i], cells.surface_area[i], ico.is_centre[i] ? 1 : 0,
                 mro.cluster_of_atom[i] + 1, nbrs);
    }
    close_output(f, "--voronoi", opt.voronoi_csv);
  }
  if (!opt.clusters_csv.empty()) {
    std::FILE* f = open_output("--clusters", opt.clusters_csv);
    fmt::print(f, "cluster,size");
    for (const auto& nm : names) fmt::print(f, ",centres_{}", nm);
    fmt::print(f, ",ids\n");
    for (std::size_t c = 0; c < mro.members.size(); ++c) {
      std::vector<std::size_t> by_type(names.size(), 0);
      std::string ids;
      for (auto i : mro.members[c]) {
        ++by_type[static_cast<std::size_t>(sys.type[i])];
        ids += (ids.empty() ? "" : " ") + std::to_string(sys.id[i]);
      }
      fmt::print(f, "{},{}", c + 1, mro.members[c].size());
      for (auto k : by_type) fmt::print(f, ",{}", k);
      fmt::print(f, ",{}\n", ids);
    }
    close_output(f, "--clusters", opt.clusters_csv);
  }
  if (!opt.rdf_csv.empty()) {
    std::FILE* f = open_output("--rdf", opt.rdf_csv);
    const auto cum_total = rdf.cumulative_total();
    std::vector<std::vector<double>> cum(static_cast<std::size_t>(ntypes * ntypes));
    fmt::print(f, "r,g_total,n_total");
    for (int a = 0; a < ntypes; ++a)
      for (int b = a; b < ntypes; ++b) {
        fmt::print(f, ",g_{}_{},n_{}_{}", names[a], names[b], names[a], names[b]);
        if (a != b) fmt::print(f, ",n_{}_{}", names[b], names[a]);
      }
    fmt::print(f, "\n");
    for (int a = 0; a < ntypes; ++a)
      for (int b = 0; b < ntypes; ++b) cum[static_cast<std::size_t>(a * ntypes + b)] = rdf.cumulative_partial(a, b);
    for (std::size_t k = 0; k < rdf.r.size(); ++k) {
      fmt::print(f, "{:.6g},{:.10g},{:.10g}", rdf.r[k], rdf.g_total[k], cum_total[k]);
      for (int a = 0; a < ntypes; ++a)
        for (int b = a; b < ntypes; ++b) {
          const auto ab = static_cast<std::size_t>(a * ntypes + b), ba = static_cast<std::size_t>(b * ntypes + a);
          fmt::print(f, ",{:.10g},{:.10g}", rdf.g_partial[ab][k], cum[ab][k]);
          if (a != b) fmt::print(f, ",{:.10g}", cum[ba][k]);
        }
      fmt::print(f, "\n");
    }
    close_output(f, "--rdf", opt.rdf_csv);
  }
  if (!opt.sq_csv.empty()) {
    std::FILE* f = open_output("--sq", opt.sq_csv);
    fmt::print(f, "{}", opt.sq_method == "direct" ? "q,S,wavevectors\n" : "q,S\n");
    for (std::size_t k = 0; k < sq.q.size(); ++k) {
      fmt::print(f, "{:.6g},{:.10g}", sq.q[k], sq.s[k]);
      if (opt.sq_method == "direct") fmt::print(f, ",{}", sq.vectors[k]);
      fmt::print(f, "\n");
    }
    close_output(f, "--sq", opt.sq_csv);
  }
  if (!opt.dump.empty()) {
    std::vector<io::DumpColumn> cols;
    const char* idx_names[4] = {"n3", "n4", "n5", "n6"};
    for (int k = 0; k < 4; ++k) {
      io::DumpColumn c{idx_names[k], std::vector<double>(sys.size()), true};
      for (std::size_t i = 0; i < sys.size(); ++i) c.values[i] = cells.index[i][static_cast<std::size_t>(k)];
      cols.push_back(std::move(c));
    }
    io::DumpColumn faces{"faces", std::vector<double>(cells.faces.begin(), cells.faces.end()), true};
    io::DumpColumn vol{"volume", cells.volume, false};
    io::DumpColumn ic{"icosahedral", std::vector<double>(sys.size()), true};
    io::DumpColumn cl{"cluster", std::vector<double>(sys.size()), true};
    for (std::size_t i = 0; i < sys.size(); ++i) {
      ic.values[i] = ico.is_centre[i] ? 1.0 : 0.0;
      cl.values[i] = static_cast<double>(mro.cluster_of_atom[i] + 1);
    }
    cols.push_back(std::move(faces));
    cols.push_back(std::move(vol));
    cols.push_back(std::move(ic));
    cols.push_back(std::move(cl));
    std::FILE* f = open_output("--dump", opt.dump);
    io::write_dump_frame_columns(f, sys, timestep, cols);
    close_output(f, "--dump", opt.dump);
  }

  auto pair_key = [&](int a, int b) { return names[a] + "-" + names[b]; };
  if (opt.json) {
    nlohmann::json j;
    j["file"] = opt.file;
    j["frame"] = frame;
    j["timestep"] = timestep;
    j["natoms"] = sys.size();
    j["types"] = names;
    j["volume_A3"] = volume;
    j["volume_A3_per_atom"] = volume / n;
    j["number_density_per_A3"] = n / volume;
    const double rho_mass = analysis::mass_density(sys);
    j["mass_density_g_cm3"] = std::isfinite(rho_mass) ? nlohmann::json(rho_mass) : nlohmann::json(nullptr);
    j["voronoi_variant"] = vopt.radius_by_type.empty() ? "ordinary" : "radical";
    j["face_area_threshold_relative"] = opt.face_threshold;
    j["icosahedral_count"] = ico.centres;
    j["icosahedral_fraction"] = ico.fraction;
    nlohmann::json by_species = nlohmann::json::object(), counts = nlohmann::json::object();
    for (int t = 0; t < ntypes; ++t) {
      by_species[names[t]] = ico.fraction_by_type[static_cast<std::size_t>(t)];
      counts[names[t]] = ico.centres_by_type[static_cast<std::size_t>(t)];
    }
    j["icosahedral_fraction_by_species"] = by_species;
    j["icosahedral_count_by_species"] = counts;
    nlohmann::json hist = nlohmann::json::array();
    for (const auto& e : top)
      hist.push_back({{"index", e.index}, {"count", e.count}, {"fraction", e.fraction}});
    j["voronoi_index_histogram"] = hist;
    j["mro_clusters"] = mro.count;
    j["mro_mean_size_number_weighted"] = mro.mean_size_number_weighted;
    j["mro_mean_size_size_weighted"] = mro.mean_size_size_weighted;
    j["mro_max_size"] = mro.max_size;
    j["mro_definition"] =
        "clusters = connected components of icosahedral centres linked when mutual Voronoi neighbours (periodic "
        "images included); sizes in centres; number_weighted = sum(s)/clusters, size_weighted = "
        "sum(s^2)/sum(s) (s*)";
    j["rdf_cutoff_A"] = rdf.cutoff;
    j["rdf_bins"] = opt.rdf_bins;
    nlohmann::json coord = nlohmann::json::object();
    auto shell_json = [](const analysis::CoordinationShell& s) {
      return nlohmann::json{{"first_peak_A", s.first_peak_r},
                            {"first_minimum_A", s.first_minimum_r},
                            {"coordination_number", s.coordination}};
    };
    coord["total"] = shell_json(rdf.total_shell);
    for (int a = 0; a < ntypes; ++a)
      for (int b = 0; b < ntypes; ++b)
        coord[pair_key(a, b)] = shell_json(rdf.partial_shell[static_cast<std::size_t>(a * ntypes + b)]);
    j["coordination"] = coord;
    j["sq_method"] = opt.sq_method;
    j["sq_window"] = opt.sq_method == "rdf" ? opt.sq_window : "none";
    j["sq_first_peak_q_per_A"] = sq.first_peak_q;
    j["sq_first_peak_S"] = sq.first_peak_s;
    fmt::print("{}\n", j.dump());
    return;
  }

  fmt::print("rejuv analyze: {} (frame {}, timestep {}; {} atoms, types {})\n", opt.file, frame, timestep,
             sys.size(), fmt::join(names, " "));
  fmt::print("  volume            {:.4f} A^3 ({:.4f} A^3/atom, {:.6f} atoms/A^3", volume, volume / n, n / volume);
  const double rho_mass = analysis::mass_density(sys);
  if (std::isfinite(rho_mass)) fmt::print(", {:.4f} g/cm^3", rho_mass);
  fmt::print(")\n");
  fmt::print("  Voronoi           {}{}\n", vopt.radius_by_type.empty() ? "ordinary" : "radical (per-type radii)",
             opt.face_threshold > 0 ? fmt::format(", faces below {} of the cell area dropped", opt.face_threshold)
                                    : "");
  fmt::print("  icosahedral SRO   {:.4f} of atoms are <0,0,12,0> centres ({})", ico.fraction, ico.centres);
  for (int t = 0; t < ntypes; ++t)
    fmt::print("; {} {:.4f}", names[t], ico.fraction_by_type[static_cast<std::size_t>(t)]);
  fmt::print("\n  top indices      ");
  for (std::size_t k = 0; k < std::min<std::size_t>(top.size(), 5); ++k)
    fmt::print(" {} {:.3f}", index_string(top[k].index), top[k].fraction);
  fmt::print("\n  MRO clusters      {} clusters; mean size {:.3f} (number-weighted), s* = {:.3f} (size-weighted), "
             "smax = {}\n",
             mro.count, mro.mean_size_number_weighted, mro.mean_size_size_weighted, mro.max_size);
  fmt::print("  coordination      total {:.3f} (first minimum {:.3f} A)", rdf.total_shell.coordination,
             rdf.total_shell.first_minimum_r);
  for (int a = 0; a < ntypes; ++a)
    for (int b = 0; b < ntypes; ++b)
      fmt::print("; {} {:.3f}", pair_key(a, b), rdf.partial_shell[static_cast<std::size_t>(a * ntypes + b)].coordination);
  fmt::print("\n  S(q) first peak   q = {:.4f} 1/A, S = {:.4f} ({} method)\n", sq.first_peak_q, sq.first_peak_s,
             opt.sq_method);
  for (const auto& [flag, path] : std::vector<std::pair<const char*, std::string>>{
           {"--voronoi", opt.voronoi_csv}, {"--rdf", opt.rdf_csv}, {"--sq", opt.sq_csv},
           {"--clusters", opt.clusters_csv}, {"--dump", opt.dump}})
    if (!path.empty()) fmt::print("  {} written to {}\n", flag, path);
}

}  // namespace

void add_analyze_command(CLI::App& app) {
  auto opt = std::make_shared<AnalyzeOptions>();
  CLI::App* cmd = app.add_subcommand("analyze", "Structure of a configuration: Voronoi, icosahedral SRO, MRO "
                                                "clusters, g(r), S(q)");
  cmd->add_option("file", opt->file, "LAMMPS data file or text dump (custom: id type x y z | xs ys zs | xu yu zu)")
      ->required();
  cmd->add_option("--voronoi", opt->voronoi_csv,
                  "Per-atom CSV: id,type,n3,n4,n5,n6,faces,volume,surface_area,icosahedral,cluster,neighbors");
  cmd->add_option("--rdf", opt->rdf_csv, "CSV of total and partial g(r) with cumulative coordination");
  cmd->add_option("--sq", opt->sq_csv, "CSV of S(q)");
  cmd->add_option("--clusters", opt->clusters_csv, "CSV of MRO clusters (cluster,size,centres per type,ids)");
  cmd->add_option("--dump", opt->dump,
                  "LAMMPS dump with id type x y z n3 n4 n5 n6 faces volume icosahedral cluster (for OVITO)");
  cmd->add_flag("--json", opt->json, "Print one JSON object instead of the summary");
  cmd->add_option("--frame", opt->frame, "Dump frame to analyse, 0-based (default: the last)");
  cmd->add_option("--boundary", opt->boundary, "Data files: periodicity per dimension, p or f (default ppp)");
  cmd->add_option("--elements", opt->elements, "Element name per atom type, e.g. Cu,Zr");
  cmd->add_option("--radii", opt->radii, "Radical Voronoi with per-type radii in A, e.g. Cu=1.28,Zr=1.60");
  cmd->add_option("--face-threshold", opt->face_threshold,
                  "Drop Voronoi faces smaller than this fraction of their cell's surface (default 0: keep all)");
  cmd->add_option("--rdf-cutoff", opt->rdf_cutoff, "g(r) range in A (default min(10, half the smallest periodic width))");
  cmd->add_option("--rdf-bins", opt->rdf_bins, "g(r) bins")->capture_default_str();
  cmd->add_option("--q-min", opt->q_min, "S(q) grid start, 1/A")->capture_default_str();
  cmd->add_option("--q-max", opt->q_max, "S(q) grid end, 1/A")->capture_default_str();
  cmd->add_option("--q-step", opt->q_step, "S(q) grid step, 1/A")->capture_default_str();
  cmd->add_option("--sq-method", opt->sq_method, "rdf (transform of g(r)) or direct (sum over wavevectors)")
      ->capture_default_str();
  cmd->add_option("--sq-window", opt->sq_window, "Window for the rdf method: lorch or none")->capture_default_str();
  cmd->add_option("--top-indices", opt->top_indices, "How many of the most frequent Voronoi indices to report")
      ->capture_default_str();
  cmd->callback([opt] { run_analyze(*opt); });
}

}  // namespace rejuv::cli
