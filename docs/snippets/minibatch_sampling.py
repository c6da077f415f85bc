import numpy as np

from losskit import cross_entropy_error, softmax

rng = np.random.default_rng(seed=0)
train_size, K, batch_size = 60000, 10, 100

# stand-ins for a training set's network outputs and labels
logits = rng.normal(size=(train_size, K))
y_train = softmax(logits)
t_train = rng.integers(0, K, size=train_size)

batch_mask = rng.choice(train_size, batch_size, replace=False)
print(batch_mask[:10])
y_batch, t_batch = y_train[batch_mask], t_train[batch_mask]
print(cross_entropy_error(y_batch, t_batch))  # the mini-batch estimate
print(cross_entropy_error(y_train, t_train))  # the full training set
