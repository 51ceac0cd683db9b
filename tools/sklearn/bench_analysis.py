#!/usr/bin/env python3
"""Developer tool: the scikit-learn side of `neuralkit bench`'s analysis rows (P1, K1, T1), on the
same data (MNIST and USPS from $NEURALKIT_DATA when present), 2 threads, median of several runs.
Not used by the build or the tests.

Needs numpy and scikit-learn (`python3 -m venv ~/skenv && ~/skenv/bin/pip install scikit-learn`,
outside the repository).

Usage: OMP_NUM_THREADS=2 ~/skenv/bin/python tools/sklearn/bench_analysis.py [--runs 3] [--data DIR]
"""
import gzip, os, statistics, sys, time
import numpy as np

RUNS = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 3
DATA = sys.argv[sys.argv.index("--data") + 1] if "--data" in sys.argv else os.environ.get("NEURALKIT_DATA", "../shared/data")

def median_time(f, runs=RUNS):
    f()
    ts = []
    for _ in range(runs):
        t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
    return statistics.median(ts)

def mnist():
    path = os.path.join(DATA, "mnist", "train-images-idx3-ubyte.gz")
    if os.path.exists(path):
        raw = gzip.open(path).read()[16:]
        return np.frombuffer(raw, dtype=np.uint8).reshape(60000, 784).astype(np.float32) / 255, "MNIST"
    return np.random.default_rng(11).random((60000, 784), dtype=np.float32), "synthetic"

def usps():
    path = os.path.join(DATA, "usps", "zip.train.gz")
    if os.path.exists(path):
        rows = np.loadtxt(gzip.open(path), dtype=np.float32)
        return rows[:, 1:], "USPS"
    rng = np.random.default_rng(12)
    centres = 0.5 * rng.standard_normal((10, 256))
    return (centres[np.arange(7291) % 10] + rng.standard_normal((7291, 256))).astype(np.float32), "synthetic"

from threadpoolctl import threadpool_limits
from sklearn.decomposition import PCA
from sklearn.cluster import KMeans
from sklearn.manifold import TSNE

with threadpool_limits(2):
    x, src = mnist()
    for solver in ["covariance_eigh", "randomized", "full"]:
        try:
            t = median_time(lambda: PCA(n_components=50, svd_solver=solver).fit(x))
            print(f"P1 PCA 60000x784 -> 50 ({src}), svd_solver={solver}: {t:.3f} s")
        except ValueError as e:
            print(f"P1 svd_solver={solver}: not available ({e})")
    u, src = usps()
    t = median_time(lambda: KMeans(n_clusters=10, n_init=10, random_state=0).fit(u))
    print(f"K1 k-means 7291x256, k=10, n_init=10 ({src}): {t:.3f} s")
    rng = np.random.default_rng(13)
    centres = 3 * rng.standard_normal((10, 50))
    blobs = (centres[np.arange(5000) % 10] + rng.standard_normal((5000, 50))).astype(np.float32)
    t = median_time(lambda: TSNE(n_components=2, perplexity=30, init="random", random_state=0).fit(blobs), runs=1)
    print(f"T1 t-SNE Barnes-Hut 5000x50, 1000 iterations: {t:.2f} s")
