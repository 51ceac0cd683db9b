"""A plain numpy peer of NeuralKit's Module API (float32): the fair "same design, other engine"
comparison for `neuralkit bench`. Each layer has forward, backward_update_gradient (accumulates
into the parameter gradients), backward_delta (gradient w.r.t. the input), zero_grad and
update_parameters, as in NeuralKit's Module; losses take target and prediction.

Developer tool only: neither the build nor the tests use it.
"""
import numpy as np

F32 = np.float32


class Module:
    params = ()

    def zero_grad(self):
        for _, g in self.params:
            g[...] = 0

    def update_parameters(self, step):
        for v, g in self.params:
            v -= F32(step) * g          # in place, float32

    def backward_update_gradient(self, x, delta):
        pass


class Linear(Module):
    """y = x·Wᵀ + b; W stored [out, in] as in NeuralKit; uniform ±1/sqrt(in) init."""

    def __init__(self, n_in, n_out, rng):
        bound = 1.0 / np.sqrt(n_in)
        self.w = rng.uniform(-bound, bound, (n_out, n_in)).astype(F32)
        self.b = rng.uniform(-bound, bound, n_out).astype(F32)
        self.gw = np.zeros_like(self.w)
        self.gb = np.zeros_like(self.b)
        self.params = ((self.w, self.gw), (self.b, self.gb))

    def forward(self, x):
        y = x @ self.w.T            # (batch, out)
        y += self.b
        return y

    def backward_update_gradient(self, x, delta):
        self.gw += delta.T @ x      # (out, in)
        self.gb += delta.sum(axis=0)

    def backward_delta(self, x, delta):
        return delta @ self.w       # (batch, in)


class TanH(Module):
    def forward(self, x):
        return np.tanh(x)

    def backward_delta(self, x, delta, y=None):
        t = np.tanh(x) if y is None else y
        return delta * (F32(1) - t * t)


class Sigmoid(Module):
    def forward(self, x):
        return F32(1) / (F32(1) + np.exp(-x))

    def backward_delta(self, x, delta, y=None):
        s = self.forward(x) if y is None else y
        return delta * s * (F32(1) - s)


class Sequential(Module):
    """Keeps every layer's input from the forward pass for the backward pass, as NeuralKit does."""

    def __init__(self, *layers):
        self.layers = layers
        self.params = tuple(p for l in layers for p in l.params)

    def forward(self, x):
        self.inputs = []
        for layer in self.layers:
            self.inputs.append(x)
            x = layer.forward(x)
        self.output = x
        return x

    def backward(self, delta, need_input_delta=True):
        """Accumulates every parameter gradient and returns the gradient w.r.t. the input (None
        without need_input_delta: the first layer's input delta is then skipped, as NeuralKit's
        training loop skips it)."""
        outputs = self.inputs[1:] + [self.output]
        for i, layer, x, y in zip(reversed(range(len(self.layers))), reversed(self.layers),
                                  reversed(self.inputs), reversed(outputs)):
            layer.backward_update_gradient(x, delta)
            if i == 0 and not need_input_delta:
                return None
            if isinstance(layer, (TanH, Sigmoid)):
                delta = layer.backward_delta(x, delta, y)   # reuse the stored output
            else:
                delta = layer.backward_delta(x, delta)
        return delta


class CrossEntropyLoss:
    """Mean over the batch of −log softmax(z)[class]; target holds class indices."""

    def forward(self, target, prediction):
        z = prediction - prediction.max(axis=1, keepdims=True)
        self.p = np.exp(z)
        s = self.p.sum(axis=1, keepdims=True)
        self.p /= s
        rows = np.arange(len(target))
        return float(np.mean(np.log(s[:, 0]) - z[rows, target]))

    def backward(self, target, prediction):
        g = self.p.copy()
        g[np.arange(len(target)), target] -= F32(1)
        g *= F32(1.0 / len(target))
        return g


class BCELoss:
    """Σ over outputs, mean over the batch, of −[y log p + (1 − y) log(1 − p)], logs clamped at −100."""

    def forward(self, target, prediction):
        lp = np.maximum(np.log(prediction), F32(-100))
        lq = np.maximum(np.log(F32(1) - prediction), F32(-100))
        return float(-(target * lp + (F32(1) - target) * lq).sum() / len(target))

    def backward(self, target, prediction):
        eps = F32(1e-12)
        g = (prediction - target) / np.maximum(prediction * (F32(1) - prediction), eps)
        g *= F32(1.0 / len(target))
        return g


def epoch(model, loss, x, y, batch, lr, rng):
    """One epoch of plain SGD over a shuffled order (rows gathered per batch, as NeuralKit does)."""
    order = rng.permutation(len(x))
    for s in range(0, len(x), batch):
        idx = order[s:s + batch]
        xb, yb = x[idx], y[idx]
        model.zero_grad()
        p = model.forward(xb)
        loss.forward(yb, p)
        model.backward(loss.backward(yb, p), need_input_delta=False)
        model.update_parameters(lr)
