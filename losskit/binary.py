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

from losskit._clamp import LOG_CLAMP, clamped_log, clamped_log1m, safe_div
from losskit._registry import Inputs, Work, elementwise, evaluate, register
from losskit._validate import (
    FloatArray,
    as_pair,
    broadcast_weight,
    check_class_axis,
    check_flag,
    check_nonnegative,
    check_range,
    check_unit_interval,
)
from losskit.activations import _sigmoid, _softplus

__all__ = ["binary_cross_entropy", "binary_focal_loss", "multilabel_soft_margin"]

Y_HINT = "pass from_logits=True for logits"
_T_HINT = "expected probabilities or 0/1 labels in [0, 1]"


def in_unit_interval(a: FloatArray) -> bool:
    """True when every element lies in [0, 1]; False for NaN (min/max propagate it)."""
    return bool(a.min() >= 0.0) and bool(a.max() <= 1.0)


def _bce_options(
    from_logits: object = False, weight: object = None, pos_weight: object = None
) -> Mapping[str, Any] | None:
    """The blocked path's options; None (decline) with weights, which need broadcasting."""
    if weight is not None or pos_weight is not None:
        return None
    return {"from_logits": check_flag(from_logits, "from_logits")}


def _bce_prepare(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    from_logits: object = False,
    weight: object = None,
    pos_weight: object = None,
) -> Inputs:
    logits = check_flag(from_logits, "from_logits")
    ya, ta = as_pair(y, t)
    w = broadcast_weight(weight, "weight", ya.shape, ya.dtype)
    pw = broadcast_weight(pos_weight, "pos_weight", ya.shape, ya.dtype)
    check_range(ta, "t", hint=_T_HINT)
    if not logits:
        check_range(ya, "y", hint=Y_HINT)
    # `weight` scales each term, but "mean" still divides by n (PyTorch): count = n
    count = None if w is None else float(ya.size)
    return Inputs((ya, ta), {"from_logits": logits, "pos_weight": pw}, weight=w, count=count)


def _bce_terms(
    arrays: tuple[FloatArray, ...], out: FloatArray, work: Work, options: Mapping[str, Any]
) -> bool:
    y, t = arrays
    s = work.scratch()
    if options["from_logits"]:
        if not (work.trusted or in_unit_interval(t)):
            return False
        # −[t log σ(x) + (1−t) log σ(−x)] = softplus(x) − t·x
        #                                 = (max(x, 0) − t·x) + log1p(e^{−|x|}):
        # the bracket first, so that x − x cancels exactly before the small term is added
        np.maximum(y, work.full(0.0), out=out)
        np.multiply(t, y, out=s)
        out -= s
        np.abs(y, out=s)
        np.negative(s, out=s)
        np.exp(s, out=s)
        np.log1p(s, out=s)
        out += s
        return True
    if not (work.trusted or (in_unit_interval(t) and in_unit_interval(y))):
        return False
    # −[t log p + (1−t) log(1−p)], each log clamped at −100 (so 0·(−100) = 0, never nan);
    # log(1−p) as log1p(−p), exact near p = 0 where 1 − p rounds
    clamp = work.full(LOG_CLAMP)
    np.log(y, out=out)
    np.maximum(out, clamp, out=out)
    np.negative(y, out=s)
    np.log1p(s, out=s)
    np.maximum(s, clamp, out=s)
    out *= t
    s *= 1 - t
    out += s
    np.subtract(work.full(0.0), out, out=out)  # 0 − x, not −x: never −0.0
    return True


def _pos_weighted_terms(
    ya: FloatArray, ta: FloatArray, pos_weight: FloatArray | None, logits: bool
) -> FloatArray:
    """−[pw·t·log p + (1 − t)·log(1 − p)], each term written without cancellation."""
    with np.errstate(over="ignore"):
        if logits:  # −log σ(x) = softplus(−x) and −log(1 − σ(x)) = softplus(x), each exact
            pos = ta * _softplus(-ya)
            neg = (1 - ta) * _softplus(ya)
        else:
            pos = ta * (0.0 - clamped_log(ya)[0])
            neg = (1 - ta) * (0.0 - clamped_log1m(ya))
        out: FloatArray = np.asarray((pos if pos_weight is None else pos * pos_weight) + neg)
    out += 0.0  # −0.0 + 0.0 is +0.0
    return out


