import numpy as np

from losskit import categorical_cross_entropy as cce
from losskit import numerical_gradient, value_and_grad

rng = np.random.default_rng(0)
X = rng.normal(size=(5, 3))  # 5 samples, 3 features
T = np.eye(4)[rng.integers(0, 4, size=5)]  # 4 classes, one-hot
W = rng.normal(size=(3, 4))


def loss_of(W):
    return cce(X @ W, T, from_logits=True)


_, g = value_and_grad(cce, X @ W, T, from_logits=True)
analytic = X.T @ g  # chain rule from the logits to W
numeric = numerical_gradient(loss_of, W)
print(np.max(np.abs(analytic - numeric)))
