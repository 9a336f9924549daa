#!/usr/bin/env bash
# Regenerates the LAMMPS reference cases in cases/<name>/ (run from anywhere):
#   bash tests/reference/lammps/generate.sh
# Needs `lmp` (Debian package lammps; override with LMP=...), Debian's
# potentials (lammps-data) and the shared potentials beside the checkout
# (override with SHARED_POTENTIALS=...). Deterministic: fixed seeds.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
LMP="${LMP:-lmp}"
SHARED_POTENTIALS="${SHARED_POTENTIALS:-$(cd "$root/.." && pwd)/shared/potentials}"
DEBIAN_POTENTIALS=/usr/share/lammps/potentials
version="$("$LMP" -h | sed -n 's/^Large-scale Atomic\/Molecular Massively Parallel Simulator - \(.*\)$/\1/p' | head -1)"

# case NAME STYLE NTYPES A CELLS TILT(xy xz yz) BND TEMP SEED ZLO ZHI ZBOX
#   species and pair settings come from the variables SPECIES, PAIR, TOML.
run_case() {
  local name=$1 style=$2 ntypes=$3 a=$4 cells=$5 txy=$6 txz=$7 tyz=$8 bnd=$9 temp=${10} seed=${11}
  local zlo=${12:-0} zhi=${13:-$5} zbox=${14:-$5}
  local dir="$here/cases/$name"
  rm -rf "$dir"
  mkdir -p "$dir"
  printf '%s\n' "$SPECIES" > "$dir/species.lmp"
  printf '%s\n' "$PAIR" > "$dir/pair.lmp"
  printf '%s\n' "$TOML" > "$dir/potential.toml"
  (cd "$dir" && "$LMP" -in "$here/in.reference" -log none -screen "$dir/screen.tmp" \
      -var a "$a" -var cells "$cells" -var tilt_xy "$txy" -var tilt_xz "$txz" -var tilt_yz "$tyz" \
      -var bx "${bnd:0:1}" -var by "${bnd:2:1}" -var bz "${bnd:4:1}" -var ntypes "$ntypes" -var temp "$temp" -var seed "$seed" \
      -var zlo "$zlo" -var zhi "$zhi" -var zbox "$zbox" -var style "$style") \
    || { tail -5 "$dir/screen.tmp" >&2; exit 1; }
  if grep -E "ERROR|WARNING" "$dir/screen.tmp" | grep -v "No fixes defined" >&2; then exit 1; fi
  rm -f "$dir/screen.tmp"
  # Add what LAMMPS's print cannot substitute inside a quoted JSON string.
  python3 - "$dir/reference.json" "$bnd" "$style" "$version" <<'PY'
import json, sys
path, bnd, style, version = sys.argv[1:]
ref = json.load(open(path))
ref.update({"boundary": bnd, "pair_style": style, "lammps_version": version})
with open(path, "w") as f:
    json.dump(ref, f, indent=1)
    f.write("\n")
PY
  echo "$name: $(grep -o '"natoms": [0-9]*' "$dir/reference.json")"
}

toml_setfl() {  # style file elements...
  local style=$1 file=$2; shift 2
  local els; els=$(printf '"%s", ' "$@"); els="[${els%, }]"
  printf '[potential]\nstyle = "%s"\nfile = "%s"\nelements = %s' "$style" "$file" "$els"
}

# ---- Cu-Zr Finnis-Sinclair (Mendelev 2007, Debian) ----
SPECIES="set type 1 type/fraction 2 0.5 4711"
PAIR="pair_style eam/fs
pair_coeff * * $DEBIAN_POTENTIALS/CuZr_mm.eam.fs Cu Zr"
TOML=$(toml_setfl eam/fs CuZr_mm.eam.fs Cu Zr)
run_case cuzr_fs_ortho       eam/fs 2 4.09 4 0 0 0 "p p p" 1500 101
run_case cuzr_fs_compressed  eam/fs 2 3.75 4 0 0 0 "p p p" 0 102
run_case cuzr_fs_expanded    eam/fs 2 4.40 4 0 0 0 "p p p" 0 103
run_case cuzr_fs_triclinic   eam/fs 2 4.09 4 0.4 -0.25 0.2 "p p p" 1200 104
run_case cuzr_fs_smallbox    eam/fs 2 4.09 2 0.3 0 -0.2 "p p p" 800 105
run_case cuzr_fs_freesurface eam/fs 2 4.09 4 0 0 0 "p p f" 600 106 0.5 4.5 5

