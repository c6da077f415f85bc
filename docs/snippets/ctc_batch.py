import numpy as np

from losskit import ctc_loss, log_softmax

rng = np.random.default_rng(1)
T, N, C = 6, 2, 4  # frames, batch, symbols (0 = blank)
log_probs = log_softmax(rng.normal(size=(T, N, C)))
# Two targets, [1, 2, 2] and [3, 1]: padded to one row each ...
padded = np.array([[1, 2, 2], [3, 1, 0]])  # the last 0 is padding
# ... or concatenated end to end.
concatenated = np.array([1, 2, 2, 3, 1])
input_lengths = np.array([6, 5])  # the second one uses 5 frames
target_lengths = np.array([3, 2])
lengths = (input_lengths, target_lengths)

per_sample = ctc_loss(log_probs, padded, *lengths, reduction="none")
print(per_sample)
print(ctc_loss(log_probs, concatenated, *lengths, reduction="none"))
print(ctc_loss(log_probs, padded, *lengths, reduction="sum"))
print(ctc_loss(log_probs, padded, *lengths))  # "mean"
print(np.mean(per_sample / target_lengths))
