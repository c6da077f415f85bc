r"""Categorical cross-entropies: one class out of K, on the last axis.

- `categorical_cross_entropy`: targets one-hot or soft, the same shape as the prediction.
- `sparse_categorical_cross_entropy`: the same with integer class labels.

Probabilities go in by default; ``from_logits=True`` takes raw scores and fuses the
softmax into the loss, which is exact and finite for any finite logit. From logits both
walk the rows in blocks of about 1 MiB, so the (N, K) temporaries of the log-softmax stay
in the cache; on the probability path $\log p$ is clamped at $-100$, as PyTorch
``BCELoss`` does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, overload

import numpy as np
import numpy.typing as npt

from losskit._clamp import clamped_log, safe_div
from losskit._registry import (
    Inputs,
    evaluate,
    plain_arrays,
    reduce,
    register,
    row_step,
    unit_d_per,
)
from losskit._validate import (
    FloatArray,
    as_float_array,
    as_int_array,
    as_pair,
    check_class_axis,
    check_flag,
    check_ignore_index,
    check_int_range,
    check_range,
    check_shape,
    check_unit_interval,
    class_weight,
    labels_with_ignore,
)
from losskit.activations import _softmax
from losskit.binary import Y_HINT, in_unit_interval

__all__ = ["categorical_cross_entropy", "nll_loss", "sparse_categorical_cross_entropy"]

IntpArray = npt.NDArray[np.intp]
NDBool = npt.NDArray[np.bool_]


def _shift_and_logsum(xb: FloatArray, e: FloatArray, shifted: FloatArray) -> FloatArray:
    """Row-wise: shifted = x − m and e = e^{x − m} (into the given buffers), m = max x;
    return log Σ e^{x − m} (keepdims). Every exponent is ≤ 0."""
    m = np.max(xb, axis=-1, keepdims=True)
    np.subtract(xb, m, out=shifted)
    np.exp(shifted, out=e)
    log_s: FloatArray = np.log(np.sum(e, axis=-1, keepdims=True))
    return log_s


def _rows_of(d_per: FloatArray, n: int) -> FloatArray:
    """d value / d per-row value as a flat (n,) array (a view for a 0-d `d_per`)."""
    rows: FloatArray = np.broadcast_to(d_per, (n,)) if d_per.ndim == 0 else d_per.reshape(-1)
    return rows


def _logit_options(from_logits: object) -> bool:
    return check_flag(from_logits, "from_logits")


# --------------------------------------------------------------------------- categorical


def _dense_logit_rows(
    x: FloatArray,
    t: FloatArray,
    per: FloatArray,
    probs: FloatArray | None,
    d_per: FloatArray | None,
    *,
    check: bool,
) -> bool:
    """Row blocks of the categorical cross-entropy from logits.

    per[n] = Σ_k t_k (log Σ_j e^{x_j − m} − (x_k − m)) = −Σ_k t_k log softmax(x)_k; with
    `probs`, also softmax(x) into it, finished into the gradient (softmax·Σ_k t_k − t)·d_per
    when `d_per` is given. With `check` (unvalidated input) it returns False on a target
    outside [0, 1]; a NaN or ±inf in x or t reaches the row's value through the product.
    """
    k = x.shape[-1]
    x2, t2, per1 = x.reshape(-1, k), t.reshape(-1, k), per.reshape(-1)
    n = x2.shape[0]
    step = row_step(k, x.itemsize)
    p2 = None if probs is None else probs.reshape(-1, k)
    e_buf = np.empty((min(step, n), k), dtype=x.dtype) if p2 is None else None
    w_buf = np.empty((min(step, n), k), dtype=x.dtype)
    rows = None if d_per is None else _rows_of(d_per, n)
    # invalid: a row spanning more than the float range gives 0·inf, fixed by the caller
    with np.errstate(all="ignore") if check else np.errstate(over="ignore", invalid="ignore"):
        for start in range(0, n, step):
            stop = min(start + step, n)
            xb, tb = x2[start:stop], t2[start:stop]
            if check and not in_unit_interval(tb):
                return False
            e = e_buf[: stop - start] if p2 is None else p2[start:stop]  # type: ignore[index]
            w = w_buf[: stop - start]
            log_s = _shift_and_logsum(xb, e, w)
            np.subtract(log_s, w, out=w)
            w *= tb
            np.sum(w, axis=-1, out=per1[start:stop])
            if p2 is not None:
                e /= np.sum(e, axis=-1, keepdims=True)
                if rows is not None:
                    _dense_grad_block(e, tb, rows[start:stop])
    return True


def _dense_grad_block(e: FloatArray, tb: FloatArray, scale: FloatArray) -> None:
    """softmax → its gradient in place: (softmax·Σ_k t_k − t)·scale, one scale per row."""
    e *= np.sum(tb, axis=-1, keepdims=True)
    e -= tb
    e *= scale[:, np.newaxis]


def _cce_prepare(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    from_logits: object = False,
    weight: object = None,
    label_smoothing: object = 0.0,
) -> Inputs:
    logits = _logit_options(from_logits)
    smoothing = check_unit_interval(label_smoothing, "label_smoothing")
    ya, ta = as_pair(y, t)
    check_class_axis(ya, "y")
    w = class_weight(weight, ya.shape[-1], ya.dtype)
    check_range(ta, "t", hint="expected one-hot or soft targets in [0, 1]")
    if not logits:
        check_range(ya, "y", hint=Y_HINT)
    if w is None and not smoothing:
        return Inputs((ya, ta), {"from_logits": logits})
    # t' = (1 − ε)·t + ε/K, then c = w·t'; "mean" still divides by N (PyTorch)
    coef = ta * ya.dtype.type(1 - smoothing) + ya.dtype.type(smoothing / ya.shape[-1])
    if w is not None:
        coef *= w
    return Inputs((ya, ta), {"from_logits": logits, "coef": coef})


def _cce_forward(inputs: Inputs, reduction: str, grad: bool) -> tuple[FloatArray, Any]:
    ya, ta = inputs.arrays
    if "coef" in inputs.options:
        return _weighted_forward(ya, inputs.options["coef"], inputs.options["from_logits"])
    if inputs.options["from_logits"]:
        per = np.empty(ya.shape[:-1], dtype=ya.dtype)
        # C order, whatever y's layout: the row blocks fill it through reshape views
        probs = np.empty(ya.shape, dtype=ya.dtype) if grad else None
        _dense_logit_rows(ya, ta, per, probs, None, check=False)
        if np.isnan(per).any():  # a row spanning more than the float range: 0·inf terms
            rows = np.isnan(per)
            lp, _ = _log_probs(ya[rows], True)
            per[rows] = _cross_entropy_terms(lp, ta[rows])
        return per, probs
    logp, _ = clamped_log(ya)
    logp *= ta
    return np.asarray(0.0 - np.sum(logp, axis=-1)), None


def _cce_backward(inputs: Inputs, probs: Any, d_per: FloatArray, argnum: int) -> FloatArray:
    """Logits: (softmax(x)·Σ_k t_k − t) / N (just softmax − t for targets summing to 1).
    Probabilities: −t / p / N, 0 where log p is clamped."""
    ya, ta = inputs.arrays
    if "coef" in inputs.options:
        coef, live = inputs.options["coef"], probs
        return _cross_entropy_backward(ya, coef, live, d_per, inputs.options["from_logits"])
    if probs is None:
        _, live = clamped_log(ya)
        grad = safe_div(np.asarray(0 - ta), ya, live)
        grad *= d_per[..., np.newaxis]
        return grad
    k = ya.shape[-1]
    g2, t2 = probs.reshape(-1, k), ta.reshape(-1, k)
    rows = _rows_of(d_per, g2.shape[0])
    step = row_step(k, ya.itemsize)
    for start in range(0, g2.shape[0], step):
        stop = start + step
        _dense_grad_block(g2[start:stop], t2[start:stop], rows[start:stop])
    out: FloatArray = probs
    return out


def _cce_fast(
    arrays: tuple[Any, ...], options: Mapping[str, Any], reduction: str, grad: bool
) -> tuple[float, FloatArray | None] | None:
    """From logits, plain arrays: the value (and gradient) in one pass of row blocks."""
    plain = plain_arrays(arrays)
    if plain is None or options.get("from_logits", False) is not True or plain[0].ndim == 0:
        return None
    if not _default_options(options):
        return None
    x, t = plain
    per = np.empty(x.shape[:-1], dtype=x.dtype)
    d_per = unit_d_per(per.size, reduction, x.dtype) if grad else None
    # C order, whatever y's layout: the row blocks fill it through reshape views
    probs = np.empty(x.shape, dtype=x.dtype) if grad else None
    if not _dense_logit_rows(x, t, per, probs, d_per, check=True):
        return None
    value, _ = reduce(per, reduction)
    return (value, probs) if np.isfinite(value) else None


@overload
def categorical_cross_entropy(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    from_logits: bool = ...,
    weight: npt.ArrayLike | None = ...,
    label_smoothing: float = ...,
    reduction: Literal["mean", "sum"] = ...,
) -> float: ...
@overload
def categorical_cross_entropy(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    from_logits: bool = ...,
    weight: npt.ArrayLike | None = ...,
    label_smoothing: float = ...,
    reduction: Literal["none"],
) -> FloatArray: ...
@overload
def categorical_cross_entropy(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    from_logits: bool = ...,
    weight: npt.ArrayLike | None = ...,
    label_smoothing: float = ...,
    reduction: str,
) -> float | FloatArray: ...


@register(
    formula="categorical_cross_entropy",
    differentiable=("y",),
    prepare=_cce_prepare,
    forward=_cce_forward,
    backward=_cce_backward,
    fast=_cce_fast,
    peer="torch.nn.functional.cross_entropy",
)
def categorical_cross_entropy(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    from_logits: bool = False,
    weight: npt.ArrayLike | None = None,
    label_smoothing: float = 0.0,
    reduction: str = "mean",
) -> float | FloatArray:
    r"""Categorical cross-entropy over the last axis: one class out of K, one-hot or soft targets.

    $$\ell_n = -\sum_k t_{nk} \log p_{nk}$$

    with the probabilities $p_{nk}$ = ``y[n, k]``; with ``from_logits=True``, ``y[n, k]`` is
    the logit $z_{nk}$ and

    $$\ell_n = \sum_k t_{nk} \bigl(\operatorname{logsumexp}(z_n) - z_{nk}\bigr)$$

    $$L = \begin{cases} \frac{1}{N} \sum_n \ell_n & \texttt{"mean"} \\
      \sum_n \ell_n & \texttt{"sum"} \end{cases}$$

    where $n$ runs over every position of the leading axes (``y.shape[:-1]``). With
    `weight` $w$ (one per class, 1 without it) and `label_smoothing` $\varepsilon$ the
    targets are smoothed towards the uniform distribution and each class weighted, as
    PyTorch; "mean" still divides by $N$:

    $$\ell_n = -\sum_k w_k \bigl(\frac{\varepsilon}{K} + t_{nk} (1 - \varepsilon)\bigr) \log
      p_{nk}$$

    Parameters
    ----------
    y : array_like of shape (..., K)
        Probabilities in [0, 1] (softmax outputs), or logits with ``from_logits=True``.
        Rows need not sum to 1: they are used as given, never renormalised.
    t : array_like, same shape as y
        Targets in [0, 1], one-hot or soft (e.g. label smoothing). Never broadcast.
    from_logits : bool, default False
        Whether `y` holds logits; a log-softmax is then fused into the loss.
    reduction : {"mean", "sum", "none"}, default "mean"
        "mean" averages over the samples (all leading axes), "sum" adds them, "none"
        returns one value per sample.

    Returns
    -------
    float or numpy.ndarray
        A float for "mean" and "sum"; for "none" an array of shape ``y.shape[:-1]``
        (a 0-d array for 1-D `y`), float32 for float32 `y`, float64 otherwise.

    Raises
    ------
    ValueError
        Shapes differ; `y` 0-d; `t` outside [0, 1]; `y` outside [0, 1] without
        ``from_logits``; input empty, NaN or inf; unknown `reduction`.
    TypeError
        Input not real-valued; `from_logits` not a bool.

    See Also
    --------
    sparse_categorical_cross_entropy : the same
        loss with integer labels.
    binary_cross_entropy : independent (multilabel) outputs.
    cross_entropy_error : the article's version, with $\delta$
        instead of a clamp.

    Notes
    -----
    Logits: $\ell_n = \sum_k t_{nk}(\operatorname{logsumexp}(y_{n\cdot}) - y_{nk})$, exact
    for every finite logit; this is PyTorch ``CrossEntropyLoss`` with probability targets
    (class axis last instead of second) and Keras ``categorical_crossentropy(...,
    from_logits=True)``.

    Probabilities: $\log p$ is clamped at $-100$, as in `binary_cross_entropy`, so a zero
    probability on the true class costs 100 rather than infinity, with a 0 gradient there.
    Keras instead renormalises each row and clips $p$ to $[10^{-7}, 1 - 10^{-7}]$.

    Examples
    --------
    >>> y = [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]]
    >>> t = [[1, 0, 0], [0, 1, 0]]
    >>> categorical_cross_entropy(y, t)  # -(log 0.7 + log 0.8) / 2
    0.2899092476264711
    >>> import numpy as np
    >>> print(np.round(categorical_cross_entropy(y, t, reduction="none"), 4))
    [0.3567 0.2231]
    >>> x = [800.0, 0.0, 0.0]  # logits
    >>> categorical_cross_entropy(x, [0, 1, 0], from_logits=True)
    800.0
    """
    return evaluate(  # type: ignore[no-any-return]
        categorical_cross_entropy,
        y,
        t,
        from_logits=from_logits,
        weight=weight,
        label_smoothing=label_smoothing,
        reduction=reduction,
    )


# --------------------------------------------------------------------------- sparse


def _sparse_logit_rows(
    x: FloatArray,
    labels: IntpArray,
    per: FloatArray,
    probs: FloatArray | None,
    d_per: FloatArray | None,
    *,
    check: bool,
) -> bool:
    """Row blocks of the sparse cross-entropy from logits.

    per[n] = log Σ_j e^{x_j − m} − (x_label − m) = −log softmax(x)_label; with `probs`,
    also softmax(x) into it, finished into the gradient (softmax − onehot)·d_per when
    `d_per` is given. With `check` it returns False on a NaN or ±inf logit.
    """
    k = x.shape[-1]
    x2, per1, la = x.reshape(-1, k), per.reshape(-1), labels.reshape(-1)
    n = x2.shape[0]
    step = row_step(k, x.itemsize)
    p2 = None if probs is None else probs.reshape(-1, k)
    e_buf = np.empty((min(step, n), k), dtype=x.dtype) if p2 is None else None
    shifted_buf = np.empty((min(step, n), k), dtype=x.dtype)
    rows = None if d_per is None else _rows_of(d_per, n)
    with np.errstate(all="ignore") if check else np.errstate(over="ignore"):
        for start in range(0, n, step):
            stop = min(start + step, n)
            xb = x2[start:stop]
            # NaN or −inf anywhere makes the minimum non-finite (a −inf logit off the label
            # would not reach the value); +inf makes the row's max +inf and its value NaN.
            if check and not np.isfinite(xb.min()):
                return False
            e = e_buf[: stop - start] if p2 is None else p2[start:stop]  # type: ignore[index]
            shifted = shifted_buf[: stop - start]
            log_s = _shift_and_logsum(xb, e, shifted)
            index = la[start:stop, np.newaxis]
            picked = np.take_along_axis(shifted, index, axis=-1)
            np.subtract(log_s, picked, out=per1[start:stop, np.newaxis])
            if p2 is not None:
                e /= np.sum(e, axis=-1, keepdims=True)
                if rows is not None:
                    _sparse_grad_block(e, index, rows[start:stop])
    return True


def _sparse_grad_block(e: FloatArray, index: IntpArray, scale: FloatArray) -> None:
    """softmax → its gradient in place: (softmax − onehot(label))·scale, one scale per row."""
    at = np.take_along_axis(e, index, axis=-1)
    np.put_along_axis(e, index, at - 1, axis=-1)
    e *= scale[:, np.newaxis]


def _scce_prepare(
    y: npt.ArrayLike,
    labels: npt.ArrayLike,
    *,
    from_logits: object = False,
    weight: object = None,
    ignore_index: object = None,
    label_smoothing: object = 0.0,
) -> Inputs:
    logits = _logit_options(from_logits)
    ignore = check_ignore_index(ignore_index)
    smoothing = check_unit_interval(label_smoothing, "label_smoothing")
    if weight is not None or ignore is not None or smoothing:
        return _sparse_weighted_prepare(y, labels, logits, weight, ignore, smoothing, "y")
    ya = as_float_array(y, "y")
    check_class_axis(ya, "y")
    la = as_int_array(labels, "labels")
    check_shape(
        la, "labels", ya.shape[:-1], f"one class index per row of y, whose shape is {ya.shape}"
    )
    k = ya.shape[-1]
    check_int_range(
        la, "labels", 0, k, why=f"expected class indices below the {k} classes on y's last axis"
    )
    if not logits:
        check_range(ya, "y", hint=Y_HINT)
    return Inputs((ya, la), {"from_logits": logits})


def _scce_forward(inputs: Inputs, reduction: str, grad: bool) -> tuple[FloatArray, Any]:
    ya, la = inputs.arrays
    if "coef" in inputs.options:
        return _sparse_weighted_forward(inputs, reduction)
    index = la.astype(np.intp, copy=False)
    if inputs.options["from_logits"]:
        per = np.empty(ya.shape[:-1], dtype=ya.dtype)
        # C order, whatever y's layout: the row blocks fill it through reshape views
        probs = np.empty(ya.shape, dtype=ya.dtype) if grad else None
        _sparse_logit_rows(ya, index, per, probs, None, check=False)
        return per, probs
    picked = np.take_along_axis(ya, index[..., np.newaxis], axis=-1)[..., 0]
    logp, _ = clamped_log(np.asarray(picked))
    return np.asarray(-logp), None


def _scce_backward(inputs: Inputs, probs: Any, d_per: FloatArray, argnum: int) -> FloatArray:
    """Logits: (softmax(x) − onehot(label)) / N. Probabilities: −1/p at the label / N (0
    where log p is clamped), 0 elsewhere."""
    ya, la = inputs.arrays
    if "coef" in inputs.options:
        coef, live = inputs.options["coef"], probs
        return _cross_entropy_backward(ya, coef, live, d_per, inputs.options["from_logits"])
    index = la.astype(np.intp, copy=False)[..., np.newaxis]
    if probs is None:
        picked = np.take_along_axis(ya, index, axis=-1)
        _, live = clamped_log(picked)
        scale = np.broadcast_to(d_per[..., np.newaxis], picked.shape)
        at = safe_div(np.asarray(0 - scale), picked, live)
        grad = np.zeros_like(ya)
        np.put_along_axis(grad, index, at, axis=-1)
        return grad
    k = ya.shape[-1]
    g2, i2 = probs.reshape(-1, k), index.reshape(-1, 1)
    rows = _rows_of(d_per, g2.shape[0])
    step = row_step(k, ya.itemsize)
    for start in range(0, g2.shape[0], step):
        stop = start + step
        _sparse_grad_block(g2[start:stop], i2[start:stop], rows[start:stop])
    out: FloatArray = probs
    return out


def _plain_labels(labels: object, shape: tuple[int, ...], k: int) -> IntpArray | None:
    """Integer labels of `shape`, all in [0, k), as an intp array; else None."""
    if type(labels) is not np.ndarray or labels.dtype.kind not in "iu":
        return None
    if labels.shape != shape or labels.size == 0:
        return None
    if int(labels.min()) < 0 or int(labels.max()) >= k:
        return None
    out: IntpArray = labels.astype(np.intp, copy=False)
    return out


def _scce_fast(
    arrays: tuple[Any, ...], options: Mapping[str, Any], reduction: str, grad: bool
) -> tuple[float, FloatArray | None] | None:
    """From logits, plain arrays: the value (and gradient) in one pass of row blocks."""
    y, labels = arrays
    plain = plain_arrays((y,))
    if plain is None or options.get("from_logits", False) is not True or plain[0].ndim == 0:
        return None
    if not _default_options(options):
        return None
    x = plain[0]
    index = _plain_labels(labels, x.shape[:-1], x.shape[-1])
    if index is None:
        return None
    per = np.empty(x.shape[:-1], dtype=x.dtype)
    d_per = unit_d_per(per.size, reduction, x.dtype) if grad else None
    # C order, whatever y's layout: the row blocks fill it through reshape views
    probs = np.empty(x.shape, dtype=x.dtype) if grad else None
    if not _sparse_logit_rows(x, index, per, probs, d_per, check=True):
        return None
    value, _ = reduce(per, reduction)
    return (value, probs) if np.isfinite(value) else None


@overload
def sparse_categorical_cross_entropy(
    y: npt.ArrayLike,
    labels: npt.ArrayLike,
    *,
    from_logits: bool = ...,
    weight: npt.ArrayLike | None = ...,
    ignore_index: int | None = ...,
    label_smoothing: float = ...,
    reduction: Literal["mean", "sum"] = ...,
) -> float: ...
@overload
def sparse_categorical_cross_entropy(
    y: npt.ArrayLike,
    labels: npt.ArrayLike,
    *,
    from_logits: bool = ...,
    weight: npt.ArrayLike | None = ...,
    ignore_index: int | None = ...,
    label_smoothing: float = ...,
    reduction: Literal["none"],
) -> FloatArray: ...
@overload
def sparse_categorical_cross_entropy(
    y: npt.ArrayLike,
    labels: npt.ArrayLike,
    *,
    from_logits: bool = ...,
    weight: npt.ArrayLike | None = ...,
    ignore_index: int | None = ...,
    label_smoothing: float = ...,
    reduction: str,
) -> float | FloatArray: ...


@register(
    formula="sparse_categorical_cross_entropy",
    differentiable=("y",),
    prepare=_scce_prepare,
    forward=_scce_forward,
    backward=_scce_backward,
    fast=_scce_fast,
    peer="torch.nn.functional.cross_entropy",
)
def sparse_categorical_cross_entropy(
    y: npt.ArrayLike,
    labels: npt.ArrayLike,
    *,
    from_logits: bool = False,
    weight: npt.ArrayLike | None = None,
    ignore_index: int | None = None,
    label_smoothing: float = 0.0,
    reduction: str = "mean",
) -> float | FloatArray:
    r"""Categorical cross-entropy with integer class labels instead of one-hot targets.

    $$\ell_n = -\log p_{n, c_n}$$

    with the probabilities $p_{nk}$ = ``y[n, k]``; with ``from_logits=True``, ``y[n, k]`` is
    the logit $z_{nk}$ and

    $$\ell_n = \operatorname{logsumexp}(z_n) - z_{n, c_n}$$

    $$L = \begin{cases} \frac{1}{N} \sum_n \ell_n & \texttt{"mean"} \\
      \sum_n \ell_n & \texttt{"sum"} \end{cases}$$

    where $c_n$ is the label of sample $n$ and $n$ runs over ``y.shape[:-1]``. With class
    weights $w$ (`weight`, one per class) "mean" divides by the summed weights of the labels,
    as PyTorch (samples whose label is `ignore_index` leave both sums):

    $$L = \begin{cases} -\dfrac{\sum_n w_{c_n} \log p_{n, c_n}}{\sum_m w_{c_m}} &
      \texttt{"mean"} \\ -\sum_n w_{c_n} \log p_{n, c_n} & \texttt{"sum"} \end{cases}$$

    and `label_smoothing` $\varepsilon$ mixes in the cross-entropy against the uniform
    distribution, weighted by class, over the same normaliser ($w_k = 1$ without `weight`):

    $$L = \begin{cases} -\dfrac{\sum_n \bigl(w_{c_n} (1 - \varepsilon) \log p_{n, c_n} +
      \frac{1}{K} \varepsilon \sum_k w_k \log p_{nk}\bigr)}{\sum_m w_{c_m}} & \texttt{"mean"} \\
      -\sum_n \bigl(w_{c_n} (1 - \varepsilon) \log p_{n, c_n} + \frac{1}{K} \varepsilon \sum_k w_k
      \log p_{nk}\bigr) & \texttt{"sum"} \end{cases}$$

    Parameters
    ----------
    y : array_like of shape (..., K)
        Probabilities in [0, 1], or logits with ``from_logits=True``.
    labels : array_like of shape (...)
        One class index in [0, K) per sample, of shape ``y.shape[:-1]`` (a scalar for
        1-D `y`): integers, or floats holding whole numbers.
    from_logits : bool, default False
        Whether `y` holds logits.
    reduction : {"mean", "sum", "none"}, default "mean"
        "mean" averages over the samples, "sum" adds them, "none" returns one value per
        sample.

    Returns
    -------
    float or numpy.ndarray
        A float for "mean" and "sum"; for "none" an array shaped like `labels`,
        float32 for float32 `y`, float64 otherwise.

    Raises
    ------
    ValueError
        `labels` not of shape ``y.shape[:-1]``, not whole numbers, or outside [0, K);
        `y` 0-d, or outside [0, 1] without ``from_logits``; input empty, NaN or inf;
        unknown `reduction`.
    TypeError
        Input not real-valued (bool labels included); `from_logits` not a bool.

    See Also
    --------
    categorical_cross_entropy : the same loss with
        one-hot or soft targets.

    Notes
    -----
    Equals `categorical_cross_entropy` with one-hot targets. With ``from_logits=True``
    it is PyTorch ``CrossEntropyLoss`` with class indices (class axis last) and Keras
    ``sparse_categorical_crossentropy(..., from_logits=True)``. The probability path
    clamps $\log p$ at $-100$ like the other cross-entropies.

    Examples
    --------
    >>> y = [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]]
    >>> sparse_categorical_cross_entropy(y, [0, 1])  # -(log 0.7 + log 0.8) / 2
    0.2899092476264711
    >>> sparse_categorical_cross_entropy([2.0, 0.0, 0.0], 0, from_logits=True)
    0.2395447662218847
    """
    return evaluate(  # type: ignore[no-any-return]
        sparse_categorical_cross_entropy,
        y,
        labels,
        from_logits=from_logits,
        weight=weight,
        ignore_index=ignore_index,
        label_smoothing=label_smoothing,
        reduction=reduction,
    )


# --------------------------------------------------------------------------- PyTorch's options
# Class weights, ignore_index and label smoothing (PyTorch 2.13's CrossEntropyLoss and
# NLLLoss, class axis last). Each is a cross-entropy −Σ_k c_k·log p_k over the last axis
# with a coefficient array c of y's shape, so one forward and one backward serve them all:
# the gradient with respect to log p is −c·dℓ, whatever the options.


def _default_options(options: Mapping[str, Any]) -> bool:
    """True when no PyTorch option is set: the row-block fast path applies."""
    smoothing = options.get("label_smoothing", 0.0)
    return (
        options.get("weight") is None
        and options.get("ignore_index") is None
        and isinstance(smoothing, (int, float))
        and smoothing == 0
    )


def _log_probs(ya: FloatArray, from_logits: bool) -> tuple[FloatArray, NDBool | None]:
    """log p on the last axis: the log-softmax of logits (−inf only where x − max x itself
    overflows), or the probabilities' log clamped at −100 and the mask where it is live."""
    if from_logits:
        m = np.max(ya, axis=-1, keepdims=True)
        with np.errstate(over="ignore"):  # x − m below −max float is −inf
            shifted: FloatArray = ya - m
        shifted -= np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))
        return shifted, None
    return clamped_log(ya)


