import numpy as np
import torch
from sklearn.metrics import mean_absolute_error, mean_squared_error

from losskit import huber, mae, mse

y = np.array([2.5, 0.0, 2.0, 8.0])
t = np.array([3.0, -0.5, 2.0, 3.0])
yt, tt = torch.tensor(y), torch.tensor(t)

print(mse(y, t), torch.nn.MSELoss()(yt, tt).item(), mean_squared_error(t, y))
print(mae(y, t), torch.nn.L1Loss()(yt, tt).item(), mean_absolute_error(t, y))
print(huber(y, t, delta=2.0), torch.nn.HuberLoss(delta=2.0)(yt, tt).item())
