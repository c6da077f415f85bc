import numpy as np
import torch

from losskit import multi_margin, multilabel_margin, value_and_grad

# CS231n's three images, class scores for (cat, car, frog); true classes 0, 1, 2
scores = np.array([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]])
labels = np.array([0, 1, 2])
per = multi_margin(scores, labels, reduction="none")
print(np.round(per * 3, 4))  # times K = 3: CS231n's per-image losses
print(round(multi_margin(scores, labels) * 3, 4))  # their average
_, g = value_and_grad(multi_margin, scores, labels)
print(np.round(g * 3 * 3, 4))  # times N·K: -1 and +1 per violated margin
mm = torch.nn.MultiMarginLoss()
print(
    round(mm(torch.tensor(scores), torch.tensor(labels)).item(), 6),
    round(multi_margin(scores, labels), 6),
)

# several true classes: listed first, -1 ends the list
y = np.array([[0.1, 0.2, 0.4, 0.8]])
t = np.array([[3, 0, -1, 1]])  # classes 3 and 0
value, g = value_and_grad(multilabel_margin, y, t)
print(round(value, 6), np.round(g, 4))
