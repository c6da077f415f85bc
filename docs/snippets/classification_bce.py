import numpy as np

from losskit import binary_cross_entropy as bce
from losskit import sigmoid

z = np.array([2.0, -1.0, 0.5])  # logits of three yes/no questions
t = np.array([1.0, 0.0, 0.8])  # targets; 0.8 is a soft target

print(bce(sigmoid(z), t))  # from probabilities
print(bce(z, t, from_logits=True))  # from logits: same value, stabler

# Multilabel: N samples x L labels, each its own binary problem.
z2 = np.array([[3.0, -2.0, 0.1, -4.0], [-1.0, 2.5, 2.0, -0.3]])
t2 = np.array([[1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 1.0, 0.0]])
print(bce(z2, t2, from_logits=True, reduction="none").round(4))
print(bce(z2, t2, from_logits=True))  # mean over all N * L entries
