r"""Regression as a probability model: `poisson_nll`, `gaussian_nll`, `pinball`.

`poisson_nll` and `gaussian_nll` are negative log-likelihoods (PyTorch
``PoissonNLLLoss``, ``GaussianNLLLoss``): the prediction is a distribution's parameter
(a Poisson rate for counts; a Gaussian mean, with a predicted variance), and minimising
the loss is maximum likelihood. `pinball` is the quantile loss (scikit-learn
``mean_pinball_loss``): its minimiser is the `alpha`-quantile of the target, not its
mean. All are element-wise with a ``reduction`` over every element.
"""

from __future__ import annotations

import math
from typing import Literal, overload

import numpy as np
import numpy.typing as npt

from losskit._registry import Inputs, evaluate, register
from losskit._validate import (
    FloatArray,
    as_pair,
    check_flag,
    check_nonnegative_values,
    check_real_option,
    gaussian_var,
    in_dtype,
)

__all__ = ["gaussian_nll", "pinball", "poisson_nll"]

_HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)


# --------------------------------------------------------------------------- pinball


def _pinball_terms(y: FloatArray, t: FloatArray, alpha: float) -> FloatArray:
    """ℓ = α·max(t − y, 0) + (1 − α)·max(y − t, 0): under-prediction costs α per unit."""
    with np.errstate(over="ignore"):
        d = t - y
        out: FloatArray = np.where(
            d >= 0, d * in_dtype(alpha, d.dtype), d * in_dtype(alpha - 1.0, d.dtype)
        )
    return out


def _pinball_grad(y: FloatArray, t: FloatArray, alpha: float) -> FloatArray:
    """dℓ/dy = −α below the target, 1 − α above it, 0 at it (as `mae`'s sign(0) = 0)."""
    dtype = y.dtype.type
    g: FloatArray = np.where(y < t, dtype(-alpha), np.where(y > t, dtype(1.0 - alpha), dtype(0)))
    return g


def _prepare_pinball(y: npt.ArrayLike, t: npt.ArrayLike, *, alpha: object = 0.5) -> Inputs:
    a = check_real_option(alpha, "alpha", lo=0.0, hi=1.0, lo_open=True, hi_open=True)
    return Inputs(as_pair(y, t), {"alpha": a})


def _pinball_forward(inputs: Inputs, reduction: str, grad: bool) -> tuple[FloatArray, None]:
    y, t = inputs.arrays
    return _pinball_terms(y, t, inputs.options["alpha"]), None


def _pinball_backward(inputs: Inputs, cache: None, d_per: FloatArray, argnum: int) -> FloatArray:
    y, t = inputs.arrays
    grad: FloatArray = _pinball_grad(y, t, inputs.options["alpha"]) * d_per
    return grad


@overload
def pinball(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    alpha: float = ...,
    reduction: Literal["mean", "sum"] = ...,
) -> float: ...
@overload
def pinball(
    y: npt.ArrayLike, t: npt.ArrayLike, *, alpha: float = ..., reduction: Literal["none"]
) -> FloatArray: ...
@overload
def pinball(
    y: npt.ArrayLike, t: npt.ArrayLike, *, alpha: float = ..., reduction: str
) -> float | FloatArray: ...


