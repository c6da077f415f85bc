import numpy as np

from losskit import binary_cross_entropy, mse, numerical_gradient, sigmoid, value_and_grad

t = np.array([1.0])  # a positive review
print(f"{'p':>5} {'BCE':>7} {'MSE':>7} {'dBCE/dz':>8} {'dMSE/dz':>8}")
for p_target in (0.01, 0.1, 0.5, 0.9, 0.99):
    z = np.log(np.array([p_target]) / (1 - p_target))  # logit of the sigmoid unit
    p = sigmoid(z)
    bce, bce_grad_z = value_and_grad(binary_cross_entropy, z, t, from_logits=True)
    sq, sq_grad_p = value_and_grad(mse, p, t)
    sq_grad_z = sq_grad_p * p * (1 - p)  # chain rule: dp/dz = p(1 − p)
    check = numerical_gradient(lambda v: mse(sigmoid(v), t), z)
    assert np.allclose(sq_grad_z, check, atol=1e-6)
    print(f"{p[0]:>5.2f} {bce:>7.4f} {sq:>7.4f} {bce_grad_z[0]:>8.4f} {sq_grad_z[0]:>8.4f}")
