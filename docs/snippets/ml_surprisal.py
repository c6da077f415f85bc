import numpy as np

# Surprisal −log p of an outcome of probability p, in nats (base e) and in bits (base 2).
for p in (0.5, 0.1, 0.01):
    print(f"p = {p:<5}  {-np.log(p):7.4f} nats  {-np.log2(p):7.4f} bits")


def entropy(t):
    """H(t) = −Σ t_k log t_k in nats, with 0 · log 0 = 0."""
    t = np.asarray(t, dtype=float)
    nonzero = t[t > 0]
    return float(np.sum(nonzero * np.log(1 / nonzero)))


K = 10
print(entropy(np.full(K, 1 / K)), np.log(K))  # uniform over K classes: ln K nats
print(entropy([0.5, 0.5]) / np.log(2))  # a fair coin: 1 bit
print(entropy([0, 0, 1, 0]))  # a certain outcome: 0
