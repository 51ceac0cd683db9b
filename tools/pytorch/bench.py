#!/usr/bin/env python3
"""Developer tool: the PyTorch side of `neuralkit bench` (same workloads, same shapes, plain SGD,
2 threads, median of several runs). Not used by the build or the tests.

Usage: python tools/pytorch/bench.py [--runs 5] [--only W1 W5 W9 …] [--keys]
--keys prints one `<key> <seconds>` line per row (W9 per call as W9b1, W9b1000), for
tools/bench/compare.sh.
"""
import statistics, sys, time
import torch

torch.set_num_threads(2)
RUNS = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 5
ONLY = set()
if "--only" in sys.argv:
    for a in sys.argv[sys.argv.index("--only") + 1:]:
        if a.startswith("--"): break
        ONLY.add(a.upper())
KEYS = "--keys" in sys.argv
want = lambda w: not ONLY or w in ONLY
t1 = t1a = t2 = t5 = t3 = t4 = t9a = t9b = None
g = torch.Generator().manual_seed(0)

def epoch(model, loss_fn, x, y, batch, lr, wd=0.0, adam=False):
    opt = torch.optim.Adam(model.parameters(), lr=lr) if adam else torch.optim.SGD(model.parameters(), lr=lr, weight_decay=wd)
    perm = torch.randperm(x.shape[0], generator=g)
    for s in range(0, x.shape[0], batch):
        idx = perm[s:s + batch]
        opt.zero_grad()
        loss_fn(model(x[idx]), y[idx]).backward()
        opt.step()

def median_time(f, runs=RUNS):
    f()  # warm-up
    ts = []
    for _ in range(runs):
        t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
    return statistics.median(ts)

# The W1 network and data serve W1, W1A and W9.
w1 = torch.nn.Sequential(torch.nn.Linear(784, 100), torch.nn.Tanh(), torch.nn.Linear(100, 10))
x1, y1 = torch.rand(60000, 784, generator=g), torch.randint(0, 10, (60000,), generator=g)
if want("W1"):
    t1 = median_time(lambda: epoch(w1, torch.nn.functional.cross_entropy, x1, y1, 64, 0.1))

if want("W1A"):
    t1a = median_time(lambda: epoch(w1, torch.nn.functional.cross_entropy, x1, y1, 64, 1e-3, adam=True))

if want("W2"):
    # W2: the CS231n two-layer net on CIFAR-10-sized rows, weight decay 1e-4, batch 200.
    w2 = torch.nn.Sequential(torch.nn.Linear(3072, 500), torch.nn.ReLU(), torch.nn.Linear(500, 10))
    x2, y2 = torch.rand(49000, 3072, generator=g) * 2 - 1, torch.randint(0, 10, (49000,), generator=g)
    t2 = median_time(lambda: epoch(w2, torch.nn.functional.cross_entropy, x2, y2, 200, 1e-3, wd=1e-4))
    del x2

if want("W5"):
    w5 = torch.nn.Sequential(torch.nn.Linear(256, 100), torch.nn.Tanh(), torch.nn.Linear(100, 10), torch.nn.Tanh(),
                             torch.nn.Linear(10, 100), torch.nn.Tanh(), torch.nn.Linear(100, 256), torch.nn.Sigmoid())
    x5 = torch.rand(7291, 256, generator=g)
    bce = lambda p, t: torch.nn.functional.binary_cross_entropy(p, t, reduction="none").sum(1).mean()
    t5 = median_time(lambda: epoch(w5, bce, x5, x5, 50, 0.1))

if want("W3"):
    # W3: the Conv1D net of the USPS report, NCL input (batch, 1, 256), batch 32.
    w3 = torch.nn.Sequential(torch.nn.Conv1d(1, 32, 3), torch.nn.MaxPool1d(2, 2), torch.nn.Flatten(),
                             torch.nn.Linear(4064, 100), torch.nn.ReLU(), torch.nn.Linear(100, 10))
    x3, y3 = torch.rand(7291, 1, 256, generator=g), torch.randint(0, 10, (7291,), generator=g)
    t3 = median_time(lambda: epoch(w3, torch.nn.functional.cross_entropy, x3, y3, 32, 0.1))

if want("W4"):
    # W4: Conv2D(1→32, 5×5) - ReLU - MaxPool2D(2) - Flatten - Linear(4608, 10), NCHW, batch 64 (3 runs).
    w4 = torch.nn.Sequential(torch.nn.Conv2d(1, 32, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Flatten(),
                             torch.nn.Linear(4608, 10))
    x4, y4 = torch.rand(60000, 1, 28, 28, generator=g), torch.randint(0, 10, (60000,), generator=g)
    t4 = median_time(lambda: epoch(w4, torch.nn.functional.cross_entropy, x4, y4, 64, 0.1), runs=min(RUNS, 3))

if want("W9"):
    with torch.no_grad():
        one, thousand = torch.rand(1, 784, generator=g), torch.rand(1000, 784, generator=g)
        def calls(x, n):
            def f():
                for _ in range(n): w1(x)
            return f
        t9a = median_time(calls(one, 2000)) / 2000
        t9b = median_time(calls(thousand, 20)) / 20

if KEYS:
    for key, t in [("W1", t1), ("W1A", t1a), ("W2", t2), ("W5", t5), ("W3", t3), ("W4", t4), ("W9b1", t9a), ("W9b1000", t9b)]:
        if t is not None: print(f"{key} {t:.9f}")
    sys.exit(0)
print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads, median of {RUNS} runs")
if t1 is not None: print(f"W1  epoch, 60,000 x 784, MLP 784-100-10, ce, batch 64     {t1:9.3f} s")
if t1a is not None: print(f"W1A W1 with Adam (lr 1e-3)                                {t1a:9.3f} s")
if t2 is not None: print(f"W2  epoch, 49,000 x 3,072, MLP 3072-500-10, wd 1e-4, b 200 {t2:9.3f} s")
if t5 is not None: print(f"W5  epoch, 7,291 x 256, autoencoder 256-100-10-100-256   {t5:9.3f} s")
if t3 is not None: print(f"W3  epoch, 7,291 x 256, Conv1D net of the USPS report     {t3:9.3f} s")
if t4 is not None: print(f"W4  epoch, 60,000 x 28x28, Conv2D(1->32, 5x5) net         {t4:9.3f} s")
if t9a is not None: print(f"W9  forward, batch 1                                      {t9a * 1e6:9.1f} us")
if t9b is not None: print(f"W9  forward, batch 1000                                   {t9b * 1e3:9.3f} ms")
