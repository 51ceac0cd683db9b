#!/bin/sh
# Builds the NKData parsers with libFuzzer + AddressSanitizer and fuzzes them for SECONDS (default 240).
# The sources are compiled standalone (NKData plus the three NKCore files it uses), so no package change
# is needed. Usage: tools/fuzz/run.sh [SECONDS]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${TMPDIR:-/tmp}/neuralkit-fuzz
mkdir -p "$work/src" "$work/corpus"
for f in "$root"/Sources/NKData/*.swift; do sed '/^import NKCore/d' "$f" > "$work/src/$(basename "$f")"; done
cp "$root"/Sources/NKCore/Tensor.swift "$root"/Sources/NKCore/RandomGenerator.swift "$root"/Sources/NKCore/NeuralKitError.swift "$work/src/"
cp "$root"/tools/fuzz/DataParsersFuzzer.swift "$work/src/"
swiftc -O -g -sanitize=fuzzer,address -parse-as-library -o "$work/fuzzer" "$work"/src/*.swift
# Seeds: a stored DEFLATE block, an IDX1 file, a CSV with text labels (first byte = parser).
printf '\000\001\003\000\374\377abc' > "$work/corpus/deflate"
printf '\002\000\000\010\001\000\000\000\003\001\002\003' > "$work/corpus/idx"
printf '\003x,y,label\n1,2,a\n3.5,-4e2,b\n' > "$work/corpus/csv"
"$work/fuzzer" -max_total_time="${1:-240}" -max_len=8192 -rss_limit_mb=2048 "$work/corpus"
