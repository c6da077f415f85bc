r"""Robust regression losses between squared and absolute error: `smooth_l1`, `log_cosh`.

Both are quadratic near a zero error and grow linearly far from it, so a few outliers
pull less than under `mse` while small errors still get a smooth gradient. Each is
element-wise with a ``reduction`` over every element, as PyTorch ``SmoothL1Loss`` and
Keras ``LogCosh``.
"""

from __future__ import annotations

import math
from typing import Any, Literal, overload

import numpy as np
import numpy.typing as npt

from losskit._registry import Inputs, evaluate, register
from losskit._validate import FloatArray, as_pair, check_real_option, in_dtype

__all__ = ["log_cosh", "smooth_l1"]

_LOG2 = math.log(2.0)


def _difference(y: FloatArray, t: FloatArray) -> FloatArray:
    with np.errstate(over="ignore"):  # |y - t| beyond the float range is honestly inf
        d: FloatArray = np.asarray(y - t)
    return d


# --------------------------------------------------------------------------- smooth L1


def _smooth_l1_terms(y: FloatArray, t: FloatArray, beta: float) -> FloatArray:
    """ℓ = (q/β)(d − q/2) with q = clip(d, −β, β): d²/(2β) inside, |d| − β/2 outside.

    One expression for both branches (as `huber`'s q(d − q/2)); β = 0 is L1, |d|.
    """
    d = _difference(y, t)
    if beta == 0.0:
        return np.abs(d)
    q, inv_beta = _clip_beta(d, beta)
    with np.errstate(over="ignore"):
        out: FloatArray = q * inv_beta * (d - q * d.dtype.type(0.5))
    return out


def _clip_beta(d: FloatArray, beta: float) -> tuple[FloatArray, np.floating[Any]]:
    """q = clip(d, −β, β) and 1/β in d's dtype; a β beyond the dtype's range clips nothing."""
    bound = in_dtype(beta, d.dtype)
    q: FloatArray = np.clip(d, -bound, bound)
    return q, in_dtype(1.0 / beta, d.dtype)


def _smooth_l1_grad(y: FloatArray, t: FloatArray, beta: float) -> FloatArray:
    """dℓ/dy = clip(d, −β, β)/β: d/β inside, sign(d) outside (sign(0) = 0 when β = 0)."""
    d = _difference(y, t)
    if beta == 0.0:
        s: FloatArray = np.sign(d)
        return s
    q, inv_beta = _clip_beta(d, beta)
    g: FloatArray = q * inv_beta
    return g


def _prepare_smooth_l1(y: npt.ArrayLike, t: npt.ArrayLike, *, beta: object = 1.0) -> Inputs:
    return Inputs(as_pair(y, t), {"beta": check_real_option(beta, "beta", lo=0.0)})


def _smooth_l1_forward(inputs: Inputs, reduction: str, grad: bool) -> tuple[FloatArray, None]:
    y, t = inputs.arrays
    return _smooth_l1_terms(y, t, inputs.options["beta"]), None


def _smooth_l1_backward(inputs: Inputs, cache: None, d_per: FloatArray, argnum: int) -> FloatArray:
    y, t = inputs.arrays
    grad: FloatArray = _smooth_l1_grad(y, t, inputs.options["beta"]) * d_per
    return grad


@overload
def smooth_l1(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    beta: float = ...,
    reduction: Literal["mean", "sum"] = ...,
) -> float: ...
@overload
def smooth_l1(
    y: npt.ArrayLike, t: npt.ArrayLike, *, beta: float = ..., reduction: Literal["none"]
) -> FloatArray: ...
@overload
def smooth_l1(
    y: npt.ArrayLike, t: npt.ArrayLike, *, beta: float = ..., reduction: str
) -> float | FloatArray: ...


@register(
    formula="smooth_l1",
    differentiable=("y",),
    prepare=_prepare_smooth_l1,
    forward=_smooth_l1_forward,
    backward=_smooth_l1_backward,
    peer="torch.nn.functional.smooth_l1_loss",
)
def smooth_l1(
    y: npt.ArrayLike, t: npt.ArrayLike, *, beta: float = 1.0, reduction: str = "mean"
) -> float | FloatArray:
    r"""Smooth L1 loss, as PyTorch ``SmoothL1Loss``: squared below `beta`, absolute above.

    $$\ell_i^{\text{SmoothL1}} = \begin{cases} \frac{1}{2\beta} (y_i - t_i)^2 & |y_i - t_i| <
      \beta \\ |y_i - t_i| - \frac{1}{2} \beta & |y_i - t_i| \ge \beta \end{cases}$$

    $$L = \begin{cases} \frac{1}{n} \sum_i \ell_i & \texttt{"mean"} \\ \sum_i \ell_i &
      \texttt{"sum"} \end{cases}$$

    Parameters
    ----------
    y : array_like of shape (*)
        Predictions.
    t : array_like, same shape as y
        Targets; never broadcast against `y`.
    beta : float, default 1.0
        Threshold $\beta \ge 0$ where the squared part turns linear; ``beta=0`` is the
        absolute error (`mae`).
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
        Shapes differ; input empty, NaN or inf; `beta` negative or not finite; unknown
        `reduction`.
    TypeError
        Input not real-valued; `beta` not a number.

    See Also
    --------
    huber : the same curve scaled by $\beta$:
        ``huber(y, t, delta=b) == b * smooth_l1(y, t, beta=b)``.
    log_cosh : a smooth curve of the same shape, with no threshold.
    mae : the limit ``beta=0``.

    Notes
    -----
    Matches PyTorch ``SmoothL1Loss(beta=beta)``. Unlike Huber, the linear part has slope
    1 whatever $\beta$, and the quadratic part gets steeper as $\beta$ shrinks. The
    gradient is $\operatorname{clip}(y_i - t_i, -\beta, \beta)/\beta$; for ``beta=0`` it
    is $\operatorname{sign}(y_i - t_i)$ with $\operatorname{sign}(0) = 0$, as PyTorch.

    Examples
    --------
    >>> smooth_l1([0.5, 3.0], [0.0, 0.0], reduction="none").tolist()  # 0.25/2, 3 - 1/2
    [0.125, 2.5]
    >>> smooth_l1([0.5, 3.0], [0.0, 0.0], beta=0.0)  # the mean absolute error
    1.75
    """
    return evaluate(smooth_l1, y, t, beta=beta, reduction=reduction)  # type: ignore[no-any-return]


