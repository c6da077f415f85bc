import numpy as np
from sklearn.metrics import hinge_loss

from losskit import hinge

scores = np.array([2.3, 0.4, -0.2, -1.5, 0.9])  # decision values of a linear model
labels = np.array([1, 1, 1, -1, -1])  # -1 or +1

print(hinge(scores, labels, reduction="none"))  # max(0, 1 - t*y)
print(hinge(scores, labels), hinge_loss(labels, scores))  # scikit-learn: target first
print(hinge(scores, labels, squared=True))  # Keras squared_hinge
try:
    hinge(scores, np.array([1, 1, 1, 0, 0]))
except ValueError as error:
    print(error)
