import numpy as np

from losskit import categorical_cross_entropy, sparse_categorical_cross_entropy

# A model's predicted distributions for four samples, and their true classes.
y = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4], [0.6, 0.3, 0.1]])
labels = np.array([0, 1, 2, 1])

likelihood = np.prod(y[np.arange(4), labels])  # P(all four labels | the model)
print(likelihood)
print(-np.log(likelihood) / 4, sparse_categorical_cross_entropy(y, labels))

# The best constant prediction for these labels is their frequency in the data.
frequencies = np.bincount(labels, minlength=3) / len(labels)
onehot = np.eye(3)[labels]


def constant_loss(q):
    return categorical_cross_entropy(np.tile(q, (4, 1)), onehot)


rng = np.random.default_rng(0)
others = [constant_loss(q) for q in rng.dirichlet(np.ones(3), size=1000)]
print(frequencies, constant_loss(frequencies), min(others))
