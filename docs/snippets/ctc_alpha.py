import numpy as np

from losskit import ctc_loss, log_softmax

rng = np.random.default_rng(0)
T, C = 4, 3
log_probs = log_softmax(rng.normal(size=(T, 1, C)))
y = np.exp(log_probs[:, 0, :])  # y[t, k]: probability of symbol k at t
target = [1, 2]
ext = [0, 1, 0, 2, 0]  # l': blanks around and between the labels

alpha = np.zeros((T, len(ext)))
alpha[0, 0], alpha[0, 1] = y[0, ext[0]], y[0, ext[1]]
for t in range(1, T):
    for s in range(len(ext)):
        a = alpha[t - 1, s]
        if s >= 1:
            a += alpha[t - 1, s - 1]
        if s >= 2 and ext[s] != 0 and ext[s] != ext[s - 2]:
            a += alpha[t - 1, s - 2]  # skip the blank between two labels
        alpha[t, s] = a * y[t, ext[s]]

print(alpha.round(6))
print(f"{alpha[-1, -1] + alpha[-1, -2]:.12f}")
lengths = np.array([T]), np.array([len(target)])
loss = ctc_loss(log_probs, np.array([target]), *lengths, reduction="sum")
print(f"{np.exp(-loss):.12f}")
