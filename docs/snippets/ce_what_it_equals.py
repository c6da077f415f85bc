import numpy as np

from losskit import cross_entropy_error

t = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
y = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])

# Only the true class (k = 2, where t_k = 1) contributes to the sum.
print(cross_entropy_error(y, t))
print(-np.log(y[2] + 1e-7))  # −ln(0.6 + δ)
print(-np.log(y[2]))  # −ln 0.6, without δ
