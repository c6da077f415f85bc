import numpy as np

from losskit import categorical_cross_entropy, softmax, value_and_grad

z = np.array([[2.0, -1.0, 0.5], [0.0, 0.3, -0.2]])  # logits: N = 2 samples, K = 3
t = np.array([[0.0, 0.0, 1.0], [0.7, 0.3, 0.0]])  # the second target is soft

_, grad = value_and_grad(categorical_cross_entropy, z, t, from_logits=True)
print(np.round(grad, 6))
print(np.round((softmax(z) - t) / len(z), 6))  # (softmax(z) − t) / N
