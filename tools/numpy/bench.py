#!/usr/bin/env python3
"""Developer tool: the numpy side of `neuralkit bench` W1, W5 and W9 (same shapes, batches, lr and
loss as Sources/NKCommands/BenchCommand.swift; float32; median of several runs after a warm-up).
numpy's BLAS thread count follows OPENBLAS_NUM_THREADS (tools/bench/compare.sh sets it to 2).

Usage: python tools/numpy/bench.py [--only W1 W5 W9] [--runs 5]
Prints one line per row: `<key> <seconds>` with keys W1, W5, W9b1, W9b1000 (per call for W9).
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
        sys.exit(f"bench.py: no numpy peer for {w} (W1, W5, W9 only)")
