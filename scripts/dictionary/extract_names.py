#!/usr/bin/env python3
"""Refreshes element-names.tsv: the PS3.6 element names that derive_name() cannot rebuild from the keyword.

dcmtk's dicom.dic has keywords but no names, so names come from a copy of PS3.6 Table 6-1 and friends.
Input: the src/index.ts of the npm package @iwharris/dicom-data-dictionary (MIT; built from PS3.6, revision
printed below), e.g. `npm pack @iwharris/dicom-data-dictionary && tar xzf *.tgz`.
Usage: python3 scripts/dictionary/extract_names.py package/src/index.ts
Only differences from derive_name() are written, so the file stays small; rerunning is deterministic.
"""

import html
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generate import derive_name, parse_tag  # noqa: E402

ENTRY = re.compile(
    r"tag: `([^`]*)`,\s*name: `([^`]*)`,\s*keyword: `([^`]*)`,\s*vr: `[^`]*`,\s*vm: `[^`]*`,\s*note: `[^`]*`,\s*isRetired: \w+"
)


def clean(name):
    # The HTML of PS3.6 carries zero-width spaces and doubled blanks into some names.
    return re.sub(r"\s+", " ", html.unescape(name).replace("\u200b", "")).strip()


def main():
    src = open(sys.argv[1], encoding="utf-8").read()
    revision = re.search(r"revision: string = '([^']*)'", src)
    rows = []
    for tag, name, keyword in ((m.group(1), m.group(2), m.group(3)) for m in ENTRY.finditer(src)):
        if not keyword:
            continue
        name = clean(name)
        if name != derive_name(keyword):
            value, mask = parse_tag(tag)
            rows.append((value, mask, tag.upper().replace("X", "x"), name))
    rows.sort()
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "element-names.tsv")
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write("# PS3.6 names that are not the keyword split into words (see extract_names.py).\n")
        f.write(f"# Source: PS3.6 {revision.group(1) if revision else '?'} via @iwharris/dicom-data-dictionary.\n")
        f.write("# tag\tname\n")
        for _, _, tag, name in rows:
            f.write(f"{tag}\t{name}\n")
    print(f"{len(rows)} names written to {out}")


if __name__ == "__main__":
    main()
