"""Fast paths for reduced losses: one pass over memory, in cache-sized blocks.

A plain NumPy expression such as ``np.sum((y - t) ** 2)`` walks the whole input several
times and makes full-size temporaries, so it is bound by memory traffic. Here each loss
walks its inputs once, a block at a time (256 KiB of each input, or 1 MiB of rows for the
row-wise losses, which stays in the L2 cache while every element-wise step runs on it with
``out=`` buffers), and adds up one partial sum per block. The element-wise steps are
exactly the ones of the loss bodies in `losskit.regression` and `losskit.classification`,
in the same order and dtype, so every per-element (or per-row) value is bit for bit the
one the plain body computes:

- element-wise losses (`mse`, `mae`, `huber`, `binary_cross_entropy`) sum each block in
  float64 with NumPy's pairwise sum and add the block sums with `math.fsum` (exact), so
  the total is at least as accurate as one pairwise sum over everything; an input of one
  block gives exactly the plain body's float;
- row-wise losses (the cross-entropies from logits, `kl_divergence`) fill the per-sample
  array block by block and reduce it with `losskit._validate.reduce_loss`, so their result
  is identical to the plain body's, bit for bit.

Each function returns the finished float, or ``None`` when the input is not the plain case
it handles: not C-contiguous float32/float64 ndarrays of one dtype, ``reduction="none"``,
or any value the plain body would check or treat specially (NaN or ±inf in an input, a
target outside [0, 1], a label out of range, a non-finite result). On ``None`` the caller
runs its plain body, which validates, raises the same error as always, or returns the same
special value. So these functions never raise on bad input and never change a result.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from losskit._validate import FloatArray, reduce_loss, reduction_scale

__all__ = [
    "bce",
    "cce",
    "cce_value_and_grad",
    "huber",
    "kl",
    "mae",
    "mse",
    "scce",
    "scce_value_and_grad",
]

BLOCK_BYTES = 1 << 18
"""Bytes of one input that a block covers (256 KiB): small enough that the inputs' blocks
and the scratch buffers of one step stay in a 1-2 MiB L2 cache together."""

ROW_BLOCK_BYTES = 1 << 20
"""Bytes of logits a block of rows covers in the row-wise losses (1 MiB): there the
per-block NumPy calls are more, and larger blocks pay for their overhead better."""

LOG_CLAMP = -100.0  # the same clamp as losskit.classification.LOG_CLAMP

_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))

# (y block, t block, out, scratch, const) -> False when the block needs the plain body's
# checks; `const` holds the block's constant operand (np.minimum and np.maximum against a
# Python scalar take a slow non-SIMD loop in NumPy 2, against an array a SIMD one; the
# values and so the results are the same).
BlockTerms = Callable[[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray], bool]


# --------------------------------------------------------------------------- helpers


def _plain_array(a: object) -> FloatArray | None:
    """`a` itself if it is a non-empty C-contiguous float32/float64 ndarray, else None."""
    if type(a) is not np.ndarray or a.dtype not in _FLOATS or a.size == 0:
        return None
    if not a.flags.c_contiguous:
        return None
    out: FloatArray = a
    return out


def _plain_pair(y: object, t: object) -> tuple[FloatArray, FloatArray] | None:
    """y and t when both are plain arrays of one dtype and one shape (no casts, no checks)."""
    ya, ta = _plain_array(y), _plain_array(t)
    if ya is None or ta is None or ta.dtype != ya.dtype or ta.shape != ya.shape:
        return None
    return ya, ta


def _in_unit_interval(a: FloatArray) -> bool:
    """True when every element lies in [0, 1]; False for NaN (min/max propagate it)."""
    return bool(a.min() >= 0.0) and bool(a.max() <= 1.0)


def _elementwise(
    y: FloatArray,
    t: FloatArray,
    reduction: str,
    terms: BlockTerms,
    const: float = 0.0,
    scale: float = 1.0,
) -> float | None:
    """Sum `terms` over y and t block by block, times `scale`; the reduced float, or None.

    `scale` = 2 lets a loss leave half of each term in `out` and save a pass: doubling is
    exact, so 2·Σ equals the sum of the doubled terms bit for bit.
    """
    yf, tf = y.reshape(-1), t.reshape(-1)
    n = yf.size
    step = max(1, BLOCK_BYTES // yf.itemsize)
    out = np.empty(min(step, n), dtype=yf.dtype)
    scratch = np.empty_like(out)
    constant = np.full_like(out, const)
    partials: list[float] = []
    with np.errstate(all="ignore"):  # a NaN or inf only ever means "fall back"
        for start in range(0, n, step):
            stop = min(start + step, n)
            m = stop - start
            if not terms(yf[start:stop], tf[start:stop], out[:m], scratch[:m], constant[:m]):
                return None
            # np.sum's own reduction, without its Python wrapper (the same float)
            partials.append(float(np.add.reduce(out[:m], dtype=np.float64)))
    try:
        total = math.fsum(partials) * scale
    except (OverflowError, ValueError):  # inf - inf, or a sum beyond the float range
        return None
    if not math.isfinite(total):
        return None
    # reduce_loss's float(total / n) for "mean": the same IEEE division
    return total if reduction == "sum" else total / n


def _rows(y: FloatArray) -> tuple[FloatArray, int]:
    """y as a 2-D (rows, classes) view and the number of rows per block."""
    k = y.shape[-1]
    return y.reshape(-1, k), max(1, ROW_BLOCK_BYTES // (k * y.itemsize))


def _finish_rows(per: FloatArray, shape: tuple[int, ...], reduction: str) -> float | None:
    """reduce_loss of the per-sample values, or None if it is not finite."""
    value = float(reduce_loss(per.reshape(shape), reduction))
    return value if math.isfinite(value) else None


def _labels(labels: object, shape: tuple[int, ...], k: int) -> NDArray[np.intp] | None:
    """Integer labels of `shape`, all in [0, k), as a flat intp array; else None."""
    if type(labels) is not np.ndarray or labels.dtype.kind not in "iu":
        return None
    if labels.shape != shape or labels.size == 0:
        return None
    if int(labels.min()) < 0 or int(labels.max()) >= k:
        return None
    return labels.reshape(-1).astype(np.intp, copy=False)


# --------------------------------------------------------------------------- regression


def _mse_terms(
    y: FloatArray, t: FloatArray, out: FloatArray, _s: FloatArray, _c: FloatArray
) -> bool:
    np.subtract(y, t, out=out)
    np.multiply(out, out, out=out)
    return True


def _mae_terms(
    y: FloatArray, t: FloatArray, out: FloatArray, _s: FloatArray, _c: FloatArray
) -> bool:
    np.subtract(y, t, out=out)
    np.abs(out, out=out)
    return True


def mse(y: object, t: object, reduction: str) -> float | None:
    """`losskit.mse` for plain arrays and a scalar reduction, else None."""
    pair = _plain_pair(y, t)
    if pair is None or reduction == "none":
        return None
    return _elementwise(*pair, reduction, _mse_terms)


def mae(y: object, t: object, reduction: str) -> float | None:
    """`losskit.mae` for plain arrays and a scalar reduction, else None."""
    pair = _plain_pair(y, t)
    if pair is None or reduction == "none":
        return None
    return _elementwise(*pair, reduction, _mae_terms)


def huber(y: object, t: object, delta: float, reduction: str) -> float | None:
    """`losskit.huber` (delta already checked) for plain arrays, else None."""
    pair = _plain_pair(y, t)
    if pair is None or reduction == "none":
        return None

    def terms(yb: FloatArray, tb: FloatArray, d: FloatArray, h: FloatArray, _c: FloatArray) -> bool:
        # ℓ = q (d − q/2) = 2·h (d − h), h = clip(d, −δ, δ)/2, as
        # losskit.regression._huber_terms; the 2 is applied to the sum (scale=2). np.clip
        # is about 3x faster against Python-scalar bounds than against arrays in NumPy 2
        # (the reverse of np.minimum / np.maximum).
        np.subtract(yb, tb, out=d)
        np.clip(d, -delta, delta, out=h)
        h *= 0.5
        d -= h
        d *= h
        return True

    return _elementwise(*pair, reduction, terms, scale=2.0)


# --------------------------------------------------------------------------- binary


def _bce_logits_terms(
    x: FloatArray, t: FloatArray, out: FloatArray, s: FloatArray, zero: FloatArray
) -> bool:
    if not _in_unit_interval(t):
        return False
    # softplus(x) − t·x = max(x, 0) + log1p(e^{−|x|}) − t·x, as losskit.activations._softplus
    np.abs(x, out=s)
    np.negative(s, out=s)
    np.exp(s, out=s)
    np.log1p(s, out=s)
    np.maximum(x, zero, out=out)
    out += s
    np.multiply(t, x, out=s)
    out -= s
    return True


def _bce_probability_terms(
    p: FloatArray, t: FloatArray, out: FloatArray, s: FloatArray, clamp: FloatArray
) -> bool:
    if not (_in_unit_interval(t) and _in_unit_interval(p)):
        return False
    # −[t log p + (1−t) log(1−p)], each log clamped at −100, as classification._bce_terms
    np.log(p, out=out)
    np.maximum(out, clamp, out=out)
    np.subtract(1, p, out=s)
    np.log(s, out=s)
    np.maximum(s, clamp, out=s)
    out *= t
    s *= 1 - t
    out += s
    np.negative(out, out=out)
    return True


def bce(y: object, t: object, from_logits: object, reduction: str) -> float | None:
    """`losskit.binary_cross_entropy` for plain arrays and a scalar reduction, else None."""
    pair = _plain_pair(y, t)
    if pair is None or reduction == "none" or type(from_logits) is not bool:
        return None
    if from_logits:
        return _elementwise(*pair, reduction, _bce_logits_terms, 0.0)
    return _elementwise(*pair, reduction, _bce_probability_terms, LOG_CLAMP)


# --------------------------------------------------------------------------- softmax


def _shift_and_logsum(xb: FloatArray, e: FloatArray, shifted: FloatArray) -> FloatArray:
    """Row-wise as activations._shift_and_logsum: shifted = x − m and e = e^{x − m} (into
    the given buffers); return log Σ e^{x − m} (keepdims)."""
    m = np.max(xb, axis=-1, keepdims=True)
    np.subtract(xb, m, out=shifted)
    np.exp(shifted, out=e)
    log_s: FloatArray = np.log(np.sum(e, axis=-1, keepdims=True))
    return log_s


def _sparse_logits(
    y: object, labels: object, from_logits: object, reduction: str, grad: bool
) -> tuple[float, FloatArray | None] | None:
    x = _plain_array(y)
    if x is None or from_logits is not True or reduction == "none" or x.ndim == 0:
        return None
    k = x.shape[-1]
    la = _labels(labels, x.shape[:-1], k)
    if la is None:
        return None
    x2, step = _rows(x)
    n = x2.shape[0]
    per = np.empty(n, dtype=x.dtype)
    g2: FloatArray | None = np.empty_like(x2) if grad else None
    e_buf = np.empty((min(step, n), k), dtype=x.dtype)
    shifted_buf = np.empty_like(e_buf)
    scale = x.dtype.type(reduction_scale(n, reduction))
    with np.errstate(all="ignore"):
        for start in range(0, n, step):
            stop = min(start + step, n)
            xb = x2[start:stop]
            # NaN or −inf anywhere makes the minimum non-finite (a −inf logit off the label
            # would not reach the value); +inf makes the row's max +inf and its value NaN.
            if not np.isfinite(xb.min()):
                return None
            e = g2[start:stop] if g2 is not None else e_buf[: stop - start]
            shifted = shifted_buf[: stop - start]
            log_s = _shift_and_logsum(xb, e, shifted)
            index = la[start:stop, np.newaxis]
            # −log softmax(x)_label = log Σ_j e^{x_j − m} − (x_label − m), as
            # classification._scce_terms (x_label − m is the shifted value at the label)
            picked = np.take_along_axis(shifted, index, axis=-1)
            np.subtract(log_s, picked, out=per[start:stop, np.newaxis])
            if g2 is not None:
                # softmax − onehot(label), as classification's _softmax: e / Σ e
                e /= np.sum(e, axis=-1, keepdims=True)
                at = np.take_along_axis(e, index, axis=-1)
                np.put_along_axis(e, index, at - 1, axis=-1)
                e *= scale
    value = _finish_rows(per, x.shape[:-1], reduction)
    if value is None:
        return None
    return value, None if g2 is None else g2.reshape(x.shape)


def scce(y: object, labels: object, from_logits: object, reduction: str) -> float | None:
    """`losskit.sparse_categorical_cross_entropy` from logits, reduced; else None."""
    done = _sparse_logits(y, labels, from_logits, reduction, grad=False)
    return None if done is None else done[0]


def scce_value_and_grad(
    y: object, labels: object, from_logits: object, reduction: str
) -> tuple[float, FloatArray] | None:
    """Value and gradient w.r.t. the logits of the sparse cross-entropy; else None."""
    done = _sparse_logits(y, labels, from_logits, reduction, grad=True)
    if done is None or done[1] is None:
        return None
    return done[0], done[1]


def _categorical_logits(
    y: object, t: object, from_logits: object, reduction: str, grad: bool
) -> tuple[float, FloatArray | None] | None:
    pair = _plain_pair(y, t)
    if pair is None or from_logits is not True or reduction == "none" or pair[0].ndim == 0:
        return None
    x, tt = pair
    k = x.shape[-1]
    x2, step = _rows(x)
    t2 = tt.reshape(-1, k)
    n = x2.shape[0]
    per = np.empty(n, dtype=x.dtype)
    g2: FloatArray | None = np.empty_like(x2) if grad else None
    e_buf = np.empty((min(step, n), k), dtype=x.dtype)
    w_buf = np.empty_like(e_buf)
    scale = x.dtype.type(reduction_scale(n, reduction))
    with np.errstate(all="ignore"):
        for start in range(0, n, step):
            stop = min(start + step, n)
            xb, tb = x2[start:stop], t2[start:stop]
            if not _in_unit_interval(tb):
                return None
            e = g2[start:stop] if g2 is not None else e_buf[: stop - start]
            w = w_buf[: stop - start]
            log_s = _shift_and_logsum(xb, e, w)
            # Σ_k t_k (log Σ_j e^{x_j − m} − (x_k − m)), as classification._cce_terms; a NaN
            # or ±inf anywhere in x or t reaches the row's value through this product.
            np.subtract(log_s, w, out=w)
            w *= tb
            np.sum(w, axis=-1, out=per[start:stop])
            if g2 is not None:
                # softmax(x)·Σ_k t_k − t
                e /= np.sum(e, axis=-1, keepdims=True)
                e *= np.sum(tb, axis=-1, keepdims=True)
                e -= tb
                e *= scale
    value = _finish_rows(per, x.shape[:-1], reduction)
    if value is None:
        return None
    return value, None if g2 is None else g2.reshape(x.shape)


def cce(y: object, t: object, from_logits: object, reduction: str) -> float | None:
    """`losskit.categorical_cross_entropy` from logits, reduced; else None."""
    done = _categorical_logits(y, t, from_logits, reduction, grad=False)
    return None if done is None else done[0]


def cce_value_and_grad(
    y: object, t: object, from_logits: object, reduction: str
) -> tuple[float, FloatArray] | None:
    """Value and gradient w.r.t. the logits of the categorical cross-entropy; else None."""
    done = _categorical_logits(y, t, from_logits, reduction, grad=True)
    if done is None or done[1] is None:
        return None
    return done[0], done[1]


# --------------------------------------------------------------------------- KL


def kl(y: object, t: object, reduction: str) -> float | None:
    """`losskit.kl_divergence` for plain arrays and a scalar reduction, else None."""
    pair = _plain_pair(y, t)
    if pair is None or reduction == "none" or pair[0].ndim == 0:
        return None
    ya, ta = pair
    k = ya.shape[-1]
    y2, step = _rows(ya)
    t2 = ta.reshape(-1, k)
    n = y2.shape[0]
    per = np.empty(n, dtype=ya.dtype)
    log_t = np.empty((min(step, n), k), dtype=ya.dtype)
    log_y = np.empty_like(log_t)
    pos_buf = np.empty(log_t.shape, dtype=bool)
    with np.errstate(all="ignore"):
        for start in range(0, n, step):
            stop = min(start + step, n)
            yb, tb = y2[start:stop], t2[start:stop]
            if not (_in_unit_interval(yb) and _in_unit_interval(tb)):
                return None
            lt, ly, pos = log_t[: stop - start], log_y[: stop - start], pos_buf[: stop - start]
            # t·(log t − log y) where t > 0 and 0 where t = 0, as classification._kl_terms
            np.greater(tb, 0, out=pos)
            lt.fill(0)
            np.log(tb, out=lt, where=pos)
            ly.fill(0)
            np.log(yb, out=ly, where=pos)
            lt -= ly
            lt *= tb
            np.sum(lt, axis=-1, out=per[start:stop])
    return _finish_rows(per, ya.shape[:-1], reduction)
