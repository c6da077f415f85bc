r"""Margin losses for ±1 labels: `hinge`, `soft_margin`, `hinge_embedding`.

A margin loss scores the signed prediction $t\,y$ with $t \in \{-1, +1\}$: positive when
the sign is right, and the loss wants it beyond a margin rather than merely positive.
`hinge` is the support vector machine's loss (Keras ``hinge`` / ``squared_hinge``),
`soft_margin` its smooth cousin, the logistic loss (PyTorch ``SoftMarginLoss``), and
`hinge_embedding` scores distances between pairs (PyTorch ``HingeEmbeddingLoss``).
Labels must be -1 or +1: 0/1 labels are refused with a hint (``2 * t - 1``). Each loss
is element-wise with a ``reduction`` over every element.
"""

from __future__ import annotations

from typing import Literal, overload

import numpy as np
import numpy.typing as npt

from losskit._registry import Inputs, evaluate, register
from losskit._validate import (
    FloatArray,
    as_float_array,
    as_sign_labels,
    check_flag,
    check_real_option,
    check_same_shape,
    in_dtype,
)
from losskit.activations import _sigmoid, _softplus

__all__ = ["hinge", "hinge_embedding", "soft_margin"]


def _with_sign_labels(
    y: npt.ArrayLike, t: npt.ArrayLike, loss: str
) -> tuple[FloatArray, FloatArray]:
    """`y` as floats and `t` as -1/+1 of y's dtype, one shape."""
    ya = as_float_array(y, "y")
    ta = as_sign_labels(t, "t", dtype=ya.dtype, loss=loss)
    check_same_shape(ya, "y", ta, "t")
    return ya, ta


# --------------------------------------------------------------------------- hinge


def _hinge_slack(y: FloatArray, t: FloatArray, margin: float) -> FloatArray:
    """z = margin − t·y: how far the signed prediction falls short of the margin."""
    with np.errstate(over="ignore"):
        z: FloatArray = in_dtype(margin, y.dtype) - t * y
    return z


def _hinge_terms(y: FloatArray, t: FloatArray, *, margin: float, squared: bool) -> FloatArray:
    """ℓ = max(0, margin − t·y), squared if asked."""
    h = np.maximum(_hinge_slack(y, t, margin), 0)
    if squared:
        with np.errstate(over="ignore"):
            h = h * h
    return h


def _hinge_grad(y: FloatArray, t: FloatArray, *, margin: float, squared: bool) -> FloatArray:
    """dℓ/dy = −t where margin − t·y ≥ 0 (0 beyond); squared: −2t·max(0, margin − t·y)."""
    z = _hinge_slack(y, t, margin)
    if squared:
        with np.errstate(over="ignore"):
            g: FloatArray = -2 * t * np.maximum(z, 0)
        return g
    g = np.where(z >= 0, -t, y.dtype.type(0))
    return g


def _prepare_hinge(
    y: npt.ArrayLike, t: npt.ArrayLike, *, margin: object = 1.0, squared: object = False
) -> Inputs:
    m = check_real_option(margin, "margin", lo=0.0)
    sq = check_flag(squared, "squared")
    return Inputs(_with_sign_labels(y, t, "hinge"), {"margin": m, "squared": sq})


def _hinge_forward(inputs: Inputs, reduction: str, grad: bool) -> tuple[FloatArray, None]:
    return _hinge_terms(*inputs.arrays, **inputs.options), None


def _hinge_backward(inputs: Inputs, cache: None, d_per: FloatArray, argnum: int) -> FloatArray:
    with np.errstate(over="ignore"):
        grad: FloatArray = _hinge_grad(*inputs.arrays, **inputs.options) * d_per
    return grad


@overload
def hinge(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    margin: float = ...,
    squared: bool = ...,
    reduction: Literal["mean", "sum"] = ...,
) -> float: ...
@overload
def hinge(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    margin: float = ...,
    squared: bool = ...,
    reduction: Literal["none"],
) -> FloatArray: ...
@overload
def hinge(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    margin: float = ...,
    squared: bool = ...,
    reduction: str,
) -> float | FloatArray: ...


