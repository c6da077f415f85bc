r"""One scalar from several losses: a model with several outputs, one loss per output.

Keras adds the per-output losses, each multiplied by its ``loss_weights`` entry; the
article describes averaging them. Both are `combine_losses`: ``reduction="sum"`` is
$\sum_i w_i L_i$, ``reduction="mean"`` is $\sum_i w_i L_i / \sum_i w_i$ (the plain average
when every weight is 1).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from losskit._validate import SCALAR_REDUCTIONS, as_float_array, check_reduction

__all__ = ["combine_losses"]


def _scalar(value: object, name: str) -> float:
    a = as_float_array(value, name, dtype=float)  # type, NaN/inf and emptiness checks
    if a.shape != ():
        raise ValueError(f"{name} has shape {a.shape}; expected a scalar (reduce it first)")
    return float(a)


def _entries(values: object, name: str) -> tuple[list[Any], list[object]]:
    """Keys (indices for sequences) and values of a mapping or a sequence."""
    if isinstance(values, Mapping):
        return list(values.keys()), list(values.values())
    expected = "expected a sequence of numbers or a mapping name -> number"
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise TypeError(f"{name} is {values!r}; {expected}")
    try:
        items = list(values)
    except TypeError as exc:  # e.g. a 0-d array, iterable only in name
        raise TypeError(f"{name} is {values!r}; {expected}") from exc
    return list(range(len(items))), items


def _label(name: str, key: Any) -> str:
    return f"{name}[{key!r}]"


def combine_losses(
    losses: Mapping[Any, float] | Iterable[float],
    weights: Mapping[Any, float] | Iterable[float] | None = None,
    reduction: str = "mean",
) -> float:
    r"""Combine several scalar losses into one: their weighted mean or weighted sum.

    $$L = \begin{cases} \dfrac{\sum_i w_i L_i}{\sum_i w_i} & \texttt{"mean"} \\[1ex]
      \sum_i w_i L_i & \texttt{"sum"} \end{cases}
      \qquad (w_i = 1 \text{ when no weights are given})$$

    Parameters
    ----------
    losses : sequence of float, or mapping of name to float
        The losses, e.g. one per model output: Python floats, NumPy scalars or 0-d arrays.
    weights : sequence of float, or mapping of name to float, optional
        Non-negative weights, not all 0. A sequence for a sequence of losses (same
        length), a mapping for a mapping (same keys). Default: every weight 1.
    reduction : {"mean", "sum"}, default "mean"
        "mean" divides the weighted sum by the sum of the weights; "sum" is Keras's
        ``loss_weights`` total.

    Returns
    -------
    float
        The combined loss.

    Raises
    ------
    ValueError
        No losses; a loss or weight NaN, inf or not a scalar; a weight negative; every
        weight 0; lengths or keys of `losses` and `weights` differ; unknown `reduction`.
    TypeError
        A loss or weight not a real number; `losses` or `weights` neither a sequence nor
        a mapping, or one a mapping and the other a sequence.

    See Also
    --------
    - [`value_and_grad`][losskit.value_and_grad]: the gradient of each loss; the combined
      gradient is $\sum_i w_i \nabla L_i$ (over $\sum_i w_i$ for "mean").

    Notes
    -----
    Averaging is the sum with weights $w_i / \sum_j w_j$, so the two conventions differ
    only by a constant factor, which a learning rate absorbs. Sums are accumulated with
    ``math.fsum`` (exactly rounded), rescaled by powers of 2 where a product or a sum
    would leave the float range: "mean" is always finite, "sum" is ``inf`` (or
    ``-inf``) only when the exact total lies beyond the largest float.

    Examples
    --------
    >>> combine_losses([0.5, 1.5])  # the average, as the article describes
    1.0
    >>> losses = {"label": 0.5, "box": 1.5}
    >>> loss_weights = {"label": 1.0, "box": 0.2}
    >>> combine_losses(losses, loss_weights, "sum")  # Keras: 0.5 + 0.2 * 1.5
    0.8
    """
    red = check_reduction(reduction, SCALAR_REDUCTIONS)
    keys, raw = _entries(losses, "losses")
    if not raw:
        raise ValueError("losses is empty; expected at least one loss")
    values = [_scalar(v, _label("losses", k)) for k, v in zip(keys, raw, strict=True)]
    w = _weights(losses, weights, keys)
    try:
        total = math.fsum(wi * li for wi, li in zip(w, values, strict=True))
        if math.isfinite(total):
            return total if red == "sum" else total / math.fsum(w)
    except (OverflowError, ValueError):  # a sum, or a product w·L, beyond the float range
        pass
    return _combine_scaled(values, w, red)


def _combine_scaled(values: list[float], w: list[float], reduction: str) -> float:
    """The same sums with weights and losses scaled by powers of 2 (exact), so no step
    overflows: "mean" is then finite (it lies between the losses), "sum" is ±inf only
    when the true value exceeds the float range."""
    w_exp = math.frexp(max(w))[1]
    l_exp = math.frexp(max(abs(v) for v in values))[1]
    ws = [math.ldexp(wi, -w_exp) for wi in w]
    scaled = math.fsum(wi * math.ldexp(li, -l_exp) for wi, li in zip(ws, values, strict=True))
    if reduction == "mean":
        return math.ldexp(scaled / math.fsum(ws), l_exp)
    try:
        return math.ldexp(scaled, w_exp + l_exp)
    except OverflowError:
        return math.copysign(math.inf, scaled)


def _weights(losses: object, weights: object, keys: list[Any]) -> list[float]:
    if weights is None:
        return [1.0] * len(keys)
    wkeys, raw = _entries(weights, "weights")
    if isinstance(losses, Mapping) != isinstance(weights, Mapping):
        kind = "a mapping" if isinstance(weights, Mapping) else "a sequence"
        other = "a mapping" if isinstance(losses, Mapping) else "a sequence"
        raise TypeError(
            f"weights is {kind} but losses is {other}; expected weights of the same kind"
        )
    if isinstance(weights, Mapping):
        extra = [k for k in wkeys if k not in set(keys)]
        missing = [k for k in keys if k not in set(wkeys)]
        if extra or missing:
            parts = ([f"has keys {extra} that losses lacks"] if extra else []) + (
                [f"lacks keys {missing} of losses"] if missing else []
            )
            raise ValueError(f"weights {' and '.join(parts)}; expected one weight per loss")
        by_key = dict(zip(wkeys, raw, strict=True))
        raw = [by_key[k] for k in keys]
    elif len(raw) != len(keys):
        raise ValueError(
            f"weights has {len(raw)} {'entry' if len(raw) == 1 else 'entries'} "
            f"but losses has {len(keys)}; "
            "expected one weight per loss"
        )
    w = [_scalar(v, _label("weights", k)) for k, v in zip(keys, raw, strict=True)]
    for k, wi in zip(keys, w, strict=True):
        if wi < 0:
            raise ValueError(f"{_label('weights', k)} is {wi}; expected a non-negative number")
    if not any(w):
        raise ValueError("weights are all 0; expected at least one positive weight")
    return w
