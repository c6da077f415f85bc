import numpy as np

from losskit import cross_entropy_error

t = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])  # the true class is 2
# y_2 = 0.6
right = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
# y_2 = 0.1, y_7 = 0.6
wrong = np.array([0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0])

print(cross_entropy_error(right, t))
print(cross_entropy_error(wrong, t))
