import numpy as np
import torch

from losskit import categorical_cross_entropy, cross_entropy_error

rng = np.random.default_rng(seed=1)
K = 10
print(f"{'N':>5} {'sum':>10} {'mean':>7} {'sum/N':>7} {'cross_entropy_error':>20} {'NLLLoss':>8}")
for N in (10, 100, 1000):
    logits = rng.normal(size=(N, K))
    y = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    labels = rng.integers(0, K, size=N)
    t = np.eye(K)[labels]
    total = categorical_cross_entropy(y, t, reduction="sum")
    mean = categorical_cross_entropy(y, t, reduction="mean")
    textbook = cross_entropy_error(y, t)
    nll = torch.nn.NLLLoss(reduction="mean")(torch.log(torch.tensor(y)), torch.tensor(labels))
    print(
        f"{N:>5} {total:>10.4f} {mean:>7.4f} {total / N:>7.4f} {textbook:>20.4f} {nll.item():>8.4f}"
    )
