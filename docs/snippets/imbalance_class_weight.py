import numpy as np
import torch

from losskit import sparse_categorical_cross_entropy as scce
from losskit import value_and_grad

# 8 samples, 3 classes: class 0 is common, class 2 appears once (the last sample).
labels = np.array([0, 0, 0, 0, 0, 1, 1, 2])
z = np.array(
    [
        [2.0, 0.1, -1.0],
        [1.5, 0.3, -0.5],
        [2.2, -0.4, -1.2],
        [0.9, 0.8, -0.3],
        [1.7, 0.0, -0.8],
        [0.2, 1.1, -0.6],
        [0.6, 0.4, 0.1],
        [0.8, 0.5, 0.2],
    ]
)
counts = np.bincount(labels, minlength=3)
weight = len(labels) / (3 * counts)  # "balanced": n / (K · count of the class)
print("counts ", counts, " weight", np.round(weight, 4))

plain, g_plain = value_and_grad(scce, z, labels, from_logits=True)
options = {"from_logits": True, "weight": weight}
weighted, g_weighted = value_and_grad(scce, z, labels, **options)
print(f"loss      {plain:.4f} -> {weighted:.4f}")
# the gradient of the rare sample's logits, and of one common sample's
print("rare   ", np.round(g_plain[7], 4), "->", np.round(g_weighted[7], 4))
print("common ", np.round(g_plain[0], 4), "->", np.round(g_weighted[0], 4))
# share of the total gradient norm that the rare sample gets
norms = [np.linalg.norm(g, axis=1) for g in (g_plain, g_weighted)]
share = [n[7] / n.sum() for n in norms]
print(f"share of the rare sample {share[0]:.3f} -> {share[1]:.3f}")
# torch.nn.CrossEntropyLoss(weight=...): the same weighted mean
ce = torch.nn.CrossEntropyLoss(weight=torch.tensor(weight))
print(f"{ce(torch.tensor(z), torch.tensor(labels)).item():.4f}")
