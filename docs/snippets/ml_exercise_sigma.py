import numpy as np
from scipy import optimize, stats

from losskit import mse

y = np.array([2.5, 0.0, 2.0, 8.0])
t = np.array([3.0, -0.5, 2.0, 3.0])


def gaussian_nll(log_sigma):
    return -np.sum(stats.norm.logpdf(t, loc=y, scale=np.exp(log_sigma)))


best = optimize.minimize_scalar(gaussian_nll)
print(round(np.exp(2 * best.x), 6), mse(y, t))  # the fitted σ², the mean squared error
