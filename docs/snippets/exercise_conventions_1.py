import numpy as np

from losskit import sparse_categorical_cross_entropy

for K in (2, 10, 100):
    p = np.eye(K)[:1]  # the best a softmax output can be: one-hot on the true class 0
    floor = sparse_categorical_cross_entropy(p, [0], from_logits=True)  # softmax again
    print(K, round(floor, 4), round(np.log(1 + (K - 1) / np.e), 4))
