import numpy as np

from losskit import numerical_gradient

ALPHA = 3.0  # under-prediction costs three times as much as over-prediction


def asymmetric_squared_error(y, t):
    """(1/n) Σ w_i (y_i − t_i)²; w_i = ALPHA if y_i < t_i, else 1."""
    d = np.asarray(y, dtype=float) - np.asarray(t, dtype=float)
    w = np.where(d < 0, ALPHA, 1.0)
    return float(np.mean(w * d**2))


def asymmetric_squared_error_grad(y, t):
    """Analytic gradient with respect to y: (2/n) w_i (y_i − t_i)."""
    d = np.asarray(y, dtype=float) - np.asarray(t, dtype=float)
    w = np.where(d < 0, ALPHA, 1.0)
    return 2 * w * d / d.size


y = np.array([2.0, 5.5, 3.2, 7.9])
t = np.array([2.5, 5.0, 4.0, 8.0])
analytic = asymmetric_squared_error_grad(y, t)
numeric = numerical_gradient(lambda v: asymmetric_squared_error(v, t), y)
print(asymmetric_squared_error(y, t))
print(analytic)
print(numeric)
print(np.max(np.abs(analytic - numeric)))
