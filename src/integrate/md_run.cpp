#include "integrate/md_run.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <unistd.h>

#include <fmt/format.h>

#include "integrate/mtk_barostat.h"
#include "integrate/nose_hoover_chain.h"
#include "integrate/velocities.h"
#include "io/checkpoint.h"
#include "io/lammps_dump.h"
#include "neighbor/neighbor_list.h"
#include "potential/evaluate.h"
#include "util/error.h"
#include "util/parallel.h"
#include "util/units.h"

namespace rejuv::integrate {

namespace {

using Clock = std::chrono::steady_clock;

struct Accumulators {
  double sum_t = 0, sum_p = 0, sum_v = 0, sum_pe = 0;
  double count = 0;
  double conserved0 = 0;
  double sum_pxx = 0, sum_pyy = 0, sum_pzz = 0;
};

struct ThermoRow {
  long step;
  double time_ps, temperature, pe, ke, pressure_gpa, volume, total, conserved;
  std::array<double, 6> p_gpa;
  double lx, ly, lz;
};

const char* kThermoHeader =
    "step,time_ps,temperature_K,potential_energy_eV,kinetic_energy_eV,pressure_GPa,volume_A3,"
    "total_energy_eV,conserved_eV,pxx_GPa,pyy_GPa,pzz_GPa,pxy_GPa,pxz_GPa,pyz_GPa,lx_A,ly_A,lz_A\n";

void write_row(std::FILE* f, const ThermoRow& r) {
  fmt::print(f, "{},{:.6f},{:.10g},{:.12g},{:.12g},{:.10g},{:.12g},{:.12g},{:.12g},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},{:.12g},{:.12g},{:.12g}\n",
             r.step, r.time_ps, r.temperature, r.pe, r.ke, r.pressure_gpa, r.volume, r.total, r.conserved,
             r.p_gpa[0], r.p_gpa[1], r.p_gpa[2], r.p_gpa[3], r.p_gpa[4], r.p_gpa[5], r.lx, r.ly, r.lz);
}

std::string format_duration(double s) {
  if (s < 60) return fmt::format("{:.0f}s", s);
  if (s < 3600) return fmt::format("{:.0f}m{:02.0f}s", std::floor(s / 60), std::fmod(s, 60));
  return fmt::format("{:.0f}h{:02.0f}m", std::floor(s / 3600), std::fmod(s / 60, 60));
}

// Opens an output file for a fresh run (truncate) or a resumed one (cut back
// to the size it had at the checkpoint, then append).
std::FILE* open_output(const std::string& path, long resume_offset) {
  if (resume_offset >= 0 && std::filesystem::exists(path)) {
    std::filesystem::resize_file(path, static_cast<std::uintmax_t>(resume_offset));
    std::FILE* f = std::fopen(path.c_str(), "ab");
    if (!f) throw InputError(fmt::format("{}: cannot open for appending", path));
    return f;
  }
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) throw InputError(fmt::format("{}: cannot open for writing", path));
  return f;
}

// The first half step's velocity update (kick) and the drift x += dt v in
// one pass, the drift between the barostat's two remaps of the positions
// (with Remap); returns the largest squared displacement. Per atom the same
// operations as a kick pass followed by a drift pass, so the same bits,
// with one thread team and one pass over the velocities fewer. The maps and
// the kick are private copies and the arrays restrict pointers, so that the
// loop runs as vector code: through the shared map the compiler had to
// reload the matrices after every position store, and ran it scalar.
//
// With Measure, the same pass also finds the largest displacement since
// the neighbour list's build (the rebuild check's own pass otherwise).
struct DriftResult {
  double largest_move2 = 0.0;          // squared, in this step
  double largest_displacement2 = 0.0;  // squared, since the list's build (Measure)
};

template <bool Remap, bool Measure, class Kick>
DriftResult kick_and_drift_pass(System& sys, double dt, Kick kick, MtkBarostat::PositionMap before,
                                MtkBarostat::PositionMap after, neighbor::DisplacementMeasure measure) {
  const std::size_t n = sys.size();
  double* __restrict x = sys.x.data();
  double* __restrict y = sys.y.data();
  double* __restrict z = sys.z.data();
  double* __restrict vx = sys.vx.data();
  double* __restrict vy = sys.vy.data();
  double* __restrict vz = sys.vz.data();
  double max_move2 = 0.0, umax2 = 0.0;
#pragma omp parallel for simd schedule(static) reduction(max : max_move2, umax2) \
    firstprivate(kick, before, after, measure) if (parallel : n >= util::kParallelLoopAtoms)
  for (std::size_t i = 0; i < n; ++i) {
    double vxi = vx[i], vyi = vy[i], vzi = vz[i];
    kick(i, vxi, vyi, vzi);
    vx[i] = vxi;
    vy[i] = vyi;
    vz[i] = vzi;
    double xi = x[i], yi = y[i], zi = z[i];
    if constexpr (Remap) before.apply(xi, yi, zi);
    const double dx = dt * vxi, dy = dt * vyi, dz = dt * vzi;
    xi += dx;
    yi += dy;
    zi += dz;
    max_move2 = std::max(max_move2, dx * dx + dy * dy + dz * dz);
    if constexpr (Remap) after.apply(xi, yi, zi);
    x[i] = xi;
    y[i] = yi;
    z[i] = zi;
    if constexpr (Measure) umax2 = std::max(umax2, measure.squared(i, xi, yi, zi));
  }
  return {max_move2, umax2};
}

// measure: null, or the list's measure for the box after this drift.
template <bool Remap, class Kick>
DriftResult kick_and_drift(System& sys, double dt, Kick kick, MtkBarostat::PositionMap before,
                           MtkBarostat::PositionMap after, const neighbor::DisplacementMeasure* measure) {
  return measure ? kick_and_drift_pass<Remap, true>(sys, dt, kick, before, after, *measure)
                 : kick_and_drift_pass<Remap, false>(sys, dt, kick, before, after, {});
}

}  // namespace

