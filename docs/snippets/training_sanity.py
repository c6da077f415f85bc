import itertools

import numpy as np
from threadpoolctl import threadpool_limits
from training_demo import accuracy, digits, fit

from losskit import softmax

X_train, X_test, l_train, l_test = digits()
K = 10
with threadpool_limits(limits=1):
    W, b, history = fit()  # the run of this page
    W_tiny, b_tiny, history_tiny = fit(train_size=20)  # the same code on 20 images

# 1. Before training, the loss should be ln K: the model knows nothing yet.
print(f"initial loss {history[0][1]:.4f}   ln K {np.log(K):.4f}")
# 2. On a tiny training set, the loss should go to almost 0 and the accuracy to 1.
tiny_accuracy = accuracy(W_tiny, b_tiny, X_train[:20], l_train[:20])
print(f"20 images: loss {history_tiny[-1][1]:.4f}   accuracy {tiny_accuracy:.4f}")
# 3. The metric we report is accuracy, not the loss we minimised.
print(f"test loss {history[-1][2]:.4f}   test accuracy {accuracy(W, b, X_test, l_test):.4f}")

# 4. Calibration: group the test predictions by confidence (the largest probability)
#    and compare each group's average confidence with its accuracy.
probabilities = softmax(X_test @ W + b)
confidence = probabilities.max(axis=1)
correct = probabilities.argmax(axis=1) == l_test
edges = [0.0, 0.8, 0.95, 0.99, 1.0]
print("confidence     count  mean confidence  accuracy")
gap = 0.0
for low, high in itertools.pairwise(edges):
    group = (confidence > low) & (confidence <= high)
    mean_confidence, group_accuracy = confidence[group].mean(), correct[group].mean()
    gap += group.mean() * abs(mean_confidence - group_accuracy)
    print(
        f"({low:.2f}, {high:.2f}]  {group.sum():5d}  {mean_confidence:15.4f}  {group_accuracy:8.4f}"
    )
print(f"expected calibration error {gap:.4f}")
