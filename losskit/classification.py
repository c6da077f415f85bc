r"""Classification losses in the frameworks' convention.

- `binary_cross_entropy`: independent yes/no outputs (binary and multilabel), element-wise.
- `categorical_cross_entropy`: one class out of K, targets one-hot or soft, last axis.
- `sparse_categorical_cross_entropy`: the same with integer class labels.
- `kl_divergence`: KL(t ‖ y) between distributions on the last axis.

Probabilities go in by default; ``from_logits=True`` takes raw scores and fuses the
sigmoid / softmax into the loss, which is exact and finite for any finite logit. On the
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
    check_class_axis,
    check_flag,
    check_int_range,
    check_range,
    check_reduction,
    check_shape,
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
    if (fast := _kernels.bce(y, t, from_logits, red)) is not None:
        return fast
    ya, ta, logits = _bce_inputs(y, t, from_logits)
    return reduce_loss(_bce_terms(ya, ta, logits), red)


def _binary_cross_entropy_value_and_grad(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    from_logits: bool = False,
    reduction: str = "mean",
) -> tuple[float, FloatArray]:
    """Value and gradient of `binary_cross_entropy`.

    Logits: (σ(x) − t) / n. Probabilities: (−t/p + (1−t)/(1−p)) / n, each term 0 where its
    log is clamped (the clamped loss is flat there).
    """
    red = check_reduction(reduction, SCALAR_REDUCTIONS)
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
    if (fast := _kernels.cce(y, t, from_logits, red)) is not None:
        return fast
    ya, ta, logits = _cce_inputs(y, t, from_logits)
    return reduce_loss(_cce_terms(ya, ta, logits), red)


def _categorical_cross_entropy_value_and_grad(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    from_logits: bool = False,
    reduction: str = "mean",
) -> tuple[float, FloatArray]:
    """Value and gradient of `categorical_cross_entropy`.

    Logits: (softmax(x)·Σ_k t_k − t) / N (just softmax − t for targets summing to 1).
    Probabilities: −t / p / N, 0 where log p is clamped.
    """
    red = check_reduction(reduction, SCALAR_REDUCTIONS)
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
    if (fast := _kernels.scce(y, labels, from_logits, red)) is not None:
        return fast
    ya, la, logits = _scce_inputs(y, labels, from_logits)
    return reduce_loss(_scce_terms(ya, la, logits), red)


def _sparse_categorical_cross_entropy_value_and_grad(
    y: npt.ArrayLike,
    labels: npt.ArrayLike,
    *,
    from_logits: bool = False,
    reduction: str = "mean",
) -> tuple[float, FloatArray]:
    """Value and gradient of `sparse_categorical_cross_entropy`.

    Logits: (softmax(x) − onehot(label)) / N. Probabilities: −1/p at the label / N (0 where
    log p is clamped), 0 elsewhere.
    """
    red = check_reduction(reduction, SCALAR_REDUCTIONS)
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
