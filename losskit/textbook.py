r"""The article's two loss functions, exactly as it (and the book it follows) defines them.

``mean_squared_error`` is the *half sum* of squares $\frac12\sum_k (y_k - t_k)^2$, not the
framework MSE (a mean, no ½; see `losskit.mse`). ``cross_entropy_error`` adds a small
$\delta$ inside the logarithm, as the article does, instead of clamping. Both follow the
``*_error`` naming of the source: lower is better, 0 is a perfect prediction.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from losskit._registry import Inputs, Work, elementwise, evaluate, register
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


def _rows(shape: tuple[int, ...]) -> int:
    """N, the number of rows a mini-batch averages over: 1 for 1-D input, else shape[0]."""
    if len(shape) not in (1, 2):
        raise ValueError("the validated path names the shape")
    return 1 if len(shape) == 1 else shape[0]


def _mse_inputs(y: npt.ArrayLike, t: npt.ArrayLike) -> Inputs:
    ya, ta = as_pair(y, t)
    check_ndim(ya, "y", (1, 2))
    return Inputs((ya, ta), count=_rows(ya.shape))


def _half_square_terms(
    arrays: tuple[FloatArray, ...], out: FloatArray, work: Work, options: Mapping[str, Any]
) -> bool:
    """(y − t)², which the loss halves (scale=0.5, exact) and sums: 0.5 * Σ (y − t) ** 2,
    the article's own expression, so its printed number is reproduced to the last digit."""
    y, t = arrays
    np.subtract(y, t, out=out)
    np.multiply(out, out, out=out)
    return True


def _mse_backward(inputs: Inputs, cache: None, d_per: FloatArray, argnum: int) -> FloatArray:
    """dE/dy = (y - t) / N."""
    ya, ta = inputs.arrays
    with np.errstate(over="ignore"):
        grad: FloatArray = (ya - ta) * d_per
    return grad


_HALF_SQUARES = elementwise(_half_square_terms, dict, scale=0.5, count=_rows)


@register(
    formula="mean_squared_error",
    differentiable=("y",),
    prepare=_mse_inputs,
    forward=_HALF_SQUARES.forward,
    backward=_mse_backward,
    fast=_HALF_SQUARES.fast,
)
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
    return evaluate(mean_squared_error, y, t)  # type: ignore[no-any-return]


def _cee_inputs(y: npt.ArrayLike, t: npt.ArrayLike, delta: object = 1e-7) -> Inputs:
    """Validated (y, t) with delta; t is float (same shape as y) or int labels."""
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
    return Inputs((ya, ta), {"delta": d}, count=_rows(ya.shape))


def _cee_forward(inputs: Inputs, reduction: str, grad: bool) -> tuple[FloatArray, None]:
    ya, ta = inputs.arrays
    d = inputs.options["delta"]
    if ta.shape == ya.shape:
        # The article's expression t·log(y + δ), so its printed number is reproduced bit
        # for bit; the log and the product run in place, in one temporary instead of two.
        terms = ya + d
        np.log(terms, out=terms)
        terms *= ta
    else:
        picked = np.take_along_axis(ya, ta[..., np.newaxis].astype(np.intp), axis=-1)
        terms = np.asarray(np.log(picked[..., 0] + d))
    np.negative(terms, out=terms)  # −Σ x is Σ(−x), bit for bit
    return np.asarray(terms), None


def _cee_backward(inputs: Inputs, cache: None, d_per: FloatArray, argnum: int) -> FloatArray:
    """dE/dy = -t / (y + delta) / N."""
    ya, ta = inputs.arrays
    if ta.shape != ya.shape:  # labels -> one-hot, then the same formula
        onehot = np.zeros_like(ya)
        np.put_along_axis(onehot, ta[..., np.newaxis].astype(np.intp), 1, axis=-1)
        ta = onehot
    # (0 - t) rather than -t: zero targets give +0.0 in the gradient, not -0.0.
    grad: FloatArray = (0 - ta) / (ya + inputs.options["delta"]) * d_per
    return grad


@register(
    formula="cross_entropy_error",
    differentiable=("y",),
    prepare=_cee_inputs,
    forward=_cee_forward,
    backward=_cee_backward,
)
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
    return evaluate(cross_entropy_error, y, t, delta=delta)  # type: ignore[no-any-return]
