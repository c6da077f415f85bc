import numpy as np
import torch

from losskit import categorical_cross_entropy as cce
from losskit import sparse_categorical_cross_entropy as sparse_cce

z = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3], [0.0, 0.0, 3.0]])
labels = np.array([0, 1, 2])  # class indices instead of one-hot rows

print(sparse_cce(z, labels, from_logits=True))
print(cce(z, np.eye(3)[labels], from_logits=True))
# torch.nn.CrossEntropyLoss: logits and integer labels, the same loss.
ce = torch.nn.CrossEntropyLoss()
print(ce(torch.tensor(z), torch.tensor(labels)).item())