def _cross_entropy_terms(lp: FloatArray, coef: FloatArray) -> FloatArray:
    """−Σ_k c_k·log p_k over the last axis; a term is 0 where c_k is 0 (never 0·(−inf))."""
    prod = np.zeros(np.broadcast_shapes(lp.shape, coef.shape), dtype=lp.dtype)
    with np.errstate(over="ignore"):
        np.multiply(coef, lp, out=prod, where=coef != 0)
        per: FloatArray = np.asarray(0.0 - np.sum(prod, axis=-1))  # 0.0 − 0.0 is +0.0
    return per.astype(lp.dtype, copy=False)


def _cross_entropy_backward(
    ya: FloatArray, coef: FloatArray, live: NDBool | None, d_per: FloatArray, from_logits: bool
) -> FloatArray:
    """dL/dy from dL/dℓ_n: log p's gradient is −c·dℓ, then through log-softmax or log."""
    g_lp: FloatArray = coef * (0 - np.asarray(d_per)[..., np.newaxis])
    if from_logits:
        # d log softmax(x)_k / dx_j = δ_kj − softmax(x)_j
        grad: FloatArray = _softmax(ya, -1)
        grad *= np.sum(g_lp, axis=-1, keepdims=True)
        np.subtract(g_lp, grad, out=grad)
        return grad
    if live is None:  # nll_loss: the log-probabilities themselves
        return g_lp
    return safe_div(g_lp, ya, live)


