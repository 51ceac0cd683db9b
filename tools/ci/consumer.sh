#!/usr/bin/env bash
# Builds a throwaway package that depends on two of NeuralKit's module products alone (NKLayers and
# NKTrain), as a Swift project using the library would, and runs it.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
consumer=$(mktemp -d)
trap 'rm -rf "$consumer"' EXIT
mkdir -p "$consumer/Sources/Consumer"
name=$(basename "$repo")
cat > "$consumer/Package.swift" <<EOF
// swift-tools-version: 6.2
import PackageDescription
let package = Package(name: "Consumer", platforms: [.macOS(.v15)],
    dependencies: [.package(path: "$repo")],
    targets: [.executableTarget(name: "Consumer", dependencies: [
        .product(name: "NKLayers", package: "$name"), .product(name: "NKTrain", package: "$name")])])
EOF
cat > "$consumer/Sources/Consumer/main.swift" <<'EOF'
import NKCore
import NKLayers
import NKTrain
var rng = RandomGenerator(seed: 0)
print(Sequential([Linear(2, 4, using: &rng), TanH(), Linear(4, 1, using: &rng)]))
EOF
cd "$consumer"
swift build -c release 2>&1 | tail -1
output=$(.build/release/Consumer)
[ "$output" = "Linear(2, 4) - TanH() - Linear(4, 1)" ] || { echo "consumer printed '$output'" >&2; exit 1; }
echo "consumer package built and ran: $output"
