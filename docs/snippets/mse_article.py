import numpy as np

from losskit import mean_squared_error

t = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]  # label 2, one-hot encoded
y = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]  # the network's output
print(mean_squared_error(np.array(y), np.array(t)))
