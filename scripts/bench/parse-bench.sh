#!/usr/bin/env bash
# parse-bench.sh [N]
# The parse benchmark of issue 2: a batch of N (default 1,000) CT files, 512x512 16 bit, parsed
#   - by dcmdump, ONE process for the whole batch (its default: every value loaded and printed), and once
#     more stopping before the pixel data (+sb PixelData), the like-for-like header read;
#   - by Peake.Dicom (scripts/bench/ParseBench), one process: header-and-pixel-skip; full parse (every value byte
#     read, pixel data streamed through a reused buffer); and full parse holding the pixel data in memory.
# Every run is the best of 3 passes over files already in the page cache. Prints the table and writes it
# to scripts/bench/results/parse-<date>.txt. Target: 3x dcmdump's files/s or more.
set -euo pipefail
cd "$(dirname "$0")"
here=$PWD
n=${1:-1000}
batch=$here/scratch/ct-$n
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

bash "$here/make-ct-batch.sh" "$batch" "$n"
dotnet build "$here/ParseBench/ParseBench.csproj" -c Release -nologo -v quiet >/dev/null
bench_dll=$here/ParseBench/bin/Release/net10.0/ParseBench.dll

files=("$batch"/ct-*.dcm)
bytes=$(cat "${files[@]}" | wc -c) # also warms the page cache

best_of_3() { # best_of_3 COMMAND...: prints the best wall time in seconds
  local best="" s e t
  for _ in 1 2 3; do
    s=$(date +%s%N)
    "$@" >/dev/null 2>&1
    e=$(date +%s%N)
    t=$(((e - s) / 1000)) # microseconds
    if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
  done
  awk -v us="$best" 'BEGIN { printf "%.4f", us / 1e6 }'
}

dcmdump_full=$(best_of_3 dcmdump -q +F "${files[@]}")
dcmdump_header=$(best_of_3 dcmdump -q +F +sb PixelData "${files[@]}")
ours=$(dotnet "$bench_dll" "$batch" 3)
ours_header=$(sed -n 's/^mode=header .*seconds=\([0-9.]*\).*/\1/p' <<<"$ours")
ours_full=$(sed -n 's/^mode=full .*seconds=\([0-9.]*\).*/\1/p' <<<"$ours")
ours_read=$(sed -n 's/^mode=read-only .*seconds=\([0-9.]*\).*/\1/p' <<<"$ours")
ours_memory=$(sed -n 's/^mode=full-in-memory .*seconds=\([0-9.]*\).*/\1/p' <<<"$ours")

mkdir -p "$here/results"
result=$here/results/parse-$(date -u +%Y-%m-%d).txt
{
  echo "Parse benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "batch: $n CT files, 512x512 16-bit, explicit VR LE, $((bytes / n)) bytes each, $bytes bytes in all (page cache warm)"
  echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1); .NET $(dotnet --version); $(dcmdump --version | head -n 1 | tr -d '$')"
  echo "each figure: best of 3 passes; dcmdump is one process for the whole batch, output to /dev/null"
  echo "MB/s: file bytes / time (the header mode skips the pixel data, so its MB/s is effective, not read)"
  echo
  awk -v n="$n" -v b="$bytes" -v df="$dcmdump_full" -v dh="$dcmdump_header" -v oh="$ours_header" -v of="$ours_full" -v om="$ours_memory" -v orr="$ours_read" 'BEGIN {
    printf "%-44s %10s %10s %10s %14s\n", "run", "seconds", "files/s", "MB/s", "x dcmdump";
    row("dcmdump (load and print everything)", df, 1);
    row("dcmdump +sb PixelData (stop before pixels)", dh, df / dh);
    row("read every byte, parse nothing (floor)", orr, df / orr);
    row("peake header-and-pixel-skip", oh, df / oh);
    row("peake full parse (pixel data streamed)", of, df / of);
    row("peake full parse (pixel data in memory)", om, df / om);
    printf "\n";
    printf "peake header vs dcmdump stopping before pixels: %.2fx files/s\n", dh / oh;
    printf "target (issue 2): >= 3x dcmdump files/s: header %s (%.2fx), full streamed %s (%.2fx), full in memory %s (%.2fx)\n", (df / oh >= 3 ? "met" : "NOT met"), df / oh, (df / of >= 3 ? "met" : "NOT met"), df / of, (df / om >= 3 ? "met" : "NOT met"), df / om;
  }
  function row(name, s, x) { printf "%-44s %10.4f %10.0f %10.1f %13.2fx\n", name, s, n / s, b / s / 1e6, x }'
} | tee "$result"
echo "written to ${result#"$here"/}" >&2
