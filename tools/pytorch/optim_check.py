#!/usr/bin/env python3
"""Developer tool (not used by the build or the tests): checks that three full-batch steps of
`neuralkit train` with each optimiser (and with BatchNorm in training mode) equal the same steps
with `torch.optim`, and that the trained BatchNorm nets give PyTorch's evaluation-mode loss.

For each case it writes random data (CSV) and initial weights (safetensors, BatchNorm buffers
included), runs `neuralkit train --init … --epochs 3 --batch-size N --no-shuffle --save …`, performs
the same three steps in PyTorch, and prints the worst relative difference over every tensor of the
state dict (parameters, running statistics, num_batches_tracked). Then `neuralkit evaluate` on the
saved checkpoint is compared with the PyTorch model's loss in evaluation mode.

Usage: python tools/pytorch/optim_check.py [path/to/neuralkit]   (needs torch, numpy, safetensors)
"""
import os, re, subprocess, sys, tempfile
import numpy as np
import torch
from safetensors.torch import load_file
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from step_check import torch_model, write_safetensors, input_width

NEURALKIT = sys.argv[1] if len(sys.argv) > 1 else ".build/release/neuralkit"
MLP = "Linear(5, 7) - TanH() - Linear(7, 4)"
# The layer before a BatchNorm has no bias, as usual: its gradient would be zero up to rounding
# noise, which Adam's normalised step turns into updates of size lr in either implementation.
BN1 = "Linear(5, 8, bias=false) - BatchNorm1D(8) - ReLU() - Linear(8, 4)"
BN2 = "Reshape(6, 6, 2) - Conv2D(2, 4, 3, bias=false) - BatchNorm2D(4) - ReLU() - Flatten() - Linear(64, 4)"

# (model, optimiser, lr, options for neuralkit, the torch.optim constructor)
CASES = []
for wd in (0.0, 0.01):
    CASES += [
        (MLP, "sgd", 0.1, [], lambda p, lr, wd=wd: torch.optim.SGD(p, lr=lr, weight_decay=wd), wd),
        (MLP, "momentum", 0.1, [], lambda p, lr, wd=wd: torch.optim.SGD(p, lr=lr, momentum=0.9, weight_decay=wd), wd),
        (MLP, "nesterov", 0.1, ["--momentum", "0.8"], lambda p, lr, wd=wd: torch.optim.SGD(p, lr=lr, momentum=0.8, nesterov=True, weight_decay=wd), wd),
        (MLP, "adam", 0.01, [], lambda p, lr, wd=wd: torch.optim.Adam(p, lr=lr, weight_decay=wd), wd),
        (MLP, "adam", 0.01, ["--betas", "0.8,0.99", "--eps", "1e-6"], lambda p, lr, wd=wd: torch.optim.Adam(p, lr=lr, betas=(0.8, 0.99), eps=1e-6, weight_decay=wd), wd),
        (MLP, "adamw", 0.01, [], lambda p, lr, wd=wd: torch.optim.AdamW(p, lr=lr, weight_decay=wd), wd),
        (MLP, "rmsprop", 0.01, [], lambda p, lr, wd=wd: torch.optim.RMSprop(p, lr=lr, weight_decay=wd), wd),
        (MLP, "rmsprop", 0.01, ["--momentum", "0.9"], lambda p, lr, wd=wd: torch.optim.RMSprop(p, lr=lr, momentum=0.9, weight_decay=wd), wd),
        (MLP, "adagrad", 0.1, [], lambda p, lr, wd=wd: torch.optim.Adagrad(p, lr=lr, weight_decay=wd), wd),
    ]
CASES += [
    (BN1, "sgd", 0.1, [], lambda p, lr: torch.optim.SGD(p, lr=lr), 0.0),
    (BN1, "adam", 0.01, [], lambda p, lr: torch.optim.Adam(p, lr=lr, weight_decay=0.01), 0.01),
    (BN2, "momentum", 0.05, [], lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9), 0.0),
    (BN2, "adamw", 0.01, [], lambda p, lr: torch.optim.AdamW(p, lr=lr, weight_decay=0.05), 0.05),
]

def main():
    rng = np.random.default_rng(1)
    worst_all = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for i, (spec, name, lr, options, make, wd) in enumerate(CASES):
            torch.manual_seed(i)
            model = torch_model(spec)
            n, out = 12, 4
            x = rng.normal(size=(n, input_width(spec))).astype(np.float32)
            y = rng.integers(0, out, size=(n, 1)).astype(np.float32)
            csv = os.path.join(tmp, f"d{i}.csv")
            np.savetxt(csv, np.hstack([x, y]), delimiter=",", fmt="%.9g")
            init = {k: v.detach().numpy().copy() for k, v in model.state_dict().items()}
            init_path, ours_path = os.path.join(tmp, f"i{i}.safetensors"), os.path.join(tmp, f"o{i}.safetensors")
            write_safetensors(init_path, init, {"format": "pt", "notation": spec})
            cmd = [NEURALKIT, "train", "--model", spec, "--data", csv, "--loss", "ce", "--optimizer", name,
                   "--lr", str(lr), "--epochs", "3", "--batch-size", str(n), "--no-shuffle", "--validation-fraction", "0",
                   "--preprocess", "none", "--init", init_path, "--save", ours_path, "--verbose", "0",
                   "--weight-decay", str(wd)] + options
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
            opt = make(model.parameters(), lr)
            model.train()
            xt, yt = torch.from_numpy(x), torch.from_numpy(y).long().view(-1)
            for _ in range(3):
                opt.zero_grad()
                torch.nn.functional.cross_entropy(model(xt), yt).backward()
                opt.step()
            ours, theirs = load_file(ours_path), model.state_dict()
            assert set(ours) == set(theirs), (sorted(ours), sorted(theirs))
            def rel(a, b):
                a, b = a.double(), b.double()
                return float((a - b).abs().max() / b.abs().max().clamp(min=1e-12))
            worst_name = max(theirs, key=lambda k: rel(ours[k], theirs[k]))
            worst = rel(ours[worst_name], theirs[worst_name])
            line = f"{spec[:44]:44s} {name:9s} {' '.join(options):28s} wd {wd:<5g} state {worst:.1e} ({worst_name})"
            if "BatchNorm" in spec:
                model.eval()
                with torch.no_grad(): eval_loss = torch.nn.functional.cross_entropy(model(xt), yt).item()
                text = subprocess.run([NEURALKIT, "evaluate", "--checkpoint", ours_path, "--data", csv, "--loss", "ce",
                                       "--validation-fraction", "0", "--split", "train"], check=True, capture_output=True, text=True).stdout
                ours_loss = float(re.search(r"loss ([0-9.eE+-]+)", text).group(1))
                eval_rel = abs(ours_loss - eval_loss) / abs(eval_loss)
                worst = max(worst, eval_rel)
                line += f"  eval loss {ours_loss:.6f} vs {eval_loss:.6f} ({eval_rel:.1e})"
            worst_all = max(worst_all, worst)
            print(line)
    print(f"worst over all cases: {worst_all:.2e}")
    sys.exit(0 if worst_all < 1e-5 else 1)

if __name__ == "__main__":
    main()
