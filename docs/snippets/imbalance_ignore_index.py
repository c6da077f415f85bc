import numpy as np
import torch

from losskit import log_softmax, nll_loss, value_and_grad
from losskit import sparse_categorical_cross_entropy as scce

# Two token sequences padded to length 4; -100 marks the padding (as in PyTorch).
rng = np.random.default_rng(3)
z = rng.normal(size=(2, 4, 5))  # (batch, position, class): the class axis is last
labels = np.array([[1, 4, 2, -100], [3, -100, -100, -100]])

loss, g = value_and_grad(scce, z, labels, from_logits=True, ignore_index=-100)
kept = labels != -100
print(f"{loss:.6f} over {kept.sum()} tokens")
print("gradient at padding:", np.abs(g[~kept]).max())
# "mean" divides by the 4 kept tokens, not the 8 positions
per = scce(z, labels, from_logits=True, ignore_index=-100, reduction="none")
print(np.round(per, 4))
print(f"{per.sum() / kept.sum():.6f}")
# nll_loss on log-softmax output is the same loss, and so is torch (class axis 1)
print(f"{nll_loss(log_softmax(z), labels, ignore_index=-100):.6f}")
ce = torch.nn.CrossEntropyLoss()  # ignore_index=-100 by default
print(f"{ce(torch.tensor(z).movedim(-1, 1), torch.tensor(labels)).item():.6f}")
