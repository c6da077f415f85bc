import numpy as np
from scipy import optimize

from losskit import poisson_nll

counts = np.array([0, 1, 3, 12])

# the best constant log-rate c for these counts
best = optimize.minimize_scalar(lambda c: poisson_nll(np.full(4, c), counts))
print(round(float(np.exp(best.x)), 4), counts.mean())  # the rate e^c, the mean count
