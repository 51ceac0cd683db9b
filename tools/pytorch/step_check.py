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

def torch_layer(name, args):
    args = [a.strip() for a in args.split(",") if a.strip()]
    pos = [a for a in args if "=" not in a]
    kw = dict(a.split("=") for a in args if "=" in a)
    n = name.lower()
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
        b = np.ascontiguousarray(t, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
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
]

def main():
    rng = np.random.default_rng(0)
    worst_all = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for i, (spec, loss, kind) in enumerate(CASES):
            model = torch_model(spec)
            out = [m for m in model if isinstance(m, torch.nn.Linear)][-1].out_features
            n = 9
            x = rng.normal(size=(n, 5)).astype(np.float32)
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
                   "--init", init_path, "--save", ours_path, "--verbose", "0"]
            subprocess.run(cmd, check=True)
            opt = torch.optim.SGD(model.parameters(), lr=0.1)
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
            print(f"{spec:55s} {loss:12s} loss {l.item():9.5f}  weights {worst:.1e}  update {worst_step:.1e}")
    print(f"worst over all cases: {worst_all:.2e}")
    sys.exit(0 if worst_all < 1e-5 else 1)

if __name__ == "__main__":
    main()