@register(
    formula="hinge",
    differentiable=("y",),
    prepare=_prepare_hinge,
    forward=_hinge_forward,
    backward=_hinge_backward,
    peer="keras.losses.hinge",
)
def hinge(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    margin: float = 1.0,
    squared: bool = False,
    reduction: str = "mean",
) -> float | FloatArray:
    r"""Hinge loss, as Keras ``hinge`` / ``squared_hinge``: the linear SVM's loss for ±1 labels.

    $$\ell_i = \begin{cases} \max(m - t_i y_i, 0) & \texttt{squared=False} \\ \max(m - t_i y_i,
      0)^2 & \texttt{squared=True} \end{cases}$$

    $$L = \begin{cases} \frac{1}{n} \sum_i \ell_i & \texttt{"mean"} \\ \sum_i \ell_i &
      \texttt{"sum"} \end{cases}$$

    with margin $m$ = `margin` and labels $t_i \in \{-1, +1\}$.

    Parameters
    ----------
    y : array_like of shape (*)
        Raw scores (decision values, logits), any real numbers.
    t : array_like, same shape as y
        Labels, each -1 or +1 (any integer or float dtype).
    margin : float, default 1.0
        The margin $m \ge 0$ a correct score must clear; 0 gives the perceptron loss.
    squared : bool, default False
        Square each term (Keras ``squared_hinge``): differentiable at the margin,
        harsher on large violations.
    reduction : {"mean", "sum", "none"}, default "mean"
        "mean" divides the sum by the number of elements $n$; "none" returns every
        $\ell_i$.

    Returns
    -------
    float or numpy.ndarray
        A float for "mean" and "sum" (0 is best: every $t_i y_i \ge m$); for "none" an
        array shaped like `y` (float32 for float32 `y`, float64 otherwise).

    Raises
    ------
    ValueError
        Shapes differ; input empty, NaN or inf; `t` not -1/+1 (0/1 labels get a hint);
        `margin` negative or not finite; unknown `reduction`.
    TypeError
        Input not real-valued; `squared` not a bool; `margin` not a number.

    See Also
    --------
    soft_margin : the smooth version, $\log(1 + e^{-t y})$.
    binary_cross_entropy : the same smooth loss for
        0/1 labels and logits.

    Notes
    -----
    Keras computes ``mean(maximum(1 - y_true * y_pred, 0), axis=-1)`` and averages over
    the batch: the mean over every element, returned here for ``margin=1`` (Keras also
    converts 0/1 labels silently; losskit asks for ±1). scikit-learn ``hinge_loss`` is
    the same number for 1-D binary input. The gradient is $-t_i$ where
    $t_i y_i \le m$ (at the kink the active side, as PyTorch's ``clamp_min``) and 0
    beyond; squared: $-2 t_i \max(0, m - t_i y_i)$.

    Examples
    --------
    >>> hinge([2.0, 0.5, -1.0], [1, 1, 1], reduction="none").tolist()
    [0.0, 0.5, 2.0]
    >>> hinge([2.0, 0.5, -1.0], [1, 1, 1], squared=True, reduction="sum")
    4.25
    """
    return evaluate(  # type: ignore[no-any-return]
        hinge, y, t, margin=margin, squared=squared, reduction=reduction
    )


# --------------------------------------------------------------------------- soft margin


def _soft_margin_terms(y: FloatArray, t: FloatArray) -> FloatArray:
    """ℓ = log(1 + e^{−t·y}) = softplus(−t·y), which never overflows."""
    return _softplus(-t * y)


def _soft_margin_grad(y: FloatArray, t: FloatArray) -> FloatArray:
    """dℓ/dy = −t·σ(−t·y)."""
    g: FloatArray = -t * _sigmoid(-t * y)
    return g


def _prepare_soft_margin(y: npt.ArrayLike, t: npt.ArrayLike) -> Inputs:
    return Inputs(_with_sign_labels(y, t, "soft_margin"))


def _soft_margin_forward(inputs: Inputs, reduction: str, grad: bool) -> tuple[FloatArray, None]:
    return _soft_margin_terms(*inputs.arrays), None


