import numpy as np
import torch
from sklearn.metrics import mean_squared_error as sklearn_mse

from losskit import mean_squared_error, mse

t = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
y = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])

print(mean_squared_error(y, t))  # textbook: half the sum of squares
print(mse(y, t))  # frameworks: the mean of the squares
mse_torch = torch.nn.MSELoss()  # torch: (input, target)
print(mse_torch(torch.tensor(y), torch.tensor(t, dtype=float)).item())
print(sklearn_mse(t, y))  # scikit-learn: (y_true, y_pred)
print(round(mse(y, t), 4))
