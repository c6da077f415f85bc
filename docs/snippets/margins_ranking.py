import numpy as np
import torch

from losskit import margin_ranking, value_and_grad

score_a = np.array([2.0, 0.5, 1.0, -0.3])  # scores of two items per query
score_b = np.array([1.0, 1.2, 1.1, 0.4])
a_first = np.array([1, 1, -1, -1])  # +1: a should rank above b

print(margin_ranking(score_a, score_b, a_first, margin=0.5, reduction="none"))
loss = torch.nn.MarginRankingLoss(margin=0.5)
print(
    margin_ranking(score_a, score_b, a_first, margin=0.5),
    loss(torch.tensor(score_a), torch.tensor(score_b), torch.tensor(a_first)).item(),
)
# both scores are differentiable: argnums=(0, 1) gives both gradients
_, (grad_a, grad_b) = value_and_grad(
    margin_ranking, score_a, score_b, a_first, argnums=(0, 1), margin=0.5, reduction="sum"
)
print(grad_a, grad_b)