# ---- Al-Fe Finnis-Sinclair (Mendelev 2005, Debian) ----
PAIR="pair_style eam/fs
pair_coeff * * $DEBIAN_POTENTIALS/AlFe_mm.eam.fs Al Fe"
TOML=$(toml_setfl eam/fs AlFe_mm.eam.fs Al Fe)
run_case alfe_fs_ortho       eam/fs 2 3.76 4 0 0 0 "p p p" 1000 201
run_case alfe_fs_triclinic   eam/fs 2 3.76 4 -0.3 0.2 0.35 "p p p" 0 202

# ---- Cu-Ni eam/alloy (Debian) ----
PAIR="pair_style eam/alloy
pair_coeff * * $DEBIAN_POTENTIALS/CuNi.eam.alloy Cu Ni"
TOML=$(toml_setfl eam/alloy CuNi.eam.alloy Cu Ni)
run_case cuni_alloy          eam/alloy 2 3.58 4 0.2 0.1 -0.15 "p p p" 900 301

# ---- funcfl files mixed (pair_style eam) ----
PAIR="pair_style eam
pair_coeff 1 1 $DEBIAN_POTENTIALS/Cu_u3.eam
pair_coeff 2 2 $DEBIAN_POTENTIALS/Ni_u3.eam"
TOML=$(printf '[potential]\nstyle = "eam"\nfiles = ["Cu_u3.eam", "Ni_u3.eam"]\nelements = ["Cu", "Ni"]')
run_case cuni_funcfl           eam 2 3.58 4 0 0 0 "p p p" 900 401
run_case cuni_funcfl_triclinic eam 2 3.58 4 0.3 -0.2 0.1 "p p p" 0 402
SPECIES="set type 1 type/fraction 2 0.33 4712
set type 1 type/fraction 3 0.5 4713"
PAIR="pair_style eam
pair_coeff 1 1 $DEBIAN_POTENTIALS/Cu_u3.eam
pair_coeff 2 2 $DEBIAN_POTENTIALS/Ni_u3.eam
pair_coeff 3 3 $DEBIAN_POTENTIALS/Pd_u3.eam"
TOML=$(printf '[potential]\nstyle = "eam"\nfiles = ["Cu_u3.eam", "Ni_u3.eam", "Pd_u3.eam"]\nelements = ["Cu", "Ni", "Pd"]')
run_case funcfl_ternary        eam 3 3.70 4 0.1 0 0.2 "p p p" 700 403

# ---- the shared potentials ----
SPECIES="set type 1 type/fraction 2 0.8 4714
set type 1 type/fraction 3 0.2 4715"
PAIR="pair_style eam/alloy
pair_coeff * * $SHARED_POTENTIALS/ZrCuAl2011.eam.alloy Zr Cu Al"
TOML=$(toml_setfl eam/alloy ZrCuAl2011.eam.alloy Zr Cu Al)
run_case zrcual_alloy_ortho     eam/alloy 3 4.18 4 0 0 0 "p p p" 1500 501
run_case zrcual_alloy_triclinic eam/alloy 3 4.18 4 0.35 0.25 -0.3 "p p p" 0 502

SPECIES="set type 1 type/fraction 2 0.5 4716"
PAIR="pair_style eam/fs
pair_coeff * * $SHARED_POTENTIALS/Cu-Zr_2.eam.fs Cu Zr"
TOML=$(toml_setfl eam/fs Cu-Zr_2.eam.fs Cu Zr)
run_case cuzr2_fs eam/fs 2 4.09 4 0.2 0 0 "p p p" 1000 601

SPECIES="set type 1 type/fraction 2 0.18 4717"
PAIR="pair_style eam/alloy
pair_coeff * * $SHARED_POTENTIALS/PdSi.lammps.eam Pd Si"
TOML=$(toml_setfl eam/alloy PdSi.lammps.eam Pd Si)
run_case pdsi_alloy eam/alloy 2 3.85 4 0 0.2 0 "p p p" 800 701

