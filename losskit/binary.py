r"""Binary cross-entropy: independent yes/no outputs (binary and multilabel), element-wise.

Probabilities go in by default; ``from_logits=True`` takes raw scores and fuses the
sigmoid into the loss, which is exact and finite for any finite logit. On the probability
path $\log p$ and $\log(1-p)$ are clamped at $-100$, as PyTorch ``BCELoss`` does, so a
probability of exactly 0 or 1 gives a large finite loss instead of infinity.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, overload

import numpy as np
import numpy.typing as npt

from losskit._clamp import LOG_CLAMP, clamped_log, safe_div
from losskit._registry import Inputs, Work, elementwise, evaluate, register
from losskit._validate import FloatArray, as_pair, check_flag, check_range
from losskit.activations import _sigmoid

__all__ = ["binary_cross_entropy"]

Y_HINT = "pass from_logits=True for logits"
_T_HINT = "expected probabilities or 0/1 labels in [0, 1]"


def in_unit_interval(a: FloatArray) -> bool:
    """True when every element lies in [0, 1]; False for NaN (min/max propagate it)."""
    return bool(a.min() >= 0.0) and bool(a.max() <= 1.0)


def _bce_options(from_logits: object = False) -> Mapping[str, Any]:
    return {"from_logits": check_flag(from_logits, "from_logits")}


def _bce_prepare(y: npt.ArrayLike, t: npt.ArrayLike, *, from_logits: object = False) -> Inputs:
    options = _bce_options(from_logits)
    ya, ta = as_pair(y, t)
    check_range(ta, "t", hint=_T_HINT)
    if not options["from_logits"]:
        check_range(ya, "y", hint=Y_HINT)
    return Inputs((ya, ta), options)


def _bce_terms(
    arrays: tuple[FloatArray, ...], out: FloatArray, work: Work, options: Mapping[str, Any]
) -> bool:
    y, t = arrays
    s = work.scratch()
    if options["from_logits"]:
        if not (work.trusted or in_unit_interval(t)):
            return False
        # −[t log σ(x) + (1−t) log σ(−x)] = softplus(x) − t·x
        #                                 = max(x, 0) + log1p(e^{−|x|}) − t·x
        np.abs(y, out=s)
        np.negative(s, out=s)
        np.exp(s, out=s)
        np.log1p(s, out=s)
        np.maximum(y, work.full(0.0), out=out)
        out += s
        np.multiply(t, y, out=s)
        out -= s
        return True
    if not (work.trusted or (in_unit_interval(t) and in_unit_interval(y))):
        return False
    # −[t log p + (1−t) log(1−p)], each log clamped at −100 (so 0·(−100) = 0, never nan)
    clamp = work.full(LOG_CLAMP)
    np.log(y, out=out)
    np.maximum(out, clamp, out=out)
    np.subtract(1, y, out=s)
    np.log(s, out=s)
    np.maximum(s, clamp, out=s)
    out *= t
    s *= 1 - t
    out += s
    np.negative(out, out=out)
    return True


def _bce_backward(inputs: Inputs, cache: None, d_per: FloatArray, argnum: int) -> FloatArray:
    """Logits: (σ(x) − t) / n. Probabilities: (−t/p + (1−t)/(1−p)) / n, each term 0 where
    its log is clamped (the clamped loss is flat there)."""
    y, t = inputs.arrays
    if inputs.options["from_logits"]:
        grad: FloatArray = _sigmoid(y)
        grad -= t
    else:
        one_minus = np.asarray(1 - y)
        _, live_p = clamped_log(y)
        _, live_q = clamped_log(one_minus)
        grad = safe_div(np.asarray(1 - t), one_minus, live_q)
        grad -= safe_div(t, y, live_p)
    grad *= d_per
    return grad


_BCE = elementwise(_bce_terms, _bce_options)


@overload
def binary_cross_entropy(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    from_logits: bool = ...,
    reduction: Literal["mean", "sum"] = ...,
) -> float: ...
@overload
def binary_cross_entropy(
    y: npt.ArrayLike, t: npt.ArrayLike, *, from_logits: bool = ..., reduction: Literal["none"]
) -> FloatArray: ...
@overload
def binary_cross_entropy(
    y: npt.ArrayLike, t: npt.ArrayLike, *, from_logits: bool = ..., reduction: str
) -> float | FloatArray: ...


@register(
    formula="binary_cross_entropy",
    differentiable=("y",),
    prepare=_bce_prepare,
    forward=_BCE.forward,
    backward=_bce_backward,
    fast=_BCE.fast,
    peer="torch.nn.functional.binary_cross_entropy",
)
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
    return evaluate(  # type: ignore[no-any-return]
        binary_cross_entropy, y, t, from_logits=from_logits, reduction=reduction
    )