@register(
    formula="pinball",
    differentiable=("y",),
    prepare=_prepare_pinball,
    forward=_pinball_forward,
    backward=_pinball_backward,
    peer="sklearn.metrics.mean_pinball_loss",
)
def pinball(
    y: npt.ArrayLike, t: npt.ArrayLike, *, alpha: float = 0.5, reduction: str = "mean"
) -> float | FloatArray:
    r"""Pinball (quantile) loss, as scikit-learn ``mean_pinball_loss``; for predicting quantiles.

    $$\ell_i = \begin{cases} \alpha (t_i - y_i) & y_i \le t_i \\ (1 - \alpha) (y_i - t_i) & y_i
      > t_i \end{cases}$$

    $$L = \begin{cases} \frac{1}{n} \sum_i \ell_i & \texttt{"mean"} \\ \sum_i \ell_i &
      \texttt{"sum"} \end{cases}$$

    Parameters
    ----------
    y : array_like of shape (*)
        Predicted quantiles.
    t : array_like, same shape as y
        Targets; never broadcast against `y`.
    alpha : float, default 0.5
        The quantile level, in the open interval (0, 1): ``0.9`` fits the 90th
        percentile. Under-predictions cost $\alpha$ per unit, over-predictions
        $1 - \alpha$.
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
        Shapes differ; input empty, NaN or inf; `alpha` not in (0, 1); unknown
        `reduction`.
    TypeError
        Input not real-valued; `alpha` not a number.

    See Also
    --------
    mae : twice the pinball loss at ``alpha=0.5`` (the median).

    Notes
    -----
    Same value as scikit-learn ``mean_pinball_loss(t, y, alpha=alpha)`` (target first),
    for 1-D input and, with equal weights per column, for 2-D. Minimising the expected
    loss over a constant $y$ gives the $\alpha$-quantile of $t$: the gradient
    $-\alpha$ below the target and $1 - \alpha$ above balances where a fraction
    $\alpha$ of the targets lies below $y$. At $y_i = t_i$ the gradient is 0 (the
    middle of the subgradient, as `mae`'s $\operatorname{sign}(0) = 0$).

    Examples
    --------
    >>> pinball([1.0, 3.0], [2.0, 2.0], alpha=0.9, reduction="none").tolist()
    [0.9, 0.09999999999999998]
    >>> pinball([1.0, 3.0], [2.0, 2.0])  # alpha=0.5: half the mean absolute error
    0.5
    """
    return evaluate(pinball, y, t, alpha=alpha, reduction=reduction)  # type: ignore[no-any-return]


# --------------------------------------------------------------------------- Poisson


def _prepare_poisson(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    log_input: object = True,
    full: object = False,
    eps: object = 1e-8,
) -> Inputs:
    log_in, full_ = check_flag(log_input, "log_input"), check_flag(full, "full")
    e = check_real_option(eps, "eps", lo=0.0, lo_open=True)
    ya, ta = as_pair(y, t)
    check_nonnegative_values(ta, "t", "counts >= 0 (a Poisson target)")
    if not log_in:
        check_nonnegative_values(
            ya, "y", "rates >= 0 with log_input=False (pass log_input=True for log-rates)"
        )
    return Inputs((ya, ta), {"log_input": log_in, "full": full_, "eps": e})


def _poisson_forward(inputs: Inputs, reduction: str, grad: bool) -> tuple[FloatArray, None]:
    return _poisson_terms(*inputs.arrays, **inputs.options), None


def _poisson_backward(inputs: Inputs, cache: None, d_per: FloatArray, argnum: int) -> FloatArray:
    with np.errstate(over="ignore", invalid="ignore"):  # inf · d_per where the loss is inf
        grad: FloatArray = _poisson_grad(*inputs.arrays, **inputs.options) * d_per
    return grad


def _poisson_terms(
    y: FloatArray, t: FloatArray, *, log_input: bool, full: bool, eps: float
) -> FloatArray:
    """ℓ = e^y − t·y (log-rate y), or y − t·log(y + eps) (rate y); + Stirling's log t! if full."""
    with np.errstate(over="ignore", invalid="ignore"):
        if log_input:
            rate, t_log_rate = np.exp(y), t * y
            out: FloatArray = rate - t_log_rate
            # e^y and t·y both beyond the float range: inf − inf; the larger wins,
            # compared by logarithms (y against log t + log y).
            both = np.isnan(out)
            if both.any():
                wins = y[both] > np.log(t[both]) + np.log(y[both])
                out[both] = np.where(wins, np.inf, -np.inf)
        else:
            out = y - t * np.log(y + in_dtype(eps, y.dtype))
        if full:
            # log t! ≈ t log t − t + ½ log(2πt), added for t > 1 only, as torch
            big = t > 1
            tb = np.where(big, t, 1)
            stirling = tb * np.log(tb) - tb + (0.5 * np.log(tb) + y.dtype.type(_HALF_LOG_2PI))
            out = out + np.where(big, stirling, 0)
    return out


def _poisson_grad(
    y: FloatArray, t: FloatArray, *, log_input: bool, full: bool, eps: float
) -> FloatArray:
    """dℓ/dy = e^y − t (log-rate y), or 1 − t/(y + eps) (rate y)."""
    with np.errstate(over="ignore"):
        if log_input:
            g: FloatArray = np.exp(y) - t
        else:
            g = 1 - t / (y + in_dtype(eps, y.dtype))
    return g


