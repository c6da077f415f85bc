import numpy as np
from sklearn.metrics import mean_pinball_loss

from losskit import pinball

rng = np.random.default_rng(0)
t = rng.exponential(2.0, size=1000)  # skewed targets
y = np.full_like(t, 2.0)

print(pinball(y, t, alpha=0.9), mean_pinball_loss(t, y, alpha=0.9))
# the constant with the lowest loss is the alpha-quantile of the targets
grid = np.linspace(0.0, 10.0, 2001)
for alpha in (0.1, 0.5, 0.9):
    best = grid[np.argmin([pinball(np.full_like(t, c), t, alpha=alpha) for c in grid])]
    print(alpha, round(best, 3), round(np.quantile(t, alpha), 3))
