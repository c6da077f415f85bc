import numpy as np

from losskit import kl_divergence, log_softmax, softmax

z = np.array([0.0, -800.0])  # finite logits, 800 apart
y = softmax(z)
print(y, y[1] == 0.0)  # e^−800 underflows: the second probability is exactly 0
print(log_softmax(z))  # the log-probabilities are still exact
print(kl_divergence(y, np.array([0.5, 0.5])))  # KL(t ‖ y) with y_1 = 0 < t_1
# the gap between logits beyond which e^(z − max z) rounds to 0 in float64:
# below half the smallest positive float
print(round(np.log(2) - np.log(np.finfo(np.float64).smallest_subnormal), 2))
