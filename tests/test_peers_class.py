"""Peer equivalence of the class-axis options and losses of issue 10, against PyTorch.

Class weights, ``ignore_index`` and label smoothing of the cross-entropies, BCE's
``weight`` and ``pos_weight``, `nll_loss`, `binary_focal_loss` (torchvision's
``sigmoid_focal_loss``, written out below with torch ops because torchvision cannot be
installed beside torch 2.13 here), `multilabel_soft_margin`, `multi_margin` and
`multilabel_margin`. Every reference is computed here by torch in float64 on exactly the
values losskit received; gradients come from ``torch.autograd``. Class axis: losskit's is
last, torch's is 1, so inputs of 3 or more dimensions are moved for torch.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import losskit as lk

DTYPES = (np.float32, np.float64)
REDUCTIONS = ("mean", "sum", "none")
GRAD_REDUCTIONS = ("mean", "sum")
RTOL = {np.dtype(np.float32): 1e-5, np.dtype(np.float64): 1e-12}
LABEL_DTYPES = (np.int32, np.int64)

# (..., K) shapes: one sample, a batch, and leading axes up to 6 dimensions in all
CLASS_SHAPES = [(5,), (6, 5), (3, 4, 5), (2, 1, 3, 2, 2, 4)]
# element-wise shapes, a scalar included
ELEMENT_SHAPES = [(), (7,), (3, 4), (2, 1, 2, 3, 1, 2)]


# --------------------------------------------------------------------------- helpers


def rng_for(*key: object) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32(repr(key).encode()))


def tt(a: Any) -> torch.Tensor:
    return torch.tensor(np.asarray(a, dtype=np.float64))


def leaf(a: Any) -> torch.Tensor:
    return torch.tensor(np.asarray(a, dtype=np.float64), requires_grad=True)


def long_t(a: Any) -> torch.Tensor:
    return torch.tensor(np.asarray(a).astype(np.int64))


def class_first(x: torch.Tensor) -> torch.Tensor:
    """torch's class axis is 1 for (N, K, d1, ...) input; (K,) and (N, K) stay."""
    return x if x.ndim < 3 else x.movedim(-1, 1)


def assert_close(actual: Any, expected: Any, dtype: Any, *, what: str = "value") -> None:
    want = expected.detach().numpy() if isinstance(expected, torch.Tensor) else expected
    want = np.asarray(want, dtype=np.float64)
    got = np.asarray(actual, dtype=np.float64)
    rtol = RTOL[np.dtype(dtype)]
    finite = np.abs(want[np.isfinite(want)])
    scale = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
    np.testing.assert_allclose(got, want, rtol=rtol, atol=rtol * scale, err_msg=what)


def check_result(actual: Any, expected: torch.Tensor, dtype: Any, reduction: str) -> None:
    """A reduced result is a Python float; "none" an array of y's dtype and torch's shape."""
    if reduction == "none":
        assert isinstance(actual, np.ndarray), f"'none' gave {type(actual).__name__}"
        assert actual.dtype == np.dtype(dtype), f"'none' gave {actual.dtype} for {dtype}"
        assert actual.shape == tuple(expected.shape), (actual.shape, tuple(expected.shape))
        assert not np.signbit(actual[actual == 0]).any(), "'none' holds -0.0"
    else:
        assert type(actual) is float, f"{reduction!r} gave {type(actual).__name__}"
    assert_close(actual, expected, dtype)


def check_grad(
    loss: Callable[..., Any],
    y: np.ndarray,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    torch_fn: Callable[[torch.Tensor], torch.Tensor],
) -> np.ndarray:
    """value_and_grad agrees with torch autograd in value, gradient, shape and dtype."""
    value, grad = lk.value_and_grad(loss, y, *args, **kwargs)
    y_t = leaf(y)
    out = torch_fn(y_t)
    out.backward()
    assert type(value) is float
    assert_close(value, out, y.dtype, what="value")
    assert grad.shape == y.shape and grad.dtype == y.dtype, (grad.shape, grad.dtype)
    assert y_t.grad is not None
    assert_close(grad, y_t.grad, y.dtype, what="gradient")
    assert np.isfinite(grad).all()
    return grad


