import numpy as np

from losskit import mse

y32 = np.array([0.5, 1.0, 2.0], dtype=np.float32)
t32 = np.array([0.0, 1.0, 1.5], dtype=np.float32)

print(repr(mse(y32, t32)))  # reduced: a Python float, even for float32
print(mse(y32, t32, reduction="none").dtype)  # float32 stays float32
print(mse([1, 2, 3], [1, 2, 5], reduction="none").dtype)  # ints: float64
