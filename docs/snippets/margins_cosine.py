import numpy as np
import torch

from losskit import cosine_embedding, value_and_grad

x1 = np.array([[1.0, 0.0, 1.0], [0.5, 2.0, 0.0], [1.0, 1.0, 1.0]])
x2 = np.array([[2.0, 0.1, 1.8], [0.0, 1.0, 3.0], [-1.0, 2.0, 0.5]])
same = np.array([1, -1, -1])

print(cosine_embedding(x1, x2, same, margin=0.2, reduction="none"))
loss = torch.nn.CosineEmbeddingLoss(margin=0.2, reduction="none")
print(loss(torch.tensor(x1), torch.tensor(x2), torch.tensor(same)).numpy())
_, (g1, g2) = value_and_grad(cosine_embedding, x1, x2, same, argnums=(0, 1), margin=0.2)
print(g1[0], g2[0])  # the first pair: both embeddings turn toward each other
# scale does not matter, even beyond the float range of squared norms
print(cosine_embedding(x1 * 1e200, x2 * 1e200, same, margin=0.2, reduction="none"))
print(loss(torch.tensor(x1 * 1e200), torch.tensor(x2 * 1e200), torch.tensor(same)).numpy())
