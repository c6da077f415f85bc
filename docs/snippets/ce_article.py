import numpy as np

from losskit import cross_entropy_error

t = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]  # label 2, one-hot encoded
y = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]  # the network's output
print(cross_entropy_error(np.array(y), np.array(t)))
