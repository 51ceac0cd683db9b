#!/usr/bin/env bash
# Builds the DocC documentation of the public modules with the toolchain's own docc (no plugin, no
# download): SwiftPM dumps every module's symbol graph, docc converts the umbrella's catalog
# (Sources/NeuralKit/NeuralKit.docc, an article per module) with those graphs beside it. A broken
# symbol link, an undocumented or misnamed parameter, or a malformed article fails the step.
#
#   tools/ci/docs.sh [OUT]      (default OUT: .build/documentation/NeuralKit.doccarchive)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-.build/documentation/NeuralKit.doccarchive}
docc=$(command -v docc || echo "$(dirname "$(command -v swift)")/docc")
[ -x "$docc" ] || { echo "docs.sh: no docc beside swift ($(command -v swift))" >&2; exit 1; }

swift package dump-symbol-graph --minimum-access-level public 2>&1 | tail -1
graphs=$(find .build -type d -name symbolgraph -path "*$(uname -m)*" | head -1)
[ -n "$graphs" ] || { echo "docs.sh: swift package dump-symbol-graph wrote no symbol graphs" >&2; exit 1; }
# Only the library's modules: the command-line target, the benchmarks and the tests are not documented.
selected=$(mktemp -d)
trap 'rm -rf "$selected"' EXIT
for module in NeuralKit NKCore NKLayers NKLosses NKTrain NKData NKPlot NKAnalysis NKExperiment; do
    cp "$graphs/$module".symbols.json "$graphs/$module"@*.symbols.json "$selected/" 2>/dev/null || true
    [ -e "$selected/$module.symbols.json" ] || { echo "docs.sh: no symbol graph for $module" >&2; exit 1; }
done
rm -rf "$out"; mkdir -p "$(dirname "$out")"
log=$(mktemp)
"$docc" convert Sources/NeuralKit/NeuralKit.docc --additional-symbol-graph-dir "$selected" --output-path "$out" \
    --fallback-display-name NeuralKit --fallback-bundle-identifier org.neuralkit.NeuralKit >"$log" 2>&1 || { cat "$log"; exit 1; }
# Every diagnostic fails the step: a link to a symbol that does not exist, a parameter documented
# under a wrong name or left undocumented, a malformed article.
if grep -E "^(warning|error):" "$log" >/dev/null; then
    awk '/^(warning|error):/ { show = 1 } show' "$log" >&2
    echo "docs.sh: docc reported the problems above" >&2; exit 1
fi
echo "documentation: $out"
