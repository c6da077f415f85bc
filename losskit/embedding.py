r"""Ranking and similarity learning: `margin_ranking`, `cosine_embedding`, `triplet_margin`.

These losses compare two or three predictions with each other instead of one prediction
with a target: scores that should be ordered (`margin_ranking`, PyTorch
``MarginRankingLoss``), embeddings that should point the same way or not
(`cosine_embedding`, ``CosineEmbeddingLoss``), and an anchor that should be nearer its
positive than its negative (`triplet_margin`, ``TripletMarginLoss``). Every embedding is
differentiable: `value_and_grad` with ``argnums=(0, 1)`` or ``(0, 1, 2)`` gives each
gradient. The embedding axis is the last one; the first array's float dtype is the one
computed in, and the others are cast to it.
"""

from __future__ import annotations

from typing import Any, Literal, overload

import numpy as np
import numpy.typing as npt

from losskit._registry import Inputs, evaluate, register
from losskit._validate import (
    FloatArray,
    as_embeddings,
    as_sign_labels,
    check_flag,
    check_real_option,
    check_same_shape,
    check_shape,
    in_dtype,
)

__all__ = ["cosine_embedding", "margin_ranking", "triplet_margin"]


# --------------------------------------------------------------------------- ranking


def _prepare_ranking(
    y1: npt.ArrayLike, y2: npt.ArrayLike, t: npt.ArrayLike, *, margin: object = 0.0
) -> Inputs:
    m = check_real_option(margin, "margin", lo=0.0)
    a, b = as_embeddings((y1, y2), ("y1", "y2"))
    ta = as_sign_labels(t, "t", dtype=a.dtype, loss="margin_ranking")
    check_same_shape(a, "y1", ta, "t")
    return Inputs((a, b, ta), {"margin": m})


def _ranking_slack(y1: FloatArray, y2: FloatArray, t: FloatArray, margin: float) -> FloatArray:
    """z = margin − t·(y1 − y2)."""
    with np.errstate(over="ignore"):
        z: FloatArray = in_dtype(margin, y1.dtype) - t * (y1 - y2)
    return z


def _ranking_terms(y1: FloatArray, y2: FloatArray, t: FloatArray, margin: float) -> FloatArray:
    """ℓ = max(0, margin − t·(y1 − y2))."""
    out: FloatArray = np.maximum(_ranking_slack(y1, y2, t, margin), 0)
    return out


def _ranking_forward(inputs: Inputs, reduction: str, grad: bool) -> tuple[FloatArray, None]:
    y1, y2, t = inputs.arrays
    return _ranking_terms(y1, y2, t, inputs.options["margin"]), None


def _ranking_backward(inputs: Inputs, cache: None, d_per: FloatArray, argnum: int) -> FloatArray:
    y1, y2, t = inputs.arrays
    g1, g2 = _ranking_grads(y1, y2, t, inputs.options["margin"])
    grad: FloatArray = (g1 if argnum == 0 else g2) * d_per
    return grad


def _ranking_grads(
    y1: FloatArray, y2: FloatArray, t: FloatArray, margin: float
) -> tuple[FloatArray, FloatArray]:
    """dℓ/dy1 = −t where the slack is ≥ 0 (kink included: torch's clamp_min); dℓ/dy2 = −dℓ/dy1."""
    active = _ranking_slack(y1, y2, t, margin) >= 0
    zero = y1.dtype.type(0)
    g1: FloatArray = np.where(active, -t, zero)
    g2: FloatArray = np.where(active, t, zero)  # not -g1: no -0.0 where inactive
    return g1, g2


@overload
def margin_ranking(
    y1: npt.ArrayLike,
    y2: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    margin: float = ...,
    reduction: Literal["mean", "sum"] = ...,
) -> float: ...
@overload
def margin_ranking(
    y1: npt.ArrayLike,
    y2: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    margin: float = ...,
    reduction: Literal["none"],
) -> FloatArray: ...
@overload
def margin_ranking(
    y1: npt.ArrayLike, y2: npt.ArrayLike, t: npt.ArrayLike, *, margin: float = ..., reduction: str
) -> float | FloatArray: ...


