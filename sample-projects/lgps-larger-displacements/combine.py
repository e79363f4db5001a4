#!/usr/bin/env python3
"""Shared 590 LGPS frames + the QE-labelled larger-displacement frames, the latter shifted onto the shared energy
reference by the offset measured on shared frame 1 (E_shared - E_QE, same structure).

usage: combine.py SHARED_590.extxyz QE_SHARED_FRAME1.extxyz QE_FRAMES.extxyz OUT.extxyz"""
import re, sys
shared_path, qe1_path, extra_path, out_path = sys.argv[1:5]
def frames(path):
    with open(path) as f:
        lines = f.read().splitlines()
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1; continue
        n = int(lines[i]); yield lines[i:i + n + 2]; i += n + 2
def energy(fr):
    return float(re.search(r'energy=([-\d.eE+]+)', fr[1]).group(1))
shared = list(frames(shared_path))
qe1 = list(frames(qe1_path))[0]
offset = energy(shared[0]) - energy(qe1)
print('offset', offset, file=sys.stderr)
# forces of the same structure from both codes
import math
def forces(fr):
    hdr = fr[1]
    props = re.search(r'Properties=(\S+)', hdr).group(1).split(':')
    col = 0; fcol = None
    for k in range(0, len(props), 3):
        if props[k] == 'forces': fcol = col
        col += int(props[k + 2])
    return [list(map(float, l.split()[fcol:fcol + 3])) for l in fr[2:]]
fa, fb = forces(shared[0]), forces(qe1)
d = [fa[i][k] - fb[i][k] for i in range(len(fa)) for k in range(3)]
print('force rms diff', math.sqrt(sum(x * x for x in d) / len(d)), file=sys.stderr)
out = open(out_path, 'w')
for fr in shared:
    out.write('\n'.join(fr) + '\n')
extra = list(frames(extra_path))
for fr in extra:
    e = energy(fr)
    fr = [fr[0], re.sub(r'energy=([-\d.eE+]+)', 'energy=%.8f' % (e + offset), fr[1])] + fr[2:]
    out.write('\n'.join(fr) + '\n')
print('extra frames', len(extra), file=sys.stderr)
