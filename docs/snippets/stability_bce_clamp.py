import numpy as np
import torch

import losskit

p = np.array([0.0, 1.0, 1e-50, 0.5])  # probabilities; the first three are (near) certain
t = np.array([1.0, 0.0, 1.0, 1.0])  # ... and wrong

ours = losskit.binary_cross_entropy(p, t, reduction="none")
theirs = torch.nn.BCELoss(reduction="none")(torch.tensor(p), torch.tensor(t))
print(ours)
print(theirs.numpy())