@register(
    formula="margin_ranking",
    differentiable=("y1", "y2"),
    prepare=_prepare_ranking,
    forward=_ranking_forward,
    backward=_ranking_backward,
    peer="torch.nn.functional.margin_ranking_loss",
)
def margin_ranking(
    y1: npt.ArrayLike,
    y2: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    margin: float = 0.0,
    reduction: str = "mean",
) -> float | FloatArray:
    r"""Margin ranking loss, as PyTorch ``MarginRankingLoss``: which of two scores should be higher.

    $$\ell_i = \max(m - t_i (y_{1,i} - y_{2,i}), 0)$$

    $$L = \begin{cases} \frac{1}{n} \sum_i \ell_i & \texttt{"mean"} \\ \sum_i \ell_i &
      \texttt{"sum"} \end{cases}$$

    Parameters
    ----------
    y1, y2 : array_like of shape (*)
        The two scores of each pair, one shape for both; both differentiable.
    t : array_like, same shape as y1
        +1 where `y1` should rank higher, -1 where `y2` should (any integer or float
        dtype).
    margin : float, default 0.0
        How far, $m \ge 0$, the right score must lead before a pair costs nothing.
    reduction : {"mean", "sum", "none"}, default "mean"
        "mean" divides the sum by the number of pairs $n$; "none" returns every
        $\ell_i$.

    Returns
    -------
    float or numpy.ndarray
        A float for "mean" and "sum" (0 is best); for "none" an array shaped like `y1`
        (float32 for float32 `y1`, float64 otherwise).

    Raises
    ------
    ValueError
        Shapes differ; input empty, NaN or inf; `t` not -1/+1 (0/1 labels get a hint);
        `margin` negative or not finite; unknown `reduction`.
    TypeError
        Input not real-valued; `margin` not a number.

    See Also
    --------
    hinge : the same hinge on one score, ``hinge(y1 - y2, t,
        margin=m)``.
    triplet_margin : ranking distances instead of scores.

    Notes
    -----
    Matches PyTorch ``MarginRankingLoss(margin)``. The gradients are $-t_i$ for $y_1$
    and $+t_i$ for $y_2$ where $m - t_i(y_{1,i} - y_{2,i}) \ge 0$ (the kink included,
    as PyTorch's ``clamp_min``), 0 elsewhere.

    Examples
    --------
    >>> margin_ranking([2.0, 0.5], [1.0, 1.0], [1, 1], margin=0.5, reduction="none").tolist()
    [0.0, 1.0]
    """
    return evaluate(  # type: ignore[no-any-return]
        margin_ranking, y1, y2, t, margin=margin, reduction=reduction
    )


# --------------------------------------------------------------------------- cosine

_COSINE_EPS = float(np.float32(1e-12))
"""Added to each squared norm, as PyTorch's ``cosine_embedding_loss``: ATen's ``EPSILON``
is the float32 1e-12 (9.99999996e-13), whatever the input's dtype; it sets the gradient
at a zero vector, b/√(ε·Σb²)."""


def _prepare_cosine(
    y1: npt.ArrayLike, y2: npt.ArrayLike, t: npt.ArrayLike, *, margin: object = 0.0
) -> Inputs:
    m = check_real_option(margin, "margin", lo=-1.0, hi=1.0, why=" (a cosine similarity)")
    a, b = as_embeddings((y1, y2), ("y1", "y2"), min_ndim=1)
    ta = as_sign_labels(t, "t", dtype=a.dtype, loss="cosine_embedding")
    check_shape(ta, "t", a.shape[:-1], "one label per pair: y1's shape without its last axis")
    return Inputs((a, b, ta), {"margin": m})


