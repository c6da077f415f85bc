r"""Multiclass margin losses: the multiclass SVM (hinge) loss and its multilabel form.

- `multi_margin`: one true class per sample; every other class's score should trail the
  true class's by at least a margin (PyTorch ``MultiMarginLoss``; CS231n's multiclass SVM
  loss divided by the number of classes).
- `multilabel_margin`: several true classes per sample, listed by index; every true
  class's score should lead every other class's by at least 1 (PyTorch
  ``MultiLabelMarginLoss``).

Scores are raw (no softmax); the class axis is the last one, as everywhere in losskit.
"""

from __future__ import annotations

from typing import Any, Literal, overload

import numpy as np
import numpy.typing as npt

from losskit._registry import Inputs, evaluate, register
from losskit._validate import (
    FloatArray,
    as_float_array,
    as_int_array,
    check_class_axis,
    check_finite_number,
    check_int_choice,
    check_int_range,
    check_shape,
    class_weight,
    multilabel_targets,
)

__all__ = ["multi_margin", "multilabel_margin"]


# --------------------------------------------------------------------------- multi_margin


def _multi_margin_prepare(
    y: npt.ArrayLike,
    labels: npt.ArrayLike,
    *,
    p: object = 1,
    margin: object = 1.0,
    weight: object = None,
) -> Inputs:
    power = check_int_choice(p, "p", (1, 2))
    m = check_finite_number(margin, "margin")
    ya = as_float_array(y, "y")
    check_class_axis(ya, "y")
    k = ya.shape[-1]
    w = class_weight(weight, k, ya.dtype)
    la = as_int_array(labels, "labels")
    why_shape = f"one class index per row of y, whose shape is {ya.shape}"
    check_shape(la, "labels", ya.shape[:-1], why_shape)
    check_int_range(
        la, "labels", 0, k, why=f"expected class indices below the {k} classes on y's last axis"
    )
    return Inputs((ya, la), {"p": power, "margin": m, "weight": w})


def _multi_margin_parts(inputs: Inputs) -> tuple[FloatArray, Any, Any, Any]:
    """z_k = margin − y_c + y_k, where z_k > 0 for k ≠ c, the true class's index, w_c."""
    ya, la = inputs.arrays
    dt = ya.dtype.type
    index = la[..., np.newaxis].astype(np.intp, copy=False)
    true_score = np.take_along_axis(ya, index, axis=-1)
    with np.errstate(over="ignore"):
        z: FloatArray = (dt(inputs.options["margin"]) - true_score) + ya
    active = z > 0
    np.put_along_axis(active, index, False, axis=-1)  # the true class itself does not count
    w = inputs.options["weight"]
    w_label = dt(1) if w is None else w[la][..., np.newaxis]
    return z, active, index, w_label


def _multi_margin_forward(inputs: Inputs, reduction: str, grad: bool) -> tuple[FloatArray, None]:
    ya, _ = inputs.arrays
    z, active, _, w_label = _multi_margin_parts(inputs)
    hinge = np.where(active, z, ya.dtype.type(0))
    with np.errstate(over="ignore"):
        if inputs.options["p"] == 2:
            hinge = hinge * hinge
        per: FloatArray = np.asarray(np.sum(hinge * w_label, axis=-1) / ya.dtype.type(ya.shape[-1]))
    return per, None


def _multi_margin_backward(
    inputs: Inputs, cache: None, d_per: FloatArray, argnum: int
) -> FloatArray:
    """dℓ/dy_k = w_c·h'(z_k)/K for k ≠ c (h' = 1, or 2z for p = 2; 0 at the kink, as
    PyTorch), and dℓ/dy_c = −Σ_{k≠c} of those."""
    ya, _ = inputs.arrays
    dt = ya.dtype.type
    z, active, index, w_label = _multi_margin_parts(inputs)
    if inputs.options["p"] == 1:
        slope = np.where(active, dt(1), dt(0))
    else:
        slope = 2 * np.where(active, z, dt(0))
    scale = np.asarray(d_per, dtype=ya.dtype)[..., np.newaxis] / dt(ya.shape[-1])
    with np.errstate(over="ignore"):
        grad: FloatArray = slope * (w_label * scale)
        np.put_along_axis(grad, index, 0 - np.sum(grad, axis=-1, keepdims=True), axis=-1)
    return grad


@overload
def multi_margin(
    y: npt.ArrayLike,
    labels: npt.ArrayLike,
    *,
    p: int = ...,
    margin: float = ...,
    weight: npt.ArrayLike | None = ...,
    reduction: Literal["mean", "sum"] = ...,
) -> float: ...
@overload
def multi_margin(
    y: npt.ArrayLike,
    labels: npt.ArrayLike,
    *,
    p: int = ...,
    margin: float = ...,
    weight: npt.ArrayLike | None = ...,
    reduction: Literal["none"],
) -> FloatArray: ...
@overload
def multi_margin(
    y: npt.ArrayLike,
    labels: npt.ArrayLike,
    *,
    p: int = ...,
    margin: float = ...,
    weight: npt.ArrayLike | None = ...,
    reduction: str,
) -> float | FloatArray: ...


