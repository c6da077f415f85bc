import numpy as np
import torch

import losskit

z = np.array([-800.0, -5.0, 0.0, 5.0, 800.0])  # logits
t = np.array([1.0, 0.0, 1.0, 1.0, 0.0])  # targets: the two extremes are badly wrong

ours = losskit.binary_cross_entropy(z, t, from_logits=True, reduction="none")
theirs = torch.nn.BCEWithLogitsLoss(reduction="none")(torch.tensor(z), torch.tensor(t))
print(ours.tolist())
print(theirs.numpy().tolist())
print(np.max(np.abs(ours - theirs.numpy())))
