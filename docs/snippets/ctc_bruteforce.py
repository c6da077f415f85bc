import itertools

import numpy as np

from losskit import ctc_loss, log_softmax

rng = np.random.default_rng(0)
T, C = 4, 3  # 4 frames; symbols 0 = blank "-", 1 = "a", 2 = "b"
log_probs = log_softmax(rng.normal(size=(T, 1, C)))  # (T, N=1, C)
target = [1, 2]  # the label sequence "ab"
symbols = "-ab"


def collapse(path):
    """B: merge repeated symbols, then remove blanks."""
    merged = [k for i, k in enumerate(path) if i == 0 or k != path[i - 1]]
    return [k for k in merged if k != 0]


total = 0.0
for path in itertools.product(range(C), repeat=T):  # all C**T paths
    if collapse(path) == target:
        p = np.exp(sum(log_probs[s, 0, k] for s, k in enumerate(path)))
        total += p
        print("".join(symbols[k] for k in path), f"{p:.6f}")

lengths = np.array([T]), np.array([len(target)])
loss = ctc_loss(log_probs, np.array([target]), *lengths, reduction="sum")
print(f"{total:.12f}")
print(f"{np.exp(-loss):.12f}")
