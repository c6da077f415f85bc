import numpy as np

import losskit

z = np.array([1000.0, 999.0, 998.0])
m = z.max()

# log-sum-exp trick: log sum exp(z) = m + log sum exp(z - m)
by_hand = m + np.log(np.sum(np.exp(z - m)))
print(by_hand)
print(losskit.logsumexp(z))
# log_softmax(z) = z - logsumexp(z); softmax(z) = exp(log_softmax(z))
print(z - losskit.logsumexp(z))
print(np.exp(losskit.log_softmax(z)))
