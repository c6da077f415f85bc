import numpy as np
import torch

from losskit import poisson_nll, value_and_grad

counts = np.array([0, 1, 3, 12])  # observed events: whole numbers, any integer dtype
log_rate = np.log(np.array([0.5, 1.0, 4.0, 10.0]))  # the network's linear output

print(poisson_nll(log_rate, counts))
print(torch.nn.PoissonNLLLoss()(torch.tensor(log_rate), torch.tensor(counts)).item())
# with full=True, Stirling's log t! for t > 1: the full negative log-likelihood
print(poisson_nll(log_rate, counts, full=True))
# the gradient of the summed loss: predicted minus observed count, e^y - t
_, grad = value_and_grad(poisson_nll, log_rate, counts, reduction="sum")
print(grad)
