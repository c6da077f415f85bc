import numpy as np
import torch

from losskit import triplet_margin, value_and_grad

rng = np.random.default_rng(0)
anchor = rng.normal(size=(4, 8))
positive = anchor + rng.normal(0.0, 0.5, size=(4, 8))  # the same identity, perturbed
negative = anchor + rng.normal(0.0, 0.8, size=(4, 8))  # someone else, but similar

print(triplet_margin(anchor, positive, negative, reduction="none"))
a, p, n = (torch.tensor(x) for x in (anchor, positive, negative))
print(torch.nn.TripletMarginLoss(reduction="none")(a, p, n).numpy())
print(torch.nn.TripletMarginWithDistanceLoss(reduction="none")(a, p, n).numpy())  # same defaults
# swap=True: the harder of d(a, n) and d(p, n) as the negative distance
print(
    triplet_margin(anchor, positive, negative, swap=True),
    torch.nn.TripletMarginLoss(swap=True)(a, p, n).item(),
)
# all three embeddings are differentiable
_, grads = value_and_grad(triplet_margin, anchor, positive, negative, argnums=(0, 1, 2))
print([g.shape for g in grads])