def _weighted_forward(
    ya: FloatArray, coef: FloatArray, from_logits: bool
) -> tuple[FloatArray, NDBool | None]:
    lp, live = _log_probs(ya, from_logits)
    return _cross_entropy_terms(lp, coef), live


def _sparse_weighted_prepare(
    y: npt.ArrayLike,
    labels: npt.ArrayLike,
    from_logits: bool,
    weight: object,
    ignore_index: int | None,
    smoothing: float,
    name: str,
) -> Inputs:
    """Labels with PyTorch's options: c_nk = kept_n·[(1 − ε)·w_{c_n}·[k = c_n] + ε·w_k/K],
    and "mean" divides by Σ_n kept_n·w_{c_n} (the reducer's `count`)."""
    ya = as_float_array(y, name)
    check_class_axis(ya, name)
    k = ya.shape[-1]
    w = class_weight(weight, k, ya.dtype)
    la, keep = labels_with_ignore(labels, ya.shape, ignore_index)
    if not from_logits and name == "y":
        check_range(ya, "y", hint=Y_HINT)
    w_label = np.ones(la.shape, ya.dtype) if w is None else w[la]
    w_label = w_label * keep
    coef = np.zeros(ya.shape, dtype=ya.dtype)
    index = la[..., np.newaxis].astype(np.intp, copy=False)
    np.put_along_axis(coef, index, (w_label * ya.dtype.type(1 - smoothing))[..., np.newaxis], -1)
    if smoothing:
        spread = ya.dtype.type(smoothing / k) * (1 if w is None else w)
        coef += spread * keep[..., np.newaxis]
    options = {"from_logits": from_logits, "coef": coef, "any_kept": bool(keep.any())}
    return Inputs((ya, la), options, count=float(np.sum(w_label, dtype=np.float64)))