def _bce_forward(inputs: Inputs, reduction: str, grad: bool) -> tuple[FloatArray, None]:
    pw = inputs.options["pos_weight"]
    if pw is None:
        return _BCE.forward(inputs, reduction, grad)
    ya, ta = inputs.arrays
    return _pos_weighted_terms(ya, ta, pw, inputs.options["from_logits"]), None


def bce_gradient(
    ya: FloatArray, ta: FloatArray, pos_weight: FloatArray | None, from_logits: bool
) -> FloatArray:
    """dℓ/dy element-wise: (1 − t)·σ(x) − pw·t·σ(−x) for logits (σ(x) − t without
    `pos_weight`); for probabilities (1 − t)/(1 − p) − pw·t/p, each term 0 where its log
    is clamped (the clamped loss is flat there) and saturated at the largest float where
    the exact value exceeds it (a float32 p of 1e-40), so finite wherever the loss is."""
    if from_logits:
        if pos_weight is None:
            grad: FloatArray = _sigmoid(ya)
            grad -= ta
            return grad
        with np.errstate(over="ignore"):
            grad = np.asarray((1 - ta) * _sigmoid(ya) - pos_weight * ta * _sigmoid(-ya))
        return grad
    one_minus = np.asarray(1 - ya)
    _, live_p = clamped_log(ya)
    live_q = clamped_log1m(ya) > LOG_CLAMP
    positive = ta if pos_weight is None else pos_weight * ta
    out: FloatArray = safe_div(np.asarray(1 - ta), one_minus, live_q)
    out -= safe_div(np.asarray(positive), ya, live_p)
    return out


def _bce_backward(inputs: Inputs, cache: None, d_per: FloatArray, argnum: int) -> FloatArray:
    ya, ta = inputs.arrays
    grad = bce_gradient(ya, ta, inputs.options["pos_weight"], inputs.options["from_logits"])
    with np.errstate(over="ignore"):
        grad *= d_per
    return grad


_BCE = elementwise(_bce_terms, _bce_options)


@overload
def binary_cross_entropy(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    from_logits: bool = ...,
    weight: npt.ArrayLike | None = ...,
    pos_weight: npt.ArrayLike | None = ...,
    reduction: Literal["mean", "sum"] = ...,
) -> float: ...
@overload
def binary_cross_entropy(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    from_logits: bool = ...,
    weight: npt.ArrayLike | None = ...,
    pos_weight: npt.ArrayLike | None = ...,
    reduction: Literal["none"],
) -> FloatArray: ...
@overload
def binary_cross_entropy(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    from_logits: bool = ...,
    weight: npt.ArrayLike | None = ...,
    pos_weight: npt.ArrayLike | None = ...,
    reduction: str,
) -> float | FloatArray: ...


