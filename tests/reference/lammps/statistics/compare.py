#!/usr/bin/env python3
"""Block-averaged means of rejuv and LAMMPS runs (see run.sh): each quantity's
mean with its standard error from 10 blocks of 2 ps; agreement when the
difference is within 3 combined standard errors."""
import csv
import math

QUANTITIES = [("temperature_K", "T (K)"), ("pressure_GPa", "P (GPa)"),
              ("volume_A3_per_atom", "V (A^3/atom)"), ("pe_eV_per_atom", "PE (eV/atom)")]
N = 2000


def lammps(path):
    rows = []
    for line in open(path):
        step, temp, press, vol, pe, *_ = map(float, line.split())
        rows.append({"temperature_K": temp, "pressure_GPa": press / 1e4,
                     "volume_A3_per_atom": vol / N, "pe_eV_per_atom": pe / N})
    return rows[1:]  # skip the first row (the start of production)


def rejuv(path):
    rows = []
    for r in csv.DictReader(open(path)):
        rows.append({"temperature_K": float(r["temperature_K"]), "pressure_GPa": float(r["pressure_GPa"]),
                     "volume_A3_per_atom": float(r["volume_A3"]) / N,
                     "pe_eV_per_atom": float(r["potential_energy_eV"]) / N})
    return rows[1:]


def block_stats(values, blocks=10):
    size = len(values) // blocks
    means = [sum(values[k * size:(k + 1) * size]) / size for k in range(blocks)]
    mean = sum(means) / blocks
    var = sum((m - mean) ** 2 for m in means) / (blocks - 1)
    return mean, math.sqrt(var / blocks)


ok_all = True
for ens in ["nvt", "npt_iso", "npt_aniso"]:
    a, b = rejuv(f"rejuv_{ens}.csv"), lammps(f"lammps_{ens}.thermo")
    print(f"\n{ens}: {len(a)} rejuv samples, {len(b)} LAMMPS samples")
    print(f"| quantity | rejuv | LAMMPS | difference / combined SE |")
    print(f"|---|---|---|---|")
    for key, label in QUANTITIES:
        ma, sa = block_stats([r[key] for r in a])
        mb, sb = block_stats([r[key] for r in b])
        if sa + sb < 1e-9 * abs(mb):  # a fixed quantity (V at constant volume): equal to print precision
            same = abs(ma - mb) < 1e-8 * abs(mb)
            ok_all &= same
            print(f"| {label} | {ma:.5f} (fixed) | {mb:.5f} (fixed) | {'equal' if same else 'DIFFERENT'} |")
            continue
        z = abs(ma - mb) / math.sqrt(sa * sa + sb * sb)
        ok_all &= z < 3.0
        print(f"| {label} | {ma:.5f} ± {sa:.5f} | {mb:.5f} ± {sb:.5f} | {z:.2f} |")
print("\nall within 3 standard errors" if ok_all else "\nSOME DIFFER BY MORE THAN 3 STANDARD ERRORS")
