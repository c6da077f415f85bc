r"""Regression losses in the frameworks' convention: `mse`, `mae`, `huber`.

Each is element-wise with a ``reduction`` over *every* element, exactly as PyTorch
``MSELoss`` / ``L1Loss`` / ``HuberLoss`` (and, for 1-D input, scikit-learn's
``mean_squared_error`` / ``mean_absolute_error``). ``reduction="mean"`` divides by the
number of elements, ``"sum"`` adds them, ``"none"`` returns them in `y`'s shape.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from losskit import _kernels
from losskit._validate import (
    SCALAR_REDUCTIONS,
    FloatArray,
    as_pair,
    check_positive,
    check_reduction,
    reduce_loss,
    reduction_scale,
)

__all__ = ["huber", "mae", "mse"]


def _diff(y: npt.ArrayLike, t: npt.ArrayLike) -> FloatArray:
    ya, ta = as_pair(y, t)
    with np.errstate(over="ignore"):  # |y - t| beyond the float range is honestly inf
        d: FloatArray = np.asarray(ya - ta)
    return d


def mse(y: npt.ArrayLike, t: npt.ArrayLike, *, reduction: str = "mean") -> float | FloatArray:
    r"""Mean squared error over every element, as PyTorch ``MSELoss``; for unbounded targets.

    $$\ell_i = (y_i - t_i)^2, \qquad
      L = \begin{cases} \frac{1}{n}\sum_{i=1}^{n} \ell_i & \texttt{"mean"} \\
      \sum_{i=1}^{n} \ell_i & \texttt{"sum"} \end{cases}$$

    Parameters
    ----------
    y : array_like of shape (*)
        Predictions.
    t : array_like, same shape as y
        Targets; never broadcast against `y`.
    reduction : {"mean", "sum", "none"}, default "mean"
        "mean" divides the sum by the number of elements $n$; "none" returns every
        $\ell_i$.

    Returns
    -------
    float or numpy.ndarray
        A float for "mean" and "sum" (0 is best); for "none" an array shaped like `y`
        (float32 for float32 `y`, float64 otherwise).

    Raises
    ------
    ValueError
        Shapes differ; input empty, NaN or inf; unknown `reduction`.
    TypeError
        Input not real-valued.

    See Also
    --------
    - [`mean_squared_error`][losskit.mean_squared_error]: the textbook $\frac12\sum_k (y_k -
      t_k)^2$, a half *sum*.
    - [`mae`][losskit.mae]: absolute errors, less sensitive to outliers.
    - [`huber`][losskit.huber]: quadratic near 0, linear beyond `delta`.

    Notes
    -----
    Same value as PyTorch ``MSELoss``, Keras ``MeanSquaredError`` (a mean over the last
    axis, then over the batch: the same number) and scikit-learn ``mean_squared_error``
    (1-D input). There is no ½: for one sample of $K$ values this is $2E/K$, where $E$ is
    the textbook `mean_squared_error` (see its last example).

    Examples
    --------
    >>> mse([0.5, 1.0], [0.0, 1.0])
    0.125
    >>> mse([0.5, 1.0], [0.0, 1.0], reduction="sum")
    0.25
    >>> print(mse([0.5, 1.0], [0.0, 1.0], reduction="none"))
    [0.25 0.  ]
    """
    red = check_reduction(reduction)
    if (fast := _kernels.mse(y, t, red)) is not None:
        return fast
    d = _diff(y, t)
    with np.errstate(over="ignore"):
        d *= d
    return reduce_loss(d, red)


def _mse_value_and_grad(
    y: npt.ArrayLike, t: npt.ArrayLike, *, reduction: str = "mean"
) -> tuple[float, FloatArray]:
    """Value and dL/dy = 2 (y - t) / n ("mean") of `mse`."""
    red = check_reduction(reduction, SCALAR_REDUCTIONS)
    d = _diff(y, t)
    with np.errstate(over="ignore"):
        value = reduce_loss(d * d, red)
        grad: FloatArray = np.asarray(d * d.dtype.type(2.0 * reduction_scale(d.size, red)))
    return float(value), grad


def mae(y: npt.ArrayLike, t: npt.ArrayLike, *, reduction: str = "mean") -> float | FloatArray:
    r"""Mean absolute error over every element, as PyTorch ``L1Loss``; robust to outliers.

    $$\ell_i = |y_i - t_i|, \qquad
      L = \begin{cases} \frac{1}{n}\sum_{i=1}^{n} \ell_i & \texttt{"mean"} \\
      \sum_{i=1}^{n} \ell_i & \texttt{"sum"} \end{cases}$$

    Parameters
    ----------
    y : array_like of shape (*)
        Predictions.
    t : array_like, same shape as y
        Targets; never broadcast against `y`.
    reduction : {"mean", "sum", "none"}, default "mean"
        "mean" divides the sum by the number of elements $n$; "none" returns every
        $\ell_i$.

    Returns
    -------
    float or numpy.ndarray
        A float for "mean" and "sum" (0 is best); for "none" an array shaped like `y`
        (float32 for float32 `y`, float64 otherwise).

    Raises
    ------
    ValueError
        Shapes differ; input empty, NaN or inf; unknown `reduction`.
    TypeError
        Input not real-valued.

    See Also
    --------
    - [`mse`][losskit.mse]: squared errors, which weigh large errors more.
    - [`huber`][losskit.huber]: the smooth compromise between the two.

    Notes
    -----
    Same value as PyTorch ``L1Loss``, Keras ``MeanAbsoluteError`` and scikit-learn
    ``mean_absolute_error`` (1-D). $|x|$ has no derivative at 0; the gradient used by
    `value_and_grad` is $\operatorname{sign}(y_i - t_i)$, which is 0 where ``y == t``,
    as in PyTorch.

    Examples
    --------
    >>> mae([0.5, 1.0, 3.0], [0.0, 1.0, 1.0])
    0.8333333333333334
    >>> mae([0.5, 1.0, 3.0], [0.0, 1.0, 1.0], reduction="sum")
    2.5
    """
    red = check_reduction(reduction)
    if (fast := _kernels.mae(y, t, red)) is not None:
        return fast
    d = _diff(y, t)
    np.abs(d, out=d)
    return reduce_loss(d, red)


def _mae_value_and_grad(
    y: npt.ArrayLike, t: npt.ArrayLike, *, reduction: str = "mean"
) -> tuple[float, FloatArray]:
    """Value and dL/dy = sign(y - t) / n ("mean") of `mae`; 0 where y == t."""
    red = check_reduction(reduction, SCALAR_REDUCTIONS)
    d = _diff(y, t)
    value = reduce_loss(np.abs(d), red)
    grad: FloatArray = np.asarray(np.sign(d) * d.dtype.type(reduction_scale(d.size, red)))
    return float(value), grad


def huber(
    y: npt.ArrayLike, t: npt.ArrayLike, *, delta: float = 1.0, reduction: str = "mean"
) -> float | FloatArray:
    r"""Huber loss, as PyTorch ``HuberLoss``: squared for small errors, linear for large.

    $$\ell_i = \begin{cases} \frac12 (y_i - t_i)^2 & |y_i - t_i| \le \delta \\
      \delta\left(|y_i - t_i| - \frac12\delta\right) & \text{otherwise} \end{cases},
      \qquad L = \begin{cases} \frac{1}{n}\sum_i \ell_i & \texttt{"mean"} \\
      \sum_i \ell_i & \texttt{"sum"} \end{cases}$$

    Parameters
    ----------
    y : array_like of shape (*)
        Predictions.
    t : array_like, same shape as y
        Targets; never broadcast against `y`.
    delta : float, default 1.0
        Positive threshold where the quadratic part turns linear.
    reduction : {"mean", "sum", "none"}, default "mean"
        "mean" divides the sum by the number of elements $n$; "none" returns every
        $\ell_i$.

    Returns
    -------
    float or numpy.ndarray
        A float for "mean" and "sum" (0 is best); for "none" an array shaped like `y`
        (float32 for float32 `y`, float64 otherwise).

    Raises
    ------
    ValueError
        Shapes differ; input empty, NaN or inf; `delta` not positive and finite; unknown
        `reduction`.
    TypeError
        Input not real-valued; `delta` not a number.

    See Also
    --------
    - [`mse`][losskit.mse]: the quadratic part everywhere (twice Huber's, for errors within
      `delta`).
    - [`mae`][losskit.mae]: the linear part everywhere.

    Notes
    -----
    Matches PyTorch ``HuberLoss(delta=delta)`` and Keras ``Huber(delta)``. PyTorch's
    ``SmoothL1Loss(beta)`` equals ``huber(..., delta=beta) / beta``. Evaluated without
    branches as $\ell = q\,(d - q/2)$ with $d = y - t$ and $q = \operatorname{clip}(d, -\delta,
    \delta)$, the error clipped to $[-\delta, \delta]$, which is also the gradient.

    Examples
    --------
    >>> y, t = [0.5, 3.0], [0.0, 0.0]
    >>> huber(y, t)  # (0.125 + (3 - 0.5)) / 2
    1.3125
    >>> huber(y, t, delta=2.0, reduction="sum")  # 0.125 + 2 * (3 - 1)
    4.125
    """
    red = check_reduction(reduction)
    dl = check_positive(delta, "delta")
    if (fast := _kernels.huber(y, t, dl, red)) is not None:
        return fast
    d = _diff(y, t)
    return reduce_loss(_huber_terms(d, dl)[0], red)


def _huber_terms(d: FloatArray, delta: float) -> tuple[FloatArray, FloatArray]:
    """Each Huber term, in `d`'s place, and the clipped error q = clip(d, -delta, delta).

    ℓ = q (d − q/2): ½d² where |d| ≤ δ and δ(|d| − δ/2) beyond, with no branch and no
    cancellation (d − q/2 is at least half of |d|, with d's sign). Computed as
    2·(h (d − h)) with h = q/2, the steps of `losskit._kernels.huber`, which doubles each
    block's sum instead (doubling is exact), so both give the same floats bit for bit.
    """
    # over: ℓ beyond the float range is honestly inf, and a delta beyond float32's range
    # is +inf there (so q = d).
    with np.errstate(over="ignore"):
        q: FloatArray = np.asarray(np.clip(d, -delta, delta))
        h = q * 0.5
        d -= h
        d *= h
        d += d
    return d, q


def _huber_value_and_grad(
    y: npt.ArrayLike, t: npt.ArrayLike, *, delta: float = 1.0, reduction: str = "mean"
) -> tuple[float, FloatArray]:
    """Value and dL/dy = clip(y - t, -delta, delta) / n ("mean") of `huber`."""
    red = check_reduction(reduction, SCALAR_REDUCTIONS)
    dl = check_positive(delta, "delta")
    terms, q = _huber_terms(_diff(y, t), dl)
    value = reduce_loss(terms, red)
    grad: FloatArray = np.asarray(q * q.dtype.type(reduction_scale(q.size, red)))
    return float(value), grad
