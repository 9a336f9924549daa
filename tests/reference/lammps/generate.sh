#!/usr/bin/env bash
# Regenerates the LAMMPS reference cases in cases/<name>/ (run from the repo root
# or anywhere):
#   bash tests/reference/lammps/generate.sh
# Needs `lmp` (Debian package lammps; override with LMP=...), Debian's potentials
# (package lammps-data, /usr/share/lammps/potentials; override with
# DEBIAN_POTENTIALS=...) and the shared potentials beside the checkout (override
# with SHARED_POTENTIALS=...). Deterministic: every seed is fixed, so re-running
# gives byte-identical files. LAMMPS logs go to a temporary folder, not the repo.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
LMP="${LMP:-lmp}"
SHARED_POTENTIALS="${SHARED_POTENTIALS:-$(cd "$root/.." && pwd)/shared/potentials}"
DEBIAN_POTENTIALS="${DEBIAN_POTENTIALS:-/usr/share/lammps/potentials}"
version="$("$LMP" -h | sed -n 's/^Large-scale Atomic\/Molecular Massively Parallel Simulator - \(.*\)$/\1/p' | head -1)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# run_case NAME PAIR_STYLE NTYPES A CELLS SHAPE BOUNDARY TEMP SEED [DISP [ZLO ZHI ZBOX]]
#   SHAPE: "ortho", "tilt0" (triclinic, zero tilts) or "XY XZ YZ" tilts in A
#   (crystal sheared affinely to them). TEMP 0: no velocities. DISP defaults
#   to 0.3 A; ZLO ZHI ZBOX (lattice units) make a slab for free surfaces.
#   The species, pair and rejuv settings come from SPECIES, PAIR and TOML.
run_case() {
  local name=$1 style=$2 ntypes=$3 a=$4 cells=$5 shape=$6 bnd=$7 temp=$8 seed=$9
  local disp=${10:-0.3} zlo=${11:-0} zhi=${12:-$5} zbox=${13:-$5}
  local xy=0 xz=0 yz=0
  case "$shape" in
    ortho|tilt0) ;;
    *) read -r xy xz yz <<<"$shape"; shape=sheared ;;
  esac
  local dir="$here/cases/$name" screen="$tmp/$name.screen"
  rm -rf "$dir"
  mkdir -p "$dir"
  printf '%s\n' "$SPECIES" > "$dir/species.lmp"
  printf '%s\n' "$PAIR" > "$dir/pair.lmp"
  printf '%s\n' "$TOML" > "$dir/potential.toml"
  (cd "$dir" && "$LMP" -in "$here/in.reference" -log none -screen "$screen" \
      -var a "$a" -var cells "$cells" -var shape "$shape" -var xy "$xy" -var xz "$xz" -var yz "$yz" \
      -var bx "${bnd:0:1}" -var by "${bnd:2:1}" -var bz "${bnd:4:1}" -var ntypes "$ntypes" \
      -var temp "$temp" -var seed "$seed" -var disp "$disp" \
      -var zlo "$zlo" -var zhi "$zhi" -var zbox "$zbox" \
      -var debian_potentials "$DEBIAN_POTENTIALS" -var shared_potentials "$SHARED_POTENTIALS") \
    || { tail -5 "$screen" >&2; exit 1; }
  if grep -E "ERROR|WARNING" "$screen" | grep -v "No fixes defined" >&2; then echo "$name: LAMMPS warned, stopping" >&2; exit 1; fi
  # Add the strings (LAMMPS's print writes the numbers, %.17g), one key a line,
  # keeping LAMMPS's number text as it is.
  python3 - "$dir/reference.json" "$bnd" "$style" "$version" <<'PY'
import json, sys
path, bnd, style, version = sys.argv[1:]
ref = json.load(open(path), parse_float=str, parse_int=str)
ref.update({"boundary": json.dumps(bnd), "pair_style": json.dumps(style), "lammps_version": json.dumps(version)})
with open(path, "w") as f:
    f.write("{\n" + ",\n".join(f' "{k}": {v}' for k, v in ref.items()) + "\n}\n")
json.load(open(path))
PY
  echo "$name: $(grep -o '"natoms": [0-9]*' "$dir/reference.json")"
}

toml_setfl() {  # style file elements...
  local style=$1 file=$2; shift 2
  local els; els=$(printf '"%s", ' "$@"); els="[${els%, }]"
  printf '[potential]\nstyle = "%s"\nfile = "%s"\nelements = %s' "$style" "$file" "$els"
}

