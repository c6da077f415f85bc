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

import numpy as np
import numpy.typing as npt

from losskit._validate import (
    SCALAR_REDUCTIONS,
    FloatArray,
    as_float_array,
    as_int_array,
    check_class_axis,
    check_finite_number,
    check_int_choice,
    check_int_range,
    check_reduction,
    check_shape,
    class_weight,
    multilabel_targets,
)

__all__ = ["multi_margin", "multilabel_margin"]


def _reduce(per: FloatArray, reduction: str) -> tuple[float | FloatArray, float]:
    """The reduced value and dL/dℓ_n: "mean" over the samples, as PyTorch."""
    if reduction == "none":
        return np.asarray(per), 1.0
    with np.errstate(over="ignore"):
        total = float(np.sum(per, dtype=np.float64))
    if reduction == "sum":
        return total, 1.0
    return total / per.size, 1.0 / per.size


def _multi_margin_body(
    y: npt.ArrayLike,
    labels: npt.ArrayLike,
    *,
    p: object,
    margin: object,
    weight: object,
    reduction: str,
    want_grad: bool,
) -> tuple[float | FloatArray, FloatArray | None]:
    power = check_int_choice(p, "p", (1, 2))
    m = check_finite_number(margin, "margin")
    ya = as_float_array(y, "y")
    check_class_axis(ya, "y")
    k = ya.shape[-1]
    w = class_weight(weight, k, ya.dtype)
    la = as_int_array(labels, "labels")
    check_shape(
        la, "labels", ya.shape[:-1], f"one class index per row of y, whose shape is {ya.shape}"
    )
    check_int_range(
        la, "labels", 0, k, why=f"expected class indices below the {k} classes on y's last axis"
    )
    dt = ya.dtype.type
    index = la[..., np.newaxis].astype(np.intp, copy=False)
    true_score = np.take_along_axis(ya, index, axis=-1)
    # z_k = margin − y_c + y_k for k ≠ c; the true class itself does not count
    with np.errstate(over="ignore"):
        z = (dt(m) - true_score) + ya
    active = z > 0
    np.put_along_axis(active, index, False, axis=-1)
    hinge = np.where(active, z, dt(0))
    if power == 2:
        with np.errstate(over="ignore"):
            hinge = hinge * hinge
    w_label = dt(1) if w is None else w[la][..., np.newaxis]
    with np.errstate(over="ignore"):
        per: FloatArray = np.asarray(np.sum(hinge * w_label, axis=-1) / dt(k))
    value, scale = _reduce(per, reduction)
    if not want_grad:
        return value, None
    # dℓ/dy_k = w_c·h'(z_k)/K for k ≠ c, and dℓ/dy_c = −Σ_{k≠c} of those
    slope = np.where(active, dt(1), dt(0)) if power == 1 else 2 * np.where(active, z, dt(0))
    with np.errstate(over="ignore"):
        grad: FloatArray = slope * (w_label * dt(scale / k))
        np.put_along_axis(grad, index, 0 - np.sum(grad, axis=-1, keepdims=True), axis=-1)
    return value, grad


def _multilabel_margin_body(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    reduction: str,
    want_grad: bool,
) -> tuple[float | FloatArray, FloatArray | None]:
    ya = as_float_array(y, "y")
    check_class_axis(ya, "y")
    k = ya.shape[-1]
    ta = multilabel_targets(t, ya.shape, k)
    dt = ya.dtype.type
    # A row's labels are its entries before the first −1; a label listed twice counts
    # twice, as in PyTorch. count[..., j] = how often class j is listed.
    listed = np.cumprod(ta != -1, axis=-1).astype(bool)
    count = np.sum(
        (ta[..., :, np.newaxis] == np.arange(k)) & listed[..., :, np.newaxis], axis=-2
    ).astype(ya.dtype)
    other = count == 0
    # z_ji = 1 − (y_j − y_i) for every listed j and every unlisted i
    with np.errstate(over="ignore"):
        z = (dt(1) - ya[..., :, np.newaxis]) + ya[..., np.newaxis, :]
    pairs = (count[..., :, np.newaxis] > 0) & other[..., np.newaxis, :] & (z > 0)
    weighted = np.where(pairs, z, dt(0)) * count[..., :, np.newaxis]
    with np.errstate(over="ignore"):
        per: FloatArray = np.asarray(np.sum(weighted, axis=(-2, -1)) / dt(k))
    value, scale = _reduce(per, reduction)
    if not want_grad:
        return value, None
    slope = np.where(pairs, count[..., :, np.newaxis], dt(0)) * dt(scale / k)
    grad: FloatArray = np.sum(slope, axis=-2) - np.sum(slope, axis=-1)
    return value, grad.astype(ya.dtype, copy=False)


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

    $$\ell_n = \frac{1}{K}\sum_{k \ne c_n} w_{c_n}\,
      \max\bigl(0,\; \Delta - y_{n c_n} + y_{nk}\bigr)^{p}$$

    with $c_n$ the label of sample $n$, $\Delta$ = `margin` and $w_k = 1$ without
    `weight`; "mean" averages $\ell_n$ over the samples (``y.shape[:-1]``), "sum" adds
    them.

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
    - [`multilabel_margin`][losskit.multilabel_margin]: several true classes per sample.
    - [`sparse_categorical_cross_entropy`][losskit.sparse_categorical_cross_entropy]: the
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
    red = check_reduction(reduction)
    value, _ = _multi_margin_body(
        y, labels, p=p, margin=margin, weight=weight, reduction=red, want_grad=False
    )
    return value


def _multi_margin_value_and_grad(
    y: npt.ArrayLike,
    labels: npt.ArrayLike,
    *,
    p: int = 1,
    margin: float = 1.0,
    weight: npt.ArrayLike | None = None,
    reduction: str = "mean",
) -> tuple[float, FloatArray]:
    red = check_reduction(reduction, SCALAR_REDUCTIONS)
    value, grad = _multi_margin_body(
        y, labels, p=p, margin=margin, weight=weight, reduction=red, want_grad=True
    )
    assert grad is not None
    return float(value), grad


def multilabel_margin(
    y: npt.ArrayLike, t: npt.ArrayLike, *, reduction: str = "mean"
) -> float | FloatArray:
    r"""Multilabel hinge loss: every true class's score should lead every other class's by 1.

    $$\ell_n = \frac{1}{K}\sum_{j \in J_n}\sum_{i \notin J_n}
      \max\bigl(0,\; 1 - (y_{nj} - y_{ni})\bigr)$$

    where $J_n$ lists the true classes of sample $n$: the entries of ``t[n]`` before its
    first -1. "mean" averages $\ell_n$ over the samples, "sum" adds them.

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
    - [`multi_margin`][losskit.multi_margin]: one true class per sample.
    - [`multilabel_soft_margin`][losskit.multilabel_soft_margin]: the smooth, per-label
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
    red = check_reduction(reduction)
    value, _ = _multilabel_margin_body(y, t, reduction=red, want_grad=False)
    return value


def _multilabel_margin_value_and_grad(
    y: npt.ArrayLike, t: npt.ArrayLike, *, reduction: str = "mean"
) -> tuple[float, FloatArray]:
    red = check_reduction(reduction, SCALAR_REDUCTIONS)
    value, grad = _multilabel_margin_body(y, t, reduction=red, want_grad=True)
    assert grad is not None
    return float(value), grad
