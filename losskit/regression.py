r"""Regression losses in the frameworks' convention: `mse`, `mae`, `huber`.

Each is element-wise with a ``reduction`` over *every* element, exactly as PyTorch
``MSELoss`` / ``L1Loss`` / ``HuberLoss`` (and, for 1-D input, scikit-learn's
``mean_squared_error`` / ``mean_absolute_error``). ``reduction="mean"`` divides by the
number of elements, ``"sum"`` adds them, ``"none"`` returns them in `y`'s shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, overload

import numpy as np
import numpy.typing as npt

from losskit._registry import Inputs, Work, elementwise, evaluate, register
from losskit._validate import FloatArray, as_pair, check_positive

__all__ = ["huber", "mae", "mse"]


def _no_options() -> Mapping[str, Any]:
    return {}


def _prepare_pair(y: npt.ArrayLike, t: npt.ArrayLike) -> Inputs:
    return Inputs(as_pair(y, t))


def _difference(inputs: Inputs) -> FloatArray:
    y, t = inputs.arrays
    with np.errstate(over="ignore"):  # |y - t| beyond the float range is honestly inf
        d: FloatArray = np.asarray(y - t)
    return d


# --------------------------------------------------------------------------- mse


def _mse_terms(
    arrays: tuple[FloatArray, ...], out: FloatArray, work: Work, options: Mapping[str, Any]
) -> bool:
    y, t = arrays
    np.subtract(y, t, out=out)
    np.multiply(out, out, out=out)
    return True


def _mse_backward(inputs: Inputs, cache: None, d_per: FloatArray, argnum: int) -> FloatArray:
    """dL/dy = 2 (y - t) / n ("mean")."""
    d = _difference(inputs)
    with np.errstate(over="ignore"):
        grad: FloatArray = d * (d_per * 2)
    return grad


_MSE = elementwise(_mse_terms, _no_options)


@overload
def mse(
    y: npt.ArrayLike, t: npt.ArrayLike, *, reduction: Literal["mean", "sum"] = ...
) -> float: ...
@overload
def mse(y: npt.ArrayLike, t: npt.ArrayLike, *, reduction: Literal["none"]) -> FloatArray: ...
@overload
def mse(y: npt.ArrayLike, t: npt.ArrayLike, *, reduction: str) -> float | FloatArray: ...


@register(
    formula="mse",
    differentiable=("y",),
    prepare=_prepare_pair,
    forward=_MSE.forward,
    backward=_mse_backward,
    fast=_MSE.fast,
    peer="torch.nn.functional.mse_loss",
)
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
    return evaluate(mse, y, t, reduction=reduction)  # type: ignore[no-any-return]


# --------------------------------------------------------------------------- mae


def _mae_terms(
    arrays: tuple[FloatArray, ...], out: FloatArray, work: Work, options: Mapping[str, Any]
) -> bool:
    y, t = arrays
    np.subtract(y, t, out=out)
    np.abs(out, out=out)
    return True


def _mae_backward(inputs: Inputs, cache: None, d_per: FloatArray, argnum: int) -> FloatArray:
    """dL/dy = sign(y - t) / n ("mean"); 0 where y == t, as PyTorch."""
    grad: FloatArray = np.sign(_difference(inputs)) * d_per
    return grad


_MAE = elementwise(_mae_terms, _no_options)


@overload
def mae(
    y: npt.ArrayLike, t: npt.ArrayLike, *, reduction: Literal["mean", "sum"] = ...
) -> float: ...
@overload
def mae(y: npt.ArrayLike, t: npt.ArrayLike, *, reduction: Literal["none"]) -> FloatArray: ...
@overload
def mae(y: npt.ArrayLike, t: npt.ArrayLike, *, reduction: str) -> float | FloatArray: ...


@register(
    formula="mae",
    differentiable=("y",),
    prepare=_prepare_pair,
    forward=_MAE.forward,
    backward=_mae_backward,
    fast=_MAE.fast,
    peer="torch.nn.functional.l1_loss",
)
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
    return evaluate(mae, y, t, reduction=reduction)  # type: ignore[no-any-return]


# --------------------------------------------------------------------------- huber


def _huber_options(delta: object = 1.0) -> Mapping[str, Any]:
    return {"delta": check_positive(delta, "delta")}


def _huber_prepare(y: npt.ArrayLike, t: npt.ArrayLike, *, delta: object = 1.0) -> Inputs:
    options = _huber_options(delta)
    return Inputs(as_pair(y, t), options)


def _huber_terms(
    arrays: tuple[FloatArray, ...], d: FloatArray, work: Work, options: Mapping[str, Any]
) -> bool:
    """Half of each Huber term, in `d`: the loss doubles the sum (scale=2, exact).

    ℓ = q (d − q/2) with q = clip(d, −δ, δ): ½d² where |d| ≤ δ and δ(|d| − δ/2) beyond,
    with no branch and no cancellation (d − q/2 is at least half of |d|, with d's sign);
    here as h (d − h) with h = q/2, one pass fewer. np.clip is about 3x faster against
    Python-scalar bounds than against arrays in NumPy 2; a delta beyond float32's range
    is +inf there (so q = d).
    """
    y, t = arrays
    delta = options["delta"]
    h = work.scratch()
    np.subtract(y, t, out=d)
    np.clip(d, -delta, delta, out=h)
    h *= 0.5
    d -= h
    d *= h
    return True


def _huber_backward(inputs: Inputs, cache: None, d_per: FloatArray, argnum: int) -> FloatArray:
    """dL/dy = clip(y - t, -delta, delta) / n ("mean")."""
    delta = inputs.options["delta"]
    with np.errstate(over="ignore"):  # a delta beyond float32's range is +inf there
        q: FloatArray = np.asarray(np.clip(_difference(inputs), -delta, delta))
    grad: FloatArray = q * d_per
    return grad


_HUBER = elementwise(_huber_terms, _huber_options, scale=2.0)


@overload
def huber(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    delta: float = ...,
    reduction: Literal["mean", "sum"] = ...,
) -> float: ...
@overload
def huber(
    y: npt.ArrayLike, t: npt.ArrayLike, *, delta: float = ..., reduction: Literal["none"]
) -> FloatArray: ...
@overload
def huber(
    y: npt.ArrayLike, t: npt.ArrayLike, *, delta: float = ..., reduction: str
) -> float | FloatArray: ...


@register(
    formula="huber",
    differentiable=("y",),
    prepare=_huber_prepare,
    forward=_HUBER.forward,
    backward=_huber_backward,
    fast=_HUBER.fast,
    peer="torch.nn.functional.huber_loss",
)
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
    return evaluate(huber, y, t, delta=delta, reduction=reduction)  # type: ignore[no-any-return]