# ---- Cu-Zr Finnis-Sinclair (Mendelev 2007, Debian) ----
# cuzr_fs_ortho keeps its original recipe (type/fraction, zero-tilt triclinic
# box): md/ and minimize/ start from its config.data.
SPECIES="set type 1 type/fraction 2 0.5 4711"
PAIR='pair_style eam/fs
pair_coeff * * ${debian_potentials}/CuZr_mm.eam.fs Cu Zr'
TOML=$(toml_setfl eam/fs CuZr_mm.eam.fs Cu Zr)
run_case cuzr_fs_ortho       eam/fs 2 4.09 4 tilt0 "p p p" 1500 101
SPECIES="set type 1 type/ratio 2 0.5 4711"
run_case cuzr_fs_compressed  eam/fs 2 3.75 4 ortho "p p p" 0 102 0.25
run_case cuzr_fs_expanded    eam/fs 2 4.40 4 ortho "p p p" 300 103
run_case cuzr_fs_triclinic   eam/fs 2 4.09 4 "1.5 -1.0 0.8" "p p p" 1200 104
run_case cuzr_fs_smallbox    eam/fs 2 4.09 2 "1.0 0.6 -0.7" "p p p" 800 105
run_case cuzr_fs_freesurface eam/fs 2 4.09 4 ortho "p p f" 600 106 0.3 0.5 4.5 5

# ---- Al-Fe Finnis-Sinclair (Mendelev 2005, Debian) ----
PAIR='pair_style eam/fs
pair_coeff * * ${debian_potentials}/AlFe_mm.eam.fs Al Fe'
TOML=$(toml_setfl eam/fs AlFe_mm.eam.fs Al Fe)
run_case alfe_fs_ortho       eam/fs 2 3.76 4 ortho "p p p" 1000 201 0.25
run_case alfe_fs_triclinic   eam/fs 2 3.76 4 "-1.2 0.8 1.3" "p p p" 0 202 0.25

# ---- Cu-Ni eam/alloy (Onat 2014, Debian; the file lists Ni first) ----
PAIR='pair_style eam/alloy
pair_coeff * * ${debian_potentials}/CuNi.eam.alloy Cu Ni'
TOML=$(toml_setfl eam/alloy CuNi.eam.alloy Cu Ni)
run_case cuni_alloy          eam/alloy 2 3.58 4 "0.7 0.35 -0.55" "p p p" 900 301 0.25

# ---- funcfl files (pair_style eam), one per type, mixed by LAMMPS ----
PAIR='pair_style eam
pair_coeff 1 1 ${debian_potentials}/Cu_u3.eam
pair_coeff 2 2 ${debian_potentials}/Ni_u3.eam'
TOML=$(printf '[potential]\nstyle = "eam"\nfiles = ["Cu_u3.eam", "Ni_u3.eam"]\nelements = ["Cu", "Ni"]')
run_case cuni_funcfl           eam 2 3.58 4 ortho "p p p" 900 401 0.25
run_case cuni_funcfl_triclinic eam 2 3.58 4 "1.1 -0.7 0.4" "p p p" 0 402 0.25
# three files with three different r grids (dr and cutoff differ)
SPECIES="set type 1 type/ratio 2 0.33333333333333333 4712
set type 1 type/ratio 3 0.5 4713"
PAIR='pair_style eam
pair_coeff 1 1 ${debian_potentials}/Cu_u3.eam
pair_coeff 2 2 ${debian_potentials}/Ni_u3.eam
pair_coeff 3 3 ${debian_potentials}/Pd_u3.eam'
TOML=$(printf '[potential]\nstyle = "eam"\nfiles = ["Cu_u3.eam", "Ni_u3.eam", "Pd_u3.eam"]\nelements = ["Cu", "Ni", "Pd"]')
run_case funcfl_ternary        eam 3 3.70 4 "0.4 0 0.7" "p p p" 700 403 0.25

# ---- the shared potentials ----
# Zr50Cu40Al10: all Zr, 40 % of all to Cu, then 1/6 of the remaining Zr to Al
SPECIES="set type 1 type/ratio 2 0.4 4714
set type 1 type/ratio 3 0.16666666666666667 4715"
PAIR='pair_style eam/alloy
pair_coeff * * ${shared_potentials}/ZrCuAl2011.eam.alloy Zr Cu Al'
TOML=$(toml_setfl eam/alloy ZrCuAl2011.eam.alloy Zr Cu Al)
run_case zrcual_alloy_ortho     eam/alloy 3 4.15 4 ortho "p p p" 1500 501
run_case zrcual_alloy_triclinic eam/alloy 3 4.15 4 "1.45 1.05 -1.25" "p p p" 0 502

SPECIES="set type 1 type/ratio 2 0.5 4716"
PAIR='pair_style eam/fs
pair_coeff * * ${shared_potentials}/Cu-Zr_2.eam.fs Cu Zr'
TOML=$(toml_setfl eam/fs Cu-Zr_2.eam.fs Cu Zr)
run_case cuzr2_fs eam/fs 2 4.09 4 "0.8 0 0" "p p p" 1000 601