@register(
    formula="binary_cross_entropy",
    differentiable=("y",),
    prepare=_bce_prepare,
    forward=_bce_forward,
    backward=_bce_backward,
    fast=_BCE.fast,
    peer="torch.nn.functional.binary_cross_entropy",
)
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

    $$\ell_i = -\bigl(t_i \log p_i + (1 - t_i) \log(1 - p_i)\bigr)$$

    with the probability $p_i$ = ``y[i]``; with ``from_logits=True``, ``y[i]`` is the logit
    $z_i$ and, exactly for every finite logit,

    $$\ell_i = \operatorname{softplus}(z_i) - t_i z_i$$

    $$\operatorname{softplus}(z) = \max(z, 0) + \log(1 + e^{-|z|})$$

    $$L = \begin{cases} \frac{1}{n} \sum_i \ell_i & \texttt{"mean"} \\
      \sum_i \ell_i & \texttt{"sum"} \end{cases}$$

    With `weight` $w$ and `pos_weight` $p_w$ (each 1 where not given), for probabilities
    and for logits:

    $$\ell_i = -w_i \bigl((1 - t_i) \log(1 - p_i) + p_{w,i} t_i \log p_i\bigr)$$

    $$\ell_i = w_i \bigl((1 - t_i) \operatorname{softplus}(z_i) + p_{w,i} t_i
      \operatorname{softplus}(-z_i)\bigr)$$

    Parameters
    ----------
    y : array_like of shape (*)
        Probabilities in [0, 1] (sigmoid outputs), or logits (any finite numbers) with
        ``from_logits=True``.
    t : array_like, same shape as y
        Targets in [0, 1]: 0/1 labels or soft labels. Never broadcast against `y`.
    from_logits : bool, default False
        Whether `y` holds logits; the sigmoid is then fused into the loss.
    weight : array_like, optional
        Weights $\ge 0$ that broadcast to `y`'s shape (NumPy rules: a scalar, one per
        label ``(K,)``, one per sample ``(N, 1)``, ...), multiplying each $\ell_i$.
        "mean" still divides by $n$, as PyTorch.
    pos_weight : array_like, optional
        Weights $\ge 0$ of the positive term, broadcast the same way, typically one per
        label: the number of negatives per positive. PyTorch offers it for logits only;
        here it works for probabilities too.
    reduction : {"mean", "sum", "none"}, default "mean"
        "mean" divides the sum by the number of elements $n$; "none" returns every
        $\ell_i$.

    Returns
    -------
    float or numpy.ndarray
        A float for "mean" and "sum"; for "none" an array shaped like `y` (float32 for
        float32 `y`, float64 otherwise). Each $\ell_i \ge 0$ (never ``-0.0``); it is 0
        only for a confident, correct 0/1 prediction.

    Raises
    ------
    ValueError
        Shapes differ; `t` outside [0, 1]; `y` outside [0, 1] without ``from_logits``;
        `weight` or `pos_weight` negative, not finite, or of a shape that does not
        broadcast to `y`'s; input empty, NaN or inf; unknown `reduction`.
    TypeError
        Input not real-valued; `from_logits` not a bool.

    See Also
    --------
    categorical_cross_entropy : exclusive classes
        (softmax outputs).
    log_sigmoid : the identity behind ``from_logits=True``.
    binary_focal_loss : fades easy examples instead of
        reweighting a class.

    Notes
    -----
    Probabilities: $\log p_i$ and $\log(1 - p_i)$ are clamped at $-100$, exactly like
    PyTorch ``BCELoss``, so $p_i \in \{0, 1\}$ gives at most 100 per element instead of
    infinity; $\log(1 - p)$ is computed as ``log1p(-p)``, exact near $p = 0$. Inside
    the clamped region the loss is flat, so its gradient there is 0 (PyTorch instead
    divides by $\max(p(1-p), 10^{-12})$, which agrees wherever $p(1-p) \ge 10^{-12}$);
    where the exact gradient exceeds the float range (a float32 $p$ of $10^{-40}$) it is
    the largest finite float, so the gradient is finite wherever the loss is. Keras clips
    $p$ to $[10^{-7}, 1 - 10^{-7}]$ instead, which differs for near-certain predictions.

    Logits: $\ell_i = \max(x_i, 0) - t_i x_i + \log(1 + e^{-|x_i|})$ (PyTorch
    ``BCEWithLogitsLoss``, Keras ``from_logits=True``), exact for every finite $x_i$;
    ``from_logits=True`` with $x = \pm 800$ is exact where $\sigma(x)$ has already
    rounded to 0 or 1. Prefer it whenever the model can output logits.

    Examples
    --------
    >>> binary_cross_entropy([0.9, 0.2], [1, 0])  # -(log 0.9 + log 0.8) / 2
    0.16425203348601802
    >>> binary_cross_entropy([0.0], [1])  # log 0 clamped at -100
    100.0
    >>> x = [-800.0]  # a logit whose sigmoid rounds to 0
    >>> binary_cross_entropy(x, [1], from_logits=True)  # exact: softplus(800)
    800.0
    """
    return evaluate(  # type: ignore[no-any-return]
        binary_cross_entropy,
        y,
        t,
        from_logits=from_logits,
        weight=weight,
        pos_weight=pos_weight,
        reduction=reduction,
    )


# --------------------------------------------------------------------------- focal loss


def _focal_prepare(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    alpha: object = 0.25,
    gamma: object = 2.0,
    from_logits: object = False,
) -> Inputs:
    a = None if alpha is None else check_unit_interval(alpha, "alpha")
    g = check_nonnegative(gamma, "gamma")
    logits = check_flag(from_logits, "from_logits")
    ya, ta = as_pair(y, t)
    check_range(ta, "t", hint=_T_HINT)
    if not logits:
        check_range(ya, "y", hint=Y_HINT)
    return Inputs((ya, ta), {"alpha": a, "gamma": g, "from_logits": logits})


def _focal_parts(inputs: Inputs) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """p, 1 − p, 1 − p_t and the cross-entropy; 1 − σ(x) is σ(−x), exact for logits."""
    ya, ta = inputs.arrays
    logits = inputs.options["from_logits"]
    p = _sigmoid(ya) if logits else ya
    q = _sigmoid(-ya) if logits else 1 - ya
    one_minus_pt: FloatArray = ta * q + (1 - ta) * p  # t·(1 − p) + (1 − t)·p
    ce = _pos_weighted_terms(ya, ta, None, logits)
    return p, q, one_minus_pt, ce


def _alpha_t(inputs: Inputs) -> FloatArray | None:
    a = inputs.options["alpha"]
    if a is None:
        return None
    ya, ta = inputs.arrays
    out: FloatArray = ta * ya.dtype.type(a) + (1 - ta) * ya.dtype.type(1 - a)
    return out


def _focal_forward(inputs: Inputs, reduction: str, grad: bool) -> tuple[FloatArray, None]:
    """torchvision's sigmoid_focal_loss: α_t·(1 − p_t)^γ·BCE, element-wise."""
    _, _, one_minus_pt, ce = _focal_parts(inputs)
    per: FloatArray = one_minus_pt ** one_minus_pt.dtype.type(inputs.options["gamma"]) * ce
    alpha_t = _alpha_t(inputs)
    if alpha_t is not None:
        per *= alpha_t
    return per, None