void validate(const MdSettings& s) {
  if (s.ensemble != "nve" && s.ensemble != "nvt" && s.ensemble != "npt")
    throw InputError(fmt::format("ensemble '{}': expected nve, nvt or npt", s.ensemble));
  if (!(s.timestep_ps > 0.0) || !std::isfinite(s.timestep_ps))
    throw InputError(fmt::format("timestep {} ps: expected a time step > 0", s.timestep_ps));
  if (s.steps < 0) throw InputError(fmt::format("steps {}: expected >= 0", s.steps));
  if (s.ensemble == "npt") {
    if (s.coupling != "iso" && s.coupling != "aniso")
      throw InputError(fmt::format("pressure coupling '{}': expected iso or aniso", s.coupling));
    for (int d = 0; d < 3; ++d)
      if (!std::isfinite(s.p_start[d]) || !std::isfinite(s.p_stop[d]))
        throw InputError("pressure targets must be finite numbers (GPa)");
    const double pdamp = s.pdamp_ps > 0 ? s.pdamp_ps : 1000.0 * s.timestep_ps;
    if (pdamp <= s.timestep_ps)
      throw InputError(fmt::format("pressure damping time {} ps must be longer than the time step {} ps", pdamp,
                                   s.timestep_ps));
  }
  if (s.ensemble == "nvt" || s.ensemble == "npt") {
    if (!(s.t_start > 0.0) || !(s.t_stop > 0.0))
      throw InputError(fmt::format("temperature {}:{} K: a Nose-Hoover thermostat needs targets > 0 K "
                                   "(ramps stay positive; use e.g. 1 K as the lowest target)",
                                   s.t_start, s.t_stop));
    const double tdamp = s.tdamp_ps > 0 ? s.tdamp_ps : 100.0 * s.timestep_ps;
    if (tdamp <= s.timestep_ps)
      throw InputError(fmt::format("temperature damping time {} ps must be longer than the time step {} ps",
                                   tdamp, s.timestep_ps));
  }
  if (s.thermo_every < 1) throw InputError("thermo interval: expected >= 1 step");
  if (s.dump_every < 1) throw InputError("dump interval: expected >= 1 step");
  if (s.checkpoint_every < 1) throw InputError("checkpoint interval: expected >= 1 step");
  if (!(s.skin > 0.0)) throw InputError(fmt::format("skin {} A: expected > 0", s.skin));
}

