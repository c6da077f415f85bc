import math

import torch

K = 10
label = torch.tensor([2])
loss = torch.nn.CrossEntropyLoss()  # takes logits: applies its own softmax

# Softmax outputs fed to it anyway: the best the model can output is the one-hot vector.
for p_true in (0.9, 0.99, 1.0):
    p = torch.full((1, K), (1 - p_true) / (K - 1), dtype=torch.float64)
    p[0, 2] = p_true
    print(p_true, round(loss(p, label).item(), 4))
print(round(math.log(1 + (K - 1) / math.e), 4))  # the floor ln(1 + (K − 1)/e)

# A confidently wrong model: how hard does each route push the logits?
z = torch.zeros(1, K, dtype=torch.float64)
z[0, 7] = 6.0
for name, scores in (("once", lambda v: v), ("twice", lambda v: torch.softmax(v, -1))):
    v = z.clone().requires_grad_()
    loss(scores(v), label).backward()
    print(name, round(loss(scores(v), label).item(), 4), round(v.grad.abs().max().item(), 4))
