import itertools

import numpy as np

from losskit import ctc_loss, log_softmax

for target in ([1, 2, 2], [1, 1, 1]):
    L = len(target)
    repeats = sum(a == b for a, b in itertools.pairwise(target))
    for T in (L + repeats - 1, L + repeats):
        log_probs = log_softmax(np.zeros((T, 1, 3)))  # uniform over blank, a, b
        loss = ctc_loss(
            log_probs, np.array([target]), np.array([T]), np.array([L]), reduction="sum"
        )
        # exp(−loss) · 3^T counts the alignments that collapse to the target
        print(target, T, loss, round(float(np.exp(-loss) * 3**T)))
