import numpy as np

from losskit import binary_cross_entropy

# the smallest whole logit z whose sigmoid 1 / (1 + e^−z) rounds to exactly 1
for dtype in (np.float32, np.float64):
    z = next(z for z in range(1, 100) if 1 / (1 + np.exp(-dtype(z))) == 1)
    print(dtype.__name__, z)
# float64, target 0: from the rounded probability the loss hits the clamp at 100,
# from the logit it is softplus(z) = z + log(1 + e^−z), which rounds to z
p = 1 / (1 + np.exp(-np.float64(z)))
print(binary_cross_entropy(np.array([p]), np.array([0.0])))
print(binary_cross_entropy(np.array([float(z)]), np.array([0.0]), from_logits=True))
