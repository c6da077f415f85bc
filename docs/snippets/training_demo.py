import functools

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from losskit import categorical_cross_entropy, softmax, value_and_grad


@functools.cache
def train(steps=300, learning_rate=0.5, seed=0):
    """Softmax regression on the 8x8 digits by full-batch gradient descent."""
    X, labels = load_digits(return_X_y=True)  # 1797 images, 64 pixels each, classes 0-9
    X_train, X_test, l_train, l_test = train_test_split(
        X, labels, test_size=0.25, random_state=seed, stratify=labels
    )
    mean, std = X_train.mean(axis=0), X_train.std(axis=0) + 1e-8  # standardise features
    X_train, X_test = (X_train - mean) / std, (X_test - mean) / std
    T_train, T_test = np.eye(10)[l_train], np.eye(10)[l_test]  # one-hot targets

    W = np.zeros((64, 10))
    b = np.zeros(10)
    history = []  # (step, train loss, test loss)
    for step in range(steps + 1):
        logits = X_train @ W + b
        # loss and its gradient with respect to the logits, shape (N, 10)
        loss, g = value_and_grad(categorical_cross_entropy, logits, T_train, from_logits=True)
        test_loss = categorical_cross_entropy(X_test @ W + b, T_test, from_logits=True)
        history.append((step, loss, test_loss))
        # chain rule: logits = X W + b, so dL/dW = X^T g and dL/db = sum of g over samples
        W -= learning_rate * (X_train.T @ g)
        b -= learning_rate * g.sum(axis=0)

    def accuracy(X, labels):
        return float(np.mean(np.argmax(softmax(X @ W + b), axis=1) == labels))

    return history, accuracy(X_train, l_train), accuracy(X_test, l_test)
