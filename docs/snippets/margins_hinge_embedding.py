import numpy as np
import torch

from losskit import hinge_embedding

distance = np.array([0.2, 1.5, 0.4, 2.5])  # e.g. |x1 - x2| of two embeddings
same = np.array([1, 1, -1, -1])  # +1 similar pair, -1 dissimilar

print(hinge_embedding(distance, same, margin=1.0, reduction="none"))
loss = torch.nn.HingeEmbeddingLoss(margin=1.0, reduction="none")
print(loss(torch.tensor(distance), torch.tensor(same)).numpy())
