import numpy as np
from scipy import optimize

from losskit import huber, mae, mse

t = np.array([0.0, 1.0, 1.5, 4.0, 30.0])  # 30 is an outlier

# the constant prediction c with the lowest loss, for each loss
for loss in (mse, mae, huber):
    best = optimize.minimize_scalar(
        lambda c, loss=loss: loss(np.full_like(t, c), t), bounds=(-10, 40), method="bounded"
    )
    print(loss.__name__, round(best.x, 3))
