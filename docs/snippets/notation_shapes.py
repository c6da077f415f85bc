import numpy as np

from losskit import softmax

K = 10
labels = np.array([2, 7, 0])  # t as integer labels, shape (N,)
t = np.eye(K)[labels]  # t one-hot encoded, shape (N, K)
z = np.random.default_rng(0).normal(size=(3, K))  # logits, shape (N, K)
y = softmax(z)  # probabilities: each row is non-negative and sums to 1

print(t[0])  # the one-hot row for label 2
print(labels.shape, t.shape, z.shape, y.shape)
print(y.sum(axis=1))
# the probability of the true class, picked by the one-hot row or by the label
print(np.sum(t * y, axis=1), y[np.arange(3), labels])
