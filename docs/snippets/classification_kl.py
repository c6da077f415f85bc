import numpy as np

from losskit import categorical_cross_entropy, kl_divergence

y = np.array([0.2, 0.3, 0.5])  # predicted distribution
t = np.array([0.0, 0.6, 0.4])  # target; its 0 adds 0 * log 0 = 0

kl = kl_divergence(y, t)
entropy = -np.sum(t[t > 0] * np.log(t[t > 0]))  # H(t)
print(kl)
# cross-entropy = H(t) + KL(t || y)
print(categorical_cross_entropy(y, t), entropy + kl)
print(kl_divergence(t, t))  # zero when the distributions agree
