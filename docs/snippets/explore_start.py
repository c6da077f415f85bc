import numpy as np

from losskit import (
    binary_cross_entropy,
    binary_focal_loss,
    categorical_cross_entropy,
    huber,
    mae,
    mse,
    value_and_grad,
)

# The starting points of the explorers: (loss, predictions, targets, options)
starts = [
    (mse, [1.4, -0.2, 1.6, 0.5], [1.0, -0.5, 2.0, 0.8], {}),
    (mae, [1.4, -0.2, 1.6, 0.5], [1.0, -0.5, 2.0, 0.8], {}),
    (huber, [1.4, -0.2, 1.6, 0.5], [1.0, -0.5, 2.0, 0.8], {"delta": 1.0}),
    (binary_cross_entropy, [2.0, -1.0, 0.5], [1.0, 0.0, 0.0], {"from_logits": True}),
    (binary_focal_loss, [2.0, -1.0, 0.5], [1.0, 0.0, 0.0], {"from_logits": True}),
    (categorical_cross_entropy, [2.0, 0.5, -1.0], [1.0, 0.0, 0.0], {"from_logits": True}),
]
for loss, y, t, options in starts:
    value, grad = value_and_grad(loss, np.array(y), np.array(t), **options)
    print(f"{loss.__name__:<25} {value:.4f}  gradient {np.round(grad, 4)}")
