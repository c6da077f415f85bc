import numpy as np

from losskit import huber, mae, mse

y = np.array([2.5, 0.0, 2.0, 8.0])  # predictions
t = np.array([3.0, -0.5, 2.0, 3.0])  # targets: the last one is an outlier

for loss in (mse, mae, huber):
    mean, total = loss(y, t), loss(y, t, reduction="sum")
    print(loss.__name__, mean, total, loss(y, t, reduction="none"))
