#!/usr/bin/env bash
# Speed of rejuv against LAMMPS, measured side by side in one run on this
# machine: the standard systems are built and melted with LAMMPS, then
# LAMMPS (-sf opt, 1 and 2 MPI processes) and `rejuv bench` (1 and 2
# threads) run the same NPT MD on them.
#
#   bench/compare_lammps.sh [STEPS]        (default 1000 timed steps)
#   SYSTEMS="cuzr lj" KEEP=1 bench/compare_lammps.sh 200   (some systems; keep the logs)
#   REPEAT=5 bench/compare_lammps.sh       (rounds of the four runs, best of each kept; default 3)
#   STRIDE=2 bench/compare_lammps.sh       (the cuzr/fast row's pair_table_stride; 1: no such row; default 4)
#
# Needs: lmp (apt-get install lammps), mpirun (openmpi-bin), a built rejuv
# (build/src/rejuv, or $REJUV), ../shared/potentials (or $REJUV_POTENTIAL_PATH)
# for ZrCuAl2011.eam.alloy. Systems:
#   cuzr    9,826-atom Cu50Zr50 liquid, CuZr_mm.eam.fs, 2000 K, 0 GPa, 2 fs, skin 1 A
#   zrcual  9,826-atom Zr50Cu40Al10 liquid, ZrCuAl2011.eam.alloy, 2000 K, 0 GPa, 2 fs, skin 1 A
#   lj      8,788-atom Lennard-Jones argon liquid, cutoff 8.5 A, 100 K, 0.05 GPa, 5 fs, skin 1 A
# The row cuzr/fast is rejuv's opt-in faster mode (pair_table_stride, README
# "Faster EAM tables") on the cuzr system, against the same LAMMPS runs.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
steps=${1:-1000}
rejuv=${REJUV:-$root/build/src/rejuv}
lmp=${LMP:-lmp}
shared=${REJUV_POTENTIAL_PATH:-$root/../shared/potentials}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_btl_vader_single_copy_mechanism=none
work=$(mktemp -d)
# KEEP=1 keeps the inputs and logs (the folder is printed at the end).
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
command -v "$lmp" > /dev/null || { echo "compare_lammps.sh: $lmp not found (apt-get install lammps)" >&2; exit 2; }
[ -x "$rejuv" ] || { echo "compare_lammps.sh: $rejuv not built (bash scripts/setup.sh)" >&2; exit 2; }

# Per system: LAMMPS pair setup, rejuv potential TOML, lattice, types, T, P (bar and GPa), dt.
setup_system() {
  case $1 in
    cuzr)
      pair="pair_style eam/fs
pair_coeff * * /usr/share/lammps/potentials/CuZr_mm.eam.fs Cu Zr"
      toml='[potential]
style = "eam/fs"
file = "/usr/share/lammps/potentials/CuZr_mm.eam.fs"
elements = ["Cu", "Zr"]'
      make="lattice bcc 3.24
region box block 0 17 0 17 0 17
create_box 2 box
create_atoms 1 box
set type 1 type/fraction 2 0.5 99"
      temp=2000; press_bar=0; press_gpa=0; dt=0.002 ;;
    zrcual)
      pair="pair_style eam/alloy
pair_coeff * * $shared/ZrCuAl2011.eam.alloy Zr Cu Al"
      toml="[potential]
style = \"eam/alloy\"
file = \"$shared/ZrCuAl2011.eam.alloy\"
elements = [\"Zr\", \"Cu\", \"Al\"]"
      make="lattice bcc 3.33
region box block 0 17 0 17 0 17
create_box 3 box
create_atoms 1 box
set type 1 type/ratio 2 0.5 99
set type 2 type/ratio 3 0.2 98"
      temp=2000; press_bar=0; press_gpa=0; dt=0.002 ;;
    lj)
      pair="pair_style lj/cut 8.5
pair_coeff 1 1 0.0104 3.4"
      toml='[potential]
style = "lj"
elements = ["Ar"]
[[potential.pairs]]
elements = ["Ar", "Ar"]
epsilon = 0.0104
sigma = 3.4
cutoff = 8.5'
      make="lattice fcc 5.6
region box block 0 13 0 13 0 13
create_box 1 box
create_atoms 1 box
mass 1 39.948"
      temp=100; press_bar=500; press_gpa=0.05; dt=0.005 ;;
  esac
}

# "Loop time of T on P procs for N steps with M atoms" -> atom-steps/s.
lammps_rate() { awk '/^Loop time of/ {print $9 * $12 / $4}' "$1" | tail -1; }

# The host's state at the start and the end: what a line the other core
# wrote costs (rejuv_core_transfer --other-ns; see bench/scale.sh).
transfer=${CORE_TRANSFER:-$root/build/bench/rejuv_core_transfer}
other_ns() { if [ -x "$transfer" ]; then "$transfer" --other-ns; else echo -; fi; }
other_at_start=$(other_ns)
printf "%-9s %7s | %12s %12s | %12s %12s | %7s %7s | %s\n" system atoms "lmp 1 proc" "lmp 2 proc" "rejuv 1 th" "rejuv 2 th" "ratio 1" "ratio 2" "rejuv 1-thread split"
for system in ${SYSTEMS:-cuzr zrcual lj}; do
  setup_system $system
  d=$work/$system
  mkdir -p "$d"
  printf '%s\n' "$toml" > "$d/potential.toml"
  # NPT with LAMMPS's recommended damping (100 and 1000 steps), as rejuv bench uses.
  dynamics="$pair
