import numpy as np

import losskit

print(np.log(np.finfo(np.float64).max))  # exp(z) overflows float64 above this z

z = np.array([1000.0, 999.0, 998.0])  # logits: large, but perfectly ordinary numbers

# Naive softmax: exp overflows to inf, and inf / inf is nan.
with np.errstate(all="ignore"):  # silence NumPy's overflow warnings for this demonstration
    e = np.exp(z)
    print(e)
    print(e / e.sum())
    print(np.log(e.sum()))

# Stable versions: shift by the maximum first, so every exponent is <= 0.
print(losskit.softmax(z))
print(losskit.log_softmax(z))
print(losskit.logsumexp(z))
