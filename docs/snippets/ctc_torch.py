import numpy as np
import torch
import torch.nn.functional as F

from losskit import ctc_loss, log_softmax, value_and_grad

rng = np.random.default_rng(1)
T, N, C = 6, 2, 4
scores = rng.normal(size=(T, N, C))  # raw network outputs
log_probs = log_softmax(scores)
targets = np.array([[1, 2, 2], [3, 1, 0]])
args = (targets, np.array([6, 6]), np.array([3, 2]))
targs = tuple(torch.tensor(a) for a in args)

# Values: the same for every reduction.
for reduction in ("none", "sum", "mean"):
    ours = ctc_loss(log_probs, *args, reduction=reduction)
    lp = torch.tensor(log_probs)
    theirs = F.ctc_loss(lp, *targs, reduction=reduction).numpy()
    print(reduction, np.max(np.abs(ours - theirs)))

# losskit: the true partial derivative with respect to log_probs.
_, grad = value_and_grad(ctc_loss, log_probs, *args, reduction="sum")

# torch, directly on log_probs: exp(log_probs) - posterior.
lp = torch.tensor(log_probs, requires_grad=True)
F.ctc_loss(lp, *targs, reduction="sum").backward()
print(np.max(np.abs(lp.grad.numpy() - grad)))
print(np.max(np.abs(lp.grad.numpy() - (np.exp(log_probs) + grad))))

# Through log_softmax both agree: chain losskit's gradient by hand.
x = torch.tensor(scores, requires_grad=True)
F.ctc_loss(x.log_softmax(-1), *targs, reduction="sum").backward()
chained = grad - np.exp(log_probs) * grad.sum(axis=-1, keepdims=True)
print(np.max(np.abs(x.grad.numpy() - chained)))