neighbor 1.0 bin
neigh_modify delay 0 every 1 check yes
timestep $dt
velocity all create $temp 5 mom yes rot no dist gaussian
fix 1 all npt temp $temp $temp $(echo "100*$dt" | bc -l) iso $press_bar $press_bar $(echo "1000*$dt" | bc -l)"
  # Build and melt with LAMMPS; both codes start from the same liquid.
  cat > "$d/make.lmp" <<LMP
units metal
atom_style atomic
$make
displace_atoms all random 0.1 0.1 0.1 5 units box
$dynamics
run 2000
write_data $d/liquid.data nocoeff
LMP
  (cd "$d" && "$lmp" -sf opt -log none -screen none -in make.lmp)
  cat > "$d/md.lmp" <<LMP
units metal
atom_style atomic
read_data $d/liquid.data
$dynamics
thermo $steps
run 100
run $steps
LMP
  # REPEAT rounds, each timing all four runs in turn; the best of each is
  # kept (on a shared machine the slow runs are other loads, not the code).
  l1=0; l2=0; r1=0; r2=0; f1=0; f2=0
  fast=0
  if [ "$system" = cuzr ] && [ "${STRIDE:-4}" != 1 ]; then
    fast=1
    printf '%s\npair_table_stride = %s\n' "$toml" "${STRIDE:-4}" > "$d/potential_fast.toml"
  fi
  best() { awk -v a="$1" -v b="$2" 'BEGIN { print (b + 0 > a + 0) ? b : a }'; }
  rejuv_rate() { sed 's/.*"atom_steps_per_second":\([0-9.e+]*\).*/\1/' "$1"; }
  for round in $(seq "${REPEAT:-3}"); do
    (cd "$d" && "$lmp" -sf opt -log none -in md.lmp > lmp1_$round.txt)
    (cd "$d" && mpirun --oversubscribe -np 2 "$lmp" -sf opt -log none -in md.lmp > lmp2_$round.txt)
    l1=$(best "$l1" "$(lammps_rate "$d/lmp1_$round.txt")")
    l2=$(best "$l2" "$(lammps_rate "$d/lmp2_$round.txt")")
    for t in 1 2; do
      "$rejuv" bench --data "$d/liquid.data" --potential "$d/potential.toml" --temperature $temp \
        --pressure $press_gpa --timestep $dt --steps "$steps" --threads $t --json > "$d/rejuv${t}_$round.json"
    done
    if awk -v a="$(rejuv_rate "$d/rejuv1_$round.json")" -v b="$r1" 'BEGIN { exit !(a + 0 > b + 0) }'; then
      cp "$d/rejuv1_$round.json" "$d/rejuv1.json"
    fi
    r1=$(best "$r1" "$(rejuv_rate "$d/rejuv1_$round.json")")
    r2=$(best "$r2" "$(rejuv_rate "$d/rejuv2_$round.json")")
    if [ $fast = 1 ]; then
      for t in 1 2; do
        "$rejuv" bench --data "$d/liquid.data" --potential "$d/potential_fast.toml" --temperature $temp \
          --pressure $press_gpa --timestep $dt --steps "$steps" --threads $t --json > "$d/fast${t}_$round.json"
      done
      f1=$(best "$f1" "$(rejuv_rate "$d/fast1_$round.json")")
      f2=$(best "$f2" "$(rejuv_rate "$d/fast2_$round.json")")
    fi
  done
  atoms=$(sed 's/.*"natoms":\([0-9]*\).*/\1/' "$d/rejuv1.json")
  split=$(sed 's/.*"time_split_fraction":{"integration":\([0-9.e+-]*\),"neighbor":\([0-9.e+-]*\),"other":[0-9.e+-]*,"pair":\([0-9.e+-]*\)}.*/\3 \2 \1/' "$d/rejuv1.json")
  awk -v s=$system -v n="$atoms" -v l1="$l1" -v l2="$l2" -v r1="$r1" -v r2="$r2" -v fractions="$split" 'BEGIN {
    split(fractions, f, " ");
    printf "%-9s %7s | %12.4g %12.4g | %12.4g %12.4g | %7.2f %7.2f | pair %.0f%%, neighbour %.0f%%, integration %.0f%%\n",
           s, n, l1, l2, r1, r2, r1 / l1, r2 / l2, 100 * f[1], 100 * f[2], 100 * f[3] }'
  if [ $fast = 1 ]; then
    awk -v s="$system/fast" -v n="$atoms" -v l1="$l1" -v l2="$l2" -v r1="$f1" -v r2="$f2" -v k="${STRIDE:-4}" 'BEGIN {
      printf "%-9s %7s | %12.4g %12.4g | %12.4g %12.4g | %7.2f %7.2f | pair_table_stride %s (opt-in; forces within 1e-4 eV/A)\n",
             s, n, l1, l2, r1, r2, r1 / l1, r2 / l2, k }'
  fi
done
[ "${KEEP:-0}" = 1 ] && echo "inputs and logs kept in $work"
echo "other-core ns (rejuv_core_transfer --other-ns): $other_at_start at the start, $(other_ns) at the end (~20: the two cores share an L3; ~100: they do not)"
echo "atom-steps per second, best of ${REPEAT:-3} interleaved rounds; ratio = rejuv / LAMMPS at the same core count (1: 1 thread vs 1 process, 2: 2 threads vs 2 processes)"
