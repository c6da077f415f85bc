import numpy as np

import losskit

t = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])  # one-hot label 2
y = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])  # output

print(losskit.mean_squared_error(y, t))  # ½ Σ (y_k − t_k)²
print(losskit.cross_entropy_error(y, t))  # −Σ t_k log(y_k + δ)
