import numpy as np

from losskit import categorical_cross_entropy, softmax

z = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])  # logits, N = 2 samples, K = 3 classes
onehot = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
soft = np.array([[0.9, 0.05, 0.05], [0.1, 0.8, 0.1]])  # label smoothing / soft targets

print(categorical_cross_entropy(z, onehot, from_logits=True, reduction="none"))
print(categorical_cross_entropy(softmax(z), onehot, reduction="none"))  # same, via probabilities
print(categorical_cross_entropy(z, soft, from_logits=True))

# Any leading shape (..., K): here B = 2 sequences of S = 4 positions.
rng = np.random.default_rng(0)
logits = rng.normal(size=(2, 4, 3))
targets = np.eye(3)[rng.integers(0, 3, size=(2, 4))]
print(categorical_cross_entropy(logits, targets, from_logits=True, reduction="none").shape)
