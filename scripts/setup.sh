#!/usr/bin/env bash
# Installs rejuv's build dependencies (Debian 12 packages) and builds it in ./build.
# Used by both set-up commands in the README and by CI.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake make g++ libomp-dev libfmt-dev nlohmann-json3-dev libtomlplusplus-dev libcli11-dev
          libgtest-dev libbenchmark-dev lammps-data libopenmpi-dev openmpi-bin voro++-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build build -j "$(nproc)"
