#!/usr/bin/env python3
"""Developer tool (not used by the build or the tests): the training recipes of the README's
results table, run in PyTorch with the same model, optimiser, schedule, batch size, epochs and
preprocessing as `neuralkit train`, for the accuracy beside ours.

Usage: python tools/pytorch/recipes.py DATA_DIR RECIPE [SEED]     (RECIPE: one of RECIPES below)
"""
import gzip, os, sys, time
import numpy as np
import torch
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from step_check import torch_model

# name: (dataset, model notation, optimiser, lr, batch, epochs, schedule); AUGMENT: shift in pixels
# (`neuralkit train --augment shift:N`), drawn per sample as torchvision's RandomCrop(28, padding=N)
# does on the raw image (uniform whole-pixel offsets, zero fill), here written out on the normalised
# rows so that torchvision is not needed.
RECIPES = {
    "mnist-mlp": ("mnist", "Linear(784, 512) - ReLU() - Dropout(0.2) - Linear(512, 10)", "adam", 1e-3, 128, 15, None),
    "mnist-mlp2": ("mnist", "Linear(784, 1024) - ReLU() - Dropout(0.3) - Linear(1024, 1024) - ReLU() - Dropout(0.3) - Linear(1024, 10)",
                   "adam", 1e-3, 128, 20, "cosine"),
    "mnist-conv": ("mnist", "Reshape(28, 28, 1) - Conv2D(1, 32, 5) - ReLU() - MaxPool2D(2) - Conv2D(32, 64, 5) - ReLU() - MaxPool2D(2) - Flatten() - Dropout(0.3) - Linear(1024, 10)",
                   "adam", 1e-3, 64, 8, "cosine"),
    "mnist-conv-shift2": ("mnist", "Reshape(28, 28, 1) - Conv2D(1, 32, 5) - ReLU() - MaxPool2D(2) - Conv2D(32, 64, 5) - ReLU() - MaxPool2D(2) - Flatten() - Dropout(0.3) - Linear(1024, 10)",
                          "adam", 1e-3, 64, 12, "cosine"),
    "fashion-mlp": ("fashion-mnist", "Linear(784, 512) - ReLU() - Dropout(0.2) - Linear(512, 10)", "adam", 1e-3, 128, 15, None),
    "usps-conv": ("usps", "Reshape(16, 16, 1) - Conv2D(1, 32, 3, padding=1) - ReLU() - MaxPool2D(2) - Conv2D(32, 64, 3, padding=1) - ReLU() - MaxPool2D(2) - Flatten() - Dropout(0.3) - Linear(1024, 10)",
                  "adam", 1e-3, 64, 20, "cosine"),
}
AUGMENT = {"mnist-conv-shift2": 2}
NORMALIZE = {"mnist": (0.1307, 0.3081), "fashion-mnist": (0.2860, 0.3530)}   # NeuralKit's defaults

def idx(path):
    with gzip.open(path) as f: data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)

def load(root, name):
    """Flat rows as NeuralKit reads them (channels-last images flattened), and labels."""
    if name == "usps":
        parts = [np.loadtxt(f"{root}/usps/zip.{p}.gz") for p in ("train", "test")]
        return [(r[:, 1:].astype(np.float32), r[:, 0].astype(np.int64)) for r in parts]
    mean, std = NORMALIZE[name]
    out = []
    for p in ("train", "t10k"):
        x = idx(f"{root}/{name}/{p}-images-idx3-ubyte.gz").astype(np.float32).reshape(-1, 784)
        out.append(((x / 255 - mean) / std, idx(f"{root}/{name}/{p}-labels-idx1-ubyte.gz").astype(np.int64)))
    return out

def shifted(xb, n, fill, side):
    """Each row of xb (B, side*side) moved by whole pixels drawn uniformly from -n..n, zero-filled."""
    b = xb.shape[0]
    img = torch.nn.functional.pad(xb.view(b, side, side), (n, n, n, n), value=fill)
    oy, ox = torch.randint(0, 2 * n + 1, (b,)), torch.randint(0, 2 * n + 1, (b,))
    return torch.stack([img[i, oy[i]:oy[i] + side, ox[i]:ox[i] + side] for i in range(b)]).reshape(b, side * side)

def main():
    root, recipe = sys.argv[1], sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    data, spec, optimiser, lr, batch, epochs, schedule = RECIPES[recipe]
    torch.manual_seed(seed); torch.set_num_threads(2)
    (xtr, ytr), (xte, yte) = load(root, data)
    x, y, xt, yt = map(torch.from_numpy, (xtr, ytr, xte, yte))
    model = torch_model(spec)
    opt = {"adam": torch.optim.Adam, "sgd": torch.optim.SGD}[optimiser](model.parameters(), lr=lr)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, epochs) if schedule == "cosine" else None
    start = time.time()
    for e in range(epochs):
        model.train()
        perm = torch.randperm(len(x))
        for s in range(0, len(x), batch):
            i = perm[s:s + batch]
            xb = x[i]
            if recipe in AUGMENT:
                mean, std = NORMALIZE[data]
                xb = shifted(xb, AUGMENT[recipe], -mean / std, 28)
            opt.zero_grad(); torch.nn.functional.cross_entropy(model(xb), y[i]).backward(); opt.step()
        if sched: sched.step()
        model.eval()
        with torch.no_grad(): acc = (model(xt).argmax(1) == yt).float().mean().item()
        print(f"epoch {e + 1}: test accuracy {100 * acc:.2f}%  ({time.time() - start:.0f} s)", flush=True)
    print(f"PyTorch {torch.__version__} {recipe} seed {seed}: test accuracy {100 * acc:.2f}% in {time.time() - start:.0f} s")

if __name__ == "__main__":
    main()
