import numpy as np
import torch
import torch.nn.functional as F

from losskit import kl_divergence

rng = np.random.default_rng(0)


def distributions(*shape):
    x = rng.random(shape) + 0.1
    return x / x.sum(axis=-1, keepdims=True)


def torch_batchmean(y, t):
    # PyTorch: kl_div(input=log y, target=t);
    # "batchmean" divides the sum by input.size(0).
    log_y, target = torch.log(torch.tensor(y)), torch.tensor(t)
    return F.kl_div(log_y, target, reduction="batchmean").item()


for shape in [(4, 5), (5,), (2, 3, 5)]:  # (N, K), (K,), (B, S, K)
    y, t = distributions(*shape), distributions(*shape)
    total = kl_divergence(y, t, reduction="sum")
    print(shape, kl_divergence(y, t), torch_batchmean(y, t), total / shape[0])

# (B, S, K): flatten the leading axes to get losskit's mean from torch.
y, t = distributions(2, 3, 5), distributions(2, 3, 5)
flat = torch_batchmean(y.reshape(-1, 5), t.reshape(-1, 5))
print(kl_divergence(y, t), flat)
