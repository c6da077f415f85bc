import numpy as np

from losskit import numerical_gradient

TAU = 0.75  # under-prediction costs TAU, over-prediction 1 − TAU: three times less


def pinball_loss(y, t):
    """(1/n) Σ max(τ r_i, (τ − 1) r_i) with the residual r_i = t_i − y_i."""
    r = np.asarray(t, dtype=float) - np.asarray(y, dtype=float)
    return float(np.mean(np.maximum(TAU * r, (TAU - 1) * r)))


def pinball_loss_grad(y, t):
    """Analytic gradient with respect to y: −τ/n where y_i < t_i, (1 − τ)/n where y_i > t_i."""
    r = np.asarray(t, dtype=float) - np.asarray(y, dtype=float)
    return np.where(r > 0, -TAU, 1 - TAU) / r.size


y = np.array([2.0, 5.5, 3.2, 7.9])
t = np.array([2.5, 5.0, 4.0, 8.0])
analytic = pinball_loss_grad(y, t)
numeric = numerical_gradient(lambda v: pinball_loss(v, t), y)
print(pinball_loss(y, t))
print(analytic)
print(numeric)
print(np.max(np.abs(analytic - numeric)))

# At the kink y = t the two one-sided slopes differ; central differences return their mean.
h = 1e-4
at_kink = np.array([4.0])
left = (pinball_loss(at_kink, at_kink) - pinball_loss(at_kink - h, at_kink)) / h
right = (pinball_loss(at_kink + h, at_kink) - pinball_loss(at_kink, at_kink)) / h
print(round(left, 6), round(right, 6))
print(numerical_gradient(lambda v: pinball_loss(v, at_kink), at_kink))
