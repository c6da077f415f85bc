r"""The article's two loss functions, exactly as it (and the book it follows) defines them.

``mean_squared_error`` is the *half sum* of squares $\frac12\sum_k (y_k - t_k)^2$, not the
framework MSE (a mean, no ½; see `losskit.mse`). ``cross_entropy_error`` adds a small
$\delta$ inside the logarithm, as the article does, instead of clamping. Both follow the
``*_error`` naming of the source: lower is better, 0 is a perfect prediction.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from losskit._validate import (
    FloatArray,
    IntArray,
    as_float_array,
    as_labels,
    as_pair,
    check_ndim,
    check_positive,
    check_range,
)

__all__ = ["cross_entropy_error", "mean_squared_error"]

_PROBS_HINT = "expected probabilities (apply softmax to logits first)"


def _mse_inputs(y: npt.ArrayLike, t: npt.ArrayLike) -> tuple[FloatArray, FloatArray, int]:
    ya, ta = as_pair(y, t)
    check_ndim(ya, "y", (1, 2))
    return ya, ta, 1 if ya.ndim == 1 else ya.shape[0]


def mean_squared_error(y: npt.ArrayLike, t: npt.ArrayLike) -> float:
    r"""The article's "mean squared error": half the sum of squared differences.

    $$E = \frac{1}{2}\sum_{k} (y_k - t_k)^2$$

    For a mini-batch of $N$ rows the per-row values are averaged:
    $E = \frac{1}{N}\sum_n \frac{1}{2}\sum_k (y_{nk} - t_{nk})^2$.

    Parameters
    ----------
    y : array_like of shape (K,) or (N, K)
        Network outputs.
    t : array_like, same shape as y
        Targets (usually one-hot). Never broadcast against `y`.

    Returns
    -------
    float
        $E \ge 0$; 0 when ``y == t``.

    Raises
    ------
    ValueError
        Shapes differ or are not 1-D / 2-D; input empty, NaN or inf.
    TypeError
        Input not real-valued.

    See Also
    --------
    - [`mse`][losskit.mse]: the framework convention (PyTorch ``MSELoss``, Keras, scikit-learn):
      a mean over every element, no ½.
    - [`cross_entropy_error`][losskit.cross_entropy_error]: the article's other loss.

    Notes
    -----
    Despite its name this is a *half sum*, not a mean. The mean squared error of PyTorch,
    Keras and scikit-learn (losskit's `mse`) divides by the number of elements and has no
    ½, so for one sample of $K$ values it equals $2E/K$ (see the last example). The ½ makes
    the gradient simply $y - t$.

    Computed as ``0.5 * np.sum((y - t) ** 2)``, the article's own expression, so its
    printed number is reproduced to the last digit.

    Examples
    --------
    The article's MNIST example (label 2, one-hot encoded):

    >>> import numpy as np
    >>> t = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
    >>> y = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]
    >>> mean_squared_error(np.array(y), np.array(t))
    0.09750000000000003

    The frameworks' mean squared error of the same example, and $2E/K$:

    >>> from losskit import mse
    >>> mse(y, t), 2 * mean_squared_error(np.array(y), np.array(t)) / len(t)
    (0.019500000000000007, 0.019500000000000007)

    A mini-batch averages the rows:

    >>> mean_squared_error([[1.0, 0.0], [0.0, 0.0]], [[0.0, 0.0], [0.0, 0.0]])
    0.25
    """
    ya, ta, n = _mse_inputs(y, t)
    with np.errstate(over="ignore"):
        total = 0.5 * np.sum((ya - ta) ** 2, dtype=np.float64)
    return float(total) if n == 1 else float(total / n)


def _mean_squared_error_value_and_grad(
    y: npt.ArrayLike, t: npt.ArrayLike
) -> tuple[float, FloatArray]:
    """Value and dE/dy = (y - t) / N of `mean_squared_error`."""
    ya, ta, n = _mse_inputs(y, t)
    with np.errstate(over="ignore"):
        d = ya - ta
        value = 0.5 * np.sum(d**2, dtype=np.float64)
    grad: FloatArray = d if n == 1 else d / ya.dtype.type(n)
    return (float(value) if n == 1 else float(value / n)), grad


def _cee_inputs(
    y: npt.ArrayLike, t: npt.ArrayLike, delta: object
) -> tuple[FloatArray, FloatArray | IntArray, float, int]:
    """Validated (y, t, delta, N); t is float (same shape as y) or int labels."""
    ya = as_float_array(y, "y")
    check_ndim(ya, "y", (1, 2))
    check_range(ya, "y", hint=_PROBS_HINT)
    d = check_positive(delta, "delta")
    ta: FloatArray | IntArray = as_float_array(t, "t", dtype=ya.dtype)
    if ta.shape == ya.shape:
        check_range(ta, "t", hint="expected one-hot or soft targets in [0, 1]")
    elif ta.shape == ya.shape[:-1]:
        ta = as_labels(t, "t", num_classes=ya.shape[-1])
    else:
        raise ValueError(
            f"t has shape {ta.shape} but y has shape {ya.shape}; expected t of shape "
            f"{ya.shape} (one-hot or soft targets) or {ya.shape[:-1]} (integer labels); "
            "losskit never broadcasts y against t"
        )
    return ya, ta, d, 1 if ya.ndim == 1 else ya.shape[0]


def cross_entropy_error(y: npt.ArrayLike, t: npt.ArrayLike, delta: float = 1e-7) -> float:
    r"""The article's cross-entropy error, with $\delta$ inside the logarithm.

    $$E = -\sum_k t_k \log(y_k + \delta)$$

    For a mini-batch of $N$ rows, $E = -\frac{1}{N}\sum_n\sum_k t_{nk}\log(y_{nk} + \delta)$;
    with integer labels $t_n$ this is $-\frac{1}{N}\sum_n \log(y_{n,t_n} + \delta)$.

    Parameters
    ----------
    y : array_like of shape (K,) or (N, K)
        Probabilities in [0, 1] (softmax outputs).
    t : array_like, same shape as y, or labels
        Either targets of `y`'s shape, one-hot *or soft* (used as they are, never collapsed
        with argmax), or one class index in [0, K) per row: shape () for 1-D `y`, (N,)
        for 2-D. Labels may be integers or whole-number floats.
    delta : float, default 1e-7
        Positive constant added to `y` so that $\log 0$ never occurs.

    Returns
    -------
    float
        The loss. For one-hot targets its smallest value is
        $-\log(1 + \delta) \approx -10^{-7}$ (not 0), reached when the correct class gets
        probability 1.

    Raises
    ------
    ValueError
        `y` not 1-D / 2-D or outside [0, 1]; `t` of another shape, outside [0, 1], or
        labels not whole or out of range; input empty, NaN or inf; `delta` not positive.
    TypeError
        Input not real-valued; `delta` not a number.

    See Also
    --------
    - [`categorical_cross_entropy`][losskit.categorical_cross_entropy]: framework convention
      (clamped log instead of $\delta$, ``from_logits``, ``reduction``).
    - [`sparse_categorical_cross_entropy`][losskit.sparse_categorical_cross_entropy]: the
      integer-label form.
    - [`mean_squared_error`][losskit.mean_squared_error]: the article's other loss.

    Notes
    -----
    $\delta$ changes the value slightly: a perfect prediction gives
    $-\log(1 + 10^{-7}) \approx -10^{-7}$, not exactly 0, and $y_k = 0$ gives
    $-\log 10^{-7} \approx 16.1$ instead of infinity. The frameworks clamp instead.
    Rows of `y` are not required to sum to 1.

    Examples
    --------
    The article's example: the correct class (2) has probability 0.6, and
    $-\log(0.6 + 10^{-7})$ is

    >>> import numpy as np
    >>> t = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
    >>> y = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]
    >>> cross_entropy_error(np.array(y), np.array(t))
    0.510825457099338

    The label 2 instead of its one-hot encoding gives the same loss:

    >>> cross_entropy_error(np.array(y), 2)
    0.510825457099338
    """
    return _cee_value(*_cee_inputs(y, t, delta))


def _cee_value(ya: FloatArray, ta: FloatArray | IntArray, d: float, n: int) -> float:
    if ta.shape == ya.shape:
        # The article's expression t·log(y + δ), so its printed number is reproduced bit
        # for bit; the log and the product run in place, in one temporary instead of two.
        terms = ya + d
        np.log(terms, out=terms)
        terms *= ta
        total = -np.sum(terms, dtype=np.float64)
    else:
        picked = np.take_along_axis(ya, ta[..., np.newaxis].astype(np.intp), axis=-1)
        total = -np.sum(np.log(picked + d), dtype=np.float64)
    return float(total) if n == 1 else float(total / n)


def _cross_entropy_error_value_and_grad(
    y: npt.ArrayLike, t: npt.ArrayLike, delta: float = 1e-7
) -> tuple[float, FloatArray]:
    """Value and dE/dy = -t / (y + delta) / N of `cross_entropy_error`."""
    ya, ta, d, n = _cee_inputs(y, t, delta)
    value = _cee_value(ya, ta, d, n)
    if ta.shape != ya.shape:  # labels -> one-hot, then the same formula
        onehot = np.zeros_like(ya)
        np.put_along_axis(onehot, ta[..., np.newaxis].astype(np.intp), 1, axis=-1)
        ta = onehot
    # (0 - t) rather than -t: zero targets give +0.0 in the gradient, not -0.0.
    grad: FloatArray = (0 - ta) / (ya + d) * ya.dtype.type(1.0 / n)
    return value, grad
