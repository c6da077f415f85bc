import numpy as np
from sklearn.metrics import log_loss, mean_absolute_error, mean_squared_error

import losskit

rng = np.random.default_rng(0)
y, t = rng.normal(size=(6, 2)), rng.normal(size=(6, 2))
probs = losskit.softmax(rng.normal(size=(6, 3)))
labels = np.array([0, 1, 2, 2, 1, 0])
p_yes = losskit.sigmoid(rng.normal(size=6))
t_yes = np.array([0, 1, 1, 0, 1, 0])

# scikit-learn: metric(y_true, y_pred) -- the target comes first
print(losskit.mse(y, t), mean_squared_error(t, y))
print(losskit.mae(y, t), mean_absolute_error(t, y))
sparse = losskit.sparse_categorical_cross_entropy(probs, labels)
print(sparse, log_loss(labels, probs))
print(losskit.binary_cross_entropy(p_yes, t_yes), log_loss(t_yes, p_yes))