@register(
    formula="multi_margin",
    differentiable=("y",),
    prepare=_multi_margin_prepare,
    forward=_multi_margin_forward,
    backward=_multi_margin_backward,
    peer="torch.nn.functional.multi_margin_loss",
)
def multi_margin(
    y: npt.ArrayLike,
    labels: npt.ArrayLike,
    *,
    p: int = 1,
    margin: float = 1.0,
    weight: npt.ArrayLike | None = None,
    reduction: str = "mean",
) -> float | FloatArray:
    r"""Multiclass hinge (SVM) loss: every wrong class's score should trail the true one's.

    $$\ell_n = \frac{1}{K} \sum_{k \ne c_n} w_{c_n} \max(y_{nk} + \Delta - y_{n, c_n}, 0)^p$$

    $$L = \begin{cases} \frac{1}{N} \sum_n \ell_n & \texttt{"mean"} \\ \sum_n \ell_n &
      \texttt{"sum"} \end{cases}$$

    with $c_n$ the label of sample $n$, $\Delta$ = `margin`, $p$ = `p` (1 or 2) and $w_k = 1$
    without `weight`; $n$ runs over the samples (``y.shape[:-1]``).

    Parameters
    ----------
    y : array_like of shape (..., K)
        Scores (any finite numbers, no softmax), the classes on the last axis.
    labels : array_like of shape (...)
        One class index in [0, K) per sample, of shape ``y.shape[:-1]``.
    p : {1, 2}, default 1
        1 for the hinge, 2 for the squared hinge.
    margin : float, default 1.0
        The margin $\Delta$ (any finite number).
    weight : array_like of shape (K,), optional
        One weight $\ge 0$ per class, applied by the sample's true class. "mean" still
        divides by the number of samples (PyTorch).
    reduction : {"mean", "sum", "none"}, default "mean"

    Returns
    -------
    float or numpy.ndarray
        A float for "mean" and "sum"; for "none" an array shaped like `labels`. 0 once
        every wrong score trails the true one by at least the margin.

    Raises
    ------
    ValueError
        `labels` of the wrong shape, not whole or outside [0, K); `p` not 1 or 2;
        `margin` not finite; `weight` not of shape (K,) or negative; input empty, NaN or
        inf; unknown `reduction`.
    TypeError
        Input not real-valued; `p` not an integer; `margin` not a number.

    See Also
    --------
    multilabel_margin : several true classes per sample.
    sparse_categorical_cross_entropy : the
        softmax alternative, never exactly 0.

    Notes
    -----
    PyTorch ``MultiMarginLoss`` (class axis last; torch accepts only (K,) and (N, K)).
    CS231n's multiclass SVM loss (Weston and Watkins) is
    $L_n = \sum_{j \ne c_n}\max(0, s_j - s_{c_n} + \Delta)$: the same sum without the
    $1/K$, so ``multi_margin(s, c) * K`` is CS231n's data loss (averaged over the batch,
    before its L2 regularisation); ``p=2`` is its squared-hinge (L2-SVM) variant. The
    gradient at a hinge's kink ($z = 0$) is taken as 0, as PyTorch.

    References
    ----------
    CS231n, "Linear classification: Support Vector Machine, Softmax",
    https://cs231n.github.io/linear-classify/

    Examples
    --------
    >>> s = [3.2, 5.1, -1.7]  # CS231n's cat scores; the true class is 0
    >>> multi_margin(s, 0) * 3  # CS231n's 2.9: max(0, 5.1 - 3.2 + 1) + max(0, -1.7 - 3.2 + 1)
    2.8999999999999995
    """
    return evaluate(  # type: ignore[no-any-return]
        multi_margin, y, labels, p=p, margin=margin, weight=weight, reduction=reduction
    )


# --------------------------------------------------------------------------- multilabel_margin


def _multilabel_margin_prepare(y: npt.ArrayLike, t: npt.ArrayLike) -> Inputs:
    ya = as_float_array(y, "y")
    check_class_axis(ya, "y")
    ta = multilabel_targets(t, ya.shape, ya.shape[-1])
    return Inputs((ya, ta))


