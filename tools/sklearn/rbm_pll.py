#!/usr/bin/env python3
"""Developer tool (not used by the build or the tests): scikit-learn's BernoulliRBM on binarised
MNIST, for comparison with `neuralkit rbm --persistent` (both persistent CD-1): the mean
pseudo-log-likelihood (score_samples) of the test set after training, and the time per epoch.

Usage: python tools/sklearn/rbm_pll.py DATA_DIR [HIDDEN] [EPOCHS] [LR] [BATCH] [SEED]
"""
import gzip, sys, time
import numpy as np
from sklearn.neural_network import BernoulliRBM

def idx(path):
    with gzip.open(path) as f: data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)

root = sys.argv[1]
hidden, epochs, lr, batch, seed = (int(sys.argv[2]) if len(sys.argv) > 2 else 500, int(sys.argv[3]) if len(sys.argv) > 3 else 10,
                                   float(sys.argv[4]) if len(sys.argv) > 4 else 0.1, int(sys.argv[5]) if len(sys.argv) > 5 else 64,
                                   int(sys.argv[6]) if len(sys.argv) > 6 else 0)
# NeuralKit's binarize:0.5 after scale:0:255: a pixel is 1 when its value / 255 is above 0.5.
x = [(idx(f"{root}/mnist/{p}-images-idx3-ubyte.gz").reshape(-1, 784) / 255.0 > 0.5).astype(np.float64) for p in ("train", "t10k")]
rbm = BernoulliRBM(n_components=hidden, learning_rate=lr, batch_size=batch, n_iter=epochs, random_state=seed, verbose=0)
start = time.time()
rbm.fit(x[0])
seconds = time.time() - start
rng = np.random.RandomState(seed)
print(f"scikit-learn BernoulliRBM (PCD-1), {hidden} hidden, {epochs} epochs, lr {lr}, batch {batch}: "
      f"test PLL {rbm.score_samples(x[1]).mean():.3f}, train PLL (first 1000) {rbm.score_samples(x[0][:1000]).mean():.3f}, "
      f"{seconds / epochs:.2f} s per epoch")
