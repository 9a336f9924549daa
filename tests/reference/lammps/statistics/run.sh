#!/usr/bin/env bash
# Statistical validation of rejuv md against LAMMPS (issue 4): the same
# 2000-atom system and settings, 10 ps equilibration then 20 ps production,
# thermo every 10 steps. Writes lammps_<ens>.thermo (committed) and
# rejuv_<ens>.csv (regenerated), then prints the comparison (compare.py).
#   bash tests/reference/lammps/statistics/run.sh [--rejuv-only]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
cd "$here"
LMP="${LMP:-lmp}"
REJUV="${REJUV:-$root/build/src/rejuv}"
data="$root/examples/cu50zr50/cu50zr50_glass.data"
pot="$root/examples/cu50zr50/potential.toml"
for ens in nvt npt_iso npt_aniso; do
  if [ "${1:-}" != "--rejuv-only" ]; then
    "$LMP" -in in.stats -var ensemble "$ens" -log "$ens.log.tmp" -screen none
    awk '/^ *Step /{n++} n==2&&/^ *[0-9]/{print} /^Loop time/{if(n==2)exit}' "$ens.log.tmp" > "lammps_$ens.thermo"
    rm -f "$ens.log.tmp"
  fi
  case $ens in
    nvt)       args=(--ensemble nvt --temperature 1500 --tdamp 0.2) ;;
    npt_iso)   args=(--ensemble npt --temperature 1500 --tdamp 0.2 --pressure 0 --pdamp 2.0) ;;
    npt_aniso) args=(--ensemble npt --temperature 1500 --tdamp 0.2 --pressure 1 --coupling aniso --pdamp 2.0) ;;
  esac
  "$REJUV" md --data "$data" --potential "$pot" "${args[@]}" --timestep 0.002 --steps 5000 \
    --create-velocities 1500 --seed 8642 --thermo-every 5000 --write-data "/tmp/rejuv_eq_$ens.data" --json > /dev/null 2>&1
  "$REJUV" md --data "/tmp/rejuv_eq_$ens.data" --potential "$pot" "${args[@]}" --timestep 0.002 --steps 10000 \
    --thermo "rejuv_$ens.csv" --thermo-every 10 --json > /dev/null 2>&1
done
python3 compare.py
