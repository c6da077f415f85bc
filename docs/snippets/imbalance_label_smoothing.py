import numpy as np

from losskit import sparse_categorical_cross_entropy as scce
from losskit import value_and_grad

# One sample, 4 classes, the true class 0 ahead of the others by a growing margin.
for margin in (1.0, 3.0, 6.0, 12.0):
    z = np.array([margin, 0.0, 0.0, 0.0])
    row = []
    for eps in (0.0, 0.1):
        _, g = value_and_grad(scce, z, 0, from_logits=True, label_smoothing=eps)
        row.append(f"{g[0]:+.6f}")
    print(f"margin {margin:4.1f}: dloss/dz_true  eps=0 {row[0]}  eps=0.1 {row[1]}")
# with smoothing the gradient vanishes where softmax(z)_true = 1 - eps + eps/K,
# 0.925, at the margin log(3 * 0.925 / 0.075); beyond it the loss pulls z_true back
target = 1 - 0.1 + 0.1 / 4
print(round(target, 3), round(float(np.log(3 * target / (1 - target))), 4))
