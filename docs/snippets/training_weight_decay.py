import numpy as np
from threadpoolctl import threadpool_limits
from training_demo import accuracy, digits, fit

X_train, X_test, l_train, l_test = digits()
n = 100  # a small training set, where the weights have room to overfit

print("  lambda  |W|     train loss  test loss  test accuracy")
with threadpool_limits(limits=1):
    for weight_decay in (0.0, 1e-3, 1e-2, 1e-1):
        W, b, history = fit(steps=1000, weight_decay=weight_decay, train_size=n)
        _, train_loss, test_loss = history[-1]
        test_accuracy = accuracy(W, b, X_test, l_test)
        norm = np.linalg.norm(W)
        losses = f"{train_loss:10.4f}  {test_loss:9.4f}"
        print(f"{weight_decay:8.3f}  {norm:5.2f}  {losses}  {test_accuracy:.4f}")
