import numpy as np
from training_demo import digits

from losskit import categorical_cross_entropy, value_and_grad

X_train, _, l_train, _ = digits()
T = np.eye(10)[l_train]  # one-hot
# at the start W = 0 and b = 0, so every logit is 0
_, G = value_and_grad(categorical_cross_entropy, np.zeros_like(T), T, from_logits=True)
print(np.round(G.sum(axis=0), 5))  # dL/db
print(np.round(0.1 - T.mean(axis=0), 5))  # 1/K − the share of each class
