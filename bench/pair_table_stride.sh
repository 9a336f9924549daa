#!/usr/bin/env bash
# Accuracy and speed of the opt-in faster EAM mode (potential key
# pair_table_stride = K) against the file's full tables (the default), on
# the bundled 2,000-atom Cu50Zr50 glass (CuZr_mm.eam.fs) and a liquid made
# from it:
#   1. forces, energy and pressure of the same configurations (rejuv eval);
#   2. NVE energy drift, 1 fs (rejuv md);
#   3. NPT averages at 2000 K and 0 GPa, 2 fs, several seeds (rejuv md);
#   4. speed (rejuv bench, 1 and 2 threads).
#
#   bench/pair_table_stride.sh [K ...]      (default: 2 3 4)
#   SEEDS=6 NPT_STEPS=20000 bench/pair_table_stride.sh 4
#
# Needs a built rejuv (build/src/rejuv, or $REJUV) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
rejuv=${REJUV:-$root/build/src/rejuv}
strides=${*:-2 3 4}
seeds=${SEEDS:-4}
npt_steps=${NPT_STEPS:-10000}
nve_steps=${NVE_STEPS:-20000}
work=$(mktemp -d)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
[ -x "$rejuv" ] || { echo "pair_table_stride.sh: $rejuv not built (bash scripts/setup.sh)" >&2; exit 2; }

potential() {  # potential() K > file
  printf '[potential]\nstyle = "eam/fs"\nfile = "CuZr_mm.eam.fs"\nelements = ["Cu", "Zr"]\n'
  [ "$1" = 1 ] || printf 'pair_table_stride = %s\n' "$1"
}
for k in 1 $strides; do potential "$k" > "$work/s$k.toml"; done
glass=$root/examples/cu50zr50/cu50zr50_glass.data
# A 2000 K liquid (full tables), 10 ps from the glass.
"$rejuv" md --data "$glass" --potential "$work/s1.toml" --ensemble npt --temperature 2000 --pressure 0 \
  --timestep 0.002 --steps 5000 --create-velocities 2000 --seed 7 --write-data "$work/liquid.data" --json > /dev/null

echo "== 1. forces against the full tables (rejuv eval) =="
for cfg in glass liquid; do
  data=$glass
  [ $cfg = liquid ] && data=$work/liquid.data
  for k in 1 $strides; do
    "$rejuv" eval --data "$data" --potential "$work/s$k.toml" --forces "$work/f_${cfg}_$k.csv" --json > "$work/e_${cfg}_$k.json"
  done
done
python3 - "$work" $strides <<'PY'
import csv, json, math, sys
work, strides = sys.argv[1], sys.argv[2:]
def load(cfg, k):
    rows = {int(r["id"]): [float(r[c]) for c in ("fx", "fy", "fz")] for r in csv.DictReader(open(f"{work}/f_{cfg}_{k}.csv"))}
    return rows, json.load(open(f"{work}/e_{cfg}_{k}.json"))
print(f"{'config':7} {'K':>2} | {'max |dF| eV/A':>13} {'of max |F|':>10} {'rms |dF|':>9} | {'dE eV/atom':>10} | {'dP GPa':>9}")
# (The glass is relaxed: its forces are ~1e-7 eV/A, so only the absolute errors say anything.)
for cfg in ("glass", "liquid"):
    ref, rj = load(cfg, 1)
    n = len(ref)
    fmax = max(math.sqrt(sum(c * c for c in f)) for f in ref.values())
    for k in strides:
        other, oj = load(cfg, k)
        err = [math.sqrt(sum((a - b) ** 2 for a, b in zip(other[i], ref[i]))) for i in ref]
        rms = math.sqrt(sum(e * e for e in err) / n)
        de = (oj["potential_energy_eV"] - rj["potential_energy_eV"]) / n
        dp = oj["pressure_GPa"] - rj["pressure_GPa"]
        rel = f"{max(err) / fmax:10.1e}" if fmax > 0.1 else f"{'-':>10}"
        print(f"{cfg:7} {k:>2} | {max(err):13.2e} {rel} {rms:9.1e} | {de:10.1e} | {dp:9.1e}")
