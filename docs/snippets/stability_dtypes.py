import numpy as np

import losskit

print(np.finfo(np.float32).eps, np.finfo(np.float64).eps)

z32 = np.array([[2.0, 1.0, 0.1]], dtype=np.float32)
t32 = np.array([[1.0, 0.0, 0.0]], dtype=np.float32)
print(losskit.softmax(z32).dtype)
print(losskit.categorical_cross_entropy(z32, t32, from_logits=True, reduction="none").dtype)
value = losskit.categorical_cross_entropy(z32, t32, from_logits=True)
print(type(value).__name__, value)
value, grad = losskit.value_and_grad(losskit.categorical_cross_entropy, z32, t32, from_logits=True)
print(type(value).__name__, grad.dtype)
print(losskit.mse(np.array([1, 2, 3]), np.array([1, 2, 5]), reduction="none").dtype)
