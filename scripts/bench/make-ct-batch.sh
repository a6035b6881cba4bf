#!/usr/bin/env bash
# make-ct-batch.sh OUTDIR N
# Makes N CT files (512x512, 16 bit, explicit VR LE) in OUTDIR: one file from ct-template.dump with
# dump2dcm, then N copies with distinct SOP Instance UIDs. dcmodify per file would take minutes for
# 1,000 files, so the copies are byte patches of a fixed-width UID in the meta group and the data set.
# Idempotent: does nothing when OUTDIR already holds N files made from the same template.
set -euo pipefail

if [ $# -ne 2 ] || ! [[ $2 =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 OUTDIR N" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
out=$1 n=$2
mkdir -p "$out"
stamp="$(sha256sum "$here/ct-template.dump" "$here/make-ct-batch.sh" | sha256sum | cut -c1-16) $n"
if [ "$(cat "$out/.stamp" 2>/dev/null)" = "$stamp" ]; then
  exit 0
fi
rm -f "$out"/ct-*.dcm "$out/.stamp"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Fixed width (9,000,000 copies at most) and no leading zero in the last component (PS3.5 9.1).
root=2.25.314159265358979323846264338327950288.9
placeholder=$root.1000000

python3 - "$work/ct-pixels.raw" <<'PY'
import random, struct, sys
# A body-like disc of soft tissue (~1064 stored, i.e. 40 HU) with noise, air (0) around it:
# realistic enough that nothing compresses or parses trivially.
rnd = random.Random(42)
vals = []
for y in range(512):
    for x in range(512):
        inside = (x - 256) ** 2 + (y - 256) ** 2 < 230 ** 2
        vals.append(min(4095, max(0, (1064 if inside else 24) + rnd.randint(-40, 40))))
open(sys.argv[1], "wb").write(struct.pack("<%dH" % len(vals), *vals))
PY
sed "s|@SOP_INSTANCE_UID@|$placeholder|" "$here/ct-template.dump" >"$work/ct.dump"
(cd "$work" && dump2dcm -q ct.dump ct.dcm)

python3 - "$work/ct.dcm" "$out" "$n" "$placeholder" "$root" <<'PY'
import os, sys
template, out, n, placeholder, root = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4].encode(), sys.argv[5]
data = open(template, "rb").read()
assert data.count(placeholder) == 2, "the UID must appear in (0002,0003) and (0008,0018)"
for i in range(n):
    uid = f"{root}.{1000001 + i}".encode()
    assert len(uid) == len(placeholder)
    with open(os.path.join(out, f"ct-{i + 1:05d}.dcm"), "wb") as f:
        f.write(data.replace(placeholder, uid))
PY
echo "$stamp" >"$out/.stamp"
