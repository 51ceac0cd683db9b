#!/usr/bin/env python3
"""Developer tool (not used by the build or the tests): checks that one full-batch SGD step of
`neuralkit train` equals the same step in PyTorch.

For each (model, loss) case it writes random data (CSV) and random initial weights (safetensors,
written here, so NeuralKit also proves it reads files it did not write), runs
`neuralkit train --init … --epochs 1 --batch-size N --no-shuffle --save …`, loads NeuralKit's result
with the `safetensors` package into the equivalent `torch.nn.Sequential`, performs the same step in
PyTorch and prints the worst relative difference per tensor.

Usage: python tools/pytorch/step_check.py [path/to/neuralkit]   (needs torch, numpy, safetensors)
"""
import json, os, re, struct, subprocess, sys, tempfile
import numpy as np
import torch
from safetensors.torch import load_file

NEURALKIT = sys.argv[1] if len(sys.argv) > 1 else ".build/release/neuralkit"

class ChannelsFirst(torch.nn.Module):
    """NeuralKit's `Reshape(d1, …, C)` seen from PyTorch: the flat row read as channels-last
    `(d1, …, C)`, then permuted to PyTorch's `(C, d1, …)`."""
    def __init__(self, dims):
        super().__init__(); self.dims = dims
    def forward(self, x):
        x = x.reshape(x.shape[0], *self.dims)
        return x.permute(0, x.dim() - 1, *range(1, x.dim() - 1)) if len(self.dims) >= 2 else x

class DoubleConv(torch.nn.Module):
    """NeuralKit's `DoubleConv1D`: convolutions along rows (1 × k) and along columns (k × 1) of an
    NCHW image, each flattened channels first, concatenated. With `side`, a flat row is read as a
    channels-last `side × side × C` image first."""
    def __init__(self, k, cin, cout, side):
        super().__init__()
        self.side, self.cin = side, cin
        self.h = torch.nn.Conv2d(cin, cout, (1, k))
        self.v = torch.nn.Conv2d(cin, cout, (k, 1))
    def forward(self, x):
        if self.side: x = x.reshape(x.shape[0], self.side, self.side, self.cin).permute(0, 3, 1, 2)
        return torch.cat([self.h(x).flatten(1), self.v(x).flatten(1)], 1)

def torch_layer(name, args):
    args = [a.strip() for a in args.split(",") if a.strip()]
    pos = [a for a in args if "=" not in a]
    kw = dict(a.split("=") for a in args if "=" in a)
    n = name.lower()
    def arg(i, key, default=None):
        v = kw.get(key, pos[i] if i < len(pos) else default)
        return int(v)
    if n == "reshape": return ChannelsFirst([int(a) for a in pos])
    if n == "flatten": return torch.nn.Flatten()
    if n in ("conv1d", "convtranspose1d"):
        k, cin, cout, st = arg(0, "k_size"), arg(1, "chan_in"), arg(2, "chan_out"), arg(3, "stride", 1)
        return (torch.nn.Conv1d if n == "conv1d" else torch.nn.ConvTranspose1d)(cin, cout, k, stride=st)
    if n == "doubleconv1d":
        return DoubleConv(arg(0, "k_size"), arg(1, "chan_in"), arg(2, "chan_out"), arg(3, "side", 0))
    if n == "conv2d":
        return torch.nn.Conv2d(arg(0, "in"), arg(1, "out"), arg(2, "kernel"), stride=arg(3, "stride", 1), padding=arg(4, "padding", 0),
                               bias=kw.get("bias", "true").lower() != "false")
    if n in ("maxpool1d", "avgpool1d"):
        k = arg(0, "k_size"); st = arg(1, "stride", k)
        return (torch.nn.MaxPool1d if n == "maxpool1d" else torch.nn.AvgPool1d)(k, st)
    if n in ("maxpool2d", "avgpool2d"):
        k = arg(0, "k"); st = arg(1, "stride", k)
        return (torch.nn.MaxPool2d if n == "maxpool2d" else torch.nn.AvgPool2d)(k, st)
    if n == "linear":
        return torch.nn.Linear(int(pos[0]), int(pos[1]), bias=kw.get("bias", "true").lower() != "false")
    if n == "tanh": return torch.nn.Tanh()
    if n == "sigmoid": return torch.nn.Sigmoid()
    if n == "relu": return torch.nn.ReLU()
    if n == "leakyrelu": return torch.nn.LeakyReLU(float(kw.get("alpha", pos[0] if pos else 0.01)))
    if n == "elu": return torch.nn.ELU(float(kw.get("alpha", pos[0] if pos else 1.0)))
    if n == "softmax": return torch.nn.Softmax(dim=1)
    if n == "logsoftmax": return torch.nn.LogSoftmax(dim=1)
    if n == "identity": return torch.nn.Identity()
    if n == "dropout": return torch.nn.Dropout(float(kw.get("p", pos[0] if pos else 0.5)))
    if n in ("batchnorm1d", "batchnorm2d"):
        bn = torch.nn.BatchNorm1d if n == "batchnorm1d" else torch.nn.BatchNorm2d
        return bn(arg(0, "features"), eps=float(kw.get("eps", 1e-5)), momentum=float(kw.get("momentum", 0.1)))
    raise ValueError(name)

