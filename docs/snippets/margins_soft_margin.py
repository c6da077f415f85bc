import numpy as np
import torch

from losskit import binary_cross_entropy, soft_margin

scores = np.array([2.3, 0.4, -0.2, -1.5, -800.0])
labels = np.array([1, 1, 1, -1, 1])

print(soft_margin(scores, labels, reduction="none"))  # log(1 + exp(-t*y)), stable
torch_loss = torch.nn.SoftMarginLoss(reduction="none")
print(torch_loss(torch.tensor(scores), torch.tensor(labels, dtype=torch.float64)).numpy())
# the same numbers as binary cross-entropy on logits with 0/1 labels (1 + t) / 2
print(binary_cross_entropy(scores, (1 + labels) / 2, from_logits=True, reduction="none"))
