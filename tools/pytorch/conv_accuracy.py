#!/usr/bin/env python3
"""Developer tool: the issue-4 accuracy runs in PyTorch, for comparison with `neuralkit train`
(same nets, same plain SGD, same preprocessing; not used by the build or the tests).

Usage: python tools/pytorch/conv_accuracy.py DATA_DIR mnist|usps LR BATCH EPOCHS [LR_DECAY] [WEIGHT_DECAY] [SEED]
"""
import gzip, sys
import numpy as np
import torch

def idx(path):
    with gzip.open(path) as f: data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)

def usps(path):
    rows = np.loadtxt(path)
    return rows[:, 1:].astype(np.float32), rows[:, 0].astype(np.int64)

root, name, lr, batch, epochs = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
decay = float(sys.argv[6]) if len(sys.argv) > 6 else 1.0
wd = float(sys.argv[7]) if len(sys.argv) > 7 else 0.0
seed = int(sys.argv[8]) if len(sys.argv) > 8 else 0
torch.manual_seed(seed); torch.set_num_threads(2)
if name == "mnist":
    d = f"{root}/mnist"
    xs = [(idx(f"{d}/{p}-images-idx3-ubyte.gz").astype(np.float32) / 255 - 0.1307) / 0.3081 for p in ("train", "t10k")]
    ys = [idx(f"{d}/{p}-labels-idx1-ubyte.gz").astype(np.int64) for p in ("train", "t10k")]
    xs = [x.reshape(-1, 1, 28, 28) for x in xs]
    model = torch.nn.Sequential(torch.nn.Conv2d(1, 32, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Flatten(),
                                torch.nn.Linear(4608, 10))
else:
    (xtr, ytr), (xte, yte) = usps(f"{root}/usps/zip.train.gz"), usps(f"{root}/usps/zip.test.gz")
    xs, ys = [xtr.reshape(-1, 1, 256), xte.reshape(-1, 1, 256)], [ytr, yte]
    model = torch.nn.Sequential(torch.nn.Conv1d(1, 32, 3), torch.nn.MaxPool1d(2, 2), torch.nn.Flatten(),
                                torch.nn.Linear(4064, 100), torch.nn.ReLU(), torch.nn.Linear(100, 10))
x, y = torch.from_numpy(xs[0]), torch.from_numpy(ys[0])
opt = torch.optim.SGD(model.parameters(), lr=lr, weight_decay=wd)
sched = torch.optim.lr_scheduler.ExponentialLR(opt, decay)
for e in range(epochs):
    perm = torch.randperm(len(x))
    for s in range(0, len(x), batch):
        i = perm[s:s + batch]
        opt.zero_grad(); torch.nn.functional.cross_entropy(model(x[i]), y[i]).backward(); opt.step()
    sched.step()
with torch.no_grad():
    acc = (model(torch.from_numpy(xs[1])).argmax(1) == torch.from_numpy(ys[1])).float().mean().item()
print(f"PyTorch {torch.__version__} {name} lr {lr} batch {batch} epochs {epochs} decay {decay} wd {wd} seed {seed}: test accuracy {100 * acc:.2f}%")
