#!/usr/bin/env python3
"""Developer tool: NeuralKit's t-SNE beside openTSNE on the first N MNIST training digits (PCA 50,
perplexity 30, 250 exaggerated + 750 plain iterations, 2 threads), interleaved in one run:
ours, openTSNE, ours for each N. Prints one table row per run (seconds, final KL) and the ratio of
each of our runs to openTSNE's. Not used by the build or the tests.

Needs numpy, scikit-learn and openTSNE (`/work/venv/bin/pip install openTSNE`) and a release build
(`swift build -c release`).

Usage: NEURALKIT_DATA=../shared/data OMP_NUM_THREADS=2 /work/venv/bin/python tools/tsne/compare_opentsne.py \
           [--sizes 5000,20000,60000] [--methods auto,barnes-hut] [--binary .build/release/neuralkit]
Our time is the one `neuralkit embed` prints (PCA, affinities and the 1,000 iterations, not the
file reading); openTSNE's covers its affinities and optimisation on the same PCA-50 rows.
"""
import gzip, os, re, subprocess, sys, tempfile, time
import numpy as np

def arg(name, default):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default

DATA = os.environ.get("NEURALKIT_DATA", "../shared/data")
SIZES = [int(s) for s in arg("--sizes", "5000,20000,60000").split(",")]
METHODS = arg("--methods", "auto").split(",")
BINARY = arg("--binary", ".build/release/neuralkit")

def ours(n, method):
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([BINARY, "embed", "--data", "mnist", "--method", "tsne", "--pca", "50", "--limit", str(n),
                              "--tsne-method", method, "--out", os.path.join(tmp, "e.csv")],
                             capture_output=True, text=True, check=True, env={**os.environ, "NEURALKIT_DATA": DATA}).stdout
    kl = float(re.search(r"final KL divergence ([0-9.]+)", out).group(1))
    seconds = float(re.search(r"\(([0-9.]+) s\)", out).group(1))
    used = re.search(r"by ([a-z-]+)", out).group(1)
    return seconds, kl, used

def opentsne(x):
    from openTSNE import TSNE
    start = time.perf_counter()
    embedding = TSNE(perplexity=30, n_iter=750, early_exaggeration_iter=250, n_jobs=2, random_state=0).fit(x)
    return time.perf_counter() - start, float(embedding.kl_divergence)

def main():
    from sklearn.decomposition import PCA
    raw = gzip.open(os.path.join(DATA, "mnist", "train-images-idx3-ubyte.gz")).read()[16:]
    pixels = np.frombuffer(raw, dtype=np.uint8).reshape(60000, 784).astype(np.float32) / 255
    # Warm-up: openTSNE compiles parts of itself (numba) on first use; keep that out of the timings.
    opentsne(PCA(50, random_state=0).fit_transform(pixels[:500]).astype(np.float64))
    print("| N | method | seconds | KL | vs openTSNE |")
    print("|---|---|---|---|---|")
    for n in SIZES:
        x = PCA(50, random_state=0).fit_transform(pixels[:n]).astype(np.float64)
        rows = []
        for method in METHODS:
            rows.append(("NeuralKit " + method, *ours(n, method)))
        t, kl = opentsne(x)
        rows.append(("openTSNE (FFT)", t, kl, "fft"))
        for method in METHODS:
            rows.append(("NeuralKit " + method, *ours(n, method)))
        reference = rows[len(METHODS)][1]
        for name, seconds, kl, used in rows:
            label = name if used == "fft" and name.startswith("open") else f"{name} ({used})"
            ratio = "1" if name.startswith("open") else f"{seconds / reference:.2f}"
            print(f"| {n:,} | {label} | {seconds:.1f} | {kl:.3f} | {ratio} |", flush=True)

if __name__ == "__main__":
    main()
