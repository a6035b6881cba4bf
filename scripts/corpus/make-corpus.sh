#!/usr/bin/env bash
# make-corpus.sh OUTDIR
#
# Generates, with dcmtk tools, the DICOM test corpus the interop tests iterate: every VR, multi-valued
# and empty values, nested and deeply nested sequences of defined and undefined length, private
# creators and blocks, UN of undefined length, 8/16-bit signed/unsigned, RGB planar 0/1, multi-frame,
# overlay and float pixel data, every character set of the issue, img2dcm from JPEG and BMP, every
# uncompressed transfer syntax (implicit LE, explicit LE, explicit BE, deflated) and RLE, JPEG and
# JPEG-LS with and without a Basic Offset Table and with several fragments per frame.
#
# Writes OUTDIR/files/*.dcm and OUTDIR/manifest.tsv, one line per file:
#   file (relative to OUTDIR) <TAB> transfer syntax UID <TAB> features (;-separated) <TAB> description
# Features are claims the corpus tests check: vr:XX, charset:<(0008,0005)>, pn:<PatientName as UTF-8>,
# dcmtk-utf8:yes|no (can dcmtk/iconv convert the set), frames:N, lengths:explicit|undefined, depth:N,
# encapsulated, bot:present|empty, fragments:per-frame|split, un-undefined, mixed-lengths, ...
#
# Idempotent: when OUTDIR holds a corpus made from the same scripts and templates, it does nothing.
# Inputs that dump text cannot hold (pixel files, legacy-charset text, a few hand-made encodings) come
# from gen.py (Python standard library only).
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi

here=$(cd "$(dirname "$0")" && pwd)
templates=$here/templates
gen() { python3 "$here/gen.py" "$@"; }

for tool in dump2dcm dcmconv dcmodify dcmcrle dcmcjpeg dcmcjpls dcmj2pnm dcm2pnm img2dcm python3; do
  command -v "$tool" >/dev/null || { echo "make-corpus: $tool not found (run scripts/install-deps.sh)" >&2; exit 1; }
done