SPECIES="set type 1 type/fraction 2 0.2 4718"
PAIR="pair_style eam/alloy
pair_coeff * * $SHARED_POTENTIALS/NiP.lammps.eam Ni P"
TOML=$(toml_setfl eam/alloy NiP.lammps.eam Ni P)
run_case nip_alloy eam/alloy 2 3.61 4 0 0 0.25 "p p p" 800 801

SPECIES="set type 1 type 2
set type 2 type/fraction 1 0.1 4719"
PAIR="pair_style eam/alloy
pair_coeff * * $SHARED_POTENTIALS/LaAl.lammps.eam La Al"
TOML=$(toml_setfl eam/alloy LaAl.lammps.eam La Al)
run_case laal_alloy eam/alloy 2 4.18 4 0.15 0 0 "p p p" 800 901

# ---- pair potentials: per-pair epsilon, sigma, cutoff ----
SPECIES="set type 1 type/fraction 2 0.5 4720"
masses="mass 1 63.546
mass 2 91.224"
pairs_toml() {  # shift, then extra keys per pair (mie exponents) as three strings
  local style=$1 shift=$2 e1=${3:-} e2=${4:-} e3=${5:-}
  printf '[potential]\nstyle = "%s"\nelements = ["Cu", "Zr"]\nshift = "%s"\n' "$style" "$shift"
  printf '[[potential.pairs]]\nelements = ["Cu", "Cu"]\nepsilon = 0.35\nsigma = 2.35\ncutoff = 5.875\n%s' "$e1"
  printf '[[potential.pairs]]\nelements = ["Cu", "Zr"]\nepsilon = 0.45\nsigma = 2.6\ncutoff = 6.5\n%s' "$e2"
  printf '[[potential.pairs]]\nelements = ["Zr", "Zr"]\nepsilon = 0.28\nsigma = 2.85\ncutoff = 7.125\n%s' "$e3"
}
PAIR="$masses
pair_style lj/cut 7.125
pair_coeff 1 1 0.35 2.35 5.875
pair_coeff 1 2 0.45 2.6 6.5
pair_coeff 2 2 0.28 2.85 7.125"
TOML=$(pairs_toml lj none)
run_case lj_cut lj/cut 2 4.0 4 0 0 0 "p p p" 500 1001
run_case lj_cut_triclinic lj/cut 2 4.0 4 0.3 0.2 -0.25 "p p p" 0 1002
PAIR="$PAIR
pair_modify shift yes"
TOML=$(pairs_toml lj energy)
run_case lj_cut_shift lj/cut 2 4.0 4 0 0 0 "p p p" 500 1003
PAIR="$masses
pair_style lj/smooth/linear 7.125
pair_coeff 1 1 0.35 2.35 5.875
pair_coeff 1 2 0.45 2.6 6.5
pair_coeff 2 2 0.28 2.85 7.125"
TOML=$(pairs_toml lj force)
run_case lj_smooth_linear lj/smooth/linear 2 4.0 4 0.1 0 0 "p p p" 500 1004
PAIR="$masses
pair_style mie/cut 7.125
pair_coeff 1 1 0.35 2.35 8 4 5.875
pair_coeff 1 2 0.45 2.6 8 4 6.5
pair_coeff 2 2 0.28 2.85 8 4 7.125"
e84=$'m = 8\nn = 4\n'
TOML=$(pairs_toml mie none "$e84" "$e84" "$e84")
run_case mie_84 mie/cut 2 4.0 4 0 0 0 "p p p" 500 1005
PAIR="$PAIR
pair_modify shift yes"
TOML=$(pairs_toml mie energy "$e84" "$e84" "$e84")
run_case mie_84_shift mie/cut 2 4.0 4 0 -0.2 0 "p p p" 500 1006
PAIR="$masses
pair_style mie/cut 7.125
pair_coeff 1 1 0.35 2.35 12 6 5.875
pair_coeff 1 2 0.45 2.6 10 5 6.5
pair_coeff 2 2 0.28 2.85 9 6 7.125
pair_modify shift yes"
TOML=$(pairs_toml mie energy $'m = 12\nn = 6\n' $'m = 10\nn = 5\n' $'m = 9\nn = 6\n')
run_case mie_mixed mie/cut 2 4.0 4 0.2 0 0 "p p p" 500 1007