def _sparse_weighted_forward(inputs: Inputs, reduction: str) -> tuple[FloatArray, Any]:
    """The weighted cross-entropy; under "mean", a batch that counts for nothing is refused
    (PyTorch returns NaN: the mean divides by 0)."""
    if reduction == "mean" and not (inputs.count is not None and inputs.count > 0):
        why = (
            "the labels kept have class weight 0"
            if inputs.options["any_kept"]
            else "every label equals ignore_index"
        )
        raise ValueError(
            f"labels: {why}, so the mean divides by 0 (PyTorch returns NaN); "
            'expected at least one label that counts, or reduction="sum"'
        )
    ya, _ = inputs.arrays
    coef = inputs.options["coef"]
    if inputs.options.get("log_probs"):
        return _cross_entropy_terms(ya, coef), None
    return _weighted_forward(ya, coef, inputs.options["from_logits"])


# --------------------------------------------------------------------------- nll_loss


def _nll_prepare(
    log_probs: npt.ArrayLike,
    labels: npt.ArrayLike,
    *,
    weight: object = None,
    ignore_index: object = None,
) -> Inputs:
    ignore = check_ignore_index(ignore_index)
    inputs = _sparse_weighted_prepare(log_probs, labels, True, weight, ignore, 0.0, "log_probs")
    return Inputs(inputs.arrays, {**inputs.options, "log_probs": True}, count=inputs.count)