SPECIES="set type 1 type/ratio 2 0.18 4717"
PAIR='pair_style eam/alloy
pair_coeff * * ${shared_potentials}/PdSi.lammps.eam Pd Si'
TOML=$(toml_setfl eam/alloy PdSi.lammps.eam Pd Si)
run_case pdsi_alloy eam/alloy 2 3.85 4 "0 0.8 0" "p p p" 800 701 0.25

SPECIES="set type 1 type/ratio 2 0.2 4718"
PAIR='pair_style eam/alloy
pair_coeff * * ${shared_potentials}/NiP.lammps.eam Ni P'
TOML=$(toml_setfl eam/alloy NiP.lammps.eam Ni P)
run_case nip_alloy eam/alloy 2 3.60 4 "0 0 0.9" "p p p" 800 801 0.25

# Al90La10: type 1 is La (file order La Al)
SPECIES="set type 1 type 2
set type 2 type/ratio 1 0.1 4719"
PAIR='pair_style eam/alloy
pair_coeff * * ${shared_potentials}/LaAl.lammps.eam La Al'
TOML=$(toml_setfl eam/alloy LaAl.lammps.eam La Al)
run_case laal_alloy eam/alloy 2 4.18 4 "0.6 0 0" "p p p" 800 901

# ---- pair potentials: per-pair epsilon (eV), sigma (A), cutoff = 2.5 sigma ----
SPECIES="set type 1 type/ratio 2 0.5 4720"
masses="mass 1 63.546
mass 2 91.224"
pairs_toml() {  # style shift [extra keys for Cu-Cu, Cu-Zr, Zr-Zr (mie exponents)]
  local style=$1 shift=$2 e1=${3:-} e2=${4:-} e3=${5:-}
  printf '[potential]\nstyle = "%s"\nelements = ["Cu", "Zr"]\nshift = "%s"\n' "$style" "$shift"
  printf '[[potential.pairs]]\nelements = ["Cu", "Cu"]\nepsilon = 0.35\nsigma = 2.35\ncutoff = 5.875\n%s' "$e1"
  printf '[[potential.pairs]]\nelements = ["Cu", "Zr"]\nepsilon = 0.45\nsigma = 2.6\ncutoff = 6.5\n%s' "$e2"
  printf '[[potential.pairs]]\nelements = ["Zr", "Zr"]\nepsilon = 0.28\nsigma = 2.85\ncutoff = 7.125\n%s' "$e3"
}
LJ_A=4.3
PAIR="$masses
pair_style lj/cut 7.125
pair_coeff 1 1 0.35 2.35 5.875
pair_coeff 1 2 0.45 2.6 6.5
pair_coeff 2 2 0.28 2.85 7.125"
TOML=$(pairs_toml lj none)
run_case lj_cut           lj/cut 2 $LJ_A 4 ortho "p p p" 500 1001
run_case lj_cut_triclinic lj/cut 2 $LJ_A 4 "1.5 -1.0 0.8" "p p p" 0 1002
PAIR="$PAIR
pair_modify shift yes"
TOML=$(pairs_toml lj energy)
run_case lj_cut_shift     lj/cut 2 $LJ_A 4 ortho "p p p" 500 1003
PAIR="$masses
pair_style lj/smooth/linear 7.125
pair_coeff 1 1 0.35 2.35 5.875
pair_coeff 1 2 0.45 2.6 6.5
pair_coeff 2 2 0.28 2.85 7.125"
TOML=$(pairs_toml lj force)
run_case lj_smooth_linear lj/smooth/linear 2 $LJ_A 4 "0.4 0 0" "p p p" 500 1004
PAIR="$masses
pair_style mie/cut 7.125
pair_coeff 1 1 0.35 2.35 8 4 5.875
pair_coeff 1 2 0.45 2.6 8 4 6.5
pair_coeff 2 2 0.28 2.85 8 4 7.125"
e84=$'m = 8\nn = 4\n'
TOML=$(pairs_toml mie none "$e84" "$e84" "$e84")
run_case mie_84           mie/cut 2 $LJ_A 4 ortho "p p p" 500 1005
PAIR="$PAIR
pair_modify shift yes"
TOML=$(pairs_toml mie energy "$e84" "$e84" "$e84")
run_case mie_84_shift     mie/cut 2 $LJ_A 4 "0 -0.8 0" "p p p" 500 1006
PAIR="$masses
pair_style mie/cut 7.125
pair_coeff 1 1 0.35 2.35 12 6 5.875
pair_coeff 1 2 0.45 2.6 10 5 6.5
pair_coeff 2 2 0.28 2.85 9 6 7.125
pair_modify shift yes"
TOML=$(pairs_toml mie energy $'m = 12\nn = 6\n' $'m = 10\nn = 5\n' $'m = 9\nn = 6\n')
run_case mie_mixed        mie/cut 2 $LJ_A 4 "0.8 0 0" "p p p" 500 1007