def torch_model(spec):
    return torch.nn.Sequential(*[torch_layer(m.group(1), m.group(2))
                                 for m in re.finditer(r"(\w+)\(([^)]*)\)", spec)])

def torch_loss(name, pred, y):
    """NeuralKit's definitions: per-sample sums over outputs, mean over the batch."""
    if name == "mse": return ((pred - y) ** 2).sum(1).mean()
    if name == "bce": return torch.nn.functional.binary_cross_entropy(pred, y, reduction="none").sum(1).mean()
    if name == "bce-logits": return torch.nn.functional.binary_cross_entropy_with_logits(pred, y, reduction="none").sum(1).mean()
    if name == "ce": return torch.nn.functional.cross_entropy(pred, y.long().view(-1))
    if name == "nll": return (-torch.clamp(torch.log(pred.gather(1, y.long().view(-1, 1))), min=-100)).mean()
    if name == "hinge": return torch.clamp(1 - y * pred, min=0).sum(1).mean()
    if name == "multi-hinge":
        c = pred.shape[1]
        return (torch.nn.functional.multi_margin_loss(pred, y.long().view(-1), reduction="none") * c).mean()
    raise ValueError(name)

def write_safetensors(path, tensors, metadata):
    header, offset, blobs = {}, 0, []
    for name, t in tensors.items():
        integer = np.asarray(t).dtype.kind in "iu"     # BatchNorm's num_batches_tracked: I64
        b = np.ascontiguousarray(t, dtype="<i8" if integer else "<f4").tobytes()
        header[name] = {"dtype": "I64" if integer else "F32", "shape": list(np.shape(t)), "data_offsets": [offset, offset + len(b)]}
        offset += len(b); blobs.append(b)
    header["__metadata__"] = metadata
    h = json.dumps(header).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h))); f.write(h); [f.write(b) for b in blobs]

CASES = [
    ("Linear(5, 7) - TanH() - Linear(7, 3)", "mse", "dense"),
    ("Linear(5, 7) - Sigmoid() - Linear(7, 3) - Sigmoid()", "bce", "binary"),
    ("Linear(5, 7) - ReLU() - Linear(7, 3)", "bce-logits", "binary"),
    ("Linear(5, 7) - LeakyReLU(alpha=0.1) - Linear(7, 4)", "ce", "class"),
    ("Linear(5, 7) - ELU(alpha=0.7) - Linear(7, 4) - Softmax()", "nll", "class"),
    ("Linear(5, 6) - TanH() - Linear(6, 1)", "hinge", "sign"),
    ("Linear(5, 6, bias=false) - Identity() - Linear(6, 4)", "multi-hinge", "class"),
    ("Linear(5, 7) - TanH() - Linear(7, 4) - LogSoftmax()", "mse", "dense"),
    ("Linear(5, 7) - ReLU() - Linear(7, 4)", "ce", "class", 0.05),          # --weight-decay
    # Convolutions (issue 4): inputs are flat rows, read channels-last by Reshape here and permuted
    # to channels-first for PyTorch; the Linear after Flatten is stored with permuted columns.
    ("Reshape(16, 1) - Conv1D(k_size=3, chan_in=1, chan_out=4, stride=2) - ReLU() - MaxPool1D(k_size=2, stride=2) - Flatten() - Linear(12, 3)", "ce", "class"),
    ("Reshape(10, 2) - Conv1D(3, 2, 3, 1) - TanH() - AvgPool1D(k_size=2, stride=2) - Flatten() - Linear(12, 2)", "mse", "dense"),
    ("Reshape(6, 2) - ConvTranspose1D(k_size=3, chan_in=2, chan_out=3, stride=2) - Sigmoid() - Flatten() - Linear(39, 2)", "mse", "dense"),
    ("Reshape(8, 8, 1) - Conv2D(1, 3, 3, stride=1, padding=1) - ReLU() - MaxPool2D(2) - Flatten() - Linear(48, 4)", "ce", "class"),
    ("Reshape(9, 9, 2) - Conv2D(in=2, out=4, kernel=3, stride=2) - ELU() - AvgPool2D(k=2, stride=1) - Flatten() - Linear(36, 3)", "mse", "dense"),
    ("Reshape(7, 7, 3) - Conv2D(3, 5, 3, 1, 0) - ReLU() - Conv2D(5, 2, 2, 2, 1) - Flatten() - Linear(18, 3)", "ce", "class"),
    ("DoubleConv1D(k_size=3, chan_in=1, chan_out=2, side=6) - TanH() - Linear(96, 3)", "ce", "class"),
    ("Reshape(5, 7, 2) - DoubleConv1D(k_size=3, chan_in=2, chan_out=2) - ReLU() - Linear(92, 2)", "mse", "dense"),
    # The course's nets at full size (W3 and W4), on batches large enough for the threaded kernels.
    ("Reshape(256, 1) - Conv1D(k_size=3, chan_in=1, chan_out=32, stride=1) - MaxPool1D(k_size=2, stride=2) - Flatten() - Linear(4064, 100) - ReLU() - Linear(100, 10)", "ce", "class"),
    ("Reshape(28, 28, 1) - Conv2D(1, 32, 5) - ReLU() - MaxPool2D(2) - Flatten() - Linear(4608, 10)", "ce", "class", 0.01),
]

