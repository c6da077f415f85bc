import numpy as np

from losskit import cross_entropy_error

t = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
y = np.array([0.1, 0.05, 0.0, 0.0, 0.05, 0.1, 0.0, 0.7, 0.0, 0.0])  # y_2 = 0

with np.errstate(divide="ignore", invalid="ignore"):
    print(np.log(0.0))  # log 0
    print(-np.log(y[2]))  # −log y_2, the only term the one-hot t keeps
    print(-np.sum(t * np.log(y)))  # without δ: terms 0 · (−inf)
print(cross_entropy_error(y, t))  # with δ = 1e-7
print(-np.log(1e-7))  # −ln δ
