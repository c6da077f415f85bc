import numpy as np

from losskit import categorical_cross_entropy, kl_divergence

y = np.array([0.2, 0.3, 0.5])  # predicted distribution
t = np.array([0.0, 0.6, 0.4])  # target distribution; t = 0 contributes 0 * log 0 = 0

kl = kl_divergence(y, t)
entropy = -np.sum(t[t > 0] * np.log(t[t > 0]))  # H(t)
print(kl)
print(categorical_cross_entropy(y, t), entropy + kl)  # CE(t, y) = H(t) + KL(t || y)
print(kl_divergence(t, t))  # zero exactly when the distributions agree
