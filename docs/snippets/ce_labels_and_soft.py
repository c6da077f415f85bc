import numpy as np

from losskit import cross_entropy_error

y = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
one_hot = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
label = 2  # the same target as an integer class label
soft = np.array([0, 0, 0.9, 0, 0, 0, 0, 0.1, 0, 0])  # a soft target

print(cross_entropy_error(y, one_hot))
print(cross_entropy_error(y, label))
print(cross_entropy_error(y, soft))
print(-(0.9 * np.log(0.6 + 1e-7) + 0.1 * np.log(0.1 + 1e-7)))  # by hand
