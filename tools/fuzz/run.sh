#!/bin/sh
# Builds a libFuzzer + AddressSanitizer target and runs it.
#
#   tools/fuzz/run.sh TARGET [RUNS]
#
# TARGET is `data` (the NKData parsers: gzip/DEFLATE, IDX, CSV, USPS, CIFAR-10, tables),
# `checkpoint` (safetensors bytes → metadata → recorded model → weights, and the resume state of a
# run folder's last.safetensors) or `notation` (the model
# notation parser, large numbers included, then the shape walk). RUNS is the number of executions
# (default 10000000); libFuzzer prints the count it reached ("Done N runs") at the end.
# The library sources are compiled as one module with the target (imports between NeuralKit modules
# removed) and the C kernels with AddressSanitizer, so no package change is needed. Work files go to
# ${TMPDIR:-/tmp}/neuralkit-fuzz/TARGET; the corpus there grows across runs.
set -eu
target=${1:?usage: tools/fuzz/run.sh data|checkpoint|notation [RUNS]}
runs=${2:-10000000}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${TMPDIR:-/tmp}/neuralkit-fuzz/$target
rm -rf "$work/src" "$work/obj"
mkdir -p "$work/src" "$work/obj" "$work/corpus" "$work/include"
copy() { for f in "$@"; do sed -E '/^(@testable )?import NK[A-Za-z]+$/d' "$f" > "$work/src/$(basename "$f")"; done; }
case $target in
  data)
    copy $(find "$root"/Sources/NKData "$root"/Sources/NKCore -name '*.swift') "$root"/tools/fuzz/DataParsersFuzzer.swift
    printf '\000\001\003\000\374\377abc' > "$work/corpus/deflate"
    printf '\002\000\000\010\001\000\000\000\003\001\002\003' > "$work/corpus/idx"
    printf '\003x,y,label\n1,2,a\n3.5,-4e2,b\n' > "$work/corpus/csv"
    ;;
  checkpoint|notation)
    copy $(find "$root"/Sources/NKCore "$root"/Sources/NKData "$root"/Sources/NKLayers "$root"/Sources/NKLosses \
                "$root"/Sources/NKTrain -name '*.swift') \
         "$root"/Sources/NKExperiment/RunCheckpoint.swift "$root"/Sources/NKExperiment/RunSpecification.swift \
         "$root"/Sources/NKExperiment/ResumeFile.swift "$root"/Sources/NKExperiment/PretrainingData.swift \
         "$root"/Sources/NKExperiment/BatchLosses.swift
    if [ "$target" = checkpoint ]; then copy "$root"/tools/fuzz/CheckpointFuzzer.swift; else copy "$root"/tools/fuzz/NotationFuzzer.swift; fi
    # Seeds: real models through the notation, and checkpoints the release binary writes when built.
    awk 'BEGIN { srand(1); for (r = 0; r < 8; r++) { line = ""; for (i = 0; i < 16; i++) line = line sprintf("%.2f,", rand()); print line (r % 2) } }' > "$work/seed.csv"
    printf 'Linear(784, 100) - TanH() - Linear(100, 10)' > "$work/corpus/mlp"
    printf '28,28,1|Reshape(28, 28, 1) - Conv2D(1, 4, 5, stride: 2, padding: 1) - ReLU() - MaxPool2D(2) - Flatten() - Linear(144, 10)' > "$work/corpus/conv"
    printf 'Conv1D(1, 3, 5) - AvgPool1D(2) - DoubleConv1D(3, 3, 3) - ConvTranspose1D(3, 1, 4, stride: 2) - Linear(2147483647, 2147483647)' > "$work/corpus/big"
    if [ "$target" = checkpoint ]; then
        # Real checkpoints as seeds (built-in data, so no download): a BatchNorm net (I64 counter,
        # run specification and preprocessing in the metadata) and a convolution.
        nk="$root/.build/release/neuralkit"
        [ -x "$nk" ] || nk="$root/.build/debug/neuralkit"
        [ -x "$nk" ] || { echo "run.sh: build neuralkit first (swift build -c release): the checkpoint seeds come from it" >&2; exit 1; }
        rm -f "$work/corpus/mlp" "$work/corpus/conv" "$work/corpus/big"
        "$nk" train --model "Linear(2, 4) - ReLU() - BatchNorm1D(4) - Dropout(0.1) - Linear(4, 2)" --data gen-arti:1 --samples 20 \
            --loss ce --epochs 1 --seed 1 --verbose 0 --save "$work/corpus/bn.safetensors" >/dev/null
        "$nk" train --model "Reshape(4, 4, 1) - Conv2D(1, 2, 3) - Flatten() - Linear(8, 2)" --data "$work/seed.csv" --loss ce --epochs 1 \
            --verbose 0 --save "$work/corpus/conv.safetensors" >/dev/null 2>&1 || true
        # A run folder's resumable checkpoint: optimizer state (adam), best weights (early stopping),
        # Dropout generators and the history in the neuralkit_resume metadata.
        rm -rf "$work/run"
        "$nk" train --model "Linear(2, 4) - ReLU() - Dropout(0.1) - Linear(4, 2)" --data gen-arti:1 --samples 20 --loss ce \
            --epochs 2 --seed 1 --verbose 0 --optimizer adam --early-stopping 3 --validation-fraction 0.25 --out "$work/run" >/dev/null
        cp "$work/run/last.safetensors" "$work/corpus/resume.safetensors"
    fi
    ;;
  *) echo "run.sh: unknown target '$target' (data, checkpoint or notation)" >&2; exit 64 ;;
esac
# The C kernels, with their module map, so that `import CNKKernels` resolves.
for f in "$root"/Sources/CNKKernels/*.c; do
    clang -O3 -ffp-contract=off -fno-math-errno -g -fsanitize=address -I"$root/Sources/CNKKernels/include" -I"$root/Sources/CNKKernels" \
          -c "$f" -o "$work/obj/$(basename "$f" .c).o"
done
cp "$root"/Sources/CNKKernels/include/*.h "$work/include/"
printf 'module CNKKernels {\n    header "CNKKernels.h"\n    export *\n}\n' > "$work/include/module.modulemap"
swiftc -O -g -sanitize=fuzzer,address -parse-as-library -module-name NeuralKitFuzz -I "$work/include" \
       -o "$work/fuzzer" "$work"/src/*.swift "$work"/obj/*.o -lm
dict=
[ "$target" = data ] || dict=-dict="$root/tools/fuzz/$target.dict"
# Swift's own crash backtracer would race AddressSanitizer's report; libFuzzer reports traps itself.
SWIFT_BACKTRACE=enable=no "$work/fuzzer" -artifact_prefix="$work/" -runs="$runs" -max_len=8192 -rss_limit_mb=2048 -print_final_stats=1 $dict "$work/corpus"
