import numpy as np
import torch
from sklearn.metrics import mean_squared_error as sklearn_mean_squared_error

import losskit

t = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0], dtype=float)
y = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
K = y.size

E = losskit.mean_squared_error(y, t)  # ½ Σ (y − t)², the article's E
mse = losskit.mse(y, t)  # (1/K) Σ (y − t)², the frameworks' MSE
sk = float(sklearn_mean_squared_error(t, y))  # scikit-learn: (y_true, y_pred)
# PyTorch: (input, target)
pt = torch.nn.MSELoss()(torch.tensor(y), torch.tensor(t)).item()

print("losskit.mean_squared_error(y, t)  ", E)
print("losskit.mse(y, t)                 ", mse)
print("sklearn mean_squared_error(t, y)  ", sk)
print("torch.nn.MSELoss()(y, t)          ", pt)
print("2 * E / K                         ", 2 * E / K)
print("round(losskit.mse(y, t), 4)       ", round(mse, 4))
