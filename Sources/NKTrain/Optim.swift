// Optim: one SGD step on a batch (forward, loss, backward, update).

import NKCore
import NKLayers
import NKLosses