def _power_of_two_scale(x: FloatArray) -> FloatArray:
    """Per row, the power of two c ≤ max|x| when max|x| > 1, else 1: dividing by it is exact.

    Rows of small vectors are left as they are, so ε = 1e-12 acts exactly as in torch;
    rows of large ones are scaled into [−2, 2], where their squared norms cannot
    overflow (ε/c², the scaled ε, is below 1e-12 and as negligible as unscaled).
    """
    top = np.max(np.abs(x), axis=-1, keepdims=True)
    exponent = np.frexp(top)[1] - 1  # 2^e ≤ top < 2^(e+1): never 2^1024 = inf
    scale: FloatArray = np.where(top > 1, np.ldexp(x.dtype.type(1), exponent), x.dtype.type(1))
    return scale


class _Cosine:
    """cos = s / √(m1·m2), s = Σ y1·y2, m = Σ y² + ε, computed on scaled copies."""

    def __init__(self, y1: FloatArray, y2: FloatArray) -> None:
        self.c1, self.c2 = _power_of_two_scale(y1), _power_of_two_scale(y2)
        self.u1, self.u2 = y1 / self.c1, y2 / self.c2
        dtype = y1.dtype.type
        # ε/c² keeps the formula exact under the scaling: Σ(y/c)² + ε/c² = (Σy² + ε)/c²
        eps1 = dtype(_COSINE_EPS) / self.c1[..., 0] / self.c1[..., 0]  # (ε/c)/c: no overflow
        eps2 = dtype(_COSINE_EPS) / self.c2[..., 0] / self.c2[..., 0]
        self.s = np.sum(self.u1 * self.u2, axis=-1)
        self.m1 = np.sum(self.u1 * self.u1, axis=-1) + eps1
        self.m2 = np.sum(self.u2 * self.u2, axis=-1) + eps2
        self.denom = np.sqrt(self.m1 * self.m2)
        self.cos: FloatArray = self.s / self.denom

    def grads(self) -> tuple[FloatArray, FloatArray]:
        """dcos/dy1 = (u2/√(m1 m2) − cos·u1/m1)/c1 and its mirror for y2."""
        cos, denom = self.cos[..., None], self.denom[..., None]
        g1: FloatArray = (self.u2 / denom - cos * self.u1 / self.m1[..., None]) / self.c1
        g2: FloatArray = (self.u1 / denom - cos * self.u2 / self.m2[..., None]) / self.c2
        return g1, g2


def _cosine_forward(inputs: Inputs, reduction: str, grad: bool) -> tuple[FloatArray, _Cosine]:
    """ℓ = 1 − cos for t = +1, max(0, cos − margin) for t = −1."""
    y1, y2, t = inputs.arrays
    c = _Cosine(y1, y2)
    apart = np.maximum(c.cos - in_dtype(inputs.options["margin"], c.cos.dtype), 0)
    per: FloatArray = np.where(t > 0, 1 - c.cos, apart)
    return per, c


def _cosine_backward(inputs: Inputs, cache: _Cosine, d_per: FloatArray, argnum: int) -> FloatArray:
    """dℓ/dcos (−1 for t = +1; 1 for t = −1 while cos ≥ margin) times dcos/dy1 or dcos/dy2."""
    t = inputs.arrays[2]
    dtype = t.dtype.type
    active = cache.cos - in_dtype(inputs.options["margin"], cache.cos.dtype) >= 0
    d_cos = np.where(t > 0, dtype(-1), np.where(active, dtype(1), dtype(0))) * d_per
    g1, g2 = cache.grads()
    grad: FloatArray = d_cos[..., None] * (g1 if argnum == 0 else g2)
    return grad


