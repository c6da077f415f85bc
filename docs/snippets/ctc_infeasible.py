import numpy as np

from losskit import ctc_loss, log_softmax, value_and_grad

rng = np.random.default_rng(2)
log_probs = log_softmax(rng.normal(size=(2, 1, 3)))  # only T = 2 frames
target = np.array([[1, 1]])  # "aa" needs 3 frames: a, blank, a
lengths = (np.array([2]), np.array([2]))

print(ctc_loss(log_probs, target, *lengths, reduction="sum"))
options = {"reduction": "sum", "zero_infinity": True}
print(ctc_loss(log_probs, target, *lengths, **options))
value, grad = value_and_grad(ctc_loss, log_probs, target, *lengths, **options)
print(value, np.abs(grad).max())
