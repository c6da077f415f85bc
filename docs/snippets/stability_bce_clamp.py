import numpy as np
import torch

import losskit

# Probabilities; the first three are (nearly) certain -- and wrong.
p = np.array([0.0, 1.0, 1e-50, 0.5])
t = np.array([1.0, 0.0, 1.0, 1.0])

ours = losskit.binary_cross_entropy(p, t, reduction="none")
bce = torch.nn.BCELoss(reduction="none")
theirs = bce(torch.tensor(p), torch.tensor(t))
print(ours)
print(theirs.numpy())
