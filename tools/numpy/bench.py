#!/usr/bin/env python3
"""Developer tool: the numpy side of `neuralkit bench` G1, W1, W5, W6 and W9 (same shapes, batches,
lr and loss as Sources/NKBench; float32; median of several runs after a warm-up). numpy's BLAS
thread count follows OPENBLAS_NUM_THREADS (tools/bench/compare.sh sets it to 2).

Usage: python tools/numpy/bench.py [--only G1 W1 W5 W6 W9] [--runs 5]
Prints one line per row: `<key> <seconds>` with keys W1, W5, W6, W9b1, W9b1000 (per call for W9)
and G1-<m>x<n>x<k>-<NN|NT|TN> (per product, as Sources/NKBench/GEMMWorkload.swift names them).
"""
import os, statistics, sys, time
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nn import Linear, TanH, Sigmoid, Sequential, CrossEntropyLoss, BCELoss, epoch, F32


def arg_list(name, default):
    if name not in sys.argv:
        return default
    i = sys.argv.index(name) + 1
    out = []
    while i < len(sys.argv) and not sys.argv[i].startswith("--"):
        out.append(sys.argv[i]); i += 1
    return out


RUNS = int(arg_list("--runs", ["5"])[0])
ONLY = [w.upper() for w in arg_list("--only", ["W1", "W5", "W9"])]


def median_time(f, runs=RUNS):
    f()  # warm-up
    ts = []
    for _ in range(runs):
        t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
    return statistics.median(ts)


# G1's products: (m, n, k, A transposed, B transposed), as in Sources/NKBench/GEMMWorkload.swift.
GEMM_PRODUCTS = [(64, 100, 784, False, True), (784, 100, 64, True, False), (1000, 100, 784, False, True),
                 (2048, 2048, 2048, False, False), (100, 784, 64, True, False), (64, 500, 784, False, True),
                 (64, 784, 500, False, False), (500, 784, 64, True, False)]


def sigmoid(z):
    return F32(1) / (F32(1) + np.exp(-z))


def cd1_epoch(x, W, b, c, rng, batch=64, lr=F32(0.1)):
    """One epoch of plain CD-1 (no momentum, no weight decay): the five products of W6."""
    for s in range(0, x.shape[0], batch):
        v0 = x[s:s + batch]
        n = F32(v0.shape[0])
        p0 = sigmoid(v0 @ W.T + c)
        h = (rng.random(p0.shape, dtype=F32) < p0).astype(F32)
        pv = sigmoid(h @ W + b)
        vn = (rng.random(pv.shape, dtype=F32) < pv).astype(F32)
        pn = sigmoid(vn @ W.T + c)
        W += lr / n * (p0.T @ v0 - pn.T @ vn)
        b += lr * (v0 - vn).mean(axis=0)
        c += lr * (p0 - pn).mean(axis=0)


def w1_model(rng):
    return Sequential(Linear(784, 100, rng), TanH(), Linear(100, 10, rng))


rng = np.random.default_rng(0)
for w in ONLY:
    if w == "W1":
        x = rng.random((60000, 784), dtype=F32)
        y = rng.integers(0, 10, 60000)
        model = w1_model(rng)
        print(f"W1 {median_time(lambda: epoch(model, CrossEntropyLoss(), x, y, 64, 0.1, rng)):.6f}", flush=True)
    elif w == "W5":
        x = rng.random((7291, 256), dtype=F32)
        model = Sequential(Linear(256, 100, rng), TanH(), Linear(100, 10, rng), TanH(),
                           Linear(10, 100, rng), TanH(), Linear(100, 256, rng), Sigmoid())
        print(f"W5 {median_time(lambda: epoch(model, BCELoss(), x, x, 50, 0.1, rng)):.6f}", flush=True)
    elif w == "G1":
        for m, n, k, ta, tb in GEMM_PRODUCTS:
            a = rng.random((k, m) if ta else (m, k), dtype=F32) - F32(0.5)
            b = rng.random((n, k) if tb else (k, n), dtype=F32) - F32(0.5)
            opa, opb = (a.T if ta else a), (b.T if tb else b)
            out = np.empty((m, n), dtype=F32)
            calls = max(1, int(4e9 / (2 * m * n * k)))
            def products():
                for _ in range(calls): np.matmul(opa, opb, out=out)
            key = f"G1-{m}x{n}x{k}-{'T' if ta else 'N'}{'T' if tb else 'N'}"
            print(f"{key} {median_time(products) / calls:.9f}", flush=True)
    elif w == "W6":
        x = (rng.random((60000, 784), dtype=F32) < F32(0.13)).astype(F32)
        W = (rng.standard_normal((500, 784)) * 0.01).astype(F32)
        b, c = np.zeros(784, dtype=F32), np.zeros(500, dtype=F32)
        print(f"W6 {median_time(lambda: cd1_epoch(x, W, b, c, rng), runs=min(RUNS, 3)):.6f}", flush=True)
    elif w == "W9":
        model = w1_model(rng)
        one, thousand = rng.random((1, 784), dtype=F32), rng.random((1000, 784), dtype=F32)
        def calls(x, n):
            def f():
                for _ in range(n): model.forward(x)
            return f
        print(f"W9b1 {median_time(calls(one, 20000)) / 20000:.9f}", flush=True)
        print(f"W9b1000 {median_time(calls(thousand, 50)) / 50:.9f}", flush=True)
    else:
        sys.exit(f"bench.py: no numpy peer for {w} (G1, W1, W5, W6, W9 only)")
