#!/usr/bin/env bash
# Regenerates the minimisation references (needs lmp from Debian's lammps).
set -euo pipefail
cd "$(cd "$(dirname "$0")" && pwd)"
LMP="${LMP:-lmp}"
run() {
  "$LMP" -in in.minimize -log none -screen screen.tmp "$@" || { tail -3 screen.tmp >&2; exit 1; }
}
run -var name crystal_iso -var config crystal -var mode iso -var style cg
run -var name crystal_axes -var config crystal -var mode axes -var style cg
run -var name glass_iso -var config glass -var mode iso -var style sd
rm -f screen.tmp
for f in *.json; do python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$f"; done
