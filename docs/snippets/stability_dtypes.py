import numpy as np

import losskit
from losskit import categorical_cross_entropy as cce

print(np.finfo(np.float32).eps, np.finfo(np.float64).eps)

z32 = np.array([[2.0, 1.0, 0.1]], dtype=np.float32)
t32 = np.array([[1.0, 0.0, 0.0]], dtype=np.float32)
print(losskit.softmax(z32).dtype)
print(cce(z32, t32, from_logits=True, reduction="none").dtype)
value = cce(z32, t32, from_logits=True)
print(type(value).__name__, value)
value, grad = losskit.value_and_grad(cce, z32, t32, from_logits=True)
print(type(value).__name__, grad.dtype)
print(losskit.mse([1, 2, 3], [1, 2, 5], reduction="none").dtype)