def _soft_margin_backward(
    inputs: Inputs, cache: None, d_per: FloatArray, argnum: int
) -> FloatArray:
    grad: FloatArray = _soft_margin_grad(*inputs.arrays) * d_per
    return grad


@overload
def soft_margin(
    y: npt.ArrayLike, t: npt.ArrayLike, *, reduction: Literal["mean", "sum"] = ...
) -> float: ...
@overload
def soft_margin(
    y: npt.ArrayLike, t: npt.ArrayLike, *, reduction: Literal["none"]
) -> FloatArray: ...
@overload
def soft_margin(y: npt.ArrayLike, t: npt.ArrayLike, *, reduction: str) -> float | FloatArray: ...


@register(
    formula="soft_margin",
    differentiable=("y",),
    prepare=_prepare_soft_margin,
    forward=_soft_margin_forward,
    backward=_soft_margin_backward,
    peer="torch.nn.functional.soft_margin_loss",
)
def soft_margin(
    y: npt.ArrayLike, t: npt.ArrayLike, *, reduction: str = "mean"
) -> float | FloatArray:
    r"""Soft margin (logistic) loss, as PyTorch ``SoftMarginLoss``: a smooth hinge for ±1 labels.

    $$\ell_i = \log(1 + e^{-t_i y_i})$$

    $$L = \begin{cases} \frac{1}{n} \sum_i \ell_i & \texttt{"mean"} \\ \sum_i \ell_i &
      \texttt{"sum"} \end{cases}$$

    Parameters
    ----------
    y : array_like of shape (*)
        Raw scores (logits), any real numbers.
    t : array_like, same shape as y
        Labels, each -1 or +1 (any integer or float dtype).
    reduction : {"mean", "sum", "none"}, default "mean"
        "mean" divides the sum by the number of elements $n$; "none" returns every
        $\ell_i$.

    Returns
    -------
    float or numpy.ndarray
        A float for "mean" and "sum" (0 is the infimum); for "none" an array shaped like
        `y` (float32 for float32 `y`, float64 otherwise).

    Raises
    ------
    ValueError
        Shapes differ; input empty, NaN or inf; `t` not -1/+1 (0/1 labels get a hint);
        unknown `reduction`.
    TypeError
        Input not real-valued.

    See Also
    --------
    binary_cross_entropy : with
        ``from_logits=True`` and 0/1 labels $(1 + t)/2$, the same numbers.
    hinge : the piecewise-linear margin loss.

    Notes
    -----
    Matches PyTorch ``SoftMarginLoss`` wherever PyTorch is finite. PyTorch evaluates
    ``log1p(exp(-t * y))`` as written, which overflows to inf once $-t y$ passes about
    709 (88 in float32), with a NaN gradient; losskit uses
    $\operatorname{softplus}(z) = \max(z, 0) + \log(1 + e^{-|z|})$, finite for every
    finite input, and the gradient $-t_i\,\sigma(-t_i y_i)$.

    Examples
    --------
    >>> round(soft_margin([0.0], [1]), 6)  # log 2
    0.693147
    >>> soft_margin([-800.0], [1])  # torch: inf
    800.0
    """
    return evaluate(soft_margin, y, t, reduction=reduction)  # type: ignore[no-any-return]


# --------------------------------------------------------------------------- hinge embedding


def _hinge_embedding_terms(y: FloatArray, t: FloatArray, margin: float) -> FloatArray:
    """ℓ = y for t = +1 (a distance to shrink), max(0, margin − y) for t = −1."""
    with np.errstate(over="ignore"):
        apart = np.maximum(in_dtype(margin, y.dtype) - y, 0)
    out: FloatArray = np.where(t > 0, y, apart)
    return out


def _hinge_embedding_grad(y: FloatArray, t: FloatArray, margin: float) -> FloatArray:
    """dℓ/dy = 1 for t = +1; −1 for t = −1 while y ≤ margin (the kink included), else 0."""
    dtype = y.dtype.type
    g: FloatArray = np.where(
        t > 0, dtype(1), np.where(y <= in_dtype(margin, y.dtype), dtype(-1), dtype(0))
    )
    return g