# --------------------------------------------------------------------------- log-cosh


def _log_cosh_terms(y: FloatArray, t: FloatArray) -> FloatArray:
    """ℓ = log cosh(d), d = y − t, exact for tiny and huge d alike.

    |d| ≤ 1: log1p(2 sinh²(d/2)), since cosh d − 1 = 2 sinh²(d/2) without cancellation.
    |d| > 1: |d| + log1p(e^{−2|d|}) − log 2, which never overflows (Keras writes it as
    d + softplus(−2d) − log 2).
    """
    d = _difference(y, t)
    a = np.abs(d)
    small = a <= 1
    with np.errstate(over="ignore"):  # only in the branch np.where discards
        s = np.sinh(d * d.dtype.type(0.5))
        near = np.log1p(2 * s * s)
    far = a + np.log1p(np.exp(-2 * a)) - d.dtype.type(_LOG2)
    out: FloatArray = np.where(small, near, far)
    return out


def _log_cosh_grad(y: FloatArray, t: FloatArray) -> FloatArray:
    """dℓ/dy = tanh(y − t)."""
    g: FloatArray = np.tanh(_difference(y, t))
    return g


def _prepare_log_cosh(y: npt.ArrayLike, t: npt.ArrayLike) -> Inputs:
    return Inputs(as_pair(y, t))


def _log_cosh_forward(inputs: Inputs, reduction: str, grad: bool) -> tuple[FloatArray, None]:
    return _log_cosh_terms(*inputs.arrays), None


def _log_cosh_backward(inputs: Inputs, cache: None, d_per: FloatArray, argnum: int) -> FloatArray:
    grad: FloatArray = _log_cosh_grad(*inputs.arrays) * d_per
    return grad


@overload
def log_cosh(
    y: npt.ArrayLike, t: npt.ArrayLike, *, reduction: Literal["mean", "sum"] = ...
) -> float: ...
@overload
def log_cosh(y: npt.ArrayLike, t: npt.ArrayLike, *, reduction: Literal["none"]) -> FloatArray: ...
@overload
def log_cosh(y: npt.ArrayLike, t: npt.ArrayLike, *, reduction: str) -> float | FloatArray: ...


@register(
    formula="log_cosh",
    differentiable=("y",),
    prepare=_prepare_log_cosh,
    forward=_log_cosh_forward,
    backward=_log_cosh_backward,
    peer="keras.losses.log_cosh",
)
def log_cosh(y: npt.ArrayLike, t: npt.ArrayLike, *, reduction: str = "mean") -> float | FloatArray:
    r"""Log-cosh loss, as Keras ``LogCosh``: near $d^2/2$ for small errors, $|d| - \log 2$ far out.

    $$\ell_i^{\text{log-cosh}} = \log \cosh(y_i - t_i)$$

    $$L = \begin{cases} \frac{1}{n} \sum_i \ell_i & \texttt{"mean"} \\ \sum_i \ell_i &
      \texttt{"sum"} \end{cases}$$

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
    smooth_l1 : the same shape with a sharp threshold.
    huber : ditto, with slope `delta` far out.

    Notes
    -----
    Keras defines ``log_cosh(y_true, y_pred)`` as the mean over the last axis of
    $x + \operatorname{softplus}(-2x) - \log 2$, $x = y_{\text{pred}} - y_{\text{true}}$,
    and the ``LogCosh`` loss averages that over the batch: the mean over every element,
    the number returned here (note Keras's argument order, target first). losskit
    computes $\log\cosh$ without overflow for any finite error and without cancellation
    for tiny ones. The gradient is $\tanh(y_i - t_i)$, which never exceeds 1 in size.

    Examples
    --------
    >>> round(log_cosh([0.0, 3.0], [0.0, 0.0], reduction="sum"), 6)  # log cosh 3
    2.309329
    >>> log_cosh([1e-9], [0.0])  # d²/2, no cancellation
    5e-19
    """
    return evaluate(log_cosh, y, t, reduction=reduction)  # type: ignore[no-any-return]