def _focal_backward(inputs: Inputs, cache: None, d_per: FloatArray, argnum: int) -> FloatArray:
    """dℓ/dy = α_t·[γ·(1 − p_t)^γ·(ce / (1 − p_t))·d(1 − p_t)/dy + (1 − p_t)^γ·dce/dy],
    d(1 − p_t)/dp = 1 − 2t and dp/dx = p(1 − p) for logits. ce / (1 − p_t) stays near 1
    as both vanish; where 1 − p_t is 0 that term is 0."""
    ya, ta = inputs.arrays
    logits = inputs.options["from_logits"]
    gamma = ya.dtype.type(inputs.options["gamma"])
    p, q, one_minus_pt, ce = _focal_parts(inputs)
    modulating = one_minus_pt**gamma
    grad: FloatArray = modulating * bce_gradient(ya, ta, None, logits)
    if gamma:
        ratio = np.zeros_like(ce)
        with np.errstate(over="ignore"):
            np.divide(ce, one_minus_pt, out=ratio, where=one_minus_pt > 0)
            d_q = (1 - 2 * ta) * (p * q) if logits else 1 - 2 * ta
            grad += gamma * modulating * ratio * d_q
    alpha_t = _alpha_t(inputs)
    if alpha_t is not None:
        grad *= alpha_t
    with np.errstate(over="ignore"):
        grad *= d_per
    return grad


@overload
def binary_focal_loss(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    alpha: float | None = ...,
    gamma: float = ...,
    from_logits: bool = ...,
    reduction: Literal["mean", "sum"] = ...,
) -> float: ...
@overload
def binary_focal_loss(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    alpha: float | None = ...,
    gamma: float = ...,
    from_logits: bool = ...,
    reduction: Literal["none"],
) -> FloatArray: ...
@overload
def binary_focal_loss(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    alpha: float | None = ...,
    gamma: float = ...,
    from_logits: bool = ...,
    reduction: str,
) -> float | FloatArray: ...


