import numpy as np
import torch

from losskit import categorical_cross_entropy, cross_entropy_error

rng = np.random.default_rng(seed=1)
K = 10
print("N", 'reduction="sum"', 'reduction="mean"', "sum/N", "cross_entropy_error", "NLLLoss")
for N in (10, 100, 1000):
    logits = rng.normal(size=(N, K))
    y = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    labels = rng.integers(0, K, size=N)
    t = np.eye(K)[labels]
    total = categorical_cross_entropy(y, t, reduction="sum")
    mean = categorical_cross_entropy(y, t, reduction="mean")
    article = cross_entropy_error(y, t)
    nll = torch.nn.NLLLoss(reduction="mean")(torch.log(torch.tensor(y)), torch.tensor(labels))
    print(
        N,
        round(total, 4),
        round(mean, 4),
        round(total / N, 4),
        round(article, 4),
        round(nll.item(), 4),
    )
