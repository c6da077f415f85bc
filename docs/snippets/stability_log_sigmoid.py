import numpy as np

import losskit

x = np.array([-800.0, -30.0, 0.0, 30.0, 800.0])

# The naive route overflows: silence NumPy's warning for the demonstration.
with np.errstate(all="ignore"):
    naive = np.log(1.0 / (1.0 + np.exp(-x)))  # log(sigmoid(x))
print(naive.tolist())
print(losskit.log_sigmoid(x).tolist())

# log(1 - sigmoid(x)) = log_sigmoid(-x)
print(losskit.log_sigmoid(-x).tolist())
# softplus(x) = log(1 + exp(x)) = -log_sigmoid(-x)
# (+ 0.0 turns -0.0 into 0.0)
print((-losskit.log_sigmoid(-x) + 0.0).tolist())
