import numpy as np

from losskit import mean_squared_error

t = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]  # one-hot label 2
y = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]  # output
print(mean_squared_error(np.array(y), np.array(t)))
