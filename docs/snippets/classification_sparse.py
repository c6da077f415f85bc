import numpy as np
import torch

from losskit import categorical_cross_entropy, sparse_categorical_cross_entropy

z = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3], [0.0, 0.0, 3.0]])
labels = np.array([0, 1, 2])  # class indices instead of one-hot rows

print(sparse_categorical_cross_entropy(z, labels, from_logits=True))
print(categorical_cross_entropy(z, np.eye(3)[labels], from_logits=True))
# torch.nn.CrossEntropyLoss takes logits and integer labels: the same loss.
print(torch.nn.CrossEntropyLoss()(torch.tensor(z), torch.tensor(labels)).item())
