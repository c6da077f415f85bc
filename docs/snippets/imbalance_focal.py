import numpy as np
import torch
import torch.nn.functional as F

from losskit import binary_focal_loss, sigmoid, value_and_grad

# Four positives: two easy (p = 0.95, 0.9), two hard (p = 0.3, 0.1); logits given
z = np.log(np.array([0.95, 0.9, 0.3, 0.1]) / np.array([0.05, 0.1, 0.7, 0.9]))
t = np.ones(4)
for gamma in (0.0, 2.0):
    options = {"alpha": None, "gamma": gamma, "from_logits": True}
    options["reduction"] = "sum"
    _, g = value_and_grad(binary_focal_loss, z, t, **options)
    print(f"gamma={gamma}: gradient {np.round(g, 4)}  easy/hard {g[0] / g[3]:.4f}")

# torchvision.ops.sigmoid_focal_loss, written out in torch (alpha = 0.25, gamma = 2)
x, target = torch.tensor(z), torch.tensor(t)
p = torch.sigmoid(x)
p_t = p * target + (1 - p) * (1 - target)
ce = F.binary_cross_entropy_with_logits(x, target, reduction="none")
alpha_t = 0.25 * target + 0.75 * (1 - target)
theirs = (alpha_t * ce * (1 - p_t) ** 2).mean().item()
print(round(binary_focal_loss(z, t, from_logits=True), 8), round(theirs, 8))
print(np.round(sigmoid(z), 2))
