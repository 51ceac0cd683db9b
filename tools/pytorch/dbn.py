#!/usr/bin/env python3
"""Developer tool (not used by the build or the tests): the DBN recipe of REFERENCE.md's PyTorch table
(784-500-500-2000-10, sigmoid, pixels in [0, 1]; CD-1 pre-training, 10 epochs per RBM, lr 0.1, batch 64,
W ~ N(0, 0.01^2); then plain SGD, lr 0.1, batch 64, 30 epochs), to put seeds beside NeuralKit's

    neuralkit train --model "Linear(784, 500) - Sigmoid() - Linear(500, 500) - Sigmoid() - Linear(500, 2000) - Sigmoid() - Linear(2000, 10)" \
        --data mnist --preprocess scale:0:255 --loss ce --lr 0.1 --batch-size 64 --epochs 30 --pretrain 10 --seed S

Two negative phases, to tell a difference in pre-training from seed noise:
  sampled  v- ~ p(v | h0), then p(h | v-)  (NeuralKit's CD-1)
  mean     v- = p(v | h0), then p(h | v-)  (the visible probabilities, Hinton's guide's choice)
Usage: python tools/pytorch/dbn.py DATA_DIR SEED [sampled|mean] [PRETRAIN_EPOCHS] [EPOCHS]
"""
import gzip, sys, time
import numpy as np
import torch

def idx(path):
    with gzip.open(path) as f: data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)

def main():
    root, seed = sys.argv[1], int(sys.argv[2])
    phase = sys.argv[3] if len(sys.argv) > 3 else "sampled"
    pre_epochs = int(sys.argv[4]) if len(sys.argv) > 4 else 10
    epochs = int(sys.argv[5]) if len(sys.argv) > 5 else 30
    torch.manual_seed(seed); torch.set_num_threads(int(__import__("os").environ.get("OMP_NUM_THREADS", "2")))
    x = torch.from_numpy(idx(f"{root}/mnist/train-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32) / 255)
    y = torch.from_numpy(idx(f"{root}/mnist/train-labels-idx1-ubyte.gz").astype(np.int64))
    xt = torch.from_numpy(idx(f"{root}/mnist/t10k-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32) / 255)
    yt = torch.from_numpy(idx(f"{root}/mnist/t10k-labels-idx1-ubyte.gz").astype(np.int64))
    sizes = [784, 500, 500, 2000]
    layers = [torch.nn.Linear(a, b) for a, b in zip(sizes, sizes[1:])] + [torch.nn.Linear(2000, 10)]
    start = time.time()
    data = x
    with torch.no_grad():
        for layer in layers[:3]:
            V, H = layer.in_features, layer.out_features
            W = torch.randn(H, V) * 0.01; b = torch.zeros(V); c = torch.zeros(H)
            for e in range(pre_epochs):
                perm = torch.randperm(len(data))
                for s in range(0, len(data), 64):
                    v0 = data[perm[s:s + 64]]; n = len(v0)
                    p0 = torch.sigmoid(v0 @ W.T + c)
                    h0 = torch.bernoulli(p0)
                    pv = torch.sigmoid(h0 @ W + b)
                    vn = torch.bernoulli(pv) if phase == "sampled" else pv
                    pn = torch.sigmoid(vn @ W.T + c)
                    W += 0.1 * (p0.T @ v0 - pn.T @ vn) / n
                    b += 0.1 * (v0 - vn).mean(0); c += 0.1 * (p0 - pn).mean(0)
            layer.weight.copy_(W); layer.bias.copy_(c)
            data = torch.sigmoid(data @ W.T + c)
    pretrain = time.time() - start
    model = torch.nn.Sequential(layers[0], torch.nn.Sigmoid(), layers[1], torch.nn.Sigmoid(), layers[2], torch.nn.Sigmoid(), layers[3])
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for e in range(epochs):
        perm = torch.randperm(len(x))
        for s in range(0, len(x), 64):
            i = perm[s:s + 64]
            opt.zero_grad(); torch.nn.functional.cross_entropy(model(x[i]), y[i]).backward(); opt.step()
        with torch.no_grad(): acc = (model(xt).argmax(1) == yt).float().mean().item()
        if e + 1 in (1, 10, 20, 30) or e + 1 == epochs:
            print(f"epoch {e + 1}: test accuracy {100 * acc:.2f}%", flush=True)
    print(f"PyTorch {torch.__version__} DBN ({phase} negative phase) seed {seed}: test accuracy {100 * acc:.2f}% "
          f"(pre-training {pretrain:.0f} s, total {time.time() - start:.0f} s)")

if __name__ == "__main__":
    main()
