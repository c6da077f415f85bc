import numpy as np
import torch
from sklearn.metrics import mean_squared_error as sklearn_mse

from losskit import mean_squared_error, mse

t = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
y = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]

print(mean_squared_error(np.array(y), np.array(t)))  # textbook: half the sum of squares
print(mse(np.array(y), np.array(t)))  # frameworks: the mean of squares
yt, tt = torch.tensor(y, dtype=torch.float64), torch.tensor(t, dtype=torch.float64)
print(torch.nn.MSELoss()(yt, tt).item())  # torch: (input, target)
print(sklearn_mse(t, y))  # scikit-learn: (y_true, y_pred) -- target first!
print(round(mse(np.array(y), np.array(t)), 4))
