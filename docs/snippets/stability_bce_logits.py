import numpy as np
import torch

import losskit

z = np.array([-800.0, -5.0, 0.0, 5.0, 800.0])  # logits
t = np.array([1.0, 0.0, 1.0, 1.0, 0.0])  # the two extremes: badly wrong

ours = losskit.binary_cross_entropy(z, t, from_logits=True, reduction="none")
bce = torch.nn.BCEWithLogitsLoss(reduction="none")
theirs = bce(torch.tensor(z), torch.tensor(t)).numpy()
print(ours.tolist())
print(theirs.tolist())
print(np.max(np.abs(ours - theirs)))