def _prepare_hinge_embedding(y: npt.ArrayLike, t: npt.ArrayLike, *, margin: object = 1.0) -> Inputs:
    m = check_real_option(margin, "margin", lo=0.0)
    return Inputs(_with_sign_labels(y, t, "hinge_embedding"), {"margin": m})


def _hinge_embedding_forward(inputs: Inputs, reduction: str, grad: bool) -> tuple[FloatArray, None]:
    y, t = inputs.arrays
    return _hinge_embedding_terms(y, t, inputs.options["margin"]), None


def _hinge_embedding_backward(
    inputs: Inputs, cache: None, d_per: FloatArray, argnum: int
) -> FloatArray:
    y, t = inputs.arrays
    grad: FloatArray = _hinge_embedding_grad(y, t, inputs.options["margin"]) * d_per
    return grad


@overload
def hinge_embedding(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    margin: float = ...,
    reduction: Literal["mean", "sum"] = ...,
) -> float: ...
@overload
def hinge_embedding(
    y: npt.ArrayLike, t: npt.ArrayLike, *, margin: float = ..., reduction: Literal["none"]
) -> FloatArray: ...
@overload
def hinge_embedding(
    y: npt.ArrayLike, t: npt.ArrayLike, *, margin: float = ..., reduction: str
) -> float | FloatArray: ...


@register(
    formula="hinge_embedding",
    differentiable=("y",),
    prepare=_prepare_hinge_embedding,
    forward=_hinge_embedding_forward,
    backward=_hinge_embedding_backward,
    peer="torch.nn.functional.hinge_embedding_loss",
)
def hinge_embedding(
    y: npt.ArrayLike, t: npt.ArrayLike, *, margin: float = 1.0, reduction: str = "mean"
) -> float | FloatArray:
    r"""Hinge embedding loss, as PyTorch ``HingeEmbeddingLoss``: similar pairs close, others apart.

    $$\ell_i = \begin{cases} y_i & t_i = 1 \\ \max(m - y_i, 0) & t_i = -1 \end{cases}$$

    $$L = \begin{cases} \frac{1}{n} \sum_i \ell_i & \texttt{"mean"} \\ \sum_i \ell_i &
      \texttt{"sum"} \end{cases}$$

    with $y_i$ a distance and margin $m$ = `margin`.

    Parameters
    ----------
    y : array_like of shape (*)
        Usually a distance between the two items of each pair (e.g. an L1 distance of
        embeddings); any real numbers are accepted, as in PyTorch.
    t : array_like, same shape as y
        +1 for a similar pair, -1 for a dissimilar one (any integer or float dtype).
    margin : float, default 1.0
        The distance $m \ge 0$ beyond which dissimilar pairs cost nothing.
    reduction : {"mean", "sum", "none"}, default "mean"
        "mean" divides the sum by the number of elements $n$; "none" returns every
        $\ell_i$.

    Returns
    -------
    float or numpy.ndarray
        A float for "mean" and "sum"; for "none" an array shaped like `y` (float32 for
        float32 `y`, float64 otherwise).

    Raises
    ------
    ValueError
        Shapes differ; input empty, NaN or inf; `t` not -1/+1 (0/1 labels get a hint);
        `margin` negative or not finite; unknown `reduction`.
    TypeError
        Input not real-valued; `margin` not a number.

    See Also
    --------
    cosine_embedding : the same idea on cosine
        similarities of the two embeddings.
    triplet_margin : relative distances of triplets.

    Notes
    -----
    Matches PyTorch ``HingeEmbeddingLoss(margin)`` for ±1 targets. The gradient is 1 for
    similar pairs and $-1$ for dissimilar pairs with $y_i \le m$ (at $y_i = m$ too, as
    PyTorch's ``clamp_min``), 0 beyond the margin.

    Examples
    --------
    >>> hinge_embedding([0.3, 0.3, 2.0], [1, -1, -1], reduction="none").tolist()
    [0.3, 0.7, 0.0]
    """
    return evaluate(  # type: ignore[no-any-return]
        hinge_embedding, y, t, margin=margin, reduction=reduction
    )
