r"""Classification losses in the frameworks' convention.

- `binary_cross_entropy`: independent yes/no outputs (binary and multilabel), element-wise.
- `categorical_cross_entropy`: one class out of K, targets one-hot or soft, last axis.
- `sparse_categorical_cross_entropy`: the same with integer class labels.
- `kl_divergence`: KL(t ‖ y) between distributions on the last axis.

Probabilities go in by default; ``from_logits=True`` takes raw scores and fuses the
sigmoid / softmax into the loss, which is exact for any finite logit (and finite unless
the exact loss exceeds the float range, e.g. a logit gap beyond 1.8e308). On the
probability path $\log p$ and $\log(1-p)$ are clamped at $-100$, as PyTorch ``BCELoss``
does, so a probability of exactly 0 or 1 gives a large finite loss instead of infinity.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from losskit import _kernels
from losskit._validate import (
    SCALAR_REDUCTIONS,
    FloatArray,
    IntArray,
    as_float_array,
    as_int_array,
    as_pair,
    broadcast_weight,
    check_class_axis,
    check_flag,
    check_ignore_index,
    check_int_range,
    check_nonnegative,
    check_range,
    check_reduction,
    check_shape,
    check_unit_interval,
    class_weight,
    labels_with_ignore,
    reduce_loss,
    reduction_scale,
)
from losskit.activations import _shift_and_logsum, _sigmoid, _softmax, _softplus

__all__ = [
    "binary_cross_entropy",
    "categorical_cross_entropy",
    "kl_divergence",
    "sparse_categorical_cross_entropy",
]

LOG_CLAMP = -100.0
"""Lower bound of $\\log p$ on the probability path (PyTorch ``BCELoss``'s clamp)."""

_Y_HINT = "pass from_logits=True for logits"
_T_HINT = "expected probabilities or 0/1 labels in [0, 1]"
NDBool = npt.NDArray[np.bool_]


def _clamped_log(p: FloatArray) -> tuple[FloatArray, NDBool]:
    """max(log p, -100) and the mask where the clamp is not active (log p > -100)."""
    with np.errstate(divide="ignore"):
        logp = np.asarray(np.log(p))  # asarray: 0-d input gives a NumPy scalar
    live = logp > LOG_CLAMP
    np.maximum(logp, LOG_CLAMP, out=logp)
    return logp, live


def _safe_div(num: FloatArray, den: FloatArray, where: NDBool) -> FloatArray:
    """num / den where `where`, else 0 (no division by zero ever evaluated)."""
    out: FloatArray = np.zeros(np.broadcast_shapes(num.shape, den.shape), dtype=den.dtype)
    np.divide(num, den, out=out, where=where)
    return out


# --------------------------------------------------------------------------- binary


def _bce_inputs(
    y: npt.ArrayLike, t: npt.ArrayLike, from_logits: object
) -> tuple[FloatArray, FloatArray, bool]:
    logits = check_flag(from_logits, "from_logits")
    ya, ta = as_pair(y, t)
    check_range(ta, "t", hint=_T_HINT)
    if not logits:
        check_range(ya, "y", hint=_Y_HINT)
    return ya, ta, logits


def _bce_terms(ya: FloatArray, ta: FloatArray, from_logits: bool) -> FloatArray:
    if from_logits:
        # −[t log σ(x) + (1−t) log σ(−x)] = softplus(x) − t·x
        #                                 = max(x, 0) − t·x + log1p(e^{−|x|})
        out: FloatArray = _softplus(ya)
        out -= ta * ya
        return out
    logp, _ = _clamped_log(ya)
    log1mp, _ = _clamped_log(np.asarray(1 - ya))
    # −[t log p + (1−t) log(1−p)], each log clamped at −100 (so 0·(−100) = 0, never nan)
    logp *= ta
    log1mp *= 1 - ta
    logp += log1mp
    np.negative(logp, out=logp)
    return logp


def binary_cross_entropy(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    from_logits: bool = False,
    weight: npt.ArrayLike | None = None,
    pos_weight: npt.ArrayLike | None = None,
    reduction: str = "mean",
) -> float | FloatArray:
    r"""Binary cross-entropy, element-wise: for binary and multilabel classification.

    $$\ell_i = -\bigl[t_i \log p_i + (1 - t_i)\log(1 - p_i)\bigr], \qquad
      p_i = \begin{cases} y_i & \texttt{from\_logits=False} \\
      \sigma(y_i) & \texttt{from\_logits=True} \end{cases}$$

    $$L = \begin{cases} \frac{1}{n}\sum_{i=1}^{n}\ell_i & \texttt{"mean"} \\
      \sum_{i=1}^{n}\ell_i & \texttt{"sum"} \end{cases}$$

    Parameters
    ----------
    y : array_like of shape (*)
        Probabilities in [0, 1] (sigmoid outputs), or logits (any finite numbers) with
        ``from_logits=True``.
    t : array_like, same shape as y
        Targets in [0, 1]: 0/1 labels or soft labels. Never broadcast against `y`.
    from_logits : bool, default False
        Whether `y` holds logits; the sigmoid is then fused into the loss.
    reduction : {"mean", "sum", "none"}, default "mean"
        "mean" divides the sum by the number of elements $n$; "none" returns every
        $\ell_i$.

    Returns
    -------
    float or numpy.ndarray
        A float for "mean" and "sum"; for "none" an array shaped like `y` (float32 for
        float32 `y`, float64 otherwise). Each $\ell_i \ge 0$; it is 0 only for a
        confident, correct 0/1 prediction.

    Raises
    ------
    ValueError
        Shapes differ; `t` outside [0, 1]; `y` outside [0, 1] without ``from_logits``;
        input empty, NaN or inf; unknown `reduction`.
    TypeError
        Input not real-valued; `from_logits` not a bool.

    See Also
    --------
    - [`categorical_cross_entropy`][losskit.categorical_cross_entropy]: exclusive classes
      (softmax outputs).
    - [`log_sigmoid`][losskit.log_sigmoid]: the identity behind ``from_logits=True``.

    Notes
    -----
    Probabilities: $\log p_i$ and $\log(1 - p_i)$ are clamped at $-100$, exactly like
    PyTorch ``BCELoss``, so $p_i \in \{0, 1\}$ gives at most 100 per element instead of
    infinity. Inside the clamped region the loss is flat, so its gradient there is 0
    (PyTorch instead divides by $\max(p(1-p), 10^{-12})$). Keras clips $p$ to
    $[10^{-7}, 1 - 10^{-7}]$ instead, which differs for near-certain predictions.

    Logits: $\ell_i = \max(x_i, 0) - t_i x_i + \log(1 + e^{-|x_i|})$ (PyTorch
    ``BCEWithLogitsLoss``, Keras ``from_logits=True``), exact for every finite $x_i$;
    ``from_logits=True`` with $x = \pm 800$ is exact where $\sigma(x)$ has already
    rounded to 0 or 1. Prefer it whenever the model can output logits.

    Examples
    --------
    >>> binary_cross_entropy([0.9, 0.2], [1, 0])  # -(log 0.9 + log 0.8) / 2
    0.164252033486018
    >>> binary_cross_entropy([0.0], [1])  # log 0 clamped at -100
    100.0
    >>> x = [-800.0]  # a logit whose sigmoid rounds to 0
    >>> binary_cross_entropy(x, [1], from_logits=True)  # exact: softplus(800)
    800.0
    """
    red = check_reduction(reduction)
    if weight is not None or pos_weight is not None:
        value, _ = _bce_body(
            y,
            t,
            from_logits=from_logits,
            weight=weight,
            pos_weight=pos_weight,
            reduction=red,
            want_grad=False,
        )
        return value
    if (fast := _kernels.bce(y, t, from_logits, red)) is not None:
        return fast
    ya, ta, logits = _bce_inputs(y, t, from_logits)
    return reduce_loss(_bce_terms(ya, ta, logits), red)


def _binary_cross_entropy_value_and_grad(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    from_logits: bool = False,
    weight: npt.ArrayLike | None = None,
    pos_weight: npt.ArrayLike | None = None,
    reduction: str = "mean",
) -> tuple[float, FloatArray]:
    """Value and gradient of `binary_cross_entropy`.

    Logits: (σ(x) − t) / n. Probabilities: (−t/p + (1−t)/(1−p)) / n, each term 0 where its
    log is clamped (the clamped loss is flat there).
    """
    red = check_reduction(reduction, SCALAR_REDUCTIONS)
    if weight is not None or pos_weight is not None:
        value, grad = _bce_body(
            y,
            t,
            from_logits=from_logits,
            weight=weight,
            pos_weight=pos_weight,
            reduction=red,
            want_grad=True,
        )
        assert grad is not None
        return float(value), grad
    ya, ta, logits = _bce_inputs(y, t, from_logits)
    value = float(reduce_loss(_bce_terms(ya, ta, logits), red))
    scale = ya.dtype.type(reduction_scale(ya.size, red))
    if logits:
        grad: FloatArray = _sigmoid(ya)
        grad -= ta
    else:
        one_minus = np.asarray(1 - ya)
        _, live_p = _clamped_log(ya)
        _, live_q = _clamped_log(one_minus)
        grad = _safe_div(np.asarray(1 - ta), one_minus, live_q)
        grad -= _safe_div(ta, ya, live_p)
    grad *= scale
    return value, grad


# --------------------------------------------------------------------------- categorical


def _cce_inputs(
    y: npt.ArrayLike, t: npt.ArrayLike, from_logits: object
) -> tuple[FloatArray, FloatArray, bool]:
    logits = check_flag(from_logits, "from_logits")
    ya, ta = as_pair(y, t)
    check_class_axis(ya, "y")
    check_range(ta, "t", hint="expected one-hot or soft targets in [0, 1]")
    if not logits:
        check_range(ya, "y", hint=_Y_HINT)
    return ya, ta, logits


def _cce_terms(ya: FloatArray, ta: FloatArray, from_logits: bool) -> FloatArray:
    if from_logits:
        # −Σ_k t_k log softmax(x)_k = Σ_k t_k (log Σ_j e^{x_j − m} − (x_k − m)), m = max x
        shifted, _, log_s = _shift_and_logsum(ya, -1)
        np.subtract(log_s, shifted, out=shifted)
        shifted *= ta
        per: FloatArray = np.sum(shifted, axis=-1)
    else:
        logp, _ = _clamped_log(ya)
        logp *= ta
        per = -np.sum(logp, axis=-1)
    return np.asarray(per)


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

    $$\ell_n = -\sum_{k=1}^{K} t_{nk}\log p_{nk}, \qquad
      p_{n\cdot} = \begin{cases} y_{n\cdot} & \texttt{from\_logits=False} \\
      \operatorname{softmax}(y_{n\cdot}) & \texttt{from\_logits=True} \end{cases}$$

    $$L = \begin{cases} \frac{1}{N}\sum_{n=1}^{N}\ell_n & \texttt{"mean"} \\
      \sum_{n=1}^{N}\ell_n & \texttt{"sum"} \end{cases}$$

    where $n$ runs over every position of the leading axes (``y.shape[:-1]``).

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
    - [`sparse_categorical_cross_entropy`][losskit.sparse_categorical_cross_entropy]: the same
      loss with integer labels.
    - [`binary_cross_entropy`][losskit.binary_cross_entropy]: independent (multilabel) outputs.
    - [`cross_entropy_error`][losskit.cross_entropy_error]: the article's version, with $\delta$
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
    red = check_reduction(reduction)
    if weight is not None or label_smoothing != 0.0:
        value, _ = _soft_body(
            y,
            t,
            from_logits=from_logits,
            weight=weight,
            label_smoothing=label_smoothing,
            reduction=red,
            want_grad=False,
        )
        return value
    if (fast := _kernels.cce(y, t, from_logits, red)) is not None:
        return fast
    ya, ta, logits = _cce_inputs(y, t, from_logits)
    return reduce_loss(_cce_terms(ya, ta, logits), red)


def _categorical_cross_entropy_value_and_grad(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    from_logits: bool = False,
    weight: npt.ArrayLike | None = None,
    label_smoothing: float = 0.0,
    reduction: str = "mean",
) -> tuple[float, FloatArray]:
    """Value and gradient of `categorical_cross_entropy`.

    Logits: (softmax(x)·Σ_k t_k − t) / N (just softmax − t for targets summing to 1).
    Probabilities: −t / p / N, 0 where log p is clamped.
    """
    red = check_reduction(reduction, SCALAR_REDUCTIONS)
    if weight is not None or label_smoothing != 0.0:
        value, grad = _soft_body(
            y,
            t,
            from_logits=from_logits,
            weight=weight,
            label_smoothing=label_smoothing,
            reduction=red,
            want_grad=True,
        )
        assert grad is not None
        return float(value), grad
    if (fast := _kernels.cce_value_and_grad(y, t, from_logits, red)) is not None:
        return fast
    ya, ta, logits = _cce_inputs(y, t, from_logits)
    per = _cce_terms(ya, ta, logits)
    value = float(reduce_loss(per, red))
    scale = ya.dtype.type(reduction_scale(per.size, red))
    if logits:
        grad: FloatArray = _softmax(ya, -1)
        grad *= np.sum(ta, axis=-1, keepdims=True)
        grad -= ta
    else:
        _, live = _clamped_log(ya)
        grad = _safe_div(np.asarray(0 - ta), ya, live)
    grad *= scale
    return value, grad


# --------------------------------------------------------------------------- sparse


def _scce_inputs(
    y: npt.ArrayLike, labels: npt.ArrayLike, from_logits: object
) -> tuple[FloatArray, IntArray, bool]:
    logits = check_flag(from_logits, "from_logits")
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
        check_range(ya, "y", hint=_Y_HINT)
    return ya, la, logits


def _scce_terms(ya: FloatArray, la: IntArray, from_logits: bool) -> FloatArray:
    index = la[..., np.newaxis].astype(np.intp, copy=False)
    picked = np.take_along_axis(ya, index, axis=-1)[..., 0]
    if from_logits:
        # −log softmax(x)_label = log Σ_j e^{x_j − m} − (x_label − m), m = max x
        _, m, log_s = _shift_and_logsum(ya, -1)
        per: FloatArray = log_s[..., 0] - (picked - m[..., 0])
    else:
        logp, _ = _clamped_log(np.asarray(picked))
        per = -logp
    return np.asarray(per)


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

    $$\ell_n = -\log p_{n, c_n}, \qquad
      p_{n\cdot} = \begin{cases} y_{n\cdot} & \texttt{from\_logits=False} \\
      \operatorname{softmax}(y_{n\cdot}) & \texttt{from\_logits=True} \end{cases}$$

    $$L = \begin{cases} \frac{1}{N}\sum_{n=1}^{N}\ell_n & \texttt{"mean"} \\
      \sum_{n=1}^{N}\ell_n & \texttt{"sum"} \end{cases}$$

    where $c_n$ is the label of sample $n$ and $n$ runs over ``y.shape[:-1]``.

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
    - [`categorical_cross_entropy`][losskit.categorical_cross_entropy]: the same loss with
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
    red = check_reduction(reduction)
    if weight is not None or ignore_index is not None or label_smoothing != 0.0:
        value, _ = _sparse_body(
            y,
            labels,
            from_logits=from_logits,
            weight=weight,
            ignore_index=ignore_index,
            label_smoothing=label_smoothing,
            reduction=red,
            log_probs_given=False,
            want_grad=False,
        )
        return value
    if (fast := _kernels.scce(y, labels, from_logits, red)) is not None:
        return fast
    ya, la, logits = _scce_inputs(y, labels, from_logits)
    return reduce_loss(_scce_terms(ya, la, logits), red)


def _sparse_categorical_cross_entropy_value_and_grad(
    y: npt.ArrayLike,
    labels: npt.ArrayLike,
    *,
    from_logits: bool = False,
    weight: npt.ArrayLike | None = None,
    ignore_index: int | None = None,
    label_smoothing: float = 0.0,
    reduction: str = "mean",
) -> tuple[float, FloatArray]:
    """Value and gradient of `sparse_categorical_cross_entropy`.

    Logits: (softmax(x) − onehot(label)) / N. Probabilities: −1/p at the label / N (0 where
    log p is clamped), 0 elsewhere.
    """
    red = check_reduction(reduction, SCALAR_REDUCTIONS)
    if weight is not None or ignore_index is not None or label_smoothing != 0.0:
        value, grad = _sparse_body(
            y,
            labels,
            from_logits=from_logits,
            weight=weight,
            ignore_index=ignore_index,
            label_smoothing=label_smoothing,
            reduction=red,
            log_probs_given=False,
            want_grad=True,
        )
        assert grad is not None
        return float(value), grad
    if (fast := _kernels.scce_value_and_grad(y, labels, from_logits, red)) is not None:
        return fast
    ya, la, logits = _scce_inputs(y, labels, from_logits)
    per = _scce_terms(ya, la, logits)
    value = float(reduce_loss(per, red))
    scale = reduction_scale(per.size, red)
    index = la[..., np.newaxis].astype(np.intp, copy=False)
    if logits:
        grad: FloatArray = _softmax(ya, -1)
        at = np.take_along_axis(grad, index, axis=-1)
        np.put_along_axis(grad, index, at - 1, axis=-1)
        grad *= ya.dtype.type(scale)
    else:
        picked = np.take_along_axis(ya, index, axis=-1)
        _, live = _clamped_log(picked)
        at = _safe_div(np.full_like(picked, -scale), picked, live)
        grad = np.zeros_like(ya)
        np.put_along_axis(grad, index, at, axis=-1)
    return value, grad


# --------------------------------------------------------------------------- KL


def _kl_inputs(y: npt.ArrayLike, t: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    ya, ta = as_pair(y, t)
    check_class_axis(ya, "y")
    check_range(ya, "y", hint="expected probabilities (apply softmax to logits first)")
    check_range(ta, "t", hint="expected probabilities")
    return ya, ta


def _kl_terms(ya: FloatArray, ta: FloatArray) -> FloatArray:
    # t·(log t − log y) where t > 0, and 0 where t = 0 (the limit of t·log t);
    # y = 0 under t > 0 gives +inf, the true divergence. No log(0) is ever evaluated
    # except log y there, whose −inf is intended.
    pos = ta > 0
    log_t = np.zeros_like(ta)
    np.log(ta, out=log_t, where=pos)
    log_y = np.zeros_like(ya)
    with np.errstate(divide="ignore"):
        np.log(ya, out=log_y, where=pos)
    log_t -= log_y
    log_t *= ta
    return np.asarray(np.sum(log_t, axis=-1))


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
    red = check_reduction(reduction)
    if (fast := _kernels.kl(y, t, red)) is not None:
        return fast
    ya, ta = _kl_inputs(y, t)
    return reduce_loss(_kl_terms(ya, ta), red)


def _kl_divergence_value_and_grad(
    y: npt.ArrayLike, t: npt.ArrayLike, *, reduction: str = "mean"
) -> tuple[float, FloatArray]:
    """Value and dL/dy = −t / y / N of `kl_divergence` (0 where t = 0, −inf where y = 0 < t)."""
    red = check_reduction(reduction, SCALAR_REDUCTIONS)
    ya, ta = _kl_inputs(y, t)
    per = _kl_terms(ya, ta)
    value = float(reduce_loss(per, red))
    grad = np.zeros_like(ya)
    with np.errstate(divide="ignore"):
        np.divide(0 - ta, ya, out=grad, where=ta > 0)
    grad *= ya.dtype.type(reduction_scale(per.size, red))
    return value, grad


# --------------------------------------------------------------------------- cat-class
# Class weights, ignore_index and label smoothing (PyTorch 2.13's CrossEntropyLoss and
# NLLLoss, class axis last), BCE's weight and pos_weight, and the losses built on them.
# Every cross-entropy here is −Σ_k c_k·log p_k over the last axis with a coefficient array c
# of y's shape: its gradient with respect to log p is −c, whatever the options.

GRAD_FLOOR = 1e-12
"""PyTorch ``BCELoss``'s backward divides by $\\max(p(1-p), 10^{-12})$; losskit does too,
so its gradient is finite wherever the clamped loss is."""


def _finite_div(num: FloatArray, den: FloatArray, where: NDBool) -> FloatArray:
    """num / den where `where` (0 elsewhere), saturated at the dtype's largest finite value.

    A probability of 1e-40 in float32 is a finite loss (log is clamped only below −100)
    whose exact gradient 1/p exceeds float32's range: it is returned as ±max float.
    """
    out: FloatArray = np.zeros(np.broadcast_shapes(num.shape, den.shape), dtype=den.dtype)
    with np.errstate(over="ignore"):
        np.divide(num, den, out=out, where=where)
    big = np.finfo(out.dtype).max
    np.clip(out, -big, big, out=out)
    return out


def _log_probs(ya: FloatArray, from_logits: bool) -> tuple[FloatArray, NDBool | None]:
    """log p on the last axis: log-softmax of logits (−inf only where x − max x
    overflows), or the probabilities' log clamped at −100 with the mask where it is live."""
    if from_logits:
        shifted, _, log_s = _shift_and_logsum(ya, -1)
        shifted -= log_s
        return shifted, None
    return _clamped_log(ya)


def _cross_entropy_terms(lp: FloatArray, coef: FloatArray) -> FloatArray:
    """−Σ_k c_k·log p_k over the last axis; a term is 0 where c_k is 0 (never 0·(−inf))."""
    prod = np.zeros(np.broadcast_shapes(lp.shape, coef.shape), dtype=lp.dtype)
    with np.errstate(over="ignore"):
        np.multiply(coef, lp, out=prod, where=coef != 0)
        per: FloatArray = np.asarray(0.0 - np.sum(prod, axis=-1))  # 0.0 − 0.0 is +0.0
    return per.astype(lp.dtype, copy=False)


def _cross_entropy_backward(
    ya: FloatArray,
    coef: FloatArray,
    live: NDBool | None,
    d_per: FloatArray,
    from_logits: bool,
) -> FloatArray:
    """dL/dy from dL/dℓ_n: log p's gradient is −c·dℓ, then through log-softmax or log."""
    g_lp: FloatArray = coef * (0 - d_per[..., np.newaxis])
    if from_logits:
        # d log softmax(x)_k / dx_j = δ_kj − softmax(x)_j
        grad: FloatArray = _softmax(ya, -1)
        grad *= np.sum(g_lp, axis=-1, keepdims=True)
        np.subtract(g_lp, grad, out=grad)
        return grad
    assert live is not None
    return _finite_div(g_lp, ya, live)


def _scalar_reduction(
    per: FloatArray, reduction: str, denominator: float
) -> tuple[float | FloatArray, float]:
    """The reduced value and dL/dℓ_n (the same for every n): "mean" divides by
    `denominator` (the sample count, or the summed weights of the labels kept)."""
    if reduction == "none":
        return np.asarray(per), 1.0
    with np.errstate(over="ignore"):
        total = float(np.sum(per, dtype=np.float64))
    if reduction == "sum":
        return total, 1.0
    return total / denominator, 1.0 / denominator


# ---------------------------------------------------------------- sparse labels: coefficients


def _sparse_coef(
    ya: FloatArray,
    labels: IntArray,
    keep: NDBool,
    weight: FloatArray | None,
    smoothing: float,
) -> tuple[FloatArray, float]:
    """c_nk = kept_n·[(1−ε)·w_{c_n}·[k = c_n] + ε·w_k / K] and the "mean" denominator
    Σ_n kept_n·w_{c_n} (PyTorch's, with or without smoothing)."""
    k = ya.shape[-1]
    index = labels[..., np.newaxis].astype(np.intp, copy=False)
    w_label = np.ones(labels.shape, ya.dtype) if weight is None else weight[labels]
    w_label = w_label * keep
    coef = np.zeros(ya.shape, dtype=ya.dtype)
    np.put_along_axis(coef, index, (w_label * ya.dtype.type(1 - smoothing))[..., np.newaxis], -1)
    if smoothing:
        spread = ya.dtype.type(smoothing / k) * (1 if weight is None else weight)
        coef += spread * keep[..., np.newaxis]
    return coef, float(np.sum(w_label, dtype=np.float64))


def _check_mean_denominator(denominator: float, reduction: str, keep: NDBool) -> None:
    """PyTorch's "mean" is NaN when no label is kept or their weights sum to 0: refuse it."""
    if reduction != "mean" or denominator > 0:
        return
    why = "every label equals ignore_index" if not keep.any() else "the labels kept have weight 0"
    raise ValueError(
        f"labels: {why}, so the mean divides by 0 (PyTorch returns NaN); "
        'expected at least one label that counts, or reduction="sum"'
    )


def _sparse_body(
    y: npt.ArrayLike,
    labels: npt.ArrayLike,
    *,
    from_logits: object,
    weight: object,
    ignore_index: object,
    label_smoothing: object,
    reduction: str,
    log_probs_given: bool,
    want_grad: bool,
) -> tuple[float | FloatArray, FloatArray | None]:
    """Sparse cross-entropy with PyTorch's options: `nll_loss` (log-probabilities given) and
    `sparse_categorical_cross_entropy` (probabilities or logits)."""
    logits = check_flag(from_logits, "from_logits")
    smoothing = check_unit_interval(label_smoothing, "label_smoothing")
    ignore = check_ignore_index(ignore_index)
    name = "log_probs" if log_probs_given else "y"
    ya = as_float_array(y, name)
    check_class_axis(ya, name)
    w = class_weight(weight, ya.shape[-1], ya.dtype)
    la, keep = labels_with_ignore(labels, ya.shape, ignore)
    if not (logits or log_probs_given):
        check_range(ya, "y", hint=_Y_HINT)
    coef, denominator = _sparse_coef(ya, la, keep, w, smoothing)
    _check_mean_denominator(denominator, reduction, keep)
    if log_probs_given:
        lp, live = ya, None
    else:
        lp, live = _log_probs(ya, logits)
    per = _cross_entropy_terms(lp, coef)
    value, scale = _scalar_reduction(per, reduction, denominator)
    if not want_grad:
        return value, None
    d_per = np.full(per.shape, scale, dtype=ya.dtype)
    if log_probs_given:
        return value, coef * (0 - d_per[..., np.newaxis])
    return value, _cross_entropy_backward(ya, coef, live, d_per, logits)


def _soft_body(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    from_logits: object,
    weight: object,
    label_smoothing: object,
    reduction: str,
    want_grad: bool,
) -> tuple[float | FloatArray, FloatArray | None]:
    """Categorical cross-entropy with one-hot or soft targets, class weights and label
    smoothing (PyTorch ``cross_entropy`` with probability targets: "mean" divides by N)."""
    smoothing = check_unit_interval(label_smoothing, "label_smoothing")
    ya, ta, logits = _cce_inputs(y, t, from_logits)
    w = class_weight(weight, ya.shape[-1], ya.dtype)
    # t' = (1 − ε)·t + ε/K, then c = w·t'
    coef = ta * ya.dtype.type(1 - smoothing) + ya.dtype.type(smoothing / ya.shape[-1])
    if w is not None:
        coef *= w
    lp, live = _log_probs(ya, logits)
    per = _cross_entropy_terms(lp, coef)
    value, scale = _scalar_reduction(per, reduction, float(per.size))
    if not want_grad:
        return value, None
    d_per = np.full(per.shape, scale, dtype=ya.dtype)
    return value, _cross_entropy_backward(ya, coef, live, d_per, logits)


# ---------------------------------------------------------------- element-wise: BCE and focal


def _clamped_log1m(p: FloatArray) -> FloatArray:
    """max(log(1 − p), −100) as log1p(−p): exact near p = 0, where 1 − p rounds."""
    with np.errstate(divide="ignore"):
        out: FloatArray = np.asarray(np.log1p(-p))
    np.maximum(out, LOG_CLAMP, out=out)
    return out


def _weighted_bce_terms(
    ya: FloatArray, ta: FloatArray, pos_weight: FloatArray | None, from_logits: bool
) -> FloatArray:
    """−[pw·t·log p + (1 − t)·log(1 − p)], each term written without cancellation."""
    if from_logits:
        # −log σ(x) = softplus(−x) and −log(1 − σ(x)) = softplus(x), each exact
        pos = ta * _softplus(-ya)
        neg = (1 - ta) * _softplus(ya)
    else:
        logp, _ = _clamped_log(ya)
        pos = ta * (0 - logp)
        neg = (1 - ta) * (0 - _clamped_log1m(ya))
    with np.errstate(over="ignore"):
        if pos_weight is not None:
            pos = pos * pos_weight
        out: FloatArray = pos + neg
    out += 0.0  # −0.0 + 0.0 is +0.0: "none" never shows −0.0
    return out


def _weighted_bce_grad(
    ya: FloatArray, ta: FloatArray, pos_weight: FloatArray | None, from_logits: bool
) -> FloatArray:
    """dℓ/dy: (1 − t)·σ(x) − pw·t·σ(−x) for logits; for probabilities
    [(1 − t)·p − pw·t·(1 − p)] / max(p(1 − p), 1e-12), as PyTorch's BCELoss backward."""
    pw: FloatArray | float = 1.0 if pos_weight is None else pos_weight
    if from_logits:
        out: FloatArray = (1 - ta) * _sigmoid(ya) - pw * ta * _sigmoid(-ya)
        return out
    one_minus = 1 - ya
    num = (1 - ta) * ya - pw * ta * one_minus
    den = np.maximum(ya * one_minus, ya.dtype.type(GRAD_FLOOR))
    with np.errstate(over="ignore"):
        out = num / den
    big = np.finfo(ya.dtype).max
    return np.clip(out, -big, big)


def _bce_body(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    from_logits: object,
    weight: object,
    pos_weight: object,
    reduction: str,
    want_grad: bool,
) -> tuple[float | FloatArray, FloatArray | None]:
    """Binary cross-entropy with PyTorch's `weight` and `pos_weight` ("mean" divides by n)."""
    ya, ta, logits = _bce_inputs(y, t, from_logits)
    w = broadcast_weight(weight, "weight", ya.shape, ya.dtype)
    pw = broadcast_weight(pos_weight, "pos_weight", ya.shape, ya.dtype)
    per = _weighted_bce_terms(ya, ta, pw, logits)
    if w is not None:
        with np.errstate(over="ignore"):
            per = per * w
    value, scale = _scalar_reduction(per, reduction, float(per.size))
    if not want_grad:
        return value, None
    grad = _weighted_bce_grad(ya, ta, pw, logits)
    if w is not None:
        grad = grad * w
    grad *= ya.dtype.type(scale)
    return value, grad


def _focal_body(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    alpha: object,
    gamma: object,
    from_logits: object,
    reduction: str,
    want_grad: bool,
) -> tuple[float | FloatArray, FloatArray | None]:
    """torchvision's sigmoid_focal_loss: α_t·(1 − p_t)^γ·BCE, element-wise."""
    a = None if alpha is None else check_unit_interval(alpha, "alpha")
    g = check_nonnegative(gamma, "gamma")
    ya, ta, logits = _bce_inputs(y, t, from_logits)
    dt = ya.dtype.type
    ce = _weighted_bce_terms(ya, ta, None, logits)
    # 1 − p_t = t·(1 − p) + (1 − t)·p, with 1 − σ(x) = σ(−x) exact for logits
    p = _sigmoid(ya) if logits else ya
    q = _sigmoid(-ya) if logits else 1 - ya
    one_minus_pt = ta * q + (1 - ta) * p
    modulating = one_minus_pt ** dt(g)
    per: FloatArray = modulating * ce
    alpha_t: FloatArray | None = None
    if a is not None:
        alpha_t = ta * dt(a) + (1 - ta) * dt(1 - a)
        per *= alpha_t
    value, scale = _scalar_reduction(per, reduction, float(per.size))
    if not want_grad:
        return value, None
    # dℓ/dy = α_t·[γ·(1 − p_t)^γ·(ce / (1 − p_t))·d(1 − p_t)/dy + (1 − p_t)^γ·dce/dy];
    # d(1 − p_t)/dp = 1 − 2t, and dp/dx = p(1 − p) for logits. ce / (1 − p_t) stays near 1
    # as both vanish; where 1 − p_t is 0 the first term is 0.
    d_ce = _weighted_bce_grad(ya, ta, None, logits)
    grad: FloatArray = modulating * d_ce
    if g:
        ratio = np.zeros_like(ce)
        with np.errstate(over="ignore"):
            np.divide(ce, one_minus_pt, out=ratio, where=one_minus_pt > 0)
        d_q = 1 - 2 * ta
        if logits:
            d_q = d_q * (p * q)
        with np.errstate(over="ignore"):
            grad += dt(g) * modulating * ratio * d_q
    if alpha_t is not None:
        grad *= alpha_t
    grad *= dt(scale)
    return value, grad


def _multilabel_soft_margin_body(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    weight: object,
    reduction: str,
    want_grad: bool,
) -> tuple[float | FloatArray, FloatArray | None]:
    """PyTorch's MultiLabelSoftMarginLoss: BCE from logits, weighted, averaged over the
    last (class) axis, one value per sample."""
    ya, ta = as_pair(y, t)
    check_class_axis(ya, "y")
    check_range(ta, "t", hint=_T_HINT)
    w = broadcast_weight(weight, "weight", ya.shape, ya.dtype)
    k = ya.shape[-1]
    terms = _weighted_bce_terms(ya, ta, None, True)
    if w is not None:
        with np.errstate(over="ignore"):
            terms = terms * w
    with np.errstate(over="ignore"):
        per: FloatArray = np.asarray(np.sum(terms, axis=-1) / ya.dtype.type(k))
    value, scale = _scalar_reduction(per, reduction, float(per.size))
    if not want_grad:
        return value, None
    grad = _sigmoid(ya) - ta
    if w is not None:
        grad = grad * w
    grad *= ya.dtype.type(scale / k)
    return value, grad


# --------------------------------------------------------------------------- public (cat-class)


def nll_loss(
    log_probs: npt.ArrayLike,
    labels: npt.ArrayLike,
    *,
    weight: npt.ArrayLike | None = None,
    ignore_index: int | None = None,
    reduction: str = "mean",
) -> float | FloatArray:
    r"""Negative log-likelihood of integer labels, given log-probabilities (PyTorch ``NLLLoss``).

    $$\ell_n = -w_{c_n}\,\log p_{n, c_n}, \qquad
      L = \begin{cases} \dfrac{\sum_n \ell_n}{\sum_n w_{c_n}} & \texttt{"mean"} \\[1ex]
      \sum_n \ell_n & \texttt{"sum"} \end{cases}$$

    where $c_n$ is the label of sample $n$, $n$ runs over ``log_probs.shape[:-1]``
    (samples whose label is `ignore_index` are left out of both sums) and $w_k = 1$
    without `weight`. Feed it `log_softmax` outputs: then it is
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
    - [`sparse_categorical_cross_entropy`][losskit.sparse_categorical_cross_entropy]: the same
      from probabilities or logits, with label smoothing.
    - [`log_softmax`][losskit.log_softmax]: the log-probabilities it expects.

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
    red = check_reduction(reduction)
    value, _ = _sparse_body(
        log_probs,
        labels,
        from_logits=True,
        weight=weight,
        ignore_index=ignore_index,
        label_smoothing=0.0,
        reduction=red,
        log_probs_given=True,
        want_grad=False,
    )
    return value


def _nll_loss_value_and_grad(
    log_probs: npt.ArrayLike,
    labels: npt.ArrayLike,
    *,
    weight: npt.ArrayLike | None = None,
    ignore_index: int | None = None,
    reduction: str = "mean",
) -> tuple[float, FloatArray]:
    red = check_reduction(reduction, SCALAR_REDUCTIONS)
    value, grad = _sparse_body(
        log_probs,
        labels,
        from_logits=True,
        weight=weight,
        ignore_index=ignore_index,
        label_smoothing=0.0,
        reduction=red,
        log_probs_given=True,
        want_grad=True,
    )
    assert grad is not None
    return float(value), grad


def binary_focal_loss(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    alpha: float | None = 0.25,
    gamma: float = 2.0,
    from_logits: bool = False,
    reduction: str = "mean",
) -> float | FloatArray:
    r"""Focal loss for binary and multilabel outputs: cross-entropy that fades on easy examples.

    $$\ell_i = -\alpha_{t,i}\,(1 - p_{t,i})^{\gamma}\,
      \bigl[t_i \log p_i + (1 - t_i)\log(1 - p_i)\bigr]$$

    $$p_{t,i} = t_i p_i + (1 - t_i)(1 - p_i), \qquad
      \alpha_{t,i} = \alpha t_i + (1 - \alpha)(1 - t_i)$$

    with $p_i = y_i$, or $\sigma(y_i)$ for ``from_logits=True``; "mean" divides
    $\sum_i \ell_i$ by the number of elements, "sum" adds them.

    Parameters
    ----------
    y : array_like of shape (*)
        Probabilities in [0, 1], or logits with ``from_logits=True``.
    t : array_like, same shape as y
        Targets in [0, 1] (0/1 labels, or soft). Never broadcast.
    alpha : float in [0, 1] or None, default 0.25
        Weight of the positive class ($1 - \alpha$ for the negative one); None switches
        the weighting off ($\alpha_t = 1$; torchvision's ``alpha=-1``).
    gamma : float, default 2.0
        Focusing exponent $\ge 0$; 0 gives (α-weighted) binary cross-entropy.
    from_logits : bool, default False
        Whether `y` holds logits.
    reduction : {"mean", "sum", "none"}, default "mean"

    Returns
    -------
    float or numpy.ndarray
        A float for "mean" and "sum"; for "none" an array shaped like `y`, float32 for
        float32 `y`, float64 otherwise.

    Raises
    ------
    ValueError
        Shapes differ; `t` outside [0, 1]; `y` outside [0, 1] without ``from_logits``;
        `alpha` outside [0, 1]; `gamma` negative or not finite; input empty, NaN or inf;
        unknown `reduction`.
    TypeError
        Input not real-valued; `alpha` or `gamma` not a number; `from_logits` not a bool.

    See Also
    --------
    - [`binary_cross_entropy`][losskit.binary_cross_entropy]: $\gamma = 0$, no $\alpha$;
      its `pos_weight` reweights positives without fading easy examples.

    Notes
    -----
    Lin et al. (2017), as torchvision's ``sigmoid_focal_loss`` (which always takes
    logits; here ``from_logits=True``). A confidently right example ($p_t \to 1$) has its
    cross-entropy scaled by $(1-p_t)^\gamma \to 0$, so rare hard examples dominate the
    gradient. $1 - p_t$ is computed as $\sigma(-x)$ for logits, exact where torchvision's
    $1 - \sigma(x)$ rounds to 0. On probabilities the cross-entropy's logs are clamped at
    $-100$, and its gradient divides by $\max(p(1-p), 10^{-12})$, as PyTorch's
    ``BCELoss``.

    References
    ----------
    T.-Y. Lin, P. Goyal, R. Girshick, K. He, P. Dollár, "Focal Loss for Dense Object
    Detection", ICCV 2017.

    Examples
    --------
    >>> y, t = [0.9, 0.4], [1, 1]  # an easy positive and a hard one
    >>> round(binary_focal_loss(y, t, alpha=None, gamma=0.0), 6)  # plain BCE
    0.510826
    >>> round(binary_focal_loss(y, t, alpha=None), 6)  # the easy one nearly vanishes
    0.165459
    """
    red = check_reduction(reduction)
    value, _ = _focal_body(
        y, t, alpha=alpha, gamma=gamma, from_logits=from_logits, reduction=red, want_grad=False
    )
    return value


def _binary_focal_loss_value_and_grad(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    alpha: float | None = 0.25,
    gamma: float = 2.0,
    from_logits: bool = False,
    reduction: str = "mean",
) -> tuple[float, FloatArray]:
    red = check_reduction(reduction, SCALAR_REDUCTIONS)
    value, grad = _focal_body(
        y, t, alpha=alpha, gamma=gamma, from_logits=from_logits, reduction=red, want_grad=True
    )
    assert grad is not None
    return float(value), grad


def multilabel_soft_margin(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    weight: npt.ArrayLike | None = None,
    reduction: str = "mean",
) -> float | FloatArray:
    r"""Multilabel soft margin loss: BCE from logits, averaged over each sample's K labels.

    $$\ell_n = \frac{1}{K}\sum_{k=1}^{K} w_k\bigl[t_{nk}\log(1 + e^{-y_{nk}})
      + (1 - t_{nk})\log(1 + e^{y_{nk}})\bigr]$$

    "mean" averages $\ell_n$ over the samples (``y.shape[:-1]``), "sum" adds them.

    Parameters
    ----------
    y : array_like of shape (..., K)
        Logits, one per label on the last axis.
    t : array_like, same shape as y
        Targets in [0, 1], usually 0/1 (several labels may be 1).
    weight : array_like, optional
        Weights $\ge 0$ that broadcast to `y`'s shape, e.g. one per label, shape (K,).
    reduction : {"mean", "sum", "none"}, default "mean"

    Returns
    -------
    float or numpy.ndarray
        A float for "mean" and "sum"; for "none" an array of shape ``y.shape[:-1]``.

    Raises
    ------
    ValueError
        Shapes differ; `y` 0-d; `t` outside [0, 1]; `weight` negative or of a shape
        that does not broadcast to `y`'s; input empty, NaN or inf; unknown `reduction`.
    TypeError
        Input not real-valued.

    See Also
    --------
    - [`binary_cross_entropy`][losskit.binary_cross_entropy]: the same terms, averaged over
      every element: ``binary_cross_entropy(y, t, from_logits=True)`` equals this loss's
      "mean".

    Notes
    -----
    PyTorch ``MultiLabelSoftMarginLoss`` (class axis last). The name comes from the soft
    margin $\log(1 + e^{-z})$, a smooth hinge, applied with $z = \pm y$.

    Examples
    --------
    >>> round(multilabel_soft_margin([[2.0, -1.0, 0.5]], [[1, 0, 1]]), 6)
    0.304756
    """
    red = check_reduction(reduction)
    value, _ = _multilabel_soft_margin_body(y, t, weight=weight, reduction=red, want_grad=False)
    return value


def _multilabel_soft_margin_value_and_grad(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    weight: npt.ArrayLike | None = None,
    reduction: str = "mean",
) -> tuple[float, FloatArray]:
    red = check_reduction(reduction, SCALAR_REDUCTIONS)
    value, grad = _multilabel_soft_margin_body(y, t, weight=weight, reduction=red, want_grad=True)
    assert grad is not None
    return float(value), grad
