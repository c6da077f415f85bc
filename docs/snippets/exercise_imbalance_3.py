import numpy as np

from losskit import sparse_categorical_cross_entropy as scce
from losskit import value_and_grad

K, eps = 10, 0.1
target = np.full(K, eps / K)
target[0] += 1 - eps  # the smoothed target of class 0
z = np.log(target)[None]  # logits whose softmax is the smoothed target

loss, grad = value_and_grad(scce, z, [0], from_logits=True, label_smoothing=eps)
print(round(loss, 6), round(-(target * np.log(target)).sum(), 6))  # loss, H(smoothed target)
print(np.abs(grad).max() < 1e-12)  # no gradient: this is the minimum
