"""The clamped logarithm of the probability paths, shared by the cross-entropies.

On the probability path $\\log p$ is clamped at $-100$, as PyTorch ``BCELoss`` does, so a
probability of exactly 0 gives a large finite loss instead of infinity; inside the clamp
the loss is flat, so its gradient there is 0.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from losskit._validate import FloatArray

LOG_CLAMP = -100.0
"""Lower bound of $\\log p$ on the probability path (PyTorch ``BCELoss``'s clamp)."""

NDBool = npt.NDArray[np.bool_]


def clamped_log(p: FloatArray) -> tuple[FloatArray, NDBool]:
    """max(log p, -100) and the mask where the clamp is not active (log p > -100)."""
    with np.errstate(divide="ignore"):
        logp = np.asarray(np.log(p))  # asarray: 0-d input gives a NumPy scalar
    live = logp > LOG_CLAMP
    np.maximum(logp, LOG_CLAMP, out=logp)
    return logp, live


def safe_div(num: FloatArray, den: FloatArray, where: NDBool) -> FloatArray:
    """num / den where `where`, else 0 (no division by zero ever evaluated)."""
    out: FloatArray = np.zeros(np.broadcast_shapes(num.shape, den.shape), dtype=den.dtype)
    np.divide(num, den, out=out, where=where)
    return out