PY

echo "== 2. NVE, 1 fs, $nve_steps steps from the liquid (conserved energy) =="
for k in 1 $strides; do
  "$rejuv" md --data "$work/liquid.data" --potential "$work/s$k.toml" --ensemble nve --timestep 0.001 \
    --steps "$nve_steps" --thermo "$work/nve_$k.csv" --thermo-every 100 --json > /dev/null
done
python3 - "$work" 1 $strides <<'PY'
import csv, sys
work, strides = sys.argv[1], sys.argv[2:]
print(f"{'K':>2} | {'drift eV/atom':>13} {'slope eV/atom/ps':>16} {'rms fluct. eV/atom':>18}")
for k in strides:
    rows = list(csv.DictReader(open(f"{work}/nve_{k}.csv")))
    n = 2000
    t = [float(r["time_ps"]) for r in rows]
    e = [float(r["conserved_eV"]) / n for r in rows]
    mt, me = sum(t) / len(t), sum(e) / len(e)
    slope = sum((a - mt) * (b - me) for a, b in zip(t, e)) / sum((a - mt) ** 2 for a in t)
    rms = (sum((b - me - slope * (a - mt)) ** 2 for a, b in zip(t, e)) / len(e)) ** 0.5
    print(f"{k:>2} | {e[-1] - e[0]:13.2e} {slope:16.2e} {rms:18.2e}")
PY

echo "== 3. NPT, 2000 K, 0 GPa, 2 fs, $npt_steps steps from the liquid, $seeds seeds (mean +- standard error) =="
for k in 1 $strides; do
  for s in $(seq "$seeds"); do
    "$rejuv" md --data "$work/liquid.data" --potential "$work/s$k.toml" --ensemble npt --temperature 2000 \
      --pressure 0 --timestep 0.002 --steps "$npt_steps" --create-velocities 2000 --seed "$s" --json > "$work/npt_${k}_$s.json"
  done
done
python3 - "$work" "$seeds" 1 $strides <<'PY'
import json, math, sys
work, seeds, strides = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
print(f"{'K':>2} | {'PE eV/atom':>22} | {'volume A^3/atom':>20} | {'T K':>16}")
def stat(v):
    m = sum(v) / len(v)
    return m, math.sqrt(sum((x - m) ** 2 for x in v) / (len(v) - 1) / len(v)) if len(v) > 1 else 0.0
for k in strides:
    runs = [json.load(open(f"{work}/npt_{k}_{s}.json")) for s in range(1, seeds + 1)]
    pe = stat([r["mean_potential_energy_eV_per_atom"] for r in runs])
    vol = stat([r["mean_volume_A3_per_atom"] for r in runs])
    temp = stat([r["mean_temperature_K"] for r in runs])
    print(f"{k:>2} | {pe[0]:.6f} +- {pe[1]:.6f} | {vol[0]:.4f} +- {vol[1]:.4f} | {temp[0]:.1f} +- {temp[1]:.1f}")
PY

echo "== 4. speed, rejuv bench on the liquid, 2000 K, 0 GPa, 2 fs (ns per atom-step, best of 3) =="
for k in 1 $strides; do
  line="K=$k"
  for t in 1 2; do
    best=""
    for round in 1 2 3; do
      ns=$("$rejuv" bench --data "$work/liquid.data" --potential "$work/s$k.toml" --temperature 2000 --pressure 0 \
        --timestep 0.002 --steps 500 --threads $t --json | sed 's/.*"ns_per_atom_step":\([0-9.e+]*\).*/\1/')
      best=$(awk -v a="$best" -v b="$ns" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }')
    done
    line="$line  ${t} thread(s) $best"
  done
  echo "$line"
done
[ "${KEEP:-0}" = 1 ] && echo "inputs and logs kept in $work"
exit 0