MdSummary run_md(System& sys, potential::Potential& pot, const MdSettings& s) {
  validate(s);
  const std::size_t n = sys.size();
  const double dt = s.timestep_ps;
  const bool npt = s.ensemble == "npt";
  const bool nvt = s.ensemble == "nvt" || npt;  // npt carries the same thermostat
  const double tdamp = s.tdamp_ps > 0 ? s.tdamp_ps : 100.0 * dt;
  const double to_gpa = units::eV_per_A3_to_GPa;
  // Acceleration = F / m in A/ps^2 with F in eV/A and m in amu.
  const double ftm2v = 1.0 / units::amu_A2_per_ps2_to_eV;
  sys.has_velocities = true;

  auto target_temperature = [&](long step) {
    const double delta = s.steps > 0 ? static_cast<double>(step) / static_cast<double>(s.steps) : 0.0;
    return s.t_start + delta * (s.t_stop - s.t_start);
  };

  NoseHooverChain chain;
  chain.length = s.chain_length;
  MtkBarostat baro;
  baro.iso = s.coupling == "iso";
  baro.frequency = 1.0 / (s.pdamp_ps > 0 ? s.pdamp_ps : 1000.0 * dt);
  auto target_pressure = [&](long step) {
    const double delta = s.steps > 0 ? static_cast<double>(step) / static_cast<double>(s.steps) : 0.0;
    std::array<double, 3> p{};
    for (int d = 0; d < 3; ++d) p[d] = (s.p_start[d] + delta * (s.p_stop[d] - s.p_start[d])) / to_gpa;
    return p;
  };
  Accumulators acc;
  long step = 0;
  long thermo_offset = -1, dump_offset = -1;
  MdSummary out;
  out.natoms = n;

  auto list = potential::make_neighbor_list(pot, s.skin);
  potential::PerAtom per_atom;
  potential::Totals totals;

  auto conserved = [&](const potential::Totals& t, long at_step) {
    double h = t.potential_energy + t.kinetic_energy;
    if (nvt) h += chain.energy(target_temperature(at_step));
    if (npt) h += baro.energy(target_temperature(at_step), t.volume);
    return h;
  };

  // Resume from a checkpoint of the same run, or start fresh.
  std::optional<io::Checkpoint> ck;
  std::vector<double> resumed_kinetic;
  if (!s.checkpoint_path.empty()) ck = io::read_checkpoint(s.checkpoint_path);
  if (ck) {
    if (ck->signature != s.signature)
      throw InputError(fmt::format("{}: this checkpoint belongs to a different run (other inputs or "
                                   "settings); delete it or choose another --checkpoint file",
                                   s.checkpoint_path));
    sys = ck->system;
    step = ck->step;
    auto& v = ck->values;
    if (nvt) {
      chain.eta = v.at("nhc.eta");
      chain.eta_dot = v.at("nhc.eta_dot");
      chain.eta_dotdot = v.at("nhc.eta_dotdot");
      chain.eta_mass = v.at("nhc.eta_mass");
      chain.dof = degrees_of_freedom(sys);
      chain.frequency = 1.0 / tdamp;
    }
    if (npt) {
      const auto& b = v.at("mtk.omega");
      const auto& bd = v.at("mtk.omega_dot");
      const auto& bm = v.at("mtk.omega_mass");
      for (int d = 0; d < 3; ++d) {
        baro.omega[d] = b[d];
        baro.omega_dot[d] = bd[d];
        baro.omega_mass[d] = bm[d];
      }
      baro.etap = v.at("mtk.etap");
      baro.etap_dot = v.at("mtk.etap_dot");
      baro.etap_dotdot = v.at("mtk.etap_dotdot");
      baro.etap_mass = v.at("mtk.etap_mass");
      const auto& sc = v.at("mtk.scalars");
      baro.vol0 = sc[0];
      baro.mtk_term1 = sc[1];
      baro.mtk_term2 = sc[2];
      baro.p_hydro = sc[3];
      // The barostat's first half step uses the virial of the last force
      // evaluation, which the checkpoint carries.
      const auto& w = v.at("virial");
      for (int c = 0; c < 6; ++c) totals.virial[c] = w[c];
    }
    // The kinetic tensor the run carries from step to step (see below);
    // checkpoints written before it was stored give it from the velocities.
    if (const auto k = v.find("kinetic_tensor"); k != v.end() && k->second.size() == 6) resumed_kinetic = k->second;
    const auto& a = v.at("accumulators");
    acc = {a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8]};
    thermo_offset = static_cast<long>(v.at("offsets")[0]);
    dump_offset = static_cast<long>(v.at("offsets")[1]);
    out.resumed_from_step = step;
    // Forces are stored; per-atom energies and virials are recomputed for the
    // summary only when needed at the end.
  }

  std::FILE* thermo = s.thermo_csv.empty() ? nullptr : open_output(s.thermo_csv, thermo_offset);
  std::FILE* dump = s.dump_path.empty() ? nullptr : open_output(s.dump_path, dump_offset);
  if (thermo && !ck) std::fputs(kThermoHeader, thermo);

  const auto t0 = Clock::now();
  potential::EvalTimings timings;
  double output_seconds = 0.0;
  auto last_progress = t0;
  const bool show_progress = ::isatty(2);
  long steps_done_here = 0;

  const double dof_kB = degrees_of_freedom(sys) * units::boltzmann_eV_per_K;
  auto temperature_of = [&](double kinetic_energy) { return 2.0 * kinetic_energy / dof_kB; };
  // The temperature always from the same sum (the kinetic tensor's trace),
  // so that a resumed run computes it bit for bit as the uninterrupted one.
  auto temperature_of_tensor = [&](const std::vector<double>& kin) {
    return temperature_of(0.5 * (kin[0] + kin[1] + kin[2]));
  };
  auto current_temperature = [&] { return temperature_of_tensor(sys.kinetic_tensor()); };
  auto emit_thermo = [&](long at_step, const potential::Totals& t) {
    ThermoRow r;
    r.step = at_step;
    r.time_ps = at_step * dt;
    r.temperature = temperature_of(t.kinetic_energy);
    r.pe = t.potential_energy;
    r.ke = t.kinetic_energy;
    r.pressure_gpa = t.pressure_scalar() * to_gpa;
    r.volume = t.volume;
    r.total = r.pe + r.ke;
    r.conserved = conserved(t, at_step);
    for (int c = 0; c < 6; ++c) r.p_gpa[c] = t.pressure[c] * to_gpa;
    r.lx = sys.box.length(0);
    r.ly = sys.box.length(1);
    r.lz = sys.box.length(2);
    if (thermo) write_row(thermo, r);
    if (s.thermo_to_terminal)
      fmt::print(stderr, "{:>10} {:>10.4f} {:>12.3f} {:>18.8f} {:>14.6f} {:>12.4f}\n", r.step, r.time_ps,
                 r.temperature, r.pe, r.conserved, r.pressure_gpa);
  };

  // The kinetic tensor of the velocities after the last step, with the
  // thermostat's last scaling counted in, which is left pending (see the
  // step's end below) and reaches the arrays with the next step's first
  // pass over the atoms, or before anything reads them.
  std::vector<double> kinetic_now;
  double pending_scale = 1.0;

  auto save_checkpoint = [&](long at_step) {
    if (thermo) std::fflush(thermo);
    if (dump) std::fflush(dump);
    io::Checkpoint c;
    c.signature = s.signature;
    c.step = at_step;
    c.system = sys;
    if (nvt) {
      c.values["nhc.eta"] = chain.eta;
      c.values["nhc.eta_dot"] = chain.eta_dot;
      c.values["nhc.eta_dotdot"] = chain.eta_dotdot;
      c.values["nhc.eta_mass"] = chain.eta_mass;
    }
    if (npt) {
      c.values["mtk.omega"] = {baro.omega.begin(), baro.omega.end()};
      c.values["mtk.omega_dot"] = {baro.omega_dot.begin(), baro.omega_dot.end()};
      c.values["mtk.omega_mass"] = {baro.omega_mass.begin(), baro.omega_mass.end()};
      c.values["mtk.etap"] = baro.etap;
      c.values["mtk.etap_dot"] = baro.etap_dot;
      c.values["mtk.etap_dotdot"] = baro.etap_dotdot;
      c.values["mtk.etap_mass"] = baro.etap_mass;
      c.values["mtk.scalars"] = {baro.vol0, baro.mtk_term1, baro.mtk_term2, baro.p_hydro};
      c.values["virial"] = {totals.virial.begin(), totals.virial.end()};
    }
    c.values["kinetic_tensor"] = kinetic_now;
    c.values["accumulators"] = {acc.sum_t,   acc.sum_p,      acc.sum_v,   acc.sum_pe, acc.count,
                                acc.conserved0, acc.sum_pxx, acc.sum_pyy, acc.sum_pzz};
    c.values["offsets"] = {thermo ? static_cast<double>(std::ftell(thermo)) : -1.0,
                           dump ? static_cast<double>(std::ftell(dump)) : -1.0};
    io::write_checkpoint(c, s.checkpoint_path);
  };

  auto check_health = [&](long at_step, const potential::Totals& t) {
    if (std::isfinite(t.potential_energy) && std::isfinite(t.virial[0])) return;
    for (std::size_t i = 0; i < n; ++i)
      if (!std::isfinite(sys.x[i] + sys.y[i] + sys.z[i] + sys.fx[i] + sys.fy[i] + sys.fz[i] + per_atom.energy[i]))
        throw InputError(fmt::format("step {}: atom {} has a non-finite position, force or energy: the run "
                                     "blew up{}",
                                     at_step, sys.id[i],
                                     s.checkpoint_path.empty() ? "" : "; the last good checkpoint is kept in " + s.checkpoint_path));
    throw InputError(fmt::format("step {}: non-finite energy: the run blew up", at_step));
  };

  // Atoms leaving a free (non-periodic) dimension are lost, as in LAMMPS's
  // boundary f: stop with the atom and step rather than continue without it.
  const bool has_free_dimension = !sys.box.periodic[0] || !sys.box.periodic[1] || !sys.box.periodic[2];
  auto check_inside_free_dimensions = [&](long at_step) {
    const Mat3 hinv = sys.box.h_inverse();
    for (std::size_t i = 0; i < n; ++i) {
      const Vec3 f = mat_vec(hinv, {sys.x[i] - sys.box.lo[0], sys.y[i] - sys.box.lo[1], sys.z[i] - sys.box.lo[2]});
      for (int d = 0; d < 3; ++d)
        if (!sys.box.periodic[d] && (f[d] < 0.0 || f[d] > 1.0))
          throw InputError(fmt::format("step {}: atom {} left the box through the free boundary in {} (lost "
                                       "atom){}",
                                       at_step, sys.id[i], "xyz"[d],
                                       s.checkpoint_path.empty() ? "" : "; the last good checkpoint is kept in " + s.checkpoint_path));
    }
  };

  if (s.thermo_to_terminal)
    fmt::print(stderr, "{:>10} {:>10} {:>12} {:>18} {:>14} {:>12}\n", "step", "time_ps", "T_K", "PE_eV",
               "conserved_eV", "P_GPa");

  if (!ck) {
    totals = potential::evaluate(sys, pot, list, per_atom, true, &timings);
    check_health(0, totals);
    if (nvt) chain.setup(degrees_of_freedom(sys), tdamp, target_temperature(0));
    if (npt) {
      baro.setup(n, std::max(s.t_start, s.t_stop), totals.volume);
      const auto pt = target_pressure(0);
      baro.p_hydro = (pt[0] + pt[1] + pt[2]) / 3.0;
    }
    acc.conserved0 = conserved(totals, 0);
    emit_thermo(0, totals);
    if (dump) io::write_dump_frame(dump, sys, 0, s.dump_options, &per_atom.energy);
  }

  kinetic_now = resumed_kinetic.empty() ? sys.kinetic_tensor() : resumed_kinetic;
  double t_current = temperature_of_tensor(kinetic_now);
  double t_target_prev = target_temperature(step);
  bool force_rebuild = ck.has_value();
  // Barostat pieces shared by both half steps. The pressure uses the
  // velocities whose kinetic tensor `kin` is and the virial of the last
  // force evaluation.
  auto barostat_omega_step = [&](const std::array<double, 3>& p_target, const std::vector<double>& kin) {
    const double volume = sys.box.volume();
    std::array<double, 3> p_now{};
    if (baro.iso) {
      const double p = (kin[0] + kin[1] + kin[2] + totals.virial[0] + totals.virial[1] + totals.virial[2]) / (3.0 * volume);
      p_now = {p, p, p};
    } else {
      for (int d = 0; d < 3; ++d) p_now[d] = (kin[d] + totals.virial[d]) / volume;
    }
    const double dof_kT = degrees_of_freedom(sys) * units::boltzmann_eV_per_K * t_current;
    baro.omega_half_step(dt, p_now, p_target, volume, {kin[0], kin[1], kin[2]}, dof_kT, n);
  };
  // Each velocity update runs in one pass over the atoms with whatever
  // follows it (the kinetic sums of the new velocities, the other update of
  // the half step): per atom the same operations in the same order as
  // separate passes, so the same bits, with fewer passes per step.
  //
  // The updates act on atom i's velocity (vx, vy, vz), handed to them as
  // local copies (System::kinetic_tensor_after, kick_and_drift).
  //
  // Velocity Verlet half kick: v += dt/2 F/m, with the arrays as they are
  // now (a neighbour-list rebuild reorders the atoms).
  const double half_dt_ftm2v = 0.5 * dt * ftm2v;
  auto make_kick = [&] {
    return [half_dt_ftm2v, fx = sys.fx.data(), fy = sys.fy.data(), fz = sys.fz.data(), mass = sys.mass.data(),
            type = sys.type.data()](std::size_t i, double& vx, double& vy, double& vz) {
      const double dtfm = half_dt_ftm2v / mass[type[i]];
      vx += dtfm * fx[i];
      vy += dtfm * fy[i];
      vz += dtfm * fz[i];
    };
  };
  // Nose-Hoover chain half step: the velocity scaling it asks for.
  auto thermostat_scaling = [](double factor) {
    return [factor](std::size_t, double& vx, double& vy, double& vz) {
      vx *= factor;
      vy *= factor;
      vz *= factor;
    };
  };
  // The kinetic tensor of velocities all scaled by factor: factor^2 times
  // the tensor (LAMMPS nhc_temp_integrate does so for the temperature), so
  // that the thermostat's scaling needs no sum over the atoms of its own.
  auto scaled_tensor = [](std::vector<double> kin, double factor) {
    const double factor2 = factor * factor;
    for (double& k : kin) k *= factor2;
    return kin;
  };
  // Writes the pending thermostat scaling into the velocities: a pass of
  // its own only where the step ends with output that reads them (dump,
  // checkpoint, the run's end); its operations per atom are those the next
  // step's first pass would have done, so it changes no bit of the run.
  auto apply_pending_scale = [&] {
    if (pending_scale != 1.0) sys.update_velocities(thermostat_scaling(pending_scale));
    pending_scale = 1.0;
  };
  // The barostat's velocity scaling (nh_v_press: its factors applied twice).
  auto scale_for_barostat = [](double& vx, double& vy, double& vz, const std::array<double, 3>& f) {
    vx *= f[0];
    vy *= f[1];
    vz *= f[2];
    vx *= f[0];
    vy *= f[1];
    vz *= f[2];
  };
  while (step < s.steps) {
    if (s.between_steps) s.between_steps(step, timings);
    const long next = step + 1;
    const double t_target = target_temperature(next);
    // First half: barostat chain, thermostat, barostat, half kick, drift
    // with the box remapped around it (LAMMPS FixNH::initial_integrate).
    if (npt) baro.chain_half_step(dt, t_target_prev);
    const double factor = nvt ? chain.half_step(dt, t_current, t_target) : 1.0;
    t_target_prev = t_target;
    // Then, in one pass over the atoms: the last step's pending scaling,
    // this one's, the barostat's scaling, the half kick and the drift,
    // between the barostat's two half-step remaps of box and positions (the
    // maps depend on the barostat only). The barostat sees the kinetic
    // tensor of the thermostatted velocities before they are written. The
    // updates capture by value: kick_and_drift copies them into each thread.
    // (The measure after the barostat's remaps, for the box the drift ends in.)
    neighbor::DisplacementMeasure measure;
    auto displacement_measure = [&]() -> const neighbor::DisplacementMeasure* {
      return !force_rebuild && list.displacement_measure(sys, sys.box, measure) ? &measure : nullptr;
    };
    DriftResult drift;
    if (npt) {
      barostat_omega_step(target_pressure(next), scaled_tensor(kinetic_now, factor));
      const auto f = baro.velocity_factors(dt);
      const auto before = baro.remap_box(sys.box, 0.5 * dt);
      const auto after = baro.remap_box(sys.box, 0.5 * dt);
      drift = kick_and_drift<true>(
          sys, dt,
          [pending = thermostat_scaling(pending_scale), scale = thermostat_scaling(factor), f, kick = make_kick(),
           scale_for_barostat](std::size_t i, double& vx, double& vy, double& vz) {
            pending(i, vx, vy, vz);
            scale(i, vx, vy, vz);
            scale_for_barostat(vx, vy, vz, f);
            kick(i, vx, vy, vz);
          },
          before, after, displacement_measure());
    } else if (nvt) {
      drift = kick_and_drift<false>(sys, dt,
                                        [pending = thermostat_scaling(pending_scale),
                                         scale = thermostat_scaling(factor),
                                         kick = make_kick()](std::size_t i, double& vx, double& vy, double& vz) {
                                          pending(i, vx, vy, vz);
                                          scale(i, vx, vy, vz);
                                          kick(i, vx, vy, vz);
                                        },
                                        {}, {}, displacement_measure());
    } else {
      drift = kick_and_drift<false>(sys, dt, make_kick(), {}, {}, displacement_measure());
    }
    pending_scale = 1.0;
    if (!(drift.largest_move2 <= s.skin * s.skin)) {
      for (std::size_t i = 0; i < n; ++i) {
        const double d2 = dt * dt * (sys.vx[i] * sys.vx[i] + sys.vy[i] * sys.vy[i] + sys.vz[i] * sys.vz[i]);
        if (!(d2 <= s.skin * s.skin))
          throw InputError(fmt::format("step {}: atom {} moved {:.3g} A in one step, more than the skin ({} A): "
                                       "the run blew up (time step too long or atoms too close){}",
                                       next, sys.id[i], std::sqrt(d2), s.skin,
                                       s.checkpoint_path.empty() ? "" : "; the last good checkpoint is kept in " + s.checkpoint_path));
      }
    }
    // Forces at the new positions. After a checkpoint the list is rebuilt in
    // every run, so a resumed run sees exactly the same lists.
    if (force_rebuild) {
      const auto b0 = Clock::now();
      list.build(sys);
      potential::check_overlaps(sys, list, 0.01);
      force_rebuild = false;
      timings.neighbor_seconds += std::chrono::duration<double>(Clock::now() - b0).count();
    }
    // Forces; the potential's totals are summed below, in the pass of the
    // second half kick (one thread team fewer per step), and the kinetic
    // part from the final velocities.
    // (A drift that measured nothing, or a list rebuilt since, leaves a
    // serial the list does not have: the check then measures for itself.)
    const neighbor::MeasuredDisplacement moved{measure.build_serial, drift.largest_displacement2};
    potential::compute_forces(sys, pot, list, per_atom, true, &timings, &moved);
    // Second half: half kick, barostat scaling, barostat, thermostat,
    // barostat chain (LAMMPS FixNH::final_integrate).
    std::vector<double> kin;
    std::array<double, potential::kTotalSums> total_sums;
    const potential::TotalTerms total_terms(per_atom);
    const auto kick = make_kick();
    if (npt) {
      const auto f = baro.velocity_factors(dt);
      kin = sys.kinetic_tensor_after(
          [&](std::size_t i, double& vx, double& vy, double& vz) {
            kick(i, vx, vy, vz);
            scale_for_barostat(vx, vy, vz, f);
          },
          total_terms, total_sums);
    } else {
      kin = sys.kinetic_tensor_after(kick, total_terms, total_sums);
    }
    totals = potential::totals_from_sums(sys, total_sums, nullptr);
    // (A force gone non-finite has reached the velocities by now; the run
    // stops here all the same, with the step and the atom.)
    check_health(next, totals);
    if (has_free_dimension) check_inside_free_dimensions(next);
    t_current = temperature_of_tensor(kin);
    if (npt) barostat_omega_step(target_pressure(next), kin);
    if (nvt) {
      // The thermostat's scaling is left pending (one pass over the atoms
      // fewer per step), its kinetic tensor scaled along.
      pending_scale = chain.half_step(dt, t_current, t_target);
      kin = scaled_tensor(std::move(kin), pending_scale);
    }
    if (npt) baro.chain_half_step(dt, t_target);
    {
      // The final velocities' kinetic tensor gives the kinetic energy, the
      // temperature and the kinetic part of the pressure.
      totals.kinetic_energy = 0.5 * (kin[0] + kin[1] + kin[2]);
      t_current = temperature_of(totals.kinetic_energy);
      for (int c = 0; c < 6; ++c) totals.pressure[c] = (kin[c] + totals.virial[c]) / totals.volume;
      kinetic_now = std::move(kin);
    }
    step = next;
    ++steps_done_here;

    acc.sum_t += t_current;
    acc.sum_p += totals.pressure_scalar() * to_gpa;
    acc.sum_v += totals.volume;
    acc.sum_pe += totals.potential_energy;
    acc.sum_pxx += totals.pressure[0] * to_gpa;
    acc.sum_pyy += totals.pressure[1] * to_gpa;
    acc.sum_pzz += totals.pressure[2] * to_gpa;
    acc.count += 1;

    const auto o0 = Clock::now();
    const bool dump_now = dump && (step % s.dump_every == 0 || step == s.steps);
    const bool checkpoint_now = !s.checkpoint_path.empty() && (step % s.checkpoint_every == 0 || step == s.steps);
    if (dump_now || checkpoint_now || step == s.steps) apply_pending_scale();
    if (step % s.thermo_every == 0 || step == s.steps) emit_thermo(step, totals);
    if (dump_now) io::write_dump_frame(dump, sys, step, s.dump_options, &per_atom.energy);
    if (checkpoint_now) {
      save_checkpoint(step);
      force_rebuild = true;
    }
    output_seconds += std::chrono::duration<double>(Clock::now() - o0).count();
    if (show_progress) {
      const auto now = Clock::now();
      if (std::chrono::duration<double>(now - last_progress).count() > 2.0) {
        last_progress = now;
        const double el = std::chrono::duration<double>(now - t0).count();
        const double rate = steps_done_here / el;
        fmt::print(stderr, "  md: step {}/{} ({:.1f}%), {:.3g} atom-steps/s, ETA {}\n", step, s.steps,
                   100.0 * step / s.steps, rate * n, format_duration((s.steps - step) / rate));
      }
    }
  }
  if (s.between_steps && steps_done_here > 0) s.between_steps(step, timings);

  if (thermo) std::fclose(thermo);
  if (dump) std::fclose(dump);

  // Final-state totals (a completed checkpoint holds no per-atom energies).
  if (steps_done_here == 0) {
    list.build(sys);
    totals = potential::evaluate(sys, pot, list, per_atom);
  }
  out.steps = step;
  out.neighbor_builds = list.builds();
  if (acc.count > 0) {
    out.mean_temperature_K = acc.sum_t / acc.count;
    out.mean_pressure_GPa = acc.sum_p / acc.count;
    out.mean_volume_A3 = acc.sum_v / acc.count;
    out.mean_potential_energy_eV = acc.sum_pe / acc.count;
    out.mean_normal_stress_GPa = {acc.sum_pxx / acc.count, acc.sum_pyy / acc.count, acc.sum_pzz / acc.count};
  }
  out.conserved_start_eV = acc.conserved0;
  out.conserved_end_eV = conserved(totals, step);
  out.final_temperature_K = current_temperature();
  out.final_potential_energy_eV = totals.potential_energy;
  out.wall_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  out.atom_steps_per_second = out.wall_seconds > 0 ? steps_done_here * static_cast<double>(n) / out.wall_seconds : 0.0;
  out.pair_seconds = timings.pair_seconds;
  out.neighbor_seconds = timings.neighbor_seconds;
  out.output_seconds = output_seconds;
  out.integration_seconds =
      std::max(0.0, out.wall_seconds - out.pair_seconds - out.neighbor_seconds - out.output_seconds);
  return out;
}

}  // namespace rejuv::integrate