@overload
def cosine_embedding(
    y1: npt.ArrayLike,
    y2: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    margin: float = ...,
    reduction: Literal["mean", "sum"] = ...,
) -> float: ...
@overload
def cosine_embedding(
    y1: npt.ArrayLike,
    y2: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    margin: float = ...,
    reduction: Literal["none"],
) -> FloatArray: ...
@overload
def cosine_embedding(
    y1: npt.ArrayLike, y2: npt.ArrayLike, t: npt.ArrayLike, *, margin: float = ..., reduction: str
) -> float | FloatArray: ...


@register(
    formula="cosine_embedding",
    differentiable=("y1", "y2"),
    prepare=_prepare_cosine,
    forward=_cosine_forward,
    backward=_cosine_backward,
    peer="torch.nn.functional.cosine_embedding_loss",
)
def cosine_embedding(
    y1: npt.ArrayLike,
    y2: npt.ArrayLike,
    t: npt.ArrayLike,
    *,
    margin: float = 0.0,
    reduction: str = "mean",
) -> float | FloatArray:
    r"""Cosine embedding loss, as PyTorch ``CosineEmbeddingLoss``: align similar pairs, not others.

    $$\ell_i = \begin{cases} 1 - \cos_i & t_i = 1 \\ \max(\cos_i - m, 0) & t_i = -1
      \end{cases}$$

    $$\cos_i = \frac{\sum_k y_{1,ik} y_{2,ik}}{\sqrt{\bigl(\varepsilon + \sum_k y_{1,ik}^2\bigr)
      \bigl(\varepsilon + \sum_k y_{2,ik}^2\bigr)}}$$

    $$L = \begin{cases} \frac{1}{n} \sum_i \ell_i & \texttt{"mean"} \\ \sum_i \ell_i &
      \texttt{"sum"} \end{cases}$$

    with $i$ the pair (rows of ``y1`` and ``y2``; $k$ runs over the embedding axis), margin
    $m$ = `margin` and PyTorch's $\varepsilon = 10^{-12}$.

    Parameters
    ----------
    y1, y2 : array_like of shape (..., D)
        Embeddings on the last axis, one shape for both; both differentiable.
    t : array_like of shape (...)
        One label per pair (`y1`'s shape without its last axis): +1 similar, -1
        dissimilar (any integer or float dtype).
    margin : float, default 0.0
        The cosine $m \in [-1, 1]$ below which dissimilar pairs cost nothing (PyTorch
        suggests 0 to 0.5).
    reduction : {"mean", "sum", "none"}, default "mean"
        "mean" divides the sum by the number of pairs; "none" returns every $\ell_i$.

    Returns
    -------
    float or numpy.ndarray
        A float for "mean" and "sum" (0 is best); for "none" an array of `t`'s shape
        (float32 for float32 `y1`, float64 otherwise).

    Raises
    ------
    ValueError
        `y1` 0-d; shapes differ; input empty, NaN or inf; `t` not -1/+1 (0/1 labels get
        a hint); `margin` outside [-1, 1]; unknown `reduction`.
    TypeError
        Input not real-valued; `margin` not a number.

    See Also
    --------
    hinge_embedding : the same idea on a given distance.
    triplet_margin : distances of triplets.

    Notes
    -----
    Matches PyTorch ``CosineEmbeddingLoss(margin)``, with its $\epsilon \approx 10^{-12}$
    (the float32 number) added to each squared norm: a zero vector has cosine 0, not NaN.
    PyTorch takes (N, D) with (N,) labels or (D,) with a scalar label; losskit also takes
    more leading axes. Large embeddings are scaled by a power of two first, so no
    squared norm overflows. The gradient with respect to $a = y_1$ is
    $\partial\ell/\partial\cos$ times $b/\sqrt{m_a m_b} - \cos\cdot a/m_a$
    ($m = \sum_k x_k^2 + \epsilon$), and the mirror image for $y_2$;
    $\partial\ell/\partial\cos$ is $-1$ for similar pairs, 1 for dissimilar pairs with
    $\cos \ge m$ (the kink included, as PyTorch's ``clamp_min``).

    Examples
    --------
    >>> y1 = [[1.0, 0.0], [1.0, 1.0]]
    >>> y2 = [[0.0, 1.0], [2.0, 2.0]]
    >>> cosine_embedding(y1, y2, [1, -1], reduction="none").round(6).tolist()
    [1.0, 1.0]
    """
    return evaluate(  # type: ignore[no-any-return]
        cosine_embedding, y1, y2, t, margin=margin, reduction=reduction
    )


