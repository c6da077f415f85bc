import numpy as np
import torch

from losskit import huber

y = np.array([2.5, 0.0, 2.0, 8.0])
t = np.array([3.0, -0.5, 2.0, 3.0])
delta = 2.0

smooth_l1 = torch.nn.SmoothL1Loss(beta=delta)
print(huber(y, t, delta=delta))
print(delta * smooth_l1(torch.tensor(y), torch.tensor(t)).item())
