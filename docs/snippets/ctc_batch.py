import numpy as np

from losskit import ctc_loss, log_softmax

rng = np.random.default_rng(1)
T, N, C = 6, 2, 4  # frames, batch, classes (0 = blank)
log_probs = log_softmax(rng.normal(size=(T, N, C)))
padded = np.array([[1, 2, 2], [3, 1, 0]])  # second target is [3, 1]; its last entry is padding
concatenated = np.array([1, 2, 2, 3, 1])  # the same two targets, end to end
input_lengths = np.array([6, 5])  # the second sequence uses only 5 frames
target_lengths = np.array([3, 2])

per_sample = ctc_loss(log_probs, padded, input_lengths, target_lengths, reduction="none")
print(per_sample)
print(ctc_loss(log_probs, concatenated, input_lengths, target_lengths, reduction="none"))
print(ctc_loss(log_probs, padded, input_lengths, target_lengths, reduction="sum"))
print(ctc_loss(log_probs, padded, input_lengths, target_lengths))  # "mean"
print(np.mean(per_sample / target_lengths))