# --------------------------------------------------------------------------- triplet


def _prepare_triplet(
    anchor: npt.ArrayLike,
    positive: npt.ArrayLike,
    negative: npt.ArrayLike,
    *,
    margin: object = 1.0,
    p: object = 2.0,
    eps: object = 1e-6,
    swap: object = False,
) -> Inputs:
    options = {
        "margin": check_real_option(margin, "margin", lo=0.0, lo_open=True),
        "p": check_real_option(p, "p", lo=1.0, why=" (the order of the norm)"),
        "eps": check_real_option(eps, "eps", lo=0.0),
        "swap": check_flag(swap, "swap"),
    }
    arrays = as_embeddings((anchor, positive, negative), ("anchor", "positive", "negative"))
    return Inputs(tuple(arrays), options)


class _Distance:
    """‖x1 − x2 + eps‖_p over the last axis (PyTorch ``pairwise_distance``).

    For p > 1 each row is divided by its largest |difference| before the p-th powers, so
    no sum overflows or underflows where the distance itself is representable. A 0-d
    input is one 1-element vector.
    """

    def __init__(self, x1: FloatArray, x2: FloatArray, p: float, eps: float) -> None:
        self.p, self.shape = p, np.shape(x1)
        with np.errstate(over="ignore"):  # a difference beyond the float range is inf
            self.diff: FloatArray = np.atleast_1d(x1 - x2 + in_dtype(eps, x1.dtype))
        size = np.abs(self.diff)
        if p == 1.0:
            with np.errstate(over="ignore"):
                self.dist: FloatArray = np.sum(size, axis=-1)
            return
        top = np.max(size, axis=-1, keepdims=True)
        scale = np.where((top > 0) & np.isfinite(top), top, 1)
        u = size / scale
        total = np.sqrt(np.sum(u * u, axis=-1)) if p == 2.0 else np.sum(u**p, axis=-1) ** (1 / p)
        with np.errstate(over="ignore"):
            self.dist = np.where(np.isfinite(top[..., 0]), total * scale[..., 0], np.inf)

    def grad(self) -> FloatArray:
        """d‖δ‖_p/d(x1) = sign(δ)·(|δ|/‖δ‖)^(p−1), 0 where the distance is 0 (as torch)."""
        n = self.dist[..., None]
        safe = np.where((n > 0) & np.isfinite(n), n, 1)
        if self.p == 1.0:
            g = np.sign(self.diff)
        elif self.p == 2.0:
            g = self.diff / safe
        else:
            g = np.sign(self.diff) * (np.abs(self.diff) / safe) ** (self.p - 1)
        out: FloatArray = np.where(n > 0, g, 0).astype(self.diff.dtype).reshape(self.shape)
        return out