def input_width(spec):
    """The flat input width of a case: the product of a leading Reshape, else the first Linear's input."""
    m = re.match(r"\s*Reshape\(([^)]*)\)", spec)
    if m: return int(np.prod([int(a) for a in m.group(1).split(",")]))
    m = re.match(r"\s*DoubleConv1D\(.*chan_in=(\d+).*side=(\d+)", spec)
    if m: return int(m.group(1)) * int(m.group(2)) ** 2
    return int(re.match(r"\s*Linear\((\d+)", spec).group(1))

def main():
    rng = np.random.default_rng(0)
    worst_all = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for i, (spec, loss, kind, *rest) in enumerate(CASES):
            wd = rest[0] if rest else 0.0
            model = torch_model(spec)
            out = [m for m in model if isinstance(m, torch.nn.Linear)][-1].out_features
            n = 64 if input_width(spec) > 200 else 9
            x = rng.normal(size=(n, input_width(spec))).astype(np.float32)
            if kind == "dense": y = rng.normal(size=(n, out)).astype(np.float32)
            elif kind == "binary": y = rng.integers(0, 2, size=(n, out)).astype(np.float32)
            elif kind == "sign": y = rng.choice([-1.0, 1.0], size=(n, out)).astype(np.float32)
            else: y = rng.integers(0, out, size=(n, 1)).astype(np.float32)
            csv = os.path.join(tmp, f"d{i}.csv")
            np.savetxt(csv, np.hstack([x, y]), delimiter=",", fmt="%.9g")
            init = {k: v.detach().numpy() * 1.5 for k, v in model.state_dict().items()}
            init_path, ours_path = os.path.join(tmp, f"i{i}.safetensors"), os.path.join(tmp, f"o{i}.safetensors")
            write_safetensors(init_path, init, {"format": "pt", "notation": spec})
            model.load_state_dict({k: torch.from_numpy(v) for k, v in init.items()})
            cmd = [NEURALKIT, "train", "--model", spec, "--data", csv, "--targets", str(y.shape[1]),
                   "--loss", loss, "--lr", "0.1", "--epochs", "1", "--batch-size", str(n), "--no-shuffle",
                   "--init", init_path, "--save", ours_path, "--verbose", "0", "--weight-decay", str(wd)]
            subprocess.run(cmd, check=True)
            opt = torch.optim.SGD(model.parameters(), lr=0.1, weight_decay=wd)
            opt.zero_grad()
            l = torch_loss(loss, model(torch.from_numpy(x)), torch.from_numpy(y))
            l.backward(); opt.step()
            ours = load_file(ours_path)
            theirs = model.state_dict()
            assert set(ours) == set(theirs), (sorted(ours), sorted(theirs))
            def rel(a, b): return float((a - b).abs().max() / b.abs().max().clamp(min=1e-12))
            worst = max(rel(ours[k], theirs[k]) for k in theirs)
            # The update itself (after - before) compared too: a much stricter view of the gradient.
            worst_step = max(rel(ours[k] - torch.from_numpy(init[k]), theirs[k] - torch.from_numpy(init[k])) for k in theirs)
            worst_all = max(worst_all, worst)
            print(f"{spec[:70]:70s} {loss:12s} wd {wd:<5g} loss {l.item():9.5f}  weights {worst:.1e}  update {worst_step:.1e}")
    print(f"worst over all cases: {worst_all:.2e}")
    sys.exit(0 if worst_all < 1e-5 else 1)

if __name__ == "__main__":
    main()
