import numpy as np

from losskit import huber, mae, mse

y = np.array([2.5, 0.0, 2.0, 8.0])  # predictions
t = np.array([3.0, -0.5, 2.0, 3.0])  # targets; the last residual (5.0) is an outlier

for loss in (mse, mae, huber):
    print(loss.__name__, loss(y, t), loss(y, t, reduction="sum"), loss(y, t, reduction="none"))
