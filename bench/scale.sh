#!/usr/bin/env bash
# Cost per atom-step and peak memory per atom of rejuv from 10^3 to 10^6
# atoms, on Cu50Zr50 liquid (CuZr_mm.eam.fs, 2000 K, 0 GPa NPT, 2 fs, skin
# 1 A), the system of bench/compare_lammps.sh.
#
#   bench/scale.sh [THREADS...]     (default: 1)
#   SIZES="1k 10k" KEEP=1 bench/scale.sh 1 2
#
# LAMMPS melts a 1,024-atom and a 9,826-atom liquid; the larger systems are
# periodic replicas of the latter (2x2x3: 117,912 atoms; 5x5x4: 982,600),
# which decorrelate within the warm-up. Each run does about 2e7 atom-steps
# (at least 40 steps, so that neighbour rebuilds are included).
# Needs: lmp (apt-get install lammps) and a built rejuv (build/src/rejuv, or $REJUV).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
rejuv=${REJUV:-$root/build/src/rejuv}
lmp=${LMP:-lmp}
threads=("$@")
[ ${#threads[@]} -gt 0 ] || threads=(1)
work=$(mktemp -d)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
command -v "$lmp" > /dev/null || { echo "scale.sh: $lmp not found (apt-get install lammps)" >&2; exit 2; }
[ -x "$rejuv" ] || { echo "scale.sh: $rejuv not built (bash scripts/setup.sh)" >&2; exit 2; }

cat > "$work/potential.toml" <<'TOML'
[potential]
style = "eam/fs"
file = "/usr/share/lammps/potentials/CuZr_mm.eam.fs"
elements = ["Cu", "Zr"]
TOML

# melt CELLS OUT: a bcc lattice of CELLS^3 cells, random 50/50 types, 2000 NPT steps at 2000 K.
melt() {
  cat > "$work/melt.lmp" <<LMP
units metal
atom_style atomic
lattice bcc 3.24
region box block 0 $1 0 $1 0 $1
create_box 2 box
create_atoms 1 box
set type 1 type/fraction 2 0.5 99
displace_atoms all random 0.1 0.1 0.1 5 units box
pair_style eam/fs
pair_coeff * * /usr/share/lammps/potentials/CuZr_mm.eam.fs Cu Zr
neighbor 1.0 bin
velocity all create 2000 5 mom yes rot no dist gaussian
fix 1 all npt temp 2000 2000 0.2 iso 0 0 2.0
timestep 0.002
run 2000
write_data $2 nocoeff
LMP
  (cd "$work" && "$lmp" -log none -screen none -in melt.lmp)
}

# replicate IN NX NY NZ OUT
replicate() {
  cat > "$work/rep.lmp" <<LMP
units metal
atom_style atomic
read_data $1
replicate $2 $3 $4
write_data $5 nocoeff
LMP
  (cd "$work" && "$lmp" -log none -screen none -in rep.lmp)
}

sizes=${SIZES:-1k 10k 100k 1m}
for s in $sizes; do
  case $s in
    1k) melt 8 "$work/1k.data" ;;
    10k) [ -f "$work/10k.data" ] || melt 17 "$work/10k.data" ;;
    100k) [ -f "$work/10k.data" ] || melt 17 "$work/10k.data"; replicate "$work/10k.data" 2 2 3 "$work/100k.data" ;;
    1m) [ -f "$work/10k.data" ] || melt 17 "$work/10k.data"; replicate "$work/10k.data" 5 5 4 "$work/1m.data" ;;
    *) echo "scale.sh: unknown size '$s' (1k, 10k, 100k, 1m)" >&2; exit 2 ;;
  esac
done

# The host's state right after each run: what a line the other core wrote
# costs (rejuv_core_transfer --other-ns; "-" where it is not built).
transfer=${CORE_TRANSFER:-$root/build/bench/rejuv_core_transfer}
other_ns() { if [ -x "$transfer" ]; then "$transfer" --other-ns; else echo -; fi; }
printf "%-6s %9s %7s %7s | %12s %10s | %9s | %-36s | %s\n" size atoms threads steps "atom-steps/s" "ns/atom-step" "bytes/atom" "split (pair, neighbour, integration)" "other-core ns"
for s in $sizes; do
  atoms=$(awk '/ atoms$/ {print $1; exit}' "$work/$s.data")
  steps=$(( 20000000 / atoms ))
  [ $steps -ge 40 ] || steps=40
  for t in "${threads[@]}"; do
    "$rejuv" bench --data "$work/$s.data" --potential "$work/potential.toml" --temperature 2000 --pressure 0 \
      --timestep 0.002 --steps $steps --threads "$t" --json > "$work/$s-$t.json"
    json=$(cat "$work/$s-$t.json")
    key() { sed "s/.*\"$1\":\([0-9.e+-]*\).*/\1/" <<< "$json"; }
    split=$(sed 's/.*"time_split_fraction":{"integration":\([0-9.e+-]*\),"neighbor":\([0-9.e+-]*\),"other":[0-9.e+-]*,"pair":\([0-9.e+-]*\)}.*/\3 \2 \1/' <<< "$json")
    awk -v s="$s" -v n="$(key natoms)" -v t="$(key threads)" -v st="$(key steps)" -v r="$(key atom_steps_per_second)" \
        -v ns="$(key ns_per_atom_step)" -v b="$(key peak_memory_bytes_per_atom)" -v f="$split" -v o="$(other_ns)" 'BEGIN {
      split(f, x, " ");
      printf "%-6s %9d %7d %7d | %12.4g %10.1f | %9.0f | %-36s | %s\n", s, n, t, st, r, ns, b,
             sprintf("%.0f%%, %.0f%%, %.0f%%", 100 * x[1], 100 * x[2], 100 * x[3]), o }'
  done
done
[ "${KEEP:-0}" = 1 ] && echo "systems and results kept in $work"
echo "bytes/atom: peak resident memory of the rejuv process divided by the number of atoms"
echo "other-core ns: rejuv_core_transfer --other-ns right after the run (~20: the two cores share an L3; ~100: they do not, and small systems gain less from 2 threads)"