@overload
def poisson_nll(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    log_input: bool = ...,
    full: bool = ...,
    eps: float = ...,
    reduction: Literal["mean", "sum"] = ...,
) -> float: ...
@overload
def poisson_nll(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    log_input: bool = ...,
    full: bool = ...,
    eps: float = ...,
    reduction: Literal["none"],
) -> FloatArray: ...
@overload
def poisson_nll(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    log_input: bool = ...,
    full: bool = ...,
    eps: float = ...,
    reduction: str,
) -> float | FloatArray: ...


@register(
    formula="poisson_nll",
    differentiable=("y",),
    prepare=_prepare_poisson,
    forward=_poisson_forward,
    backward=_poisson_backward,
    peer="torch.nn.functional.poisson_nll_loss",
)
def poisson_nll(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    log_input: bool = True,
    full: bool = False,
    eps: float = 1e-8,
    reduction: str = "mean",
) -> float | FloatArray:
    r"""Poisson negative log-likelihood, as PyTorch ``PoissonNLLLoss``; for counts.

    $$\ell_i = \begin{cases} e^{y_i} - t_i y_i & \texttt{log\_input=True} \\ y_i - t_i \log(y_i
      + \varepsilon) & \texttt{log\_input=False} \end{cases}$$

    and with ``full=True`` Stirling's approximation of $\log t_i!$ is added:

    $$\ell_i^{\text{full}} = \ell_i + \begin{cases} t_i \log t_i + \frac{1}{2} \log(2 \pi t_i) -
      t_i & t_i > 1 \\ 0 & t_i \le 1 \end{cases}$$

    $$L = \begin{cases} \frac{1}{n} \sum_i \ell_i & \texttt{"mean"} \\ \sum_i \ell_i &
      \texttt{"sum"} \end{cases}$$

    Parameters
    ----------
    y : array_like of shape (*)
        The predicted Poisson rate $\lambda_i$: its logarithm with ``log_input=True``
        (any real number; an unconstrained output layer), else the rate itself ($\ge 0$).
    t : array_like, same shape as y
        Observed counts, $\ge 0$ (whole numbers are usual; any non-negative value is
        accepted, as in PyTorch).
    log_input : bool, default True
        Whether `y` is $\log\lambda$ (stable, recommended) or $\lambda$.
    full : bool, default False
        Add Stirling's approximation of $\log t_i!$ where $t_i > 1$, so the value is
        the full negative log-likelihood (up to Stirling's error); it does not depend on
        `y`, so gradients are the same.
    eps : float, default 1e-8
        Positive number added to `y` before the logarithm when ``log_input=False``.
    reduction : {"mean", "sum", "none"}, default "mean"
        "mean" divides the sum by the number of elements $n$; "none" returns every
        $\ell_i$.

    Returns
    -------
    float or numpy.ndarray
        A float for "mean" and "sum"; for "none" an array shaped like `y` (float32 for
        float32 `y`, float64 otherwise). The value can be negative: without `full` the
        $\log t!$ term is dropped.

    Raises
    ------
    ValueError
        Shapes differ; input empty, NaN or inf; `t` negative; `y` negative with
        ``log_input=False``; `eps` not positive and finite; unknown `reduction`.
    TypeError
        Input not real-valued; `log_input` or `full` not a bool; `eps` not a number.

    See Also
    --------
    gaussian_nll : the Gaussian negative log-likelihood, for
        real-valued targets with a predicted variance.

    Notes
    -----
    The Poisson log-likelihood of a count $t$ under rate $\lambda$ is
    $t\log\lambda - \lambda - \log t!$; its negative, without the constant $\log t!$, is
    $\ell$. Matches PyTorch ``PoissonNLLLoss(log_input, full, eps=eps)``. The gradient is
    $e^{y_i} - t_i$ (``log_input=True``: predicted minus observed count) or
    $1 - t_i/(y_i + \varepsilon)$. $e^{y}$ overflows to inf past $y \approx 709$
    (88 in float32), and so does the loss there.

    Examples
    --------
    >>> import math
    >>> round(poisson_nll([math.log(2.0)], [3.0]), 6)  # 2 - 3 log 2
    -0.079442
    >>> round(poisson_nll([2.0], [3.0], log_input=False), 6)  # the same rate, not its log
    -0.079442
    """
    return evaluate(  # type: ignore[no-any-return]
        poisson_nll, y, t, log_input=log_input, full=full, eps=eps, reduction=reduction
    )