def reduce_t(per: torch.Tensor, reduction: str) -> torch.Tensor:
    if reduction == "mean":
        return per.mean()
    if reduction == "sum":
        return per.sum()
    return per


def softmax_np(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def ids(name: str) -> Callable[[Any], str]:
    return lambda v: f"{name}={v}"


def dtype_id(dtype: Any) -> str:
    return np.dtype(dtype).name


def clamped_log(p: torch.Tensor) -> torch.Tensor:
    """torch's BCELoss clamp, max(log p, -100), written with torch ops."""
    return torch.clamp(torch.log(p), min=-100.0)


# --------------------------------------------------------------------------- sparse CE

# name -> (weight?, ignore_index, label_smoothing)
SPARSE_OPTIONS: dict[str, tuple[bool, int | None, float]] = {
    "weight": (True, None, 0.0),
    "ignore=-100": (False, -100, 0.0),
    "ignore=-1": (False, -1, 0.0),
    "ignore=class 2": (False, 2, 0.0),
    "smoothing=0.1": (False, None, 0.1),
    "smoothing=1": (False, None, 1.0),
    "all": (True, -100, 0.2),
    "all, ignore=class 1": (True, 1, 0.35),
}


def sparse_case(
    key: tuple[Any, ...], shape: tuple[int, ...], option: str, from_logits: bool, dtype: Any
) -> tuple[np.ndarray, np.ndarray, dict[str, Any]]:
    """Inputs and losskit options; at least one label is kept, some are ignored."""
    rng = rng_for(*key)
    k = shape[-1]
    has_weight, ignore, smoothing = SPARSE_OPTIONS[option]
    labels = rng.integers(0, k, size=shape[:-1])
    if ignore is not None:
        if labels.size > 1:
            labels[rng.uniform(size=labels.shape) < 0.3] = ignore
        labels.flat[0] = (ignore + 1) % k if 0 <= ignore < k else 0
    if from_logits:
        y = rng.normal(0.0, 3.0, size=shape)
    else:
        y = softmax_np(rng.normal(0.0, 1.5, size=shape))
    opts: dict[str, Any] = {"from_logits": from_logits}
    if has_weight:
        opts["weight"] = rng.uniform(0.1, 3.0, size=k).astype(dtype)
    if ignore is not None:
        opts["ignore_index"] = ignore
    if smoothing:
        opts["label_smoothing"] = smoothing
    return y.astype(dtype), labels, opts


def torch_sparse_from_log_probs(
    lp: torch.Tensor, labels: np.ndarray, opts: dict[str, Any], reduction: str
) -> torch.Tensor:
    """PyTorch's cross_entropy_loss_label_smoothing (LossNLL.cpp) on given log-probs,
    class axis last; checked against F.cross_entropy itself in the logits test."""
    weight = tt(opts["weight"]) if "weight" in opts else None
    ignore = opts.get("ignore_index", -100)
    eps = opts.get("label_smoothing", 0.0)
    target = long_t(labels)
    nll = F.nll_loss(class_first(lp), target, weight, ignore_index=ignore, reduction=reduction)
    if not eps:
        return nll
    k = lp.shape[-1]
    ignored = target == ignore
    smooth = -(lp * weight).sum(-1) if weight is not None else -lp.sum(-1)
    smooth = smooth.masked_fill(ignored, 0.0)
    if reduction == "mean":
        kept = target[~ignored]
        denominator = weight[kept].sum() if weight is not None else (~ignored).sum()
        smooth = smooth.sum() / denominator
    elif reduction == "sum":
        smooth = smooth.sum()
    return (1 - eps) * nll + smooth * (eps / k)


def torch_sparse(
    y: torch.Tensor, labels: np.ndarray, opts: dict[str, Any], reduction: str
) -> torch.Tensor:
    if opts["from_logits"]:
        return F.cross_entropy(
            class_first(y),
            long_t(labels),
            tt(opts["weight"]) if "weight" in opts else None,
            ignore_index=opts.get("ignore_index", -100),
            reduction=reduction,
            label_smoothing=opts.get("label_smoothing", 0.0),
        )
    return torch_sparse_from_log_probs(clamped_log(y), labels, opts, reduction)


@pytest.mark.parametrize("label_dtype", LABEL_DTYPES, ids=dtype_id)
@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("from_logits", [False, True], ids=ids("from_logits"))
@pytest.mark.parametrize("option", list(SPARSE_OPTIONS))
@pytest.mark.parametrize("shape", CLASS_SHAPES, ids=str)
def test_sparse_ce_options_agree_with_torch(
    shape, option, from_logits, reduction, dtype, label_dtype
):
    key = ("scce-opt", shape, option, from_logits, dtype)
    y, labels, opts = sparse_case(key, shape, option, from_logits, dtype)
    labels = labels.astype(label_dtype)
    y0 = y.copy()
    got = lk.sparse_categorical_cross_entropy(y, labels, reduction=reduction, **opts)
    check_result(got, torch_sparse(tt(y), labels, opts, reduction), dtype, reduction)
    np.testing.assert_array_equal(y, y0)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("option", list(SPARSE_OPTIONS))
def test_torch_label_smoothing_formula_here_is_torchs(option, reduction):
    """The formula the probability tests use is F.cross_entropy's, on log-softmax input."""
    y, labels, opts = sparse_case(("formula", option), (6, 5), option, True, np.float64)
    mine = torch_sparse_from_log_probs(torch.log_softmax(tt(y), -1), labels, opts, reduction)
    assert_close(mine, torch_sparse(tt(y), labels, opts, reduction), np.float64)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", GRAD_REDUCTIONS)
@pytest.mark.parametrize("from_logits", [False, True], ids=ids("from_logits"))
@pytest.mark.parametrize("option", list(SPARSE_OPTIONS))
@pytest.mark.parametrize("shape", CLASS_SHAPES, ids=str)
def test_sparse_ce_options_gradient_agrees_with_torch(shape, option, from_logits, reduction, dtype):
    key = ("scce-opt-grad", shape, option, from_logits, dtype)
    y, labels, opts = sparse_case(key, shape, option, from_logits, dtype)
    check_grad(
        lk.sparse_categorical_cross_entropy,
        y,
        (labels,),
        {"reduction": reduction, **opts},
        lambda a: torch_sparse(a, labels, opts, reduction),
    )


# --------------------------------------------------------------------------- nll_loss

NLL_OPTIONS = {k: v for k, v in SPARSE_OPTIONS.items() if not v[2]}


def torch_nll(lp: torch.Tensor, labels: np.ndarray, opts: dict[str, Any], reduction: str):
    weight = tt(opts["weight"]) if "weight" in opts else None
    ignore = opts.get("ignore_index", -100)
    out = F.nll_loss(
        class_first(lp), long_t(labels), weight, ignore_index=ignore, reduction=reduction
    )
    return out


@pytest.mark.parametrize("label_dtype", LABEL_DTYPES, ids=dtype_id)
@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("option", [*NLL_OPTIONS, "plain"])
@pytest.mark.parametrize("shape", CLASS_SHAPES, ids=str)
def test_nll_loss_agrees_with_torch(shape, option, reduction, dtype, label_dtype):
    key = ("nll", shape, option, dtype)
    if option == "plain":
        y, labels, opts = sparse_case(key, shape, "weight", True, dtype)
        del opts["weight"]
    else:
        y, labels, opts = sparse_case(key, shape, option, True, dtype)
    del opts["from_logits"]
    lp = np.asarray(torch.log_softmax(tt(y), -1).numpy(), dtype=dtype)
    got = lk.nll_loss(lp, labels.astype(label_dtype), reduction=reduction, **opts)
    check_result(got, torch_nll(tt(lp), labels, opts, reduction), dtype, reduction)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", GRAD_REDUCTIONS)
@pytest.mark.parametrize("option", list(NLL_OPTIONS))
@pytest.mark.parametrize("shape", CLASS_SHAPES, ids=str)
def test_nll_loss_gradient_agrees_with_torch(shape, option, reduction, dtype):
    y, labels, opts = sparse_case(("nll-grad", shape, option, dtype), shape, option, True, dtype)
    del opts["from_logits"]
    lp = np.asarray(torch.log_softmax(tt(y), -1).numpy(), dtype=dtype)
    check_grad(
        lk.nll_loss,
        lp,
        (labels,),
        {"reduction": reduction, **opts},
        lambda a: torch_nll(a, labels, opts, reduction),
    )


# --------------------------------------------------------------------------- categorical CE

SOFT_OPTIONS: dict[str, tuple[bool, float]] = {
    "weight": (True, 0.0),
    "smoothing=0.1": (False, 0.1),
    "weight+smoothing=0.3": (True, 0.3),
}


def soft_case(
    key: tuple[Any, ...],
    shape: tuple[int, ...],
    option: str,
    targets: str,
    from_logits: bool,
    dtype: Any,
) -> tuple[np.ndarray, np.ndarray, dict[str, Any]]:
    rng = rng_for(*key)
    k = shape[-1]
    if targets == "onehot":
        t = np.eye(k)[rng.integers(0, k, size=shape[:-1])]
    else:
        t = rng.dirichlet(np.full(k, 0.7), size=shape[:-1])
    if from_logits:
        y = rng.normal(0.0, 3.0, size=shape)
    else:
        y = softmax_np(rng.normal(0.0, 1.5, size=shape))
    has_weight, smoothing = SOFT_OPTIONS[option]
    opts: dict[str, Any] = {"from_logits": from_logits}
    if has_weight:
        opts["weight"] = rng.uniform(0.1, 3.0, size=k).astype(dtype)
    if smoothing:
        opts["label_smoothing"] = smoothing
    return y.astype(dtype), t.astype(dtype), opts


def torch_soft(y: torch.Tensor, t: np.ndarray, opts: dict[str, Any], reduction: str):
    weight = tt(opts["weight"]) if "weight" in opts else None
    eps = opts.get("label_smoothing", 0.0)
    if opts["from_logits"]:
        out = F.cross_entropy(
            class_first(y), class_first(tt(t)), weight, reduction=reduction, label_smoothing=eps
        )
        return out
    # cross_entropy_loss_prob_target (LossNLL.cpp) on clamped log-probabilities
    k = y.shape[-1]
    target = tt(t) * (1 - eps) + eps / k
    w = weight if weight is not None else torch.ones(k, dtype=torch.float64)
    return reduce_t(-(clamped_log(y) * target * w).sum(-1), reduction)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("from_logits", [False, True], ids=ids("from_logits"))
@pytest.mark.parametrize("targets", ["onehot", "soft"])
@pytest.mark.parametrize("option", list(SOFT_OPTIONS))
@pytest.mark.parametrize("shape", CLASS_SHAPES, ids=str)
def test_categorical_ce_options_agree_with_torch(
    shape, option, targets, from_logits, reduction, dtype
):
    key = ("cce-opt", shape, option, targets, from_logits, dtype)
    y, t, opts = soft_case(key, shape, option, targets, from_logits, dtype)
    got = lk.categorical_cross_entropy(y, t, reduction=reduction, **opts)
    check_result(got, torch_soft(tt(y), t, opts, reduction), dtype, reduction)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", GRAD_REDUCTIONS)
@pytest.mark.parametrize("from_logits", [False, True], ids=ids("from_logits"))
@pytest.mark.parametrize("targets", ["onehot", "soft"])
@pytest.mark.parametrize("option", list(SOFT_OPTIONS))
@pytest.mark.parametrize("shape", CLASS_SHAPES, ids=str)
def test_categorical_ce_options_gradient_agrees_with_torch(
    shape, option, targets, from_logits, reduction, dtype
):
    key = ("cce-opt-grad", shape, option, targets, from_logits, dtype)
    y, t, opts = soft_case(key, shape, option, targets, from_logits, dtype)
    check_grad(
        lk.categorical_cross_entropy,
        y,
        (t,),
        {"reduction": reduction, **opts},
        lambda a: torch_soft(a, t, opts, reduction),
    )


def test_one_hot_and_sparse_agree_with_weight_and_smoothing():
    """With weights, "mean" divides by N for targets but by Σw for labels (torch): the
    two differ by exactly that factor."""
    rng = rng_for("onehot-vs-sparse")
    z = rng.normal(size=(8, 4))
    labels = rng.integers(0, 4, size=8)
    w = rng.uniform(0.5, 2.0, size=4)
    opts = {"from_logits": True, "weight": w, "label_smoothing": 0.2}
    dense = lk.categorical_cross_entropy(z, np.eye(4)[labels], **opts)
    sparse = lk.sparse_categorical_cross_entropy(z, labels, **opts)
    np.testing.assert_allclose(dense * 8, sparse * w[labels].sum(), rtol=1e-12)


# --------------------------------------------------------------------------- BCE weights

# name -> shape of weight / pos_weight relative to y: "last" (K,), "scalar" (), "full"
BCE_WEIGHTS: dict[str, tuple[str | None, str | None]] = {
    "weight=last": ("last", None),
    "weight=full": ("full", None),
    "pos_weight=last": (None, "last"),
    "pos_weight=scalar": (None, "scalar"),
    "both": ("last", "full"),
}


def weight_like(rng: np.random.Generator, shape: tuple[int, ...], kind: str | None, dtype: Any):
    if kind is None:
        return None
    size = {"last": shape[-1:], "scalar": (), "full": shape}[kind]
    return rng.uniform(0.1, 4.0, size=size).astype(dtype)


def bce_case(
    key: tuple[Any, ...], shape: tuple[int, ...], option: str, from_logits: bool, dtype: Any
):
    rng = rng_for(*key)
    if from_logits:
        y = rng.normal(0.0, 4.0, size=shape)
        if y.size > 3:
            y.flat[:4] = [40.0, -40.0, 800.0, -800.0]
    else:
        y = rng.uniform(0.02, 0.98, size=shape)
    t = rng.integers(0, 2, size=shape).astype(np.float64)
    if t.size > 2:
        t.flat[-2:] = [0.3, 0.85]  # soft labels too
    w_kind, pw_kind = BCE_WEIGHTS[option]
    if not shape and "last" in (w_kind, pw_kind):
        w_kind = "scalar" if w_kind else None
        pw_kind = "scalar" if pw_kind else None
    opts: dict[str, Any] = {"from_logits": from_logits}
    if (w := weight_like(rng, shape, w_kind, dtype)) is not None:
        opts["weight"] = w
    if (pw := weight_like(rng, shape, pw_kind, dtype)) is not None:
        opts["pos_weight"] = pw
    return y.astype(dtype), t.astype(dtype), opts


def torch_bce(y: torch.Tensor, t: np.ndarray, opts: dict[str, Any], reduction: str):
    weight = tt(opts["weight"]) if "weight" in opts else None
    pos_weight = tt(opts["pos_weight"]) if "pos_weight" in opts else None
    if opts["from_logits"]:
        return F.binary_cross_entropy_with_logits(
            y, tt(t), weight, reduction=reduction, pos_weight=pos_weight
        )
    if pos_weight is None:
        return F.binary_cross_entropy(y, tt(t), weight, reduction=reduction)
    # torch has no pos_weight for probabilities: −w·[pw·t·log p + (1−t)·log(1−p)]
    tgt = tt(t)
    per = -(pos_weight * tgt * clamped_log(y) + (1 - tgt) * torch.clamp(torch.log1p(-y), min=-100))
    if weight is not None:
        per = per * weight
    return reduce_t(per, reduction)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("from_logits", [False, True], ids=ids("from_logits"))
@pytest.mark.parametrize("option", list(BCE_WEIGHTS))
@pytest.mark.parametrize("shape", ELEMENT_SHAPES, ids=str)
def test_bce_weights_agree_with_torch(shape, option, from_logits, reduction, dtype):
    y, t, opts = bce_case(
        ("bce-w", shape, option, from_logits, dtype), shape, option, from_logits, dtype
    )
    got = lk.binary_cross_entropy(y, t, reduction=reduction, **opts)
    check_result(got, torch_bce(tt(y), t, opts, reduction), dtype, reduction)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", GRAD_REDUCTIONS)
@pytest.mark.parametrize("from_logits", [False, True], ids=ids("from_logits"))
@pytest.mark.parametrize("option", list(BCE_WEIGHTS))
@pytest.mark.parametrize("shape", ELEMENT_SHAPES, ids=str)
def test_bce_weights_gradient_agrees_with_torch(shape, option, from_logits, reduction, dtype):
    key = ("bce-w-grad", shape, option, from_logits, dtype)
    y, t, opts = bce_case(key, shape, option, from_logits, dtype)
    check_grad(
        lk.binary_cross_entropy,
        y,
        (t,),
        {"reduction": reduction, **opts},
        lambda a: torch_bce(a, t, opts, reduction),
    )


def test_bce_pos_weight_on_probabilities_equals_it_on_their_logits():
    rng = rng_for("bce-pw-p-vs-z")
    z = rng.normal(0.0, 2.0, size=(5, 3))
    t = rng.integers(0, 2, size=(5, 3)).astype(float)
    pw = [0.5, 2.0, 7.0]
    p = 1 / (1 + np.exp(-z))
    from_p = lk.binary_cross_entropy(p, t, pos_weight=pw, reduction="none")
    from_z = lk.binary_cross_entropy(z, t, pos_weight=pw, from_logits=True, reduction="none")
    np.testing.assert_allclose(from_p, from_z, rtol=1e-12)


# --------------------------------------------------------------------------- focal loss


def torchvision_sigmoid_focal_loss(
    inputs: torch.Tensor, targets: torch.Tensor, alpha: float, gamma: float, reduction: str
) -> torch.Tensor:
    """torchvision.ops.sigmoid_focal_loss (torchvision 0.28), verbatim in torch ops."""
    p = torch.sigmoid(inputs)
    ce_loss = F.binary_cross_entropy_with_logits(inputs, targets, reduction="none")
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce_loss * ((1 - p_t) ** gamma)
    if alpha >= 0:
        alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
        loss = alpha_t * loss
    return reduce_t(loss, reduction)


def focal_on_probabilities(
    p: torch.Tensor, targets: torch.Tensor, alpha: float, gamma: float, reduction: str
) -> torch.Tensor:
    """The same formula with p given: BCELoss (its clamp and its backward) for the CE."""
    ce_loss = F.binary_cross_entropy(p, targets, reduction="none")
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce_loss * ((1 - p_t) ** gamma)
    if alpha >= 0:
        loss = (alpha * targets + (1 - alpha) * (1 - targets)) * loss
    return reduce_t(loss, reduction)


FOCAL_PARAMS = [(0.25, 2.0), (None, 2.0), (0.0, 0.5), (1.0, 0.0), (0.6, 3.5)]


def focal_case(key: tuple[Any, ...], shape: tuple[int, ...], from_logits: bool, dtype: Any):
    rng = rng_for(*key)
    if from_logits:
        y = rng.normal(0.0, 3.0, size=shape)
        if y.size > 3:
            y.flat[:2] = [12.0, -12.0]
    else:
        y = rng.uniform(0.02, 0.98, size=shape)
    t = rng.integers(0, 2, size=shape).astype(np.float64)
    if t.size > 2:
        t.flat[-1] = 0.3
    return y.astype(dtype), t.astype(dtype)


def torch_focal(y: torch.Tensor, t: np.ndarray, alpha, gamma, from_logits, reduction):
    a = -1.0 if alpha is None else alpha
    fn = torchvision_sigmoid_focal_loss if from_logits else focal_on_probabilities
    return fn(y, tt(t), a, gamma, reduction)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("from_logits", [False, True], ids=ids("from_logits"))
@pytest.mark.parametrize(("alpha", "gamma"), FOCAL_PARAMS, ids=str)
@pytest.mark.parametrize("shape", ELEMENT_SHAPES, ids=str)
def test_focal_loss_agrees_with_torchvision(shape, alpha, gamma, from_logits, reduction, dtype):
    y, t = focal_case(("focal", shape, alpha, gamma, from_logits, dtype), shape, from_logits, dtype)
    got = lk.binary_focal_loss(
        y, t, alpha=alpha, gamma=gamma, from_logits=from_logits, reduction=reduction
    )
    check_result(got, torch_focal(tt(y), t, alpha, gamma, from_logits, reduction), dtype, reduction)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", GRAD_REDUCTIONS)
@pytest.mark.parametrize("from_logits", [False, True], ids=ids("from_logits"))
@pytest.mark.parametrize(("alpha", "gamma"), FOCAL_PARAMS, ids=str)
@pytest.mark.parametrize("shape", ELEMENT_SHAPES, ids=str)
def test_focal_loss_gradient_agrees_with_torchvision(
    shape, alpha, gamma, from_logits, reduction, dtype
):
    key = ("focal-grad", shape, alpha, gamma, from_logits, dtype)
    y, t = focal_case(key, shape, from_logits, dtype)
    check_grad(
        lk.binary_focal_loss,
        y,
        (t,),
        {"alpha": alpha, "gamma": gamma, "from_logits": from_logits, "reduction": reduction},
        lambda a: torch_focal(a, t, alpha, gamma, from_logits, reduction),
    )


def test_focal_loss_with_gamma_0_and_no_alpha_is_bce():
    rng = rng_for("focal-bce")
    z = rng.normal(0.0, 3.0, size=(4, 6))
    t = rng.uniform(size=(4, 6))
    got = lk.binary_focal_loss(z, t, alpha=None, gamma=0.0, from_logits=True, reduction="none")
    want = lk.binary_cross_entropy(z, t, from_logits=True, reduction="none")
    np.testing.assert_allclose(got, want, rtol=1e-15)


def test_focal_loss_is_exact_where_torchvision_rounds_to_zero():
    """1 − σ(40) rounds to 0 in torchvision's formula; losskit keeps σ(−40)^γ·softplus(−40)."""
    got = lk.binary_focal_loss([40.0], [1.0], alpha=None, gamma=2.0, from_logits=True)
    sig = 1 / (1 + np.exp(40.0))
    assert got == pytest.approx(sig**2 * np.log1p(np.exp(-40.0)), rel=1e-12)
    assert torchvision_sigmoid_focal_loss(tt([40.0]), tt([1.0]), -1, 2.0, "mean").item() == 0


# --------------------------------------------------------------------------- multilabel soft margin


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weight", [None, "last", "full"], ids=ids("weight"))
@pytest.mark.parametrize("shape", CLASS_SHAPES, ids=str)
def test_multilabel_soft_margin_agrees_with_torch(shape, weight, reduction, dtype):
    rng = rng_for("mlsm", shape, weight, dtype)
    y = rng.normal(0.0, 3.0, size=shape).astype(dtype)
    t = rng.integers(0, 2, size=shape).astype(dtype)
    w = weight_like(rng, shape, weight, dtype)
    got = lk.multilabel_soft_margin(y, t, weight=w, reduction=reduction)
    want = F.multilabel_soft_margin_loss(
        tt(y), tt(t), None if w is None else tt(w), reduction=reduction
    )
    check_result(got, want, dtype, reduction)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", GRAD_REDUCTIONS)
@pytest.mark.parametrize("weight", [None, "last", "full"], ids=ids("weight"))
@pytest.mark.parametrize("shape", CLASS_SHAPES, ids=str)
def test_multilabel_soft_margin_gradient_agrees_with_torch(shape, weight, reduction, dtype):
    rng = rng_for("mlsm-grad", shape, weight, dtype)
    y = rng.normal(0.0, 3.0, size=shape).astype(dtype)
    t = rng.integers(0, 2, size=shape).astype(dtype)
    w = weight_like(rng, shape, weight, dtype)
    check_grad(
        lk.multilabel_soft_margin,
        y,
        (t,),
        {"weight": w, "reduction": reduction},
        lambda a: F.multilabel_soft_margin_loss(
            a, tt(t), None if w is None else tt(w), reduction=reduction
        ),
    )


# --------------------------------------------------------------------------- multiclass margins

MULTI_MARGIN_PARAMS = [
    {},
    {"p": 2},
    {"margin": 0.3},
    {"margin": -0.5, "p": 2},
    {"weight": "yes"},
    {"p": 2, "margin": 2.5, "weight": "yes"},
]


def margin_case(key: tuple[Any, ...], shape: tuple[int, ...], params: dict[str, Any], dtype: Any):
    rng = rng_for(*key)
    k = shape[-1]
    y = rng.normal(0.0, 1.0, size=shape).astype(dtype)
    labels = rng.integers(0, k, size=shape[:-1])
    opts = dict(params)
    if "weight" in opts:
        opts["weight"] = rng.uniform(0.2, 3.0, size=k).astype(dtype)
    return y, labels, opts


def torch_multi_margin(y: torch.Tensor, labels: np.ndarray, opts: dict[str, Any], reduction: str):
    kw = {"p": opts.get("p", 1), "margin": opts.get("margin", 1.0)}
    if "weight" in opts:
        kw["weight"] = tt(opts["weight"])
    out = F.multi_margin_loss(
        y.reshape(-1, y.shape[-1]), long_t(labels).reshape(-1), reduction=reduction, **kw
    )
    return out.reshape(labels.shape) if reduction == "none" else out


@pytest.mark.parametrize("label_dtype", LABEL_DTYPES, ids=dtype_id)
@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("params", MULTI_MARGIN_PARAMS, ids=str)
@pytest.mark.parametrize("shape", CLASS_SHAPES, ids=str)
def test_multi_margin_agrees_with_torch(shape, params, reduction, dtype, label_dtype):
    y, labels, opts = margin_case(("mm", shape, str(params), dtype), shape, params, dtype)
    got = lk.multi_margin(y, labels.astype(label_dtype), reduction=reduction, **opts)
    check_result(got, torch_multi_margin(tt(y), labels, opts, reduction), dtype, reduction)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", GRAD_REDUCTIONS)
@pytest.mark.parametrize("params", MULTI_MARGIN_PARAMS, ids=str)
@pytest.mark.parametrize("shape", CLASS_SHAPES, ids=str)
def test_multi_margin_gradient_agrees_with_torch(shape, params, reduction, dtype):
    y, labels, opts = margin_case(("mm-grad", shape, str(params), dtype), shape, params, dtype)
    check_grad(
        lk.multi_margin,
        y,
        (labels,),
        {"reduction": reduction, **opts},
        lambda a: torch_multi_margin(a, labels, opts, reduction),
    )


def multilabel_targets(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Per row: some class indices (a repeat now and then), then -1, then anything valid."""
    k = shape[-1]
    rows = []
    for _ in range(int(np.prod(shape[:-1], dtype=int))):
        n = int(rng.integers(0, k + 1))
        row = list(rng.choice(k, size=n, replace=False))
        if n >= 2 and rng.uniform() < 0.3:
            row[-1] = row[0]  # listed twice: counts twice
        tail = list(rng.integers(-1, k, size=k - n))
        if tail:
            tail[0] = -1
        rows.append(row + tail)
    return np.array(rows, dtype=np.int64).reshape(shape)


def torch_multilabel_margin(y: torch.Tensor, t: np.ndarray, reduction: str) -> torch.Tensor:
    k = y.shape[-1]
    out = F.multilabel_margin_loss(y.reshape(-1, k), long_t(t).reshape(-1, k), reduction=reduction)
    return out.reshape(t.shape[:-1]) if reduction == "none" else out


@pytest.mark.parametrize("label_dtype", LABEL_DTYPES, ids=dtype_id)
@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("shape", CLASS_SHAPES, ids=str)
def test_multilabel_margin_agrees_with_torch(shape, reduction, dtype, label_dtype):
    rng = rng_for("mlm", shape, dtype)
    y = rng.normal(0.0, 1.0, size=shape).astype(dtype)
    t = multilabel_targets(rng, shape)
    got = lk.multilabel_margin(y, t.astype(label_dtype), reduction=reduction)
    check_result(got, torch_multilabel_margin(tt(y), t, reduction), dtype, reduction)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", GRAD_REDUCTIONS)
@pytest.mark.parametrize("shape", CLASS_SHAPES, ids=str)
def test_multilabel_margin_gradient_agrees_with_torch(shape, reduction, dtype):
    rng = rng_for("mlm-grad", shape, dtype)
    y = rng.normal(0.0, 1.0, size=shape).astype(dtype)
    t = multilabel_targets(rng, shape)
    check_grad(
        lk.multilabel_margin,
        y,
        (t,),
        {"reduction": reduction},
        lambda a: torch_multilabel_margin(a, t, reduction),
    )
