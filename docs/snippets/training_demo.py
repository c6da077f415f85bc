import functools

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from losskit import categorical_cross_entropy as cce
from losskit import softmax, value_and_grad


@functools.cache
def digits(seed=0):
    """The 8x8 digits, split 3:1 and standardised with the training set's statistics."""
    X, labels = load_digits(return_X_y=True)  # (1797, 64), digits 0-9
    X_train, X_test, l_train, l_test = train_test_split(
        X, labels, test_size=0.25, random_state=seed, stratify=labels
    )
    mean, std = X_train.mean(axis=0), X_train.std(axis=0) + 1e-8
    return (X_train - mean) / std, (X_test - mean) / std, l_train, l_test


@functools.cache
def fit(steps=300, learning_rate=0.5, seed=0, weight_decay=0.0, train_size=None):
    """Softmax regression by gradient descent on L(W, b) + weight_decay/2 · ||W||²."""
    X_train, X_test, l_train, l_test = digits(seed)
    X_train, l_train = X_train[:train_size], l_train[:train_size]  # None: all of it
    T_train, T_test = np.eye(10)[l_train], np.eye(10)[l_test]  # one-hot

    W = np.zeros((64, 10))
    b = np.zeros(10)
    history = []  # (step, training loss, test loss): the data loss, without the penalty
    for step in range(steps + 1):
        Z = X_train @ W + b  # logits
        # The loss and its gradient with respect to the logits, (N, 10).
        loss, G = value_and_grad(cce, Z, T_train, from_logits=True)
        test_loss = cce(X_test @ W + b, T_test, from_logits=True)
        history.append((step, loss, test_loss))
        # Chain rule: Z = X W + b, so dL/dW = X^T G and dL/db = sum of G;
        # the penalty adds weight_decay · W (the bias is not penalised).
        W -= learning_rate * (X_train.T @ G + weight_decay * W)
        b -= learning_rate * G.sum(axis=0)
    return W, b, history


def accuracy(W, b, X, labels):
    """The share of samples whose most probable class is the true one."""
    predicted = np.argmax(softmax(X @ W + b), axis=1)
    return float(np.mean(predicted == labels))


@functools.cache
def train(steps=300, learning_rate=0.5, seed=0):
    """The run shown on this page: its loss history and its two accuracies."""
    W, b, history = fit(steps, learning_rate, seed)
    X_train, X_test, l_train, l_test = digits(seed)
    return history, accuracy(W, b, X_train, l_train), accuracy(W, b, X_test, l_test)
