import numpy as np

from losskit import cross_entropy_error, mean_squared_error

# N = 3 samples, K = 4 classes: one row per sample
y = np.array(
    [
        [0.7, 0.1, 0.1, 0.1],
        [0.2, 0.5, 0.2, 0.1],
        [0.1, 0.1, 0.2, 0.6],
    ]
)
labels = np.array([0, 1, 2])
t = np.eye(4)[labels]  # one-hot rows, shape (N, K)

print(t)
print(cross_entropy_error(y, t))  # −(1/N) Σ_n Σ_k t_nk log(y_nk + δ)
print(cross_entropy_error(y, labels))  # the same, from integer labels
per_sample = [cross_entropy_error(y[n], t[n]) for n in range(len(y))]
print(per_sample)
print(sum(per_sample) / len(y))  # sum over samples, then ÷ N
print(mean_squared_error(y, t))  # (1/N) Σ_n ½ Σ_k (y_nk − t_nk)²