class _Triplet:
    """The triplet's distances, the swap's choice and the hinge's active set."""

    def __init__(
        self,
        anchor: FloatArray,
        positive: FloatArray,
        negative: FloatArray,
        margin: float,
        p: float,
        eps: float,
        swap: bool,
    ) -> None:
        self.ap = _Distance(anchor, positive, p, eps)
        self.an = _Distance(anchor, negative, p, eps)
        d_neg = self.an.dist
        self.pn: _Distance | None = None
        self.w_an = np.ones_like(d_neg)
        if swap:  # the harder of the two negatives' distances; a tie shares, as torch.min
            self.pn = _Distance(positive, negative, p, eps)
            d_swap = self.pn.dist
            self.w_an = np.where(d_neg < d_swap, 1.0, np.where(d_neg == d_swap, 0.5, 0.0))
            d_neg = np.minimum(d_neg, d_swap)
        with np.errstate(over="ignore", invalid="ignore"):
            slack = in_dtype(margin, anchor.dtype) + self.ap.dist - d_neg
        if np.isnan(slack).any():
            raise ValueError(
                "anchor, positive and negative are so large that two of their distances "
                "overflow to inf; expected embeddings whose distances fit the float range"
            )
        self.slack: FloatArray = np.asarray(slack)
        self.terms: FloatArray = np.asarray(np.maximum(slack, 0)).astype(anchor.dtype)

    def grads(self) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Each embedding's gradient of ℓ = max(0, margin + d(a, p) − min(d(a, n), d(p, n)))."""
        active = (self.slack >= 0)[..., None] if self.slack.ndim else self.slack >= 0
        g_ap, g_an = self.ap.grad(), self.an.grad()
        w_an = self._expand(self.w_an)
        g_anchor = g_ap - w_an * g_an
        g_positive = -g_ap
        g_negative = w_an * g_an
        if self.pn is not None:
            g_pn, w_pn = self.pn.grad(), 1 - w_an
            g_positive = g_positive - w_pn * g_pn
            g_negative = g_negative + w_pn * g_pn
        dtype = g_ap.dtype
        return tuple(  # type: ignore[return-value]
            np.where(active, g, 0).astype(dtype) for g in (g_anchor, g_positive, g_negative)
        )

    def _expand(self, per: Any) -> Any:
        return per[..., None] if np.ndim(per) else per


def _triplet_forward(inputs: Inputs, reduction: str, grad: bool) -> tuple[FloatArray, _Triplet]:
    """ℓ = max(0, margin + d(a, p) − d(a, n)), with d(a, n) → min(d(a, n), d(p, n)) if swap."""
    anchor, positive, negative = inputs.arrays
    triplet = _Triplet(anchor, positive, negative, **inputs.options)
    return triplet.terms, triplet


def _triplet_backward(
    inputs: Inputs, cache: _Triplet, d_per: FloatArray, argnum: int
) -> FloatArray:
    d = np.asarray(d_per)
    grad: FloatArray = cache.grads()[argnum] * (d[..., None] if d.ndim else d)
    return grad


@overload
def triplet_margin(
    anchor: npt.ArrayLike,
    positive: npt.ArrayLike,
    negative: npt.ArrayLike,
    *,
    margin: float = ...,
    p: float = ...,
    eps: float = ...,
    swap: bool = ...,
    reduction: Literal["mean", "sum"] = ...,
) -> float: ...
@overload
def triplet_margin(
    anchor: npt.ArrayLike,
    positive: npt.ArrayLike,
    negative: npt.ArrayLike,
    *,
    margin: float = ...,
    p: float = ...,
    eps: float = ...,
    swap: bool = ...,
    reduction: Literal["none"],
) -> FloatArray: ...
@overload
def triplet_margin(
    anchor: npt.ArrayLike,
    positive: npt.ArrayLike,
    negative: npt.ArrayLike,
    *,
    margin: float = ...,
    p: float = ...,
    eps: float = ...,
    swap: bool = ...,
    reduction: str,
) -> float | FloatArray: ...


