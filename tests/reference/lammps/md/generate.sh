#!/usr/bin/env bash
# Regenerates the NVE/NVT trajectory references (needs lmp from Debian's lammps).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
LMP="${LMP:-lmp}"
for ens in nve nvt npt_iso npt_aniso; do
  "$LMP" -in in.md -var ensemble "$ens" -var steps 200 -var tdamp 0.1 -var pdamp 0.5 -log "$ens.log.tmp" -screen none
  # Keep the thermo table only (the log has timings that change run to run).
  awk '/^ *Step /{on=1} on&&/^Loop time/{on=0} on' "$ens.log.tmp" > "$ens.thermo"
  rm -f "$ens.log.tmp"
done