def _multilabel_margin_parts(inputs: Inputs) -> tuple[FloatArray, Any, FloatArray]:
    """z_ji = 1 − (y_j − y_i), the pairs (j listed, i not, z > 0), and how often each j
    is listed: a row's labels are its entries before the first −1, and a label listed
    twice counts twice, as in PyTorch."""
    ya, ta = inputs.arrays
    k = ya.shape[-1]
    listed = np.cumprod(ta != -1, axis=-1).astype(bool)
    is_class = (ta[..., :, np.newaxis] == np.arange(k)) & listed[..., :, np.newaxis]
    count = np.sum(is_class, axis=-2).astype(ya.dtype)
    with np.errstate(over="ignore"):
        z: FloatArray = (ya.dtype.type(1) - ya[..., :, np.newaxis]) + ya[..., np.newaxis, :]
    pairs = (count[..., :, np.newaxis] > 0) & (count == 0)[..., np.newaxis, :] & (z > 0)
    return z, pairs, count


def _multilabel_margin_forward(
    inputs: Inputs, reduction: str, grad: bool
) -> tuple[FloatArray, None]:
    ya, _ = inputs.arrays
    z, pairs, count = _multilabel_margin_parts(inputs)
    with np.errstate(over="ignore"):
        weighted = np.where(pairs, z, ya.dtype.type(0)) * count[..., :, np.newaxis]
        per: FloatArray = np.asarray(np.sum(weighted, axis=(-2, -1)) / ya.dtype.type(ya.shape[-1]))
    return per, None


def _multilabel_margin_backward(
    inputs: Inputs, cache: None, d_per: FloatArray, argnum: int
) -> FloatArray:
    """Each active pair (j, i) adds −count_j/K to y_j's gradient and +count_j/K to y_i's."""
    ya, _ = inputs.arrays
    _, pairs, count = _multilabel_margin_parts(inputs)
    scale = np.asarray(d_per, dtype=ya.dtype)[..., np.newaxis, np.newaxis]
    slope = np.where(pairs, count[..., :, np.newaxis], ya.dtype.type(0)) * (
        scale / ya.dtype.type(ya.shape[-1])
    )
    grad: FloatArray = np.sum(slope, axis=-2) - np.sum(slope, axis=-1)
    return grad.astype(ya.dtype, copy=False)


@overload
def multilabel_margin(
    y: npt.ArrayLike, t: npt.ArrayLike, *, reduction: Literal["mean", "sum"] = ...
) -> float: ...
@overload
def multilabel_margin(
    y: npt.ArrayLike, t: npt.ArrayLike, *, reduction: Literal["none"]
) -> FloatArray: ...
@overload
def multilabel_margin(
    y: npt.ArrayLike, t: npt.ArrayLike, *, reduction: str
) -> float | FloatArray: ...


@register(
    formula="multilabel_margin",
    differentiable=("y",),
    prepare=_multilabel_margin_prepare,
    forward=_multilabel_margin_forward,
    backward=_multilabel_margin_backward,
    peer="torch.nn.functional.multilabel_margin_loss",
)
def multilabel_margin(
    y: npt.ArrayLike, t: npt.ArrayLike, *, reduction: str = "mean"
) -> float | FloatArray:
    r"""Multilabel hinge loss: every true class's score should lead every other class's by 1.

    $$\ell_n = \frac{1}{K} \sum_{j \in J_n} \sum_{k \notin J_n} \max(1 + y_{nk} - y_{nj}, 0)$$

    $$L = \begin{cases} \frac{1}{N} \sum_n \ell_n & \texttt{"mean"} \\ \sum_n \ell_n &
      \texttt{"sum"} \end{cases}$$

    where $J_n$ lists the true classes of sample $n$: the entries of ``t[n]`` before its
    first -1.

    Parameters
    ----------
    y : array_like of shape (..., K)
        Scores, the classes on the last axis.
    t : array_like of int, same shape as y
        Per sample, the indices of its true classes, then -1 (the rest of the row is not
        read), as PyTorch: ``[3, 0, -1, 1]`` means classes 3 and 0. Every entry in
        [-1, K).
    reduction : {"mean", "sum", "none"}, default "mean"

    Returns
    -------
    float or numpy.ndarray
        A float for "mean" and "sum"; for "none" an array of shape ``y.shape[:-1]``.

    Raises
    ------
    ValueError
        Shapes differ; `y` 0-d; `t` not whole or outside [-1, K); input empty, NaN or
        inf; unknown `reduction`.
    TypeError
        Input not real-valued.

    See Also
    --------
    multi_margin : one true class per sample.
    multilabel_soft_margin : the smooth, per-label
        alternative with 0/1 targets.

    Notes
    -----
    PyTorch ``MultiLabelMarginLoss`` (class axis last; torch takes only (K,) and (N, K)).
    A class listed twice counts twice, as in PyTorch. The gradient at a kink is 0.

    Examples
    --------
    >>> round(multilabel_margin([[0.1, 0.2, 0.4, 0.8]], [[3, 0, -1, 1]]), 6)  # PyTorch's docs
    0.85
    """
    return evaluate(multilabel_margin, y, t, reduction=reduction)  # type: ignore[no-any-return]
