import numpy as np
from scipy import stats

from losskit import mae, mean_squared_error

y = np.array([2.5, 0.0, 2.0, 8.0])  # predictions: the centre of the noise model
t = np.array([3.0, -0.5, 2.0, 3.0])  # observed targets
n = len(t)

# Gaussian noise with σ = 1: −log p(t | y) = ½ (t − y)² + ½ log 2π per target.
gaussian_nll = -np.sum(stats.norm.logpdf(t, loc=y, scale=1.0))
print(gaussian_nll, mean_squared_error(y, t) + n / 2 * np.log(2 * np.pi))  # the textbook ½Σ

# Laplace noise with scale 1: −log p(t | y) = |t − y| + log 2 per target.
laplace_nll = -np.sum(stats.laplace.logpdf(t, loc=y, scale=1.0))
print(laplace_nll, n * mae(y, t) + n * np.log(2))

# The best constant prediction: the mean for squared error, the median for absolute error.
targets = np.array([1.0, 2.0, 2.5, 3.0, 40.0])  # one outlier
grid = np.linspace(0.0, 45.0, 45_001)
squared = [np.mean((c - targets) ** 2) for c in grid]
absolute = [np.mean(np.abs(c - targets)) for c in grid]
print(grid[np.argmin(squared)], targets.mean())
print(grid[np.argmin(absolute)], np.median(targets))
