"""The classification losses, by their earlier module path.

They live in `losskit.binary`, `losskit.categorical` and `losskit.divergence`; import them
from `losskit`.
"""

from losskit._clamp import LOG_CLAMP
from losskit.binary import binary_cross_entropy
from losskit.categorical import categorical_cross_entropy, sparse_categorical_cross_entropy
from losskit.divergence import kl_divergence

__all__ = [
    "LOG_CLAMP",
    "binary_cross_entropy",
    "categorical_cross_entropy",
    "kl_divergence",
    "sparse_categorical_cross_entropy",
]
