#!/usr/bin/env bash
# Regenerates the structure references (needs lmp from Debian's lammps, built
# with the VORONOI package) from examples/cu50zr50/cu50zr50_glass.data.
set -euo pipefail
cd "$(cd "$(dirname "$0")" && pwd)"
LMP="${LMP:-lmp}"
DATA="../../../../examples/cu50zr50/cu50zr50_glass.data"
run() {
  "$LMP" -in in.structure -log none -screen screen.tmp -var data "$DATA" "$@" || { tail -3 screen.tmp >&2; exit 1; }
  # Cutting the box open along z resets image flags there; any other warning stops.
  if grep "WARNING" screen.tmp | grep -qv "Resetting image flags for non-periodic"; then
    grep "WARNING" screen.tmp >&2; exit 1
  fi
}
run -var shape ortho -var name glass
run -var shape triclinic -var name glass_triclinic
run -var shape slab -var name glass_slab
rm -f screen.tmp
