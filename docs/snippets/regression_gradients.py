import numpy as np

from losskit import huber, numerical_gradient, value_and_grad

y = np.array([2.5, 0.0, 2.0, 8.0])
t = np.array([3.0, -0.5, 2.0, 3.0])


def loss(v):
    return huber(v, t, delta=1.0, reduction="sum")


value, grad = value_and_grad(huber, y, t, delta=1.0, reduction="sum")
print(value)
# r where |r| <= delta, delta * sign(r) beyond: the outlier's pull is capped
print(grad)
print(numerical_gradient(loss, y))
