import numpy as np
import torch

from losskit import huber, log_cosh, mae, smooth_l1

y = np.array([2.5, 0.0, 2.0, 8.0])
t = np.array([3.0, -0.5, 2.0, 3.0])

print(
    smooth_l1(y, t, beta=2.0),
    torch.nn.SmoothL1Loss(beta=2.0)(torch.tensor(y), torch.tensor(t)).item(),
)
print(huber(y, t, delta=2.0), 2.0 * smooth_l1(y, t, beta=2.0))  # Huber = beta * SmoothL1
print(smooth_l1(y, t, beta=0.0), mae(y, t))  # beta = 0 is the absolute error
# Keras's LogCosh: x + softplus(-2x) - log 2, x = y_pred - y_true
x = torch.tensor(y - t)
keras_formula = (x + torch.nn.functional.softplus(-2.0 * x) - np.log(2.0)).mean().item()
print(log_cosh(y, t), keras_formula)
print(log_cosh(y, t, reduction="none"))  # about r^2/2 near 0, |r| - log 2 far out