def _nll_forward(inputs: Inputs, reduction: str, grad: bool) -> tuple[FloatArray, Any]:
    return _sparse_weighted_forward(inputs, reduction)


def _nll_backward(inputs: Inputs, cache: None, d_per: FloatArray, argnum: int) -> FloatArray:
    """dL/d log_probs = −w_c / Σ w at each counted label ("mean"), 0 elsewhere."""
    ya, _ = inputs.arrays
    return _cross_entropy_backward(ya, inputs.options["coef"], None, d_per, False)


@overload
def nll_loss(
    log_probs: npt.ArrayLike,
    labels: npt.ArrayLike,
    *,
    weight: npt.ArrayLike | None = ...,
    ignore_index: int | None = ...,
    reduction: Literal["mean", "sum"] = ...,
) -> float: ...
@overload
def nll_loss(
    log_probs: npt.ArrayLike,
    labels: npt.ArrayLike,
    *,
    weight: npt.ArrayLike | None = ...,
    ignore_index: int | None = ...,
    reduction: Literal["none"],
) -> FloatArray: ...
@overload
def nll_loss(
    log_probs: npt.ArrayLike,
    labels: npt.ArrayLike,
    *,
    weight: npt.ArrayLike | None = ...,
    ignore_index: int | None = ...,
    reduction: str,
) -> float | FloatArray: ...


