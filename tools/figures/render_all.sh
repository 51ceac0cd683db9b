#!/usr/bin/env bash
# Renders every kind of figure NeuralKit draws, as SVG and as PNG, into one folder, then takes a
# headless-browser screenshot of every report, for a person to look at before a change to the
# figures lands. Not part of the build or the tests (those assert the figures' structure).
#
#   tools/figures/render_all.sh [OUT]          (default OUT: /tmp/neuralkit-figures)
#
# Needs the release binary (swift build -c release; or NEURALKIT_BIN=path) and, for the screenshots,
# Chromium (Debian: apt-get install chromium). Runs that need downloaded data (MNIST, USPS, air
# passengers) use $NEURALKIT_DATA (default ../shared/data) and are skipped, with a note, without it;
# the XOR and regression runs need no data. Takes about two minutes on two cores.
set -euo pipefail

OUT=${1:-/tmp/neuralkit-figures}
BIN=${NEURALKIT_BIN:-$(pwd)/.build/release/neuralkit}
export NEURALKIT_DATA=${NEURALKIT_DATA:-$(cd "$(dirname "$0")/../../.." && pwd)/shared/data}
[ -x "$BIN" ] || { echo "render_all.sh: no binary at $BIN (swift build -c release first, or set NEURALKIT_BIN)" >&2; exit 1; }
rm -rf "$OUT"; mkdir -p "$OUT"
run() { echo "+ neuralkit $*"; "$BIN" "$@" --verbose 0 > /dev/null; }
have() { [ -e "$NEURALKIT_DATA/$1" ]; }

# Binary classifier on 2-D data: loss, accuracy, batch loss, loss gap, learning rate, seconds per
# epoch, confusion (counts, normalised), per-class scores, ROC and precision-recall curves, the
# probability-shaded decision boundary.
run train --model "Linear(2, 8) - TanH() - Linear(8, 2)" --data gen-arti:1 --loss ce --lr 0.3 --epochs 40 \
    --batch-size 20 --validation-fraction 0.2 --out "$OUT/xor" --png
# A sigmoid classifier (one output, threshold 0.5) under a schedule: ROC and precision-recall from one
# output, a shaded boundary, a learning rate that changes.
run train --model "Linear(2, 8) - TanH() - Linear(8, 1) - Sigmoid()" --data gen-arti:1 --loss bce --lr 0.5 --epochs 30 \
    --batch-size 20 --validation-fraction 0.2 --schedule cosine --out "$OUT/xor-sigmoid" --png
# Regression: predicted vs actual, residuals, the mean baseline.
run train --model "Linear(2, 1)" --data linear-regression --loss mse --lr 0.1 --epochs 50 --batch-size 100 \
    --validation-fraction 0.2 --out "$OUT/regression" --png
if have mnist; then
    # Image classifier: misclassified examples, first-layer weights, a 200-sample grid.
    run train --model "Linear(784, 100) - TanH() - Linear(100, 10)" --data mnist --loss ce --lr 0.1 --epochs 2 \
        --out "$OUT/mnist-mlp" --samples-grid 200 --png
    # RBM: pseudo-log-likelihood, reconstruction error and free energy per epoch, filters, chains.
    run rbm --data mnist --preprocess scale:0:255 --preprocess binarize --hidden 100 --epochs 2 --limit 5000 --out "$OUT/rbm"
else echo "note: no MNIST in $NEURALKIT_DATA: the MNIST runs are skipped"; fi
if have usps; then
    # Conv net: first-layer filters. Autoencoder: reconstructions and the code space.
    run train --model "Reshape(16, 16, 1) - Conv2D(1, 16, 3, padding=1) - ReLU() - MaxPool2D(2) - Flatten() - Linear(1024, 10)" \
        --data usps --loss ce --optimizer adam --epochs 2 --out "$OUT/usps-conv" --png
    run train --model "Linear(256, 100) - TanH() - Linear(100, 10) - TanH() - Linear(10, 100) - TanH() - Linear(100, 256) - Sigmoid()" \
        --data usps --preprocess scale:-1:1 --reconstruct --loss bce --lr 0.05 --batch-size 50 --epochs 5 --out "$OUT/usps-autoencoder" --png
    # A t-SNE of 2,000 digits: ten classes, ten colours.
    echo "+ neuralkit embed --data usps --method tsne --limit 2000"
    "$BIN" embed --data usps --method tsne --limit 2000 --out "$OUT/usps-tsne.csv" --figure "$OUT/usps-tsne.svg" > /dev/null
    "$BIN" embed --data usps --method pca --limit 2000 --out "$OUT/usps-pca.csv" --figure "$OUT/usps-pca.png" > /dev/null
else echo "note: no USPS in $NEURALKIT_DATA: the USPS runs are skipped"; fi
if have air-passengers; then
    run train --model "Linear(12, 20) - TanH() - Linear(20, 1)" --data air-passengers --loss mse --lr 0.05 --batch-size 8 \
        --epochs 200 --out "$OUT/air-passengers" --png
else echo "note: no air passengers in $NEURALKIT_DATA: the forecast is skipped"; fi
# Overlays of two runs (one colour per run, one line style per part), as SVG and PNG.
run train --model "Linear(2, 8) - TanH() - Linear(8, 2)" --data gen-arti:1 --loss ce --lr 0.05 --epochs 40 \
    --batch-size 20 --validation-fraction 0.2 --out "$OUT/xor-slow"
"$BIN" plot "$OUT/xor" "$OUT/xor-slow" --metric loss --out "$OUT/overlay-loss.svg" > /dev/null
"$BIN" plot "$OUT/xor" "$OUT/xor-slow" --metric accuracy --out "$OUT/overlay-accuracy.png" > /dev/null
# A sweep's summary and index page.
echo "+ neuralkit sweep"
"$BIN" sweep --model "Linear(2, {h}) - TanH() - Linear({h}, 2)" --grid h=2,4,8 --seeds 2 --data gen-arti:1 --loss ce \
    --lr 0.3 --epochs 20 --validation-fraction 0.2 --out "$OUT/sweep" > /dev/null

echo
echo "Figures: $(find "$OUT" -name '*.svg' | wc -l) SVG, $(find "$OUT" -name '*.png' | wc -l) PNG in $OUT"
if command -v chromium > /dev/null; then
    mkdir -p "$OUT/screenshots"
    for page in $(find "$OUT" -name report.html -o -name index.html | sort); do
        name=$(basename "$(dirname "$page")")
        chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1100,6000 \
            --screenshot="$OUT/screenshots/$name.png" "file://$page" > /dev/null 2>&1 || echo "screenshot of $page failed"
    done
    echo "Screenshots: $OUT/screenshots/ ($(ls "$OUT/screenshots" | wc -l) pages)"
else
    echo "note: chromium not found (apt-get install chromium): no screenshots"
fi