# --------------------------------------------------------------------------- Gaussian


def _prepare_gaussian(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    var: npt.ArrayLike,
    *,
    full: object = False,
    eps: object = 1e-6,
) -> Inputs:
    """`var` spread to broadcast against `y`; its given shape is that of its gradient."""
    full_ = check_flag(full, "full")
    e = check_real_option(eps, "eps", lo=0.0, lo_open=True)
    ya, ta = as_pair(y, t)
    spread, var_shape = gaussian_var(var, ya)
    return Inputs((ya, ta, spread), {"full": full_, "eps": e, "var_shape": var_shape})


def _gaussian_forward(inputs: Inputs, reduction: str, grad: bool) -> tuple[FloatArray, None]:
    y, t, var = inputs.arrays
    return _gaussian_terms(y, t, var, inputs.options["full"], inputs.options["eps"]), None


def _gaussian_backward(inputs: Inputs, cache: None, d_per: FloatArray, argnum: int) -> FloatArray:
    y, t, var = inputs.arrays
    g_mean, g_var = _gaussian_grads(y, t, var, inputs.options["eps"])
    with np.errstate(over="ignore", invalid="ignore"):
        if argnum == 0:
            grad: FloatArray = g_mean * d_per
            return grad
        return _unbroadcast(g_var * d_per, inputs.options["var_shape"])


def _gaussian_parts(
    y: FloatArray, t: FloatArray, var: FloatArray, eps: float
) -> tuple[FloatArray, FloatArray]:
    """The clamped variance v = max(var, eps) and the scaled error r = (y − t)/v."""
    v: FloatArray = np.maximum(var, in_dtype(eps, y.dtype))
    with np.errstate(over="ignore"):
        r: FloatArray = (y - t) / v
    return v, r


def _gaussian_terms(
    y: FloatArray, t: FloatArray, var: FloatArray, full: bool, eps: float
) -> FloatArray:
    """ℓ = ½(log v + (y − t)²/v) with v = max(var, eps); + ½ log 2π if full."""
    v, r = _gaussian_parts(y, t, var, eps)
    with np.errstate(over="ignore"):
        out: FloatArray = np.asarray((np.log(v) + (y - t) * r) * y.dtype.type(0.5))
    if full:
        out = out + y.dtype.type(_HALF_LOG_2PI)
    return out


def _gaussian_grads(
    y: FloatArray, t: FloatArray, var: FloatArray, eps: float
) -> tuple[FloatArray, FloatArray]:
    """dℓ/dy = (y − t)/v and dℓ/dvar = ½(1/v − ((y − t)/v)²), both in `y`'s shape.

    The clamp is taken as torch takes it (under ``no_grad``, on a copy): the variance
    gradient is that at v = max(var, eps), passed straight through to `var` even where
    var < eps. Summing over the axes `var` was broadcast along is the caller's part.
    """
    v, r = _gaussian_parts(y, t, var, eps)
    with np.errstate(over="ignore"):
        g_var: FloatArray = np.asarray((1 / v - r * r) * y.dtype.type(0.5))
    return np.broadcast_to(r, y.shape), np.broadcast_to(g_var, y.shape)


@overload
def gaussian_nll(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    var: npt.ArrayLike,
    *,
    full: bool = ...,
    eps: float = ...,
    reduction: Literal["mean", "sum"] = ...,
) -> float: ...
@overload
def gaussian_nll(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    var: npt.ArrayLike,
    *,
    full: bool = ...,
    eps: float = ...,
    reduction: Literal["none"],
) -> FloatArray: ...
@overload
def gaussian_nll(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    var: npt.ArrayLike,
    *,
    full: bool = ...,
    eps: float = ...,
    reduction: str,
) -> float | FloatArray: ...


