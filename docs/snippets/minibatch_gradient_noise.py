import numpy as np

from losskit import softmax

rng = np.random.default_rng(0)
K, n_train = 10, 60_000
z_train = rng.normal(size=(n_train, K))  # stand-in logits of a model
t_train = rng.integers(0, K, size=n_train)  # stand-in labels
t_onehot = np.eye(K)[t_train]

# A bias b added to every sample's logits: the batch-mean gradient is the average of
# the per-sample gradients y_n − t_n (see Cross-entropy error), taken at b = 0.
per_sample = softmax(z_train) - t_onehot
full = per_sample.mean(axis=0)  # the gradient over the whole training set

print("    N     offset     spread  spread·√N")
for batch_size in (10, 100, 1000):
    grads = np.array(
        [
            per_sample[rng.choice(n_train, batch_size, replace=False)].mean(axis=0)
            for _ in range(500)
        ]
    )
    bias = np.linalg.norm(grads.mean(axis=0) - full)  # average batch gradient vs the full one
    spread = np.sqrt(np.mean(np.sum((grads - full) ** 2, axis=1)))  # typical distance
    print(f"{batch_size:5d} {bias:12.4f} {spread:10.4f} {spread * np.sqrt(batch_size):10.4f}")