@register(
    formula="triplet_margin",
    differentiable=("anchor", "positive", "negative"),
    prepare=_prepare_triplet,
    forward=_triplet_forward,
    backward=_triplet_backward,
    peer="torch.nn.functional.triplet_margin_loss",
)
def triplet_margin(
    anchor: npt.ArrayLike,
    positive: npt.ArrayLike,
    negative: npt.ArrayLike,
    *,
    margin: float = 1.0,
    p: float = 2.0,
    eps: float = 1e-6,
    swap: bool = False,
    reduction: str = "mean",
) -> float | FloatArray:
    r"""Triplet margin loss, as PyTorch ``TripletMarginLoss``: positives nearer than negatives.

    $$\ell_i = \max(m + \lVert a_i - p_i + \varepsilon \rVert_p - \lVert a_i - n_i + \varepsilon
      \rVert_p, 0)$$

    $$L = \begin{cases} \frac{1}{n} \sum_i \ell_i & \texttt{"mean"} \\ \sum_i \ell_i &
      \texttt{"sum"} \end{cases}$$

    with $\lVert x \rVert_p = (\sum_k |x_k|^p)^{1/p}$ over the embedding axis, $m$ =
    `margin`, $p$ = `p` and $\varepsilon$ = `eps`; ``swap=True`` replaces
    $\lVert a_i - n_i + \varepsilon \rVert_p$ by the smaller of it and
    $\lVert p_i - n_i + \varepsilon \rVert_p$.

    Parameters
    ----------
    anchor, positive, negative : array_like of shape (..., D)
        Embeddings on the last axis, one shape for all three; all differentiable. A
        (D,) triplet gives one term; a 0-d input is a 1-element embedding (as torch).
    margin : float, default 1.0
        How much nearer, $m > 0$, the positive must be than the negative.
    p : float, default 2.0
        Order $p \ge 1$ of the distance's norm (2: Euclidean, 1: Manhattan).
    eps : float, default 1e-6
        Number $\epsilon \ge 0$ added to each difference before the norm, as torch's
        ``pairwise_distance`` (it keeps the norm away from its kink at 0).
    swap : bool, default False
        Use $\min(d(a, n), d(p, n))$ as the negative distance: the "distance swap" of
        Balntas et al. (2016), the harder of the two.
    reduction : {"mean", "sum", "none"}, default "mean"
        "mean" divides the sum by the number of triplets; "none" returns every
        $\ell_i$.

    Returns
    -------
    float or numpy.ndarray
        A float for "mean" and "sum" (0 is best); for "none" an array of `anchor`'s
        shape without its last axis (float32 for float32 `anchor`, float64 otherwise).

    Raises
    ------
    ValueError
        Shapes differ; input empty, NaN or inf; `margin` not positive, `p` below 1, `eps`
        negative (or any of them not finite); distances that overflow; unknown
        `reduction`.
    TypeError
        Input not real-valued; `swap` not a bool; an option not a number.

    See Also
    --------
    margin_ranking : the same hinge on two scores.
    cosine_embedding : pairs, by cosine similarity.

    Notes
    -----
    Matches PyTorch ``TripletMarginLoss(margin, p, eps, swap)``, and
    ``TripletMarginWithDistanceLoss`` with its defaults (``pairwise_distance``,
    margin 1, no swap), which is ``triplet_margin`` with its defaults. The gradient of
    $d$ with respect to $x$ is $\operatorname{sign}(\delta)\,(|\delta|/d)^{p-1}$ with
    $\delta = x - y + \epsilon$ (0 where $d = 0$), the hinge passes it where
    $m + d(a, p) - d(a, n) \ge 0$ (the kink included, as PyTorch's ``clamp_min``), and a
    tie in the swap's minimum shares the gradient half and half, as ``torch.min``.

    References
    ----------
    Schroff, Kalenichenko, Philbin, "FaceNet: A Unified Embedding for Face Recognition
    and Clustering", CVPR 2015. Balntas, Riba, Ponsa, Mikolajczyk, "Learning local
    feature descriptors with triplets and shallow convolutional neural networks",
    BMVC 2016.

    Examples
    --------
    >>> a, pos, neg = [0.0, 0.0], [3.0, 4.0], [0.0, 5.5]
    >>> round(triplet_margin(a, pos, neg, eps=0.0), 6)  # 1 + 5 - 5.5
    0.5
    """
    return evaluate(  # type: ignore[no-any-return]
        triplet_margin,
        anchor,
        positive,
        negative,
        margin=margin,
        p=p,
        eps=eps,
        swap=swap,
        reduction=reduction,
    )
