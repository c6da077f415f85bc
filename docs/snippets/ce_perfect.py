import numpy as np

from losskit import cross_entropy_error

t = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
y = t.astype(float)  # a perfect prediction: probability 1 on the true class

print(cross_entropy_error(y, t))  # −ln(1 + δ): just below zero
print(-np.log1p(1e-7))
