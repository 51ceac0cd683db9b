// Sequential runs both backward passes in one sweep; Optim uses that to skip the first input delta.

import NKLayers

extension Sequential: FusedBackward {}
