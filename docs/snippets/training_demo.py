import functools

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from losskit import categorical_cross_entropy as cce
from losskit import softmax, value_and_grad


@functools.cache
def train(steps=300, learning_rate=0.5, seed=0):
    """Softmax regression on the 8x8 digits by gradient descent."""
    X, labels = load_digits(return_X_y=True)  # (1797, 64), digits 0-9
    X_train, X_test, l_train, l_test = train_test_split(
        X, labels, test_size=0.25, random_state=seed, stratify=labels
    )
    # Standardise with the training set's statistics only.
    mean, std = X_train.mean(axis=0), X_train.std(axis=0) + 1e-8
    X_train, X_test = (X_train - mean) / std, (X_test - mean) / std
    T_train, T_test = np.eye(10)[l_train], np.eye(10)[l_test]  # one-hot

    W = np.zeros((64, 10))
    b = np.zeros(10)
    history = []  # (step, training loss, test loss)
    for step in range(steps + 1):
        Z = X_train @ W + b  # logits
        # The loss and its gradient with respect to the logits, (N, 10).
        loss, G = value_and_grad(cce, Z, T_train, from_logits=True)
        test_loss = cce(X_test @ W + b, T_test, from_logits=True)
        history.append((step, loss, test_loss))
        # Chain rule: Z = X W + b, so dL/dW = X^T G and dL/db = sum of G.
        W -= learning_rate * (X_train.T @ G)
        b -= learning_rate * G.sum(axis=0)

    def accuracy(X, labels):
        predicted = np.argmax(softmax(X @ W + b), axis=1)
        return float(np.mean(predicted == labels))

    return history, accuracy(X_train, l_train), accuracy(X_test, l_test)
