import numpy as np
import torch

from losskit import categorical_cross_entropy, cross_entropy_error, softmax

rng = np.random.default_rng(seed=1)
K = 10
header = ("mean", "sum/N", "CEE", "NLLLoss")
print(f"{'N':>5} {'sum':>10}", *(f"{h:>7}" for h in header))
for N in (10, 100, 1000):
    logits = rng.normal(size=(N, K))
    y = softmax(logits)
    labels = rng.integers(0, K, size=N)
    t = np.eye(K)[labels]
    total = categorical_cross_entropy(y, t, reduction="sum")
    mean = categorical_cross_entropy(y, t, reduction="mean")
    textbook = cross_entropy_error(y, t)
    log_y = torch.log(torch.tensor(y))
    nll = torch.nn.NLLLoss()(log_y, torch.tensor(labels)).item()
    columns = (mean, total / N, textbook, nll)
    print(f"{N:>5} {total:>10.4f}", *(f"{v:>7.4f}" for v in columns))
