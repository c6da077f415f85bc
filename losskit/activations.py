r"""Overflow-free activations: sigmoid, log-sigmoid, softmax, log-softmax and logsumexp.

Every function accepts any finite real array-like, never overflows (whatever the size of
the input), returns a NumPy array (float32 stays float32, other real types become
float64) and leaves its input untouched. The private ``_``-prefixed versions skip the
checks; the loss modules call them on arrays already validated.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from losskit._validate import FloatArray, as_float_array, check_axis

__all__ = ["log_sigmoid", "log_softmax", "logsumexp", "sigmoid", "softmax"]


# --------------------------------------------------------------------------- kernels


def _sigmoid(a: FloatArray) -> FloatArray:
    # σ(x) = 1 / (1 + e^{-x}) for x >= 0 and e^{x} / (1 + e^{x}) for x < 0:
    # both written with e = e^{-|x|} <= 1, so exp never overflows.
    e = np.exp(-np.abs(a))
    inv = 1 / (1 + e)
    out: FloatArray = np.where(a >= 0, inv, e * inv)
    return out


def _log_sigmoid(a: FloatArray) -> FloatArray:
    # log σ(x) = -softplus(-x) = min(x, 0) - log1p(e^{-|x|})
    out: FloatArray = np.minimum(a, 0) - np.log1p(np.exp(-np.abs(a)))
    return out


def _softplus(a: FloatArray) -> FloatArray:
    # softplus(x) = log(1 + e^x) = max(x, 0) + log1p(e^{-|x|})
    out: FloatArray = np.maximum(a, 0) + np.log1p(np.exp(-np.abs(a)))
    return out


def _shift_and_logsum(a: FloatArray, axis: int) -> tuple[FloatArray, FloatArray, FloatArray]:
    """(x - m, m, log Σ e^{x - m}) with m = max x along `axis` (kept as a length-1 axis).

    Working with the shifted x - m keeps every exponent <= 0 and lets callers form
    log-softmax as (x - m) - log Σ e^{x - m} without first rounding m + log Σ: in float32,
    800 + log 2 loses the digits of log 2 that (800 - 800) - log 2 keeps.
    """
    m = np.max(a, axis=axis, keepdims=True)
    with np.errstate(over="ignore"):  # x - m below -max float is -inf, and e^{-inf} = 0
        shifted: FloatArray = a - m
    log_s: FloatArray = np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))
    return shifted, m, log_s


def _logsumexp(a: FloatArray, axis: int, keepdims: bool = False) -> FloatArray:
    # log Σ e^{x} = m + log Σ e^{x - m} with m = max x: every exponent is <= 0.
    _, m, log_s = _shift_and_logsum(a, axis)
    out: FloatArray = log_s + m
    if not keepdims:
        out = np.squeeze(out, axis=axis)
    return out


def _log_softmax(a: FloatArray, axis: int) -> FloatArray:
    # log softmax(x) = (x - m) - log Σ e^{x - m}
    shifted, _, log_s = _shift_and_logsum(a, axis)
    shifted -= log_s
    return shifted


def _softmax(a: FloatArray, axis: int) -> FloatArray:
    # e^{x - m} / Σ e^{x - m}: the shift by m = max x cancels and keeps exp <= 1.
    with np.errstate(over="ignore"):  # x - m below -max float is -inf, and e^{-inf} = 0
        e: FloatArray = np.exp(a - np.max(a, axis=axis, keepdims=True))
    e /= np.sum(e, axis=axis, keepdims=True)
    return e


def _check_axis_input(x: npt.ArrayLike, axis: int) -> tuple[FloatArray, int]:
    a = as_float_array(x, "x")
    return a, check_axis(axis, a.ndim, "x")


# --------------------------------------------------------------------------- public


def sigmoid(x: npt.ArrayLike) -> FloatArray:
    r"""Logistic sigmoid, element-wise, without overflow for any finite input.

    $$\sigma(x) = \frac{1}{1 + e^{-x}}$$

    Parameters
    ----------
    x : array_like of shape (*)
        Logits (any finite real numbers).

    Returns
    -------
    numpy.ndarray of shape (*)
        Probabilities in [0, 1] (exactly 0 or 1 only where float rounding makes them so);
        float32 for float32 input, float64 otherwise.

    Raises
    ------
    ValueError
        `x` empty, NaN or inf.
    TypeError
        `x` not real-valued.

    See Also
    --------
    - [`log_sigmoid`][losskit.log_sigmoid]: $\log\sigma(x)$ computed directly, exact where
      `sigmoid` rounds to 0.

    Notes
    -----
    Evaluated as $1/(1+e^{-x})$ for $x \ge 0$ and $e^{x}/(1+e^{x})$ for $x < 0$, so the
    exponential only ever sees $-|x|$.

    Examples
    --------
    >>> import numpy as np
    >>> print(np.round(sigmoid([-800.0, 0.0, 2.0]), 4))
    [0.     0.5    0.8808]
    """
    return _sigmoid(as_float_array(x, "x"))


def log_sigmoid(x: npt.ArrayLike) -> FloatArray:
    r"""Logarithm of the sigmoid, element-wise, exact and finite for any finite input.

    $$\log\sigma(x) = -\log\left(1 + e^{-x}\right) = \min(x, 0) - \log\left(1 + e^{-|x|}\right)$$

    Parameters
    ----------
    x : array_like of shape (*)
        Logits (any finite real numbers).

    Returns
    -------
    numpy.ndarray of shape (*)
        Values $\le 0$; float32 for float32 input, float64 otherwise.

    Raises
    ------
    ValueError
        `x` empty, NaN or inf.
    TypeError
        `x` not real-valued.

    See Also
    --------
    - [`sigmoid`][losskit.sigmoid]: the probabilities themselves.
    - [`binary_cross_entropy`][losskit.binary_cross_entropy]: uses this identity when
      ``from_logits=True``.

    Notes
    -----
    ``np.log(sigmoid(x))`` is ``-inf`` for $x \lesssim -745$ (the sigmoid underflows to 0);
    the right-hand form above stays exact: $\log\sigma(-800) = -800$. Also
    $\log(1-\sigma(x)) = \log\sigma(-x)$.

    Examples
    --------
    >>> import numpy as np
    >>> print(np.round(log_sigmoid([-2.0, 0.0, 2.0]), 4))
    [-2.1269 -0.6931 -0.1269]
    >>> float(log_sigmoid(-800.0))  # np.log(sigmoid(-800.0)) would be -inf
    -800.0
    """
    return _log_sigmoid(as_float_array(x, "x"))


def softmax(x: npt.ArrayLike, axis: int = -1) -> FloatArray:
    r"""Softmax along `axis`, without overflow for any finite input.

    $$\operatorname{softmax}(x)_k = \frac{e^{x_k - m}}{\sum_j e^{x_j - m}}, \qquad m = \max_j x_j$$

    Parameters
    ----------
    x : array_like of shape (..., K, ...)
        Logits; the classes run along `axis`.
    axis : int, default -1
        The class axis.

    Returns
    -------
    numpy.ndarray
        Same shape as `x`; non-negative, summing to 1 along `axis`. float32 for float32
        input, float64 otherwise.

    Raises
    ------
    ValueError
        `x` empty, NaN or inf; `axis` out of range.
    TypeError
        `x` not real-valued; `axis` not an integer.

    See Also
    --------
    - [`log_softmax`][losskit.log_softmax]: the logarithm, computed without ``log(0)``.

    Notes
    -----
    Subtracting $m$ leaves the result unchanged and keeps every exponent $\le 0$, so
    ``softmax([1000, 1000])`` is ``[0.5, 0.5]`` instead of ``nan``.

    Examples
    --------
    >>> import numpy as np
    >>> print(np.round(softmax([1000.0, 1000.0, 998.0]), 4))
    [0.4683 0.4683 0.0634]
    """
    a, ax = _check_axis_input(x, axis)
    return _softmax(a, ax)


def log_softmax(x: npt.ArrayLike, axis: int = -1) -> FloatArray:
    r"""Logarithm of the softmax along `axis`, without overflow and without ``log(0)``.

    $$\log\operatorname{softmax}(x)_k = x_k - \operatorname{logsumexp}(x)
      = x_k - m - \log\sum_j e^{x_j - m}$$

    Parameters
    ----------
    x : array_like of shape (..., K, ...)
        Logits; the classes run along `axis`.
    axis : int, default -1
        The class axis.

    Returns
    -------
    numpy.ndarray
        Same shape as `x`; values $\le 0$. float32 for float32 input, float64 otherwise.

    Raises
    ------
    ValueError
        `x` empty, NaN or inf; `axis` out of range.
    TypeError
        `x` not real-valued; `axis` not an integer.

    See Also
    --------
    - [`softmax`][losskit.softmax]
    - [`logsumexp`][losskit.logsumexp]
    - [`categorical_cross_entropy`][losskit.categorical_cross_entropy]: uses this when
      ``from_logits=True``.

    Notes
    -----
    ``np.log(softmax(x))`` gives ``-inf`` once a probability underflows to 0; this form
    stays finite: ``log_softmax([0, -800])`` is ``[0, -800]``. It is ``-inf`` only where
    the exact value lies below the float range: $x_k - m$ itself overflows, as for
    ``log_softmax([1e308, -1e308])``, whose second entry is $-2 \cdot 10^{308}$.

    Examples
    --------
    >>> import numpy as np
    >>> print(np.round(log_softmax([0.0, -800.0]), 4))
    [   0. -800.]
    """
    a, ax = _check_axis_input(x, axis)
    return _log_softmax(a, ax)


def logsumexp(x: npt.ArrayLike, axis: int = -1) -> FloatArray:
    r"""Log of the sum of exponentials along `axis`, without overflow for any finite input.

    $$\operatorname{logsumexp}(x) = \log\sum_k e^{x_k} = m + \log\sum_k e^{x_k - m}$$

    with $m = \max_k x_k$, so every exponent is at most 0.

    Parameters
    ----------
    x : array_like of shape (..., K, ...)
        Real numbers; the sum runs along `axis`.
    axis : int, default -1
        The axis summed over.

    Returns
    -------
    numpy.ndarray
        `x`'s shape without `axis` (a 0-d array for 1-D input; ``float(...)`` turns it into
        a Python float). float32 for float32 input, float64 otherwise.

    Raises
    ------
    ValueError
        `x` empty, NaN or inf; `axis` out of range.
    TypeError
        `x` not real-valued; `axis` not an integer.

    See Also
    --------
    - [`log_softmax`][losskit.log_softmax]: $x - \operatorname{logsumexp}(x)$.

    Examples
    --------
    >>> float(logsumexp([1000.0, 1000.0]))  # 1000 + log 2
    1000.6931471805599
    """
    a, ax = _check_axis_input(x, axis)
    return _logsumexp(a, ax)
