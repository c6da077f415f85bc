import numpy as np

from losskit import huber, numerical_gradient, value_and_grad

y = np.array([2.5, 0.0, 2.0, 8.0])
t = np.array([3.0, -0.5, 2.0, 3.0])

value, grad = value_and_grad(huber, y, t, delta=1.0, reduction="sum")
print(value)
print(grad)  # residual where |r| <= delta, delta * sign(r) beyond: the outlier's pull is capped
print(numerical_gradient(lambda v: huber(v, t, delta=1.0, reduction="sum"), y))
