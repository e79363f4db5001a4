#!/usr/bin/env bash
# Regenerates the sample projects with Kiseki's own command line. Run from anywhere.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
kiseki="$here/../kiseki"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Diamond silicon, conventional 8-atom cell, a = 5.43 Å (the labelling tests' system)
cat >"$work/Si8.vasp" <<'POSCAR'
Si8 diamond, a = 5.43 A
1.0
5.43 0.0 0.0
0.0 5.43 0.0
0.0 0.0 5.43
Si
8
Direct
0.00 0.00 0.00
0.00 0.50 0.50
0.50 0.00 0.50
0.50 0.50 0.00
0.25 0.25 0.25
0.25 0.75 0.75
0.75 0.25 0.75
0.75 0.75 0.25
POSCAR

rm -rf "$here/si-diamond"
"$kiseki" project new "$here/si-diamond" --name "Si diamond (sample)"
"$kiseki" structure convert "$work/Si8.vasp" "$work/Si8.cif"
si8=$("$kiseki" project add-structure "$here/si-diamond" "$work/Si8.cif" --name Si8 --json | sed -n 's/^  "id" : "\(.*\)",$/\1/p')
"$kiseki" structure supercell "$work/Si8.cif" "$work/Si64.cif" --size 2x2x2
"$kiseki" project add-structure "$here/si-diamond" "$work/Si64.cif" --name "Si64 (2x2x2)" --parent "$si8"
"$kiseki" structure perturb "$work/Si8.cif" "$work/Si8-displaced.extxyz" --count 6 --min 0.05 --max 0.1 --seed 1
"$kiseki" project add-structure "$here/si-diamond" "$work/Si8-displaced.extxyz" --name "Si8 displaced x6" --parent "$si8"
"$kiseki" project show "$here/si-diamond"
