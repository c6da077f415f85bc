r"""Divergences between distributions on the last axis: `kl_divergence`, KL(t ‖ y).

The rows are walked in blocks of about 1 MiB, so the (N, K) logarithms stay in the cache.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, overload

import numpy as np
import numpy.typing as npt

from losskit._registry import Inputs, evaluate, plain_arrays, reduce, register, row_step
from losskit._validate import FloatArray, as_pair, check_class_axis, check_range
from losskit.binary import in_unit_interval

__all__ = ["kl_divergence"]


def _kl_rows(y: FloatArray, t: FloatArray, per: FloatArray, *, check: bool) -> bool:
    """per[n] = Σ_k t_k (log t_k − log y_k), row block by row block.

    t·(log t − log y) where t > 0, and 0 where t = 0 (the limit of t·log t); y = 0 under
    t > 0 gives +inf, the true divergence. No log(0) is ever evaluated except log y there,
    whose −inf is intended. With `check` (unvalidated input) it returns False on a value
    outside [0, 1] (NaN included).
    """
    k = y.shape[-1]
    y2, t2, per1 = y.reshape(-1, k), t.reshape(-1, k), per.reshape(-1)
    n = y2.shape[0]
    step = row_step(k, y.itemsize)
    log_t = np.empty((min(step, n), k), dtype=y.dtype)
    log_y = np.empty_like(log_t)
    pos_buf = np.empty(log_t.shape, dtype=bool)
    with np.errstate(all="ignore") if check else np.errstate(divide="ignore"):
        for start in range(0, n, step):
            stop = min(start + step, n)
            yb, tb = y2[start:stop], t2[start:stop]
            if check and not (in_unit_interval(yb) and in_unit_interval(tb)):
                return False
            lt, ly, pos = log_t[: stop - start], log_y[: stop - start], pos_buf[: stop - start]
            np.greater(tb, 0, out=pos)
            lt.fill(0)
            np.log(tb, out=lt, where=pos)
            ly.fill(0)
            np.log(yb, out=ly, where=pos)
            lt -= ly
            lt *= tb
            np.sum(lt, axis=-1, out=per1[start:stop])
    return True


def _kl_prepare(y: npt.ArrayLike, t: npt.ArrayLike) -> Inputs:
    ya, ta = as_pair(y, t)
    check_class_axis(ya, "y")
    check_range(ya, "y", hint="expected probabilities (apply softmax to logits first)")
    check_range(ta, "t", hint="expected probabilities")
    return Inputs((ya, ta))


def _kl_forward(inputs: Inputs, reduction: str, grad: bool) -> tuple[FloatArray, None]:
    ya, ta = inputs.arrays
    per = np.empty(ya.shape[:-1], dtype=ya.dtype)
    _kl_rows(ya, ta, per, check=False)
    return per, None


def _kl_backward(inputs: Inputs, cache: None, d_per: FloatArray, argnum: int) -> FloatArray:
    """dL/dy = −t / y / N (0 where t = 0, −inf where y = 0 < t, where the loss is inf);
    finite wherever the loss is: a subnormal y saturates at −max float."""
    ya, ta = inputs.arrays
    grad = np.zeros_like(ya)
    with np.errstate(divide="ignore", over="ignore"):
        np.divide(0 - ta, ya, out=grad, where=ta > 0)
        grad *= d_per[..., np.newaxis]
    big = np.finfo(ya.dtype).max
    np.clip(grad, -big, big, out=grad, where=ya > 0)
    return grad


def _kl_fast(
    arrays: tuple[Any, ...], options: Mapping[str, Any], reduction: str, grad: bool
) -> tuple[float, None] | None:
    plain = plain_arrays(arrays)
    if plain is None or grad or plain[0].ndim == 0:
        return None
    y, t = plain
    per = np.empty(y.shape[:-1], dtype=y.dtype)
    if not _kl_rows(y, t, per, check=True):
        return None
    value, _ = reduce(per, reduction)
    return (value, None) if np.isfinite(value) else None


@overload
def kl_divergence(
    y: npt.ArrayLike, t: npt.ArrayLike, *, reduction: Literal["mean", "sum"] = ...
) -> float: ...
@overload
def kl_divergence(
    y: npt.ArrayLike, t: npt.ArrayLike, *, reduction: Literal["none"]
) -> FloatArray: ...
@overload
def kl_divergence(y: npt.ArrayLike, t: npt.ArrayLike, *, reduction: str) -> float | FloatArray: ...


@register(
    formula="kl_divergence",
    differentiable=("y",),
    prepare=_kl_prepare,
    forward=_kl_forward,
    backward=_kl_backward,
    fast=_kl_fast,
    peer="torch.nn.functional.kl_div",
)
def kl_divergence(
    y: npt.ArrayLike, t: npt.ArrayLike, *, reduction: str = "mean"
) -> float | FloatArray:
    r"""Kullback-Leibler divergence $\mathrm{KL}(t \,\|\, y)$ over the last axis.

    $$\ell_n = \sum_{k=1}^{K} t_{nk}\left(\log t_{nk} - \log y_{nk}\right), \qquad
      0 \log 0 = 0$$

    $$L = \begin{cases} \frac{1}{N}\sum_{n=1}^{N}\ell_n & \texttt{"mean"} \\
      \sum_{n=1}^{N}\ell_n & \texttt{"sum"} \end{cases}$$

    where $n$ runs over every position of the leading axes (``y.shape[:-1]``).

    Parameters
    ----------
    y : array_like of shape (..., K)
        Predicted distribution: probabilities in [0, 1] (not log-probabilities).
    t : array_like, same shape as y
        Target distribution, probabilities in [0, 1]. Never broadcast against `y`.
    reduction : {"mean", "sum", "none"}, default "mean"
        "mean" averages over the samples (all leading axes), "sum" adds them, "none"
        returns one divergence per sample.

    Returns
    -------
    float or numpy.ndarray
        A float for "mean" and "sum"; for "none" an array of shape ``y.shape[:-1]``,
        float32 for float32 `y`, float64 otherwise. For distributions (rows summing to 1)
        every $\ell_n \ge 0$, with 0 exactly when ``y == t``. ``inf`` when some
        $y_{nk} = 0$ while $t_{nk} > 0$.

    Raises
    ------
    ValueError
        Shapes differ; `y` 0-d; `y` or `t` outside [0, 1]; input empty, NaN or inf;
        unknown `reduction`.
    TypeError
        Input not real-valued.

    See Also
    --------
    - [`categorical_cross_entropy`][losskit.categorical_cross_entropy]: $\mathrm{KL}(t\|y)$ plus
      the entropy of $t$, which does not depend on $y$.

    Notes
    -----
    Argument order is prediction first, as everywhere in losskit, but the divergence is
    of the *target* from the prediction, $\mathrm{KL}(t\|y)$. For 2-D input, "mean"
    equals PyTorch ``KLDivLoss(reduction="batchmean")(log(y), t)``; PyTorch's own
    ``"mean"`` divides by every element ($N \cdot K$), and its "batchmean" divides by the
    first dimension only, so for 3-D input it differs from this mean over all leading
    axes, and for 1-D input it divides by $K$. No clamp is applied: a zero prediction
    where the target is positive gives ``inf`` (as PyTorch does), with gradient
    ``-inf`` there. Rows are not required to sum to 1.

    Examples
    --------
    >>> kl_divergence([0.5, 0.5], [0.5, 0.5])
    0.0
    >>> kl_divergence([0.25, 0.75], [1.0, 0.0])  # log(1 / 0.25)
    1.3862943611198906
    >>> kl_divergence([0.0, 1.0], [0.5, 0.5])
    inf
    """
    return evaluate(kl_divergence, y, t, reduction=reduction)  # type: ignore[no-any-return]