@register(
    formula="gaussian_nll",
    differentiable=("y", "var"),
    prepare=_prepare_gaussian,
    forward=_gaussian_forward,
    backward=_gaussian_backward,
    peer="torch.nn.functional.gaussian_nll_loss",
)
def gaussian_nll(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    var: npt.ArrayLike,
    *,
    full: bool = False,
    eps: float = 1e-6,
    reduction: str = "mean",
) -> float | FloatArray:
    r"""Gaussian negative log-likelihood, as PyTorch ``GaussianNLLLoss``; a mean and its variance.

    $$\ell_i = \frac{1}{2} \bigl(\log \max(v_i, \varepsilon) + \frac{(y_i - t_i)^2}{\max(v_i,
      \varepsilon)}\bigr)$$

    with $v_i$ = ``var`` broadcast to `y` and $\varepsilon$ = `eps`; ``full=True`` adds the
    constant:

    $$\ell_i^{\text{full}} = \ell_i + \frac{1}{2} \log(2 \pi)$$

    $$L = \begin{cases} \frac{1}{n} \sum_i \ell_i & \texttt{"mean"} \\ \sum_i \ell_i &
      \texttt{"sum"} \end{cases}$$

    Parameters
    ----------
    y : array_like of shape (*)
        Predicted means.
    t : array_like, same shape as y
        Targets; never broadcast against `y`.
    var : array_like
        Predicted variances, $\ge 0$: shaped like `y` (one per prediction), like `y`
        without its last axis (one per row), like `y` with one axis of size 1 (shared
        along it), or a scalar (one for all).
    full : bool, default False
        Add the constant $\tfrac12\log 2\pi$, making $\ell$ the full negative
        log-density.
    eps : float, default 1e-6
        Positive floor for the variance (PyTorch's clamp).
    reduction : {"mean", "sum", "none"}, default "mean"
        "mean" divides the sum by the number of elements of `y`; "none" returns every
        $\ell_i$.

    Returns
    -------
    float or numpy.ndarray
        A float for "mean" and "sum"; for "none" an array shaped like `y` (float32 for
        float32 `y`, float64 otherwise). The value can be negative (a density above 1).

    Raises
    ------
    ValueError
        Shapes differ (for `var`: none of the forms above); input empty, NaN or inf;
        `var` negative; `eps` not positive and finite; unknown `reduction`.
    TypeError
        Input not real-valued; `full` not a bool; `eps` not a number.

    See Also
    --------
    mse : with a fixed variance the loss is ``mse / (2 var)`` plus a
        constant.
    poisson_nll : the negative log-likelihood for counts.

    Notes
    -----
    Matches PyTorch ``GaussianNLLLoss(full, eps)``, including which `var` shapes it takes.
    The gradients are $(y_i - t_i)/v_i$ for the mean and
    $\tfrac12\bigl(1/v_i - (y_i - t_i)^2/v_i^2\bigr)$ for the variance (summed over
    the axes `var` is shared along); where $\mathrm{var}_i < \varepsilon$ the variance
    gradient is the one at $\varepsilon$, as PyTorch, which clamps a copy outside
    autograd. `value_and_grad` gives both (``argnums=(0, 2)``).

    Examples
    --------
    >>> round(gaussian_nll([0.0], [1.0], [1.0]), 6)  # ½(log 1 + 1)
    0.5
    >>> round(gaussian_nll([0.0, 0.0], [1.0, 1.0], 4.0, full=True), 6)
    1.737086
    """
    return evaluate(  # type: ignore[no-any-return]
        gaussian_nll, y, t, var, full=full, eps=eps, reduction=reduction
    )


def _unbroadcast(grad: FloatArray, shape: tuple[int, ...]) -> FloatArray:
    """Sum `grad` (in `y`'s shape) over the axes along which `var` of `shape` was spread."""
    if grad.shape == shape:
        return np.array(grad)
    if len(shape) == 0:
        axes: tuple[int, ...] = tuple(range(grad.ndim))
    elif len(shape) == grad.ndim - 1:  # one variance per row: the last axis was appended
        axes = (grad.ndim - 1,)
    else:  # one axis of size 1
        axes = tuple(i for i, (g, s) in enumerate(zip(grad.shape, shape, strict=True)) if g != s)
    out: FloatArray = grad.sum(axis=axes, dtype=np.float64).astype(grad.dtype).reshape(shape)
    return out
