import numpy as np

from losskit import categorical_cross_entropy as cce
from losskit import softmax

# Logits of N = 2 samples over K = 3 classes, and two kinds of target.
z = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])
onehot = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
soft = np.array([[0.9, 0.05, 0.05], [0.1, 0.8, 0.1]])  # e.g. smoothed

print(cce(z, onehot, from_logits=True, reduction="none"))
print(cce(softmax(z), onehot, reduction="none"))  # via probabilities
print(cce(z, soft, from_logits=True))

# Any leading shape (..., K): B = 2 sequences of S = 4 positions.
rng = np.random.default_rng(0)
logits = rng.normal(size=(2, 4, 3))
targets = np.eye(3)[rng.integers(0, 3, size=(2, 4))]
print(cce(logits, targets, from_logits=True, reduction="none").shape)
