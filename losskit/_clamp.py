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


def finite_div(num: FloatArray, den: FloatArray, where: NDBool) -> FloatArray:
    """num / den where `where`, else 0, saturated at the dtype's largest finite value.

    No division by zero is ever evaluated. A float32 probability of 1e-40 is a finite loss
    (its log is clamped only below −100) whose exact gradient −1/p exceeds float32's range:
    it is returned as −max float, so the gradient is finite wherever the loss is.
    """
    out: FloatArray = np.zeros(np.broadcast_shapes(num.shape, den.shape), dtype=den.dtype)
    with np.errstate(over="ignore"):
        np.divide(num, den, out=out, where=where)
    big = np.finfo(out.dtype).max
    np.clip(out, -big, big, out=out)
    return out


def clamped_log1m(p: FloatArray) -> FloatArray:
    """max(log(1 − p), −100), as log1p(−p): exact near p = 0, where 1 − p rounds."""
    with np.errstate(divide="ignore"):
        out: FloatArray = np.asarray(np.log1p(-p))
    np.maximum(out, LOG_CLAMP, out=out)
    return out
