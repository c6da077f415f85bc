import numpy as np

from losskit import hinge, value_and_grad

scores = np.array([2.3, 0.4, -0.2, -1.5, 0.9])
labels = np.array([1, 1, 1, -1, -1])

_, grad = value_and_grad(hinge, scores, labels, reduction="sum")
print(grad)
print(np.flatnonzero(labels * scores < 1))  # inside the margin or on the wrong side