@register(
    formula="nll_loss",
    differentiable=("log_probs",),
    prepare=_nll_prepare,
    forward=_nll_forward,
    backward=_nll_backward,
    peer="torch.nn.functional.nll_loss",
)
def nll_loss(
    log_probs: npt.ArrayLike,
    labels: npt.ArrayLike,
    *,
    weight: npt.ArrayLike | None = None,
    ignore_index: int | None = None,
    reduction: str = "mean",
) -> float | FloatArray:
    r"""Negative log-likelihood of integer labels, given log-probabilities (PyTorch ``NLLLoss``).

    $$L = \begin{cases} -\dfrac{\sum_n w_{c_n} x_{n, c_n}}{\sum_m w_{c_m}} &
      \texttt{"mean"} \\ -\sum_n w_{c_n} x_{n, c_n} & \texttt{"sum"} \end{cases}$$

    where $x$ = `log_probs`, $c_n$ is the label of sample $n$,
    $n$ runs over ``log_probs.shape[:-1]`` (samples whose label is `ignore_index` are left out
    of both sums) and $w_k = 1$ without `weight`. Feed it `log_softmax` outputs: then it is
    `sparse_categorical_cross_entropy` with ``from_logits=True``.

    Parameters
    ----------
    log_probs : array_like of shape (..., K)
        Log-probabilities, the classes on the last axis (finite; not checked to be
        normalised, as in PyTorch).
    labels : array_like of shape (...)
        One class index in [0, K) per sample, of shape ``log_probs.shape[:-1]``: any
        integer dtype, or floats holding whole numbers.
    weight : array_like of shape (K,), optional
        One weight $\ge 0$ per class (PyTorch ``weight``). "mean" then divides by the
        summed weights of the labels counted, not by their number.
    ignore_index : int, optional
        A label value to skip (any integer, negative ones included; PyTorch's default is
        -100, losskit's None skips nothing). Skipped samples give 0 under "none".
    reduction : {"mean", "sum", "none"}, default "mean"

    Returns
    -------
    float or numpy.ndarray
        A float for "mean" and "sum"; for "none" an array shaped like `labels` holding
        each $\ell_n$ (weighted), float32 for float32 `log_probs`, float64 otherwise.

    Raises
    ------
    ValueError
        `labels` of the wrong shape, not whole, or outside [0, K) (other than
        `ignore_index`); `weight` not of shape (K,) or negative; under "mean", every
        label ignored or of weight 0 (PyTorch returns NaN); input empty, NaN or inf;
        unknown `reduction`.
    TypeError
        Input not real-valued; `ignore_index` not an integer.

    See Also
    --------
    sparse_categorical_cross_entropy : the same
        from probabilities or logits, with label smoothing.
    log_softmax : the log-probabilities it expects.

    Notes
    -----
    The weighted mean is PyTorch's: with weights $(1, 3)$ and labels $(0, 1)$ it is
    $(\ell_0 + \ell_1)/4$, so each sample's influence is proportional to its weight while
    the loss keeps the scale of an average. An all-ignored batch has no mean: losskit
    raises instead of returning NaN. Class axis last (PyTorch's is axis 1).

    Examples
    --------
    >>> import numpy as np
    >>> lp = np.log([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]])
    >>> round(nll_loss(lp, [0, 1]), 6)  # -(log 0.7 + log 0.8) / 2
    0.289909
    >>> round(nll_loss(lp, [0, 1], weight=[1.0, 3.0, 1.0]), 6)  # -(log 0.7 + 3 log 0.8) / 4
    0.256526
    >>> round(nll_loss(lp, [0, -100], ignore_index=-100), 6)  # -log 0.7
    0.356675
    """
    return evaluate(  # type: ignore[no-any-return]
        nll_loss,
        log_probs,
        labels,
        weight=weight,
        ignore_index=ignore_index,
        reduction=reduction,
    )