@register(
    formula="binary_focal_loss",
    differentiable=("y",),
    prepare=_focal_prepare,
    forward=_focal_forward,
    backward=_focal_backward,
    peer="torchvision.ops.sigmoid_focal_loss",
)
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

    $$\ell_i = -\alpha_{t,i} (1 - p_{t,i})^{\gamma} \bigl(t_i \log p_i + (1 - t_i) \log(1 -
      p_i)\bigr)$$

    $$p_{t,i} = p_i t_i + (1 - p_i) (1 - t_i)$$

    $$\alpha_{t,i} = \alpha t_i + (1 - \alpha) (1 - t_i)$$

    $$L = \begin{cases} \frac{1}{n} \sum_i \ell_i & \texttt{"mean"} \\ \sum_i \ell_i &
      \texttt{"sum"} \end{cases}$$

    with $p_i = y_i$, or $\sigma(y_i)$ for ``from_logits=True``; ``alpha=None`` drops
    $\alpha_{t,i}$ (every element weighted 1).

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
    binary_cross_entropy : $\gamma = 0$, no $\alpha$;
        its `pos_weight` reweights positives without fading easy examples.

    Notes
    -----
    Lin et al. (2017), as torchvision's ``sigmoid_focal_loss`` (which always takes
    logits; here ``from_logits=True``). A confidently right example ($p_t \to 1$) has its
    cross-entropy scaled by $(1-p_t)^\gamma \to 0$, so rare hard examples dominate the
    gradient. $1 - p_t$ is computed as $\sigma(-x)$ for logits, exact where torchvision's
    $1 - \sigma(x)$ rounds to 0. On probabilities the cross-entropy's logs are clamped at
    $-100$, as in `binary_cross_entropy`.

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
    return evaluate(  # type: ignore[no-any-return]
        binary_focal_loss,
        y,
        t,
        alpha=alpha,
        gamma=gamma,
        from_logits=from_logits,
        reduction=reduction,
    )


# --------------------------------------------------------------------------- multilabel soft margin


def _mlsm_prepare(y: npt.ArrayLike, t: npt.ArrayLike, *, weight: object = None) -> Inputs:
    ya, ta = as_pair(y, t)
    check_class_axis(ya, "y")
    check_range(ta, "t", hint=_T_HINT)
    w = broadcast_weight(weight, "weight", ya.shape, ya.dtype)
    return Inputs((ya, ta), {"weight": w})


def _mlsm_forward(inputs: Inputs, reduction: str, grad: bool) -> tuple[FloatArray, None]:
    """BCE from logits per label, weighted, averaged over the last (class) axis."""
    ya, ta = inputs.arrays
    terms = _pos_weighted_terms(ya, ta, None, True)
    w = inputs.options["weight"]
    with np.errstate(over="ignore"):
        if w is not None:
            terms *= w
        per: FloatArray = np.asarray(np.sum(terms, axis=-1) / ya.dtype.type(ya.shape[-1]))
    return per, None


def _mlsm_backward(inputs: Inputs, cache: None, d_per: FloatArray, argnum: int) -> FloatArray:
    """dL/dy = w·(σ(y) − t) / K, times dL/dℓ_n."""
    ya, ta = inputs.arrays
    grad = bce_gradient(ya, ta, None, True)
    w = inputs.options["weight"]
    if w is not None:
        grad *= w
    grad *= np.asarray(d_per)[..., np.newaxis] / ya.dtype.type(ya.shape[-1])
    return grad


@overload
def multilabel_soft_margin(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    weight: npt.ArrayLike | None = ...,
    reduction: Literal["mean", "sum"] = ...,
) -> float: ...
@overload
def multilabel_soft_margin(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    weight: npt.ArrayLike | None = ...,
    reduction: Literal["none"],
) -> FloatArray: ...
@overload
def multilabel_soft_margin(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    weight: npt.ArrayLike | None = ...,
    reduction: str,
) -> float | FloatArray: ...


@register(
    formula="multilabel_soft_margin",
    differentiable=("y",),
    prepare=_mlsm_prepare,
    forward=_mlsm_forward,
    backward=_mlsm_backward,
    peer="torch.nn.functional.multilabel_soft_margin_loss",
)
def multilabel_soft_margin(
    y: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    weight: npt.ArrayLike | None = None,
    reduction: str = "mean",
) -> float | FloatArray:
    r"""Multilabel soft margin loss: BCE from logits, averaged over each sample's K labels.

    $$\ell_n = \frac{1}{K} \sum_k w_k \bigl((1 - t_{nk}) \operatorname{softplus}(y_{nk}) +
      t_{nk} \operatorname{softplus}(-y_{nk})\bigr)$$

    $$L = \begin{cases} \frac{1}{N} \sum_n \ell_n & \texttt{"mean"} \\ \sum_n \ell_n &
      \texttt{"sum"} \end{cases}$$

    with $w_k$ = ``weight[k]`` (1 without `weight`); $n$ runs over the samples
    (``y.shape[:-1]``).

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
    binary_cross_entropy : the same terms, averaged over
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
    return evaluate(  # type: ignore[no-any-return]
        multilabel_soft_margin, y, t, weight=weight, reduction=reduction
    )