mkdir -p "$1"
out=$(cd "$1" && pwd)
stamp=$(cat "$here/make-corpus.sh" "$here/gen.py" "$templates"/*.dump | sha256sum | cut -c1-16)
if [ -f "$out/manifest.tsv" ] && [ "$(cat "$out/.stamp" 2>/dev/null)" = "$stamp" ]; then
  exit 0
fi

# Build in a sibling directory and swap it in at the end, so an interrupted run never leaves a
# half-made corpus that looks complete.
build=$(mktemp -d "$out/.build.XXXXXX")
trap 'rm -rf "$build"' EXIT
mkdir -p "$build/files" "$build/work"
cd "$build/work"
manifest=$build/manifest.tsv
: >"$manifest"

readonly TS_ILE=1.2.840.10008.1.2 TS_ELE=1.2.840.10008.1.2.1 TS_EBE=1.2.840.10008.1.2.2
readonly TS_DEF=1.2.840.10008.1.2.1.99 TS_RLE=1.2.840.10008.1.2.5
readonly TS_JPEG_BASELINE=1.2.840.10008.1.2.4.50 TS_JPEG_EXTENDED=1.2.840.10008.1.2.4.51
readonly TS_JPEG_PROGRESSIVE=1.2.840.10008.1.2.4.55 TS_JPEG_LOSSLESS=1.2.840.10008.1.2.4.57
readonly TS_JPEG_LOSSLESS_SV1=1.2.840.10008.1.2.4.70 TS_JPEGLS=1.2.840.10008.1.2.4.80
readonly TS_JPEGLS_NEAR=1.2.840.10008.1.2.4.81

ALL_VRS="AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV"
vr_features() { local v s=""; for v in "$@"; do s+="vr:$v;"; done; printf '%s' "${s%;}"; }

# add FILE TS FEATURES DESCRIPTION
# dcm2json 3.6.7 refuses encapsulated pixel data ("InlineBinary encoding not supported for compressed
# pixel data") and the sets iconv lacks: such files are marked dcm2json:fails (the corpus tests check it).
add() {
  local f=$3
  if [[ ";$f;" == *";encapsulated;"* || ";$f;" == *";dcmtk-utf8:no;"* ]]; then f+=";dcm2json:fails"; fi
  printf '%s\t%s\t%s\t%s\n' "files/$(basename "$1")" "$2" "$f" "$4" >>"$manifest"
}

# Features of a base file, read by the conversion step.
declare -A base_features base_desc
bases=()

# base NAME FEATURES DESCRIPTION (the file is files/NAME.dcm in explicit VR little endian)
base() {
  bases+=("$1")
  base_features[$1]=$2
  base_desc[$1]=$3
  add "../files/$1.dcm" "$TS_ELE" "$2" "$3"
}

# --- dump2dcm from the committed templates ------------------------------------------------------
gen pixels pixels

dump() { # dump NAME [template path]
  local tpl=${2:-$templates/$1.dump}
  gen fill "$tpl" "$1.dump"
  dump2dcm +l 65536 "$1.dump" "../files/$1.dcm"
}

dump vr-standard
base vr-standard "$(vr_features $ALL_VRS);multi-valued;empty-values" \
  "every VR on a standard attribute, multi-valued and empty values"
dump vr-private
base vr-private "$(vr_features $ALL_VRS);private;private-creators:6" \
  "every VR on private elements, six private creators in three groups, private sequence"
dump sequences
base sequences "vr:SQ;sequences;depth:3" "nested sequences, empty sequence, empty items"
gen deep 40 deep.dump
dump deep "$PWD/deep.dump"
base deep "vr:SQ;sequences;depth:40" "sequences nested 40 deep"

for name in mono8 mono16u mono16s rgb-planar0 rgb-planar1 frames8 frames16 overlay float; do
  dump "$name"
done
base mono8 "image;bits:8;frames:1" "8-bit monochrome 64x48"
base mono16u "image;bits:16;bits-stored:12;unsigned;frames:1" "16-bit unsigned CT 64x64, 12 bits stored"
base mono16s "image;bits:16;signed;frames:1;vr:SS" "16-bit signed MR 64x64"
base rgb-planar0 "image;bits:8;color;planar:0;frames:1" "RGB 32x32, planar configuration 0"
base rgb-planar1 "image;bits:8;color;planar:1;frames:1" "RGB 32x32, planar configuration 1"
base frames8 "image;bits:8;frames:10;multi-frame" "multi-frame 8-bit, 10 frames 32x32"
base frames16 "image;bits:16;frames:10;multi-frame" "multi-frame 16-bit, 10 frames 32x32"
base overlay "image;bits:8;frames:1;overlay" "8-bit image with a group 6000 overlay"
base float "image;float-pixels;vr:OF;frames:1" "Float Pixel Data (7FE0,0008) OF 16x16"

# UN of undefined length and a sequence mixing item lengths: dcmtk writes neither, so gen.py appends
# them (group 0033, after everything else) to a small explicit VR file dump2dcm made.
cat >un-undefined.dump <<'EOF'
# Base for the hand-made elements of group 0033 (see gen.py splice).
(0002,0010) UI =LittleEndianExplicit
(0008,0016) UI [1.2.840.10008.5.1.4.1.1.66]
(0008,0018) UI [2.25.271828182845904523536028747135266249775.61]
(0010,0010) PN [Test^UN]
(0010,0020) LO [PEAKE-UN-0001]
EOF
dump2dcm un-undefined.dump ../files/un-undefined.dcm
gen splice ../files/un-undefined.dcm
base un-undefined "un-undefined;mixed-lengths;sequences;private" \
  "UN of undefined length holding an implicit VR sequence (CP-246); defined and undefined length items"

# --- character sets -----------------------------------------------------------------------------
gen charsets charsets
while IFS=$'\t' read -r name charset pn short text dcmtk_ok; do
  [ "$charset" = - ] && charset="" # "-": no (0008,0005); read would merge an empty tab-separated field
  f=../files/charset-$name.dcm
  dump2dcm "charsets/charset-$name.dump" "$f"
  # Multi-line LT/UT values (CR LF inside) cannot be written in a dump line: insert them from a file.
  dcmodify -nb -q -if "(0010,4000)=charsets/charset-$name.text" \
    -if "(0040,a730)[0].(0040,a160)=charsets/charset-$name.text" "$f"
  features="charset:${charset};pn:${pn};dcmtk-utf8:${dcmtk_ok};vr:PN;vr:LO;vr:SH;vr:ST;vr:LT;vr:UC;vr:UT"
  [ -z "$charset" ] && features="charset:;pn:${pn};dcmtk-utf8:${dcmtk_ok}"
  base "charset-$name" "$features" "Specific Character Set '${charset:-default}': PN, LO, SH, ST, LT, UC, UT"
done <charsets/charsets.tsv

# --- img2dcm from JPEG and BMP made by dcmtk from the base images ---------------------------------
dcmj2pnm -q +oj ../files/mono8.dcm gray.jpg
dcmj2pnm -q +oj ../files/rgb-planar0.dcm rgb.jpg
dcm2pnm -q +obp ../files/mono8.dcm gray.bmp
dcm2pnm -q +obt ../files/rgb-planar0.dcm rgb.bmp
img2dcm_uids() { # fixed UIDs and names, so that the corpus is the same on every run
  printf '%s\n' -k "SOPInstanceUID=2.25.271828182845904523536028747135266249775.7$1" \
    -k "StudyInstanceUID=2.25.271828182845904523536028747135266249775.70" \
    -k "SeriesInstanceUID=2.25.271828182845904523536028747135266249775.71" \
    -k "PatientName=Test^Img2dcm$1" -k "PatientID=PEAKE-IMG2DCM-$1"
}
mapfile -t a < <(img2dcm_uids 1); img2dcm -q "${a[@]}" gray.jpg ../files/img2dcm-jpeg-gray.dcm
mapfile -t a < <(img2dcm_uids 2); img2dcm -q "${a[@]}" rgb.jpg ../files/img2dcm-jpeg-rgb.dcm
mapfile -t a < <(img2dcm_uids 3); img2dcm -q -i BMP "${a[@]}" gray.bmp ../files/img2dcm-bmp-gray.dcm
mapfile -t a < <(img2dcm_uids 4); img2dcm -q -i BMP "${a[@]}" rgb.bmp ../files/img2dcm-bmp-rgb.dcm
add ../files/img2dcm-jpeg-gray.dcm "$TS_JPEG_BASELINE" "image;img2dcm;encapsulated;frames:1" \
  "img2dcm of a grayscale JPEG (JPEG data kept as is)"
add ../files/img2dcm-jpeg-rgb.dcm "$TS_JPEG_BASELINE" "image;img2dcm;encapsulated;color;frames:1" \
  "img2dcm of a color JPEG (YBR_FULL_422)"
base img2dcm-bmp-gray "image;img2dcm;bits:8;frames:1" "img2dcm of an 8-bit palette BMP"
base img2dcm-bmp-rgb "image;img2dcm;bits:8;color;frames:1" "img2dcm of a 24-bit BMP"

# --- every uncompressed transfer syntax -----------------------------------------------------------
# Implicit VR carries no VR in the file, so its copies make no vr: claims; UN of undefined length is
# read by dcmtk as a sequence and written back as SQ, so the copies no longer hold one.
strip() { # strip FEATURES PATTERN...: drop the features matching any pattern
  local f=$1 out="" t p keep
  shift
  IFS=';' read -ra toks <<<"$f"
  for t in "${toks[@]}"; do
    keep=1
    for p in "$@"; do [[ $t == $p ]] && keep=0; done
    [ $keep -eq 1 ] && out+="$t;"
  done
  printf '%s' "${out%;}"
}

for b in "${bases[@]}"; do
  src=../files/$b.dcm
  feats=$(strip "${base_features[$b]}" un-undefined mixed-lengths)
  desc=${base_desc[$b]}
  dcmconv -q +ti "$src" "../files/$b.ile.dcm"
  add "../files/$b.ile.dcm" "$TS_ILE" "$(strip "$feats" 'vr:*')" "$desc; implicit VR LE"
  dcmconv -q +tb "$src" "../files/$b.ebe.dcm"
  add "../files/$b.ebe.dcm" "$TS_EBE" "$feats" "$desc; explicit VR big endian"
  dcmconv -q +td "$src" "../files/$b.def.dcm"
  add "../files/$b.def.dcm" "$TS_DEF" "$feats" "$desc; deflated explicit VR LE"
  # Sequences once more with undefined lengths everywhere (dcmtk writes one length mode per file).
  if [[ ";$feats;" == *";sequences;"* ]] && [ "$b" != un-undefined ]; then
    dcmconv -q -e +te "$src" "../files/$b.ele-ul.dcm"
    add "../files/$b.ele-ul.dcm" "$TS_ELE" "$feats;lengths:undefined" "$desc; explicit VR LE, undefined lengths"
    dcmconv -q -e +ti "$src" "../files/$b.ile-ul.dcm"
    add "../files/$b.ile-ul.dcm" "$TS_ILE" "$(strip "$feats" 'vr:*');lengths:undefined" \
      "$desc; implicit VR LE, undefined lengths"
    dcmconv -q -e +tb "$src" "../files/$b.ebe-ul.dcm"
    add "../files/$b.ebe-ul.dcm" "$TS_EBE" "$feats;lengths:undefined" "$desc; explicit VR BE, undefined lengths"
    dcmconv -q -e +td "$src" "../files/$b.def-ul.dcm"
    add "../files/$b.def-ul.dcm" "$TS_DEF" "$feats;lengths:undefined" "$desc; deflated, undefined lengths"
  fi
done

# Group length elements (gggg,0000) in every group, as older writers produce (PS3.5 7.2, retired), and
# Data Set Trailing Padding (FFFC,FFFC) (PS3.10 7.2).
for b in vr-standard sequences; do
  dcmconv -q +g +te "../files/$b.dcm" "../files/$b.glen.dcm"
  add "../files/$b.glen.dcm" "$TS_ELE" "${base_features[$b]};group-lengths" "${base_desc[$b]}; with group lengths"
  dcmconv -q +g +ti "../files/$b.dcm" "../files/$b.ile-glen.dcm"
  add "../files/$b.ile-glen.dcm" "$TS_ILE" "$(strip "${base_features[$b]}" 'vr:*');group-lengths" \
    "${base_desc[$b]}; implicit VR LE with group lengths"
done
dcmconv -q +p 1024 0 ../files/vr-standard.dcm ../files/vr-standard.pad.dcm
add ../files/vr-standard.pad.dcm "$TS_ELE" "${base_features[vr-standard]};trailing-padding" \
  "${base_desc[vr-standard]}; Data Set Trailing Padding to 1 KiB"

# --- encapsulated (compressed) copies of the images ------------------------------------------------
# encap NAME SUFFIX TS EXTRA-FEATURES DESCRIPTION TOOL ARGS...
encap() {
  local name=$1 suffix=$2 ts=$3 extra=$4 what=$5 tool=$6
  shift 6
  local dst=../files/$name.$suffix.dcm
  "$tool" -q "$@" "../files/$name.dcm" "$dst"
  add "$dst" "$ts" "$(strip "${base_features[$name]}" 'vr:*');encapsulated;$extra" "${base_desc[$name]}; $what"
}
images=(mono8 mono16u mono16s rgb-planar0 rgb-planar1 frames8 frames16 overlay)
for i in "${images[@]}"; do
  encap "$i" rle "$TS_RLE" "bot:present;fragments:per-frame" "RLE lossless" dcmcrle
  encap "$i" jpeg-sv1 "$TS_JPEG_LOSSLESS_SV1" "bot:present;fragments:per-frame" "JPEG lossless SV1" dcmcjpeg +e1 +un
done
for i in mono8 frames8 frames16; do
  encap "$i" rle-nobot "$TS_RLE" "bot:empty;fragments:per-frame" "RLE lossless, empty offset table" dcmcrle -ot
  encap "$i" jpeg-sv1-nobot "$TS_JPEG_LOSSLESS_SV1" "bot:empty;fragments:per-frame" \
    "JPEG lossless SV1, empty offset table" dcmcjpeg +e1 -ot +un
done
# Frames split into fragments of at most 1 KiB (PS3.5 A.4 allows several fragments per frame).
encap frames16 rle-split "$TS_RLE" "bot:present;fragments:split" "RLE lossless, 1 KiB fragments" dcmcrle +fs 1
for i in mono16u mono16s rgb-planar0; do
  encap "$i" jpeg-sv1-split "$TS_JPEG_LOSSLESS_SV1" "bot:present;fragments:split" \
    "JPEG lossless SV1, 1 KiB fragments" dcmcjpeg +e1 +fs 1 +un
  encap "$i" jpeg-sv1-split-nobot "$TS_JPEG_LOSSLESS_SV1" "bot:empty;fragments:split" \
    "JPEG lossless SV1, 1 KiB fragments, empty offset table" dcmcjpeg +e1 +fs 1 -ot +un
done
for i in mono16u rgb-planar0 frames8; do
  encap "$i" jpeg-lossless "$TS_JPEG_LOSSLESS" "bot:present;fragments:per-frame" \
    "JPEG lossless process 14, selection value 6" dcmcjpeg +el +un
done
for i in mono8 rgb-planar0 rgb-planar1 frames8; do
  encap "$i" jpeg-baseline "$TS_JPEG_BASELINE" "bot:present;fragments:per-frame;lossy" "JPEG baseline" \
    dcmcjpeg +eb +un
done
for i in mono8 mono16u; do
  encap "$i" jpeg-extended "$TS_JPEG_EXTENDED" "bot:present;fragments:per-frame;lossy" \
    "JPEG extended (12-bit capable)" dcmcjpeg +ee +un
done
encap mono8 jpeg-progressive "$TS_JPEG_PROGRESSIVE" "bot:present;fragments:per-frame;lossy;retired-ts" \
  "JPEG progressive (retired syntax)" dcmcjpeg +ep +un
for i in mono8 mono16u rgb-planar0 frames8; do
  encap "$i" jpegls "$TS_JPEGLS" "bot:present;fragments:per-frame" "JPEG-LS lossless" dcmcjpls +el +un
done
for i in mono8 rgb-planar0; do
  encap "$i" jpegls-near "$TS_JPEGLS_NEAR" "bot:present;fragments:per-frame;lossy" "JPEG-LS near-lossless" \
    dcmcjpls +en +un
done

# Extended Offset Table (7FE0,0001/0002) beside an empty Basic Offset Table: dcmtk 3.6.7 writes none,
# so gen.py adds it to copies that dcmtk wrote with an empty offset table.
for src in frames8.jpeg-sv1-nobot frames16.rle-nobot; do
  b=${src%%.*}
  ts=$TS_JPEG_LOSSLESS_SV1
  [[ $src == *rle* ]] && ts=$TS_RLE
  gen eot "../files/$src.dcm" "../files/$src-eot.dcm"
  add "../files/$src-eot.dcm" "$ts" \
    "$(strip "${base_features[$b]}" 'vr:*');encapsulated;bot:empty;eot;fragments:per-frame;vr:OV" \
    "${base_desc[$b]}; ${src#*.} with an Extended Offset Table"
done

# --- swap the finished corpus in ---------------------------------------------------------------------
cd "$out"
rm -rf "$out/files" "$out/manifest.tsv" "$out/.stamp"
mv "$build/files" "$out/files"
mv "$manifest" "$out/manifest.tsv"
echo "$stamp" >"$out/.stamp"
echo "make-corpus: $(wc -l <"$out/manifest.tsv") files in $out/files" >&2
