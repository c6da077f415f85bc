import numpy as np

from losskit import (
    binary_cross_entropy,
    mse,
    numerical_gradient,
    sigmoid,
    value_and_grad,
)

t = np.array([1.0])  # a positive review
print(*(f"{h:>8}" for h in ("p", "BCE", "MSE", "dBCE/dz", "dMSE/dz")))
for p_target in (0.01, 0.1, 0.5, 0.9, 0.99):
    z = np.log(np.array([p_target]) / (1 - p_target))  # the logit
    p = sigmoid(z)
    bce, d_bce = value_and_grad(binary_cross_entropy, z, t, from_logits=True)
    sq, d_sq_dp = value_and_grad(mse, p, t)
    d_sq = d_sq_dp * p * (1 - p)  # chain rule: dp/dz = p(1 − p)
    check = numerical_gradient(lambda v: mse(sigmoid(v), t), z)
    assert np.allclose(d_sq, check, atol=1e-6)
    row = (bce, sq, d_bce[0], d_sq[0])
    print(f"{p[0]:>8.2f}", *(f"{v:>8.4f}" for v in row))
