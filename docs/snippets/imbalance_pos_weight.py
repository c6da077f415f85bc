import numpy as np
import torch

from losskit import binary_cross_entropy, value_and_grad

# 3 labels per example; label 2 is rarely positive (1 positive in 6)
t = np.array(
    [[1, 0, 0], [0, 1, 0], [1, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0]],
    dtype=float,
)
z = np.array(
    [
        [0.5, -0.2, -1.0],
        [-0.3, 0.4, -0.8],
        [0.8, 0.1, -1.2],
        [-0.6, -0.5, -0.9],
        [0.2, -0.1, -1.1],
        [-0.4, 0.6, -0.7],
    ]
)
positives = t.sum(axis=0)
pos_weight = (len(t) - positives) / positives  # negatives per positive, per label
print("pos_weight", pos_weight)

bce = binary_cross_entropy
_, g = value_and_grad(bce, z, t, from_logits=True)
_, g_pw = value_and_grad(bce, z, t, from_logits=True, pos_weight=pos_weight)
# the rare positive (row 3, label 2) pulls 5 times harder; negatives are unchanged
print("positive", round(g[3, 2], 5), "->", round(g_pw[3, 2], 5))
print("negative", round(g[0, 2], 5), "->", round(g_pw[0, 2], 5))
# torch.nn.BCEWithLogitsLoss(pos_weight=...)
peer = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(pos_weight))
ours = bce(z, t, from_logits=True, pos_weight=pos_weight)
print(round(ours, 6), round(peer(torch.tensor(z), torch.tensor(t)).item(), 6))
