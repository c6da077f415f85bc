import numpy as np

from losskit import categorical_cross_entropy, kl_divergence

t = np.array([0.7, 0.2, 0.1])  # the distribution the outcomes come from
y = np.array([0.5, 0.3, 0.2])  # the model's distribution

entropy = -np.sum(t * np.log(t))  # H(t): the least average surprisal possible
cross_entropy = categorical_cross_entropy(y, t)  # H(t, y) = −Σ t log y
print(entropy, cross_entropy, kl_divergence(y, t))
print(cross_entropy - entropy)  # = KL(t ‖ y) ≥ 0

# Averaged over many outcomes drawn from t, the surprisal under y approaches H(t, y).
rng = np.random.default_rng(0)
outcomes = rng.choice(3, size=100_000, p=t)
print(np.mean(-np.log(y[outcomes])))
