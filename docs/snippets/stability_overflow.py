import numpy as np

import losskit

# exp(z) overflows float64 above this z:
print(np.log(np.finfo(np.float64).max))

# Logits: large, but perfectly ordinary numbers.
z = np.array([1000.0, 999.0, 998.0])

# Naive softmax: exp overflows to inf, and inf / inf is nan.
# (NumPy's overflow warnings are silenced for the demonstration.)
with np.errstate(all="ignore"):
    e = np.exp(z)
    print(e)
    print(e / e.sum())
    print(np.log(e.sum()))

# Stable: shift by the maximum first, so every exponent is <= 0.
print(losskit.softmax(z))
print(losskit.log_softmax(z))
print(losskit.logsumexp(z))
