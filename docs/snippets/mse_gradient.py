import numpy as np

from losskit import mean_squared_error, numerical_gradient, value_and_grad

t = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0], dtype=float)
y = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])

value, grad = value_and_grad(mean_squared_error, y, t)
numeric = numerical_gradient(lambda v: mean_squared_error(v, t), y)
print(grad)  # analytic: y − t
print(y - t)
print(np.max(np.abs(grad - numeric)))  # central differences agree
