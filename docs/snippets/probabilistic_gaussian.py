import numpy as np
import torch

from losskit import gaussian_nll, mse, value_and_grad

y = np.array([[1.0, 2.0], [0.5, -1.0], [3.0, 0.0]])  # predicted means
t = np.array([[1.5, 2.0], [0.0, 1.0], [3.0, 0.5]])
var = np.array([[0.25, 1.0], [0.5, 4.0], [1.0, 0.1]])  # predicted variances

print(gaussian_nll(y, t, var))
print(torch.nn.GaussianNLLLoss()(torch.tensor(y), torch.tensor(t), torch.tensor(var)).item())
# one variance per row (shape (3,)) or one for all (a scalar), as torch allows
print(gaussian_nll(y, t, np.array([0.5, 1.0, 2.0])), gaussian_nll(y, t, 1.0))
# with var = 1 fixed, the loss is MSE / 2: the variance term is then a constant 0
print(gaussian_nll(y, t, 1.0), mse(y, t) / 2)
# gradients for the mean and the variance: argnums picks both
_, (g_mean, g_var) = value_and_grad(gaussian_nll, y, t, var, argnums=(0, 2), reduction="sum")
print(g_mean)  # (y - t) / var
print(g_var)  # (1/var - (y - t)^2 / var^2) / 2: zero where var equals the squared error
