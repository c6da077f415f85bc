"""Peer equivalence: losskit against PyTorch (CPU, autograd) and scikit-learn.

Every reference number is computed here, by running torch or scikit-learn on the same
generated inputs (NumPy Generators with fixed seeds); no peer value is pasted. References
run in float64 torch on the exact values losskit received (float32 inputs are upcast):
rtol 1e-12 for float64 inputs, 1e-5 for float32 inputs, whose unreduced results and
gradients must stay float32 arrays. Reduced results must be Python floats.

Gradients are ``losskit.value_and_grad(...)[1]`` against ``torch.autograd`` with respect
to the same input (probabilities, or logits with ``from_logits=True``). For ``ctc_loss``
losskit returns the true partial derivative with respect to ``log_probs``; torch's native
CTC backward is only right after ``log_softmax``, so both are compared as gradients with
respect to logits ``z`` through ``log_probs = log_softmax(z)``:
``g_z = g_lp - softmax(z) * sum_c g_lp``.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from sklearn import metrics

import losskit as lk

DTYPES = (np.float32, np.float64)
REDUCTIONS = ("mean", "sum", "none")
GRAD_REDUCTIONS = ("mean", "sum")
RTOL = {np.dtype(np.float32): 1e-5, np.dtype(np.float64): 1e-12}

TorchFn = Callable[[torch.Tensor], torch.Tensor]


# --------------------------------------------------------------------------- helpers


def rng_for(*key: object) -> np.random.Generator:
    """A Generator seeded from the test's parameters: fixed, but different per case."""
    return np.random.default_rng(zlib.crc32(repr(key).encode()))


def as64(a: Any) -> np.ndarray:
    return np.asarray(a, dtype=np.float64)


def tt(a: Any) -> torch.Tensor:
    """A float64 torch copy of exactly the values losskit receives."""
    return torch.tensor(as64(a))


def leaf(a: Any) -> torch.Tensor:
    return torch.tensor(as64(a), requires_grad=True)


def labels_t(a: Any) -> torch.Tensor:
    return torch.tensor(np.asarray(a), dtype=torch.long)


def to_numpy(x: Any) -> np.ndarray:
    if isinstance(x, torch.Tensor):
        return x.detach().numpy().astype(np.float64)
    return as64(x)


def assert_close(actual: Any, expected: Any, dtype: Any, *, what: str = "value") -> None:
    """Values agree to the dtype's tolerance, relative to the largest finite reference."""
    want = to_numpy(expected)
    got = as64(actual)
    rtol = RTOL[np.dtype(dtype)]
    finite = np.abs(want[np.isfinite(want)])
    scale = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
    np.testing.assert_allclose(got, want, rtol=rtol, atol=rtol * scale, err_msg=what)


def check_result(actual: Any, expected: Any, dtype: Any, reduction: str) -> None:
    """A reduced result is a Python float; "none" is an array of the input's dtype."""
    if reduction == "none":
        assert isinstance(actual, np.ndarray), f"'none' gave {type(actual).__name__}"
        assert actual.dtype == np.dtype(dtype), f"'none' gave {actual.dtype} for {dtype}"
        assert actual.shape == tuple(to_numpy(expected).shape)
    else:
        assert type(actual) is float, f"{reduction!r} gave {type(actual).__name__}"
    assert_close(actual, expected, dtype)


def check_grad(
    loss: Callable[..., Any],
    y: np.ndarray,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    torch_fn: TorchFn,
) -> np.ndarray:
    """value_and_grad agrees with torch autograd; returns losskit's gradient."""
    value, grad = lk.value_and_grad(loss, y, *args, **kwargs)
    y_t = leaf(y)
    out = torch_fn(y_t)
    out.backward()
    assert type(value) is float, f"value_and_grad value is {type(value).__name__}"
    assert_close(value, out, y.dtype, what="value")
    assert isinstance(grad, np.ndarray)
    assert grad.shape == y.shape, f"gradient shape {grad.shape} for input {y.shape}"
    assert grad.dtype == y.dtype, f"gradient dtype {grad.dtype} for input {y.dtype}"
    assert y_t.grad is not None
    assert_close(grad, y_t.grad, y.dtype, what="gradient")
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


def class_first(x: torch.Tensor) -> torch.Tensor:
    """torch wants the class axis at position 1 for (N, K, d1...) input; (K,) stays."""
    return x if x.ndim < 3 else x.movedim(-1, 1)


def dtype_id(dtype: Any) -> str:
    return np.dtype(dtype).name


def ids(name: str) -> Callable[[Any], str]:
    return lambda v: f"{name}={v}"


# --------------------------------------------------------------------------- regression

REGRESSION_SHAPES = [(7,), (4, 5), (2, 3, 4)]

# name -> (losskit loss, its options, torch functional loss, huber delta for the inputs)
REGRESSION: dict[str, tuple[Callable[..., Any], dict[str, Any], Callable[..., Any], float]] = {
    "mse": (lk.mse, {}, F.mse_loss, 1.0),
    "mae": (lk.mae, {}, F.l1_loss, 1.0),
    "huber-default": (lk.huber, {}, F.huber_loss, 1.0),
    "huber-0.25": (lk.huber, {"delta": 0.25}, F.huber_loss, 0.25),
    "huber-1.5": (lk.huber, {"delta": 1.5}, F.huber_loss, 1.5),
    "huber-4": (lk.huber, {"delta": 4.0}, F.huber_loss, 4.0),
}


def regression_inputs(key: tuple[Any, ...], shape: tuple[int, ...], delta: float, dtype: Any):
    """Residuals on both sides of Huber's kink (and never at it, nor at 0)."""
    rng = rng_for(*key)
    y = rng.normal(0.0, 2.0, size=shape)
    r = rng.uniform(0.05, 3.0, size=shape) * delta * rng.choice([-1.0, 1.0], size=shape)
    r.flat[0], r.flat[1], r.flat[2] = 0.4 * delta, -2.5 * delta, 1.7 * delta
    return y.astype(dtype), (y + r).astype(dtype)


def _torch_regression(name: str, opts: dict[str, Any], fn: Callable[..., Any], reduction: str):
    if name.startswith("huber"):
        return lambda a, b: fn(a, b, reduction=reduction, delta=opts.get("delta", 1.0))
    return lambda a, b: fn(a, b, reduction=reduction)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("shape", REGRESSION_SHAPES, ids=str)
@pytest.mark.parametrize("name", list(REGRESSION))
def test_regression_loss_agrees_with_torch(name, shape, reduction, dtype):
    loss, opts, fn, delta = REGRESSION[name]
    y, t = regression_inputs((name, shape, dtype), shape, delta, dtype)
    y0, t0 = y.copy(), t.copy()
    got = loss(y, t, reduction=reduction, **opts)
    want = _torch_regression(name, opts, fn, reduction)(tt(y), tt(t))
    check_result(got, want, dtype, reduction)
    np.testing.assert_array_equal(y, y0)
    np.testing.assert_array_equal(t, t0)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", GRAD_REDUCTIONS)
@pytest.mark.parametrize("shape", REGRESSION_SHAPES, ids=str)
@pytest.mark.parametrize("name", list(REGRESSION))
def test_regression_gradient_agrees_with_torch(name, shape, reduction, dtype):
    loss, opts, fn, delta = REGRESSION[name]
    y, t = regression_inputs((name, shape, dtype, "grad"), shape, delta, dtype)
    torch_loss = _torch_regression(name, opts, fn, reduction)
    check_grad(loss, y, (t,), {"reduction": reduction, **opts}, lambda a: torch_loss(a, tt(t)))


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize(
    ("loss", "peer"),
    [(lk.mse, metrics.mean_squared_error), (lk.mae, metrics.mean_absolute_error)],
    ids=["mse", "mae"],
)
def test_regression_loss_agrees_with_sklearn_for_1d(loss, peer, dtype):
    y, t = regression_inputs(("sklearn", loss.__name__, dtype), (50,), 1.0, dtype)
    want = peer(as64(t), as64(y))  # scikit-learn takes (y_true, y_pred)
    got = loss(y, t)
    assert type(got) is float
    assert_close(got, want, dtype)


# --------------------------------------------------------------------------- binary CE

BCE_SHAPES = [(9,), (3, 4)]
EXTREME_LOGITS = [800.0, -800.0, 1e4, -1e4, 0.0, 35.0, -35.0, 17.5]


def bce_targets(rng: np.random.Generator, shape: tuple[int, ...], kind: str) -> np.ndarray:
    if kind == "hard":
        return rng.integers(0, 2, size=shape).astype(np.float64)
    return rng.uniform(0.0, 1.0, size=shape)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("targets", ["hard", "soft"])
@pytest.mark.parametrize("shape", BCE_SHAPES, ids=str)
def test_bce_probabilities_agree_with_torch_including_exact_0_and_1(
    shape, targets, reduction, dtype
):
    """torch's BCELoss clamps each log at -100, so p == 0 or 1 stays finite."""
    rng = rng_for("bce-p", shape, targets, dtype)
    y = rng.uniform(0.0, 1.0, size=shape)
    t = bce_targets(rng, shape, targets)
    y.flat[:4] = [0.0, 1.0, 0.0, 1.0]
    t.flat[:4] = [1.0, 0.0, 0.0, 1.0] if targets == "hard" else [0.25, 0.75, 0.5, 0.125]
    y, t = y.astype(dtype), t.astype(dtype)
    got = lk.binary_cross_entropy(y, t, reduction=reduction)
    want = F.binary_cross_entropy(tt(y), tt(t), reduction=reduction)
    check_result(got, want, dtype, reduction)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", GRAD_REDUCTIONS)
@pytest.mark.parametrize("targets", ["hard", "soft"])
@pytest.mark.parametrize("shape", BCE_SHAPES, ids=str)
def test_bce_probabilities_gradient_agrees_with_torch(shape, targets, reduction, dtype):
    rng = rng_for("bce-p-grad", shape, targets, dtype)
    y = rng.uniform(0.02, 0.98, size=shape).astype(dtype)
    t = bce_targets(rng, shape, targets).astype(dtype)
    check_grad(
        lk.binary_cross_entropy,
        y,
        (t,),
        {"reduction": reduction},
        lambda a: F.binary_cross_entropy(a, tt(t), reduction=reduction),
    )


def bce_logits(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    z = rng.normal(0.0, 4.0, size=shape)
    n = min(z.size, len(EXTREME_LOGITS))
    z.flat[:n] = EXTREME_LOGITS[:n]
    return z


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("targets", ["hard", "soft"])
@pytest.mark.parametrize("shape", BCE_SHAPES, ids=str)
def test_bce_from_logits_agrees_with_torch_including_extreme_logits(
    shape, targets, reduction, dtype
):
    rng = rng_for("bce-z", shape, targets, dtype)
    z = bce_logits(rng, shape).astype(dtype)
    t = bce_targets(rng, shape, targets).astype(dtype)
    got = lk.binary_cross_entropy(z, t, from_logits=True, reduction=reduction)
    want = F.binary_cross_entropy_with_logits(tt(z), tt(t), reduction=reduction)
    assert np.isfinite(got).all()
    check_result(got, want, dtype, reduction)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", GRAD_REDUCTIONS)
@pytest.mark.parametrize("targets", ["hard", "soft"])
@pytest.mark.parametrize("shape", BCE_SHAPES, ids=str)
def test_bce_from_logits_gradient_agrees_with_torch(shape, targets, reduction, dtype):
    rng = rng_for("bce-z-grad", shape, targets, dtype)
    z = bce_logits(rng, shape).astype(dtype)
    t = bce_targets(rng, shape, targets).astype(dtype)
    grad = check_grad(
        lk.binary_cross_entropy,
        z,
        (t,),
        {"from_logits": True, "reduction": reduction},
        lambda a: F.binary_cross_entropy_with_logits(a, tt(t), reduction=reduction),
    )
    assert np.isfinite(grad).all()


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("from_logits", [False, True], ids=ids("from_logits"))
def test_bce_agrees_with_sklearn_log_loss(from_logits, dtype):
    """scikit-learn clips probabilities at its dtype's eps and wants hard 0/1 labels,
    so the inputs stay well inside (0, 1)."""
    rng = rng_for("bce-sklearn", from_logits, dtype)
    p = rng.uniform(0.02, 0.98, size=60)
    t = rng.integers(0, 2, size=60)
    t[:2] = [0, 1]
    if from_logits:
        y = np.log(p / (1.0 - p)).astype(dtype)
        p_ref = torch.sigmoid(tt(y)).numpy()
    else:
        y = p.astype(dtype)
        p_ref = as64(y)
    got = lk.binary_cross_entropy(y, t.astype(dtype), from_logits=from_logits)
    want = metrics.log_loss(t, p_ref, labels=[0, 1])
    assert type(got) is float
    assert_close(got, want, dtype)


# --------------------------------------------------------------------------- categorical CE

CE_SHAPES = [(5,), (6, 5), (3, 4, 5)]


def ce_targets(rng: np.random.Generator, shape: tuple[int, ...], kind: str) -> np.ndarray:
    k = shape[-1]
    if kind == "onehot":
        return np.eye(k)[rng.integers(0, k, size=shape[:-1])]
    return rng.dirichlet(np.full(k, 0.7), size=shape[:-1])


def ce_probabilities(
    rng: np.random.Generator, t: np.ndarray, *, zeros_off_target: bool
) -> np.ndarray:
    y = softmax_np(rng.normal(0.0, 1.5, size=t.shape))
    if zeros_off_target:  # exact zeros where t == 0 are allowed: 0·log 0 = 0
        y[(rng.uniform(size=t.shape) < 0.3) & (t == 0)] = 0.0
        y /= y.sum(axis=-1, keepdims=True)
    return y


def ce_logits(rng: np.random.Generator, shape: tuple[int, ...], extreme: bool) -> np.ndarray:
    z = rng.normal(0.0, 3.0, size=shape)
    if extreme:
        u = rng.uniform(size=shape)
        z[u < 0.35] = 800.0
        z[u > 0.65] = -800.0
        z.reshape(-1, shape[-1])[0, :2] = [800.0, -800.0]
    return z


def torch_ce_probabilities(y: torch.Tensor, t: np.ndarray, kind: str, reduction: str):
    """One-hot: nll_loss on log p; soft: cross_entropy with probability targets on log p."""
    if kind == "onehot":
        labels = labels_t(t.argmax(axis=-1))
        return F.nll_loss(class_first(torch.log(y)), labels, reduction=reduction)
    return F.cross_entropy(class_first(torch.log(y)), class_first(tt(t)), reduction=reduction)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("targets", ["onehot", "soft"])
@pytest.mark.parametrize("shape", CE_SHAPES, ids=str)
def test_categorical_ce_probabilities_agree_with_torch(shape, targets, reduction, dtype):
    rng = rng_for("cce-p", shape, targets, dtype)
    t = ce_targets(rng, shape, targets)
    y = ce_probabilities(rng, t, zeros_off_target=targets == "onehot").astype(dtype)
    t = t.astype(dtype)
    got = lk.categorical_cross_entropy(y, t, reduction=reduction)
    want = torch_ce_probabilities(tt(y), as64(t), targets, reduction)
    check_result(got, want, dtype, reduction)
    # the textbook formula, -(t * log p) summed over the last axis, says the same
    per = -(tt(t) * torch.log(tt(y))).nan_to_num(nan=0.0).sum(-1)
    assert_close(got, reduce_t(per, reduction), dtype)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", GRAD_REDUCTIONS)
@pytest.mark.parametrize("targets", ["onehot", "soft"])
@pytest.mark.parametrize("shape", CE_SHAPES, ids=str)
def test_categorical_ce_probabilities_gradient_agrees_with_torch(shape, targets, reduction, dtype):
    rng = rng_for("cce-p-grad", shape, targets, dtype)
    t = ce_targets(rng, shape, targets)
    y = ce_probabilities(rng, t, zeros_off_target=False).astype(dtype)
    t = t.astype(dtype)
    check_grad(
        lk.categorical_cross_entropy,
        y,
        (t,),
        {"reduction": reduction},
        lambda a: reduce_t(-(tt(t) * torch.log(a)).sum(-1), reduction),
    )


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("extreme", [False, True], ids=ids("extreme"))
@pytest.mark.parametrize("targets", ["onehot", "soft"])
@pytest.mark.parametrize("shape", CE_SHAPES, ids=str)
def test_categorical_ce_from_logits_agrees_with_torch(shape, targets, extreme, reduction, dtype):
    rng = rng_for("cce-z", shape, targets, extreme, dtype)
    z = ce_logits(rng, shape, extreme).astype(dtype)
    t = ce_targets(rng, shape, targets).astype(dtype)
    got = lk.categorical_cross_entropy(z, t, from_logits=True, reduction=reduction)
    want = F.cross_entropy(class_first(tt(z)), class_first(tt(t)), reduction=reduction)
    assert np.isfinite(got).all()
    check_result(got, want, dtype, reduction)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", GRAD_REDUCTIONS)
@pytest.mark.parametrize("extreme", [False, True], ids=ids("extreme"))
@pytest.mark.parametrize("targets", ["onehot", "soft"])
@pytest.mark.parametrize("shape", CE_SHAPES, ids=str)
def test_categorical_ce_from_logits_gradient_agrees_with_torch(
    shape, targets, extreme, reduction, dtype
):
    rng = rng_for("cce-z-grad", shape, targets, extreme, dtype)
    z = ce_logits(rng, shape, extreme).astype(dtype)
    t = ce_targets(rng, shape, targets).astype(dtype)
    grad = check_grad(
        lk.categorical_cross_entropy,
        z,
        (t,),
        {"from_logits": True, "reduction": reduction},
        lambda a: F.cross_entropy(class_first(a), class_first(tt(t)), reduction=reduction),
    )
    assert np.isfinite(grad).all()


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", GRAD_REDUCTIONS)
def test_categorical_ce_from_logits_with_targets_not_summing_to_one_agrees_with_torch(
    reduction, dtype
):
    """torch takes soft targets as given (gradient softmax·Σt − t, not softmax − t)."""
    rng = rng_for("cce-z-unnormalised", reduction, dtype)
    z = rng.normal(0.0, 2.0, size=(5, 4)).astype(dtype)
    low = rng.uniform(0.0, 0.2, size=(3, 4))  # rows summing to < 0.8
    high = rng.uniform(0.5, 1.0, size=(2, 4))  # rows summing to > 2
    t = np.concatenate([low, high]).astype(dtype)
    check_grad(
        lk.categorical_cross_entropy,
        z,
        (t,),
        {"from_logits": True, "reduction": reduction},
        lambda a: F.cross_entropy(a, tt(t), reduction=reduction),
    )


# --------------------------------------------------------------------------- sparse CE


def sparse_inputs(key: tuple[Any, ...], shape: tuple[int, ...], from_logits: bool, dtype: Any):
    rng = rng_for(*key)
    labels = rng.integers(0, shape[-1], size=shape[:-1])
    if from_logits:
        y = ce_logits(rng, shape, extreme=True)
    else:
        y = softmax_np(rng.normal(0.0, 1.5, size=shape))
    return y.astype(dtype), labels


def torch_sparse(y: torch.Tensor, labels: np.ndarray, from_logits: bool, reduction: str):
    if from_logits:
        return F.cross_entropy(class_first(y), labels_t(labels), reduction=reduction)
    return F.nll_loss(class_first(torch.log(y)), labels_t(labels), reduction=reduction)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("from_logits", [False, True], ids=ids("from_logits"))
@pytest.mark.parametrize("shape", CE_SHAPES, ids=str)
def test_sparse_ce_agrees_with_torch(shape, from_logits, reduction, dtype):
    y, labels = sparse_inputs(("scce", shape, from_logits, dtype), shape, from_logits, dtype)
    got = lk.sparse_categorical_cross_entropy(
        y, labels, from_logits=from_logits, reduction=reduction
    )
    check_result(got, torch_sparse(tt(y), labels, from_logits, reduction), dtype, reduction)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", GRAD_REDUCTIONS)
@pytest.mark.parametrize("from_logits", [False, True], ids=ids("from_logits"))
@pytest.mark.parametrize("shape", CE_SHAPES, ids=str)
def test_sparse_ce_gradient_agrees_with_torch(shape, from_logits, reduction, dtype):
    key = ("scce-grad", shape, from_logits, dtype)
    y, labels = sparse_inputs(key, shape, from_logits, dtype)
    check_grad(
        lk.sparse_categorical_cross_entropy,
        y,
        (labels,),
        {"from_logits": from_logits, "reduction": reduction},
        lambda a: torch_sparse(a, labels, from_logits, reduction),
    )


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_sparse_ce_agrees_with_sklearn_log_loss(dtype):
    rng = rng_for("scce-sklearn", dtype)
    y = softmax_np(rng.normal(0.0, 1.0, size=(40, 4))).astype(dtype)
    labels = rng.integers(0, 4, size=40)
    # scikit-learn checks that rows sum to one at its dtype's precision: give it y as is
    want = metrics.log_loss(labels, y, labels=[0, 1, 2, 3])
    got = lk.sparse_categorical_cross_entropy(y, labels)
    assert type(got) is float
    assert_close(got, want, dtype)
    # and the one-hot form of the same labels is the same loss
    assert_close(lk.categorical_cross_entropy(y, np.eye(4, dtype=dtype)[labels]), want, dtype)


# --------------------------------------------------------------------------- KL divergence


def kl_inputs(key: tuple[Any, ...], shape: tuple[int, ...], dtype: Any):
    rng = rng_for(*key)
    y = rng.dirichlet(np.full(shape[-1], 2.0), size=shape[:-1])
    t = rng.dirichlet(np.full(shape[-1], 0.8), size=shape[:-1])
    t[rng.uniform(size=shape) < 0.3] = 0.0  # zeros in t: 0·log 0 = 0
    t.reshape(-1, shape[-1])[:, 0] += 0.1  # no all-zero row
    t /= t.sum(axis=-1, keepdims=True)
    t.reshape(-1, shape[-1])[0, -1] = 0.0
    t /= t.sum(axis=-1, keepdims=True)
    return y.astype(dtype), t.astype(dtype)


def torch_kl(y: torch.Tensor, t: torch.Tensor, reduction: str, ndim: int) -> torch.Tensor:
    if reduction == "mean" and ndim == 2:
        return F.kl_div(torch.log(y), t, reduction="batchmean")
    if reduction == "sum":
        return F.kl_div(torch.log(y), t, reduction="sum")
    # "none" is per sample (summed over the last axis); "mean" averages all leading axes
    return reduce_t(F.kl_div(torch.log(y), t, reduction="none").sum(-1), reduction)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("shape", CE_SHAPES, ids=str)
def test_kl_divergence_agrees_with_torch(shape, reduction, dtype):
    y, t = kl_inputs(("kl", shape, dtype), shape, dtype)
    assert (t == 0).any()
    got = lk.kl_divergence(y, t, reduction=reduction)
    check_result(got, torch_kl(tt(y), tt(t), reduction, len(shape)), dtype, reduction)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", GRAD_REDUCTIONS)
@pytest.mark.parametrize("shape", CE_SHAPES, ids=str)
def test_kl_divergence_gradient_agrees_with_torch(shape, reduction, dtype):
    y, t = kl_inputs(("kl-grad", shape, dtype), shape, dtype)
    check_grad(
        lk.kl_divergence,
        y,
        (t,),
        {"reduction": reduction},
        lambda a: torch_kl(a, tt(t), reduction, len(shape)),
    )


# --------------------------------------------------------------------------- textbook


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("shape", [(10,), (6, 10)], ids=str)
def test_mean_squared_error_is_half_sum_of_squares_per_row(shape, dtype):
    rng = rng_for("textbook-mse", shape, dtype)
    y = rng.uniform(0.0, 1.0, size=shape).astype(dtype)
    t = np.eye(shape[-1])[rng.integers(0, shape[-1], size=shape[:-1])].astype(dtype)
    half_sq = 0.5 * ((tt(y) - tt(t)) ** 2).sum(-1)
    want = half_sq if len(shape) == 1 else half_sq.mean()
    got = lk.mean_squared_error(y, t)
    assert type(got) is float
    assert_close(got, want, dtype)
    # and it is not torch's MSELoss: that is a mean with no 1/2
    assert not np.isclose(got, F.mse_loss(tt(y), tt(t)).item())


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("delta", [None, 1e-3], ids=ids("delta"))
@pytest.mark.parametrize("targets", ["onehot", "soft", "labels"])
@pytest.mark.parametrize("shape", [(10,), (6, 10)], ids=str)
def test_cross_entropy_error_is_torch_sum_of_t_log_y_plus_delta_over_n(
    shape, targets, delta, dtype
):
    rng = rng_for("textbook-ce", shape, targets, delta, dtype)
    y = softmax_np(rng.normal(0.0, 2.0, size=shape))
    y[rng.uniform(size=shape) < 0.3] = 0.0  # the article's y has exact zeros
    y = y.astype(dtype)
    labels = rng.integers(0, shape[-1], size=shape[:-1])
    d = 1e-7 if delta is None else delta
    n = 1 if len(shape) == 1 else shape[0]
    log_y = torch.log(tt(y) + d)
    if targets == "labels":
        t: Any = labels if len(shape) == 2 else int(labels)
        want = -log_y.reshape(-1, shape[-1])[np.arange(n), labels.reshape(-1)].sum() / n
    else:
        t = ce_targets(rng, shape, "onehot" if targets == "onehot" else "soft").astype(dtype)
        want = -(tt(t) * log_y).sum() / n
    got = lk.cross_entropy_error(y, t) if delta is None else lk.cross_entropy_error(y, t, delta=d)
    assert type(got) is float
    assert_close(got, want, dtype)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("shape", [(10,), (6, 10)], ids=str)
def test_mean_squared_error_gradient_agrees_with_torch(shape, dtype):
    rng = rng_for("textbook-mse-grad", shape, dtype)
    y = rng.uniform(0.0, 1.0, size=shape).astype(dtype)
    t = rng.uniform(0.0, 1.0, size=shape).astype(dtype)
    n = 1 if len(shape) == 1 else shape[0]
    check_grad(lk.mean_squared_error, y, (t,), {}, lambda a: 0.5 * ((a - tt(t)) ** 2).sum() / n)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("targets", ["onehot", "soft", "labels"])
@pytest.mark.parametrize("shape", [(10,), (6, 10)], ids=str)
def test_cross_entropy_error_gradient_agrees_with_torch(shape, targets, dtype):
    rng = rng_for("textbook-ce-grad", shape, targets, dtype)
    y = softmax_np(rng.normal(0.0, 2.0, size=shape))
    y[rng.uniform(size=shape) < 0.3] = 0.0  # + delta keeps the gradient finite at 0
    y = y.astype(dtype)
    n = 1 if len(shape) == 1 else shape[0]
    labels = rng.integers(0, shape[-1], size=shape[:-1])
    if targets == "labels":
        t: Any = labels if len(shape) == 2 else int(labels)
        t_dense = tt(np.eye(shape[-1])[labels])
    else:
        t = ce_targets(rng, shape, "onehot" if targets == "onehot" else "soft").astype(dtype)
        t_dense = tt(t)
    check_grad(
        lk.cross_entropy_error,
        y,
        (t,),
        {},
        lambda a: -(t_dense * torch.log(a + 1e-7)).sum() / n,
    )


# --------------------------------------------------------------------------- CTC

CTC_T, CTC_N, CTC_C, CTC_S = 12, 4, 6, 4


def frames_needed(target: np.ndarray) -> int:
    """The fewest frames that can emit `target`: one per label, one blank per repeat."""
    return len(target) + int(np.sum(target[1:] == target[:-1]))


def ctc_case(key: tuple[Any, ...], blank: int, *, infeasible: bool = False):
    """log_probs (T, N, C), padded targets (N, S) that avoid `blank`, lengths that fit
    (sample 0 uses every frame and a repeated label; the last has an empty target).
    With `infeasible`, sample 1 gets one frame too few for its target."""
    rng = rng_for(*key)
    classes = np.array([c for c in range(CTC_C) if c != blank])
    targets = rng.choice(classes, size=(CTC_N, CTC_S))
    targets[0, 1] = targets[0, 0]  # a repeat needs a blank between its two frames
    target_lengths = rng.integers(1, CTC_S + 1, size=CTC_N)
    target_lengths[0], target_lengths[-1] = CTC_S, 0
    needed = np.array(
        [frames_needed(row[:n]) for row, n in zip(targets, target_lengths, strict=True)]
    )
    input_lengths = np.array([rng.integers(max(n, 1), CTC_T + 1) for n in needed])
    input_lengths[0] = CTC_T
    if infeasible:
        target_lengths[1] = CTC_S
        needed[1] = frames_needed(targets[1])
        input_lengths[1] = needed[1] - 1
    log_probs = torch.log_softmax(torch.tensor(rng.normal(0.0, 1.5, (CTC_T, CTC_N, CTC_C))), -1)
    return log_probs.numpy(), targets, input_lengths, target_lengths


def concatenate(targets: np.ndarray, target_lengths: np.ndarray) -> np.ndarray:
    return np.concatenate([row[:n] for row, n in zip(targets, target_lengths, strict=True)])


def torch_ctc(lp, targets, input_lengths, target_lengths, blank, reduction, zero_infinity):
    return F.ctc_loss(
        lp,
        labels_t(targets),
        labels_t(input_lengths),
        labels_t(target_lengths),
        blank=blank,
        reduction=reduction,
        zero_infinity=zero_infinity,
    )


def check_ctc_grad(lp, args, blank, reduction, zero_infinity, input_lengths):
    """Compare through log_softmax: g_z = g_lp - softmax(z) * sum_c g_lp."""
    kw = {"blank": blank, "reduction": reduction, "zero_infinity": zero_infinity}
    value, g_lp = lk.value_and_grad(lk.ctc_loss, lp, *args, **kw)
    assert type(value) is float
    assert isinstance(g_lp, np.ndarray)
    assert g_lp.shape == lp.shape and g_lp.dtype == lp.dtype
    z = leaf(lp)  # log_softmax(lp) == lp up to rounding, so softmax(z) == exp(lp)
    out = torch_ctc(torch.log_softmax(z, -1), *args, blank, reduction, zero_infinity)
    out.backward()
    assert_close(value, out, lp.dtype, what="value")
    g = as64(g_lp)
    g_z = g - np.exp(as64(lp)) * g.sum(axis=-1, keepdims=True)
    assert z.grad is not None
    assert_close(g_z, z.grad, lp.dtype, what="gradient w.r.t. logits")
    frames = np.arange(lp.shape[0])
    lengths = np.atleast_1d(input_lengths)
    past = frames[:, None] >= lengths[None, :]  # (T, N): frames past an input length
    assert np.all(g.reshape(lp.shape[0], len(lengths), -1)[past] == 0.0)


BLANKS = [0, 2, CTC_C - 1]


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("blank", BLANKS, ids=ids("blank"))
@pytest.mark.parametrize("layout", ["padded", "concatenated"])
def test_ctc_loss_agrees_with_torch(layout, blank, reduction, dtype):
    lp, targets, il, tl = ctc_case(("ctc", layout, blank, dtype), blank)
    lp = lp.astype(dtype)
    if layout == "concatenated":
        targets = concatenate(targets, tl)
    got = lk.ctc_loss(lp, targets, il, tl, blank=blank, reduction=reduction)
    want = torch_ctc(tt(lp), targets, il, tl, blank, reduction, False)
    check_result(got, want, dtype, reduction)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", GRAD_REDUCTIONS)
@pytest.mark.parametrize("blank", BLANKS, ids=ids("blank"))
@pytest.mark.parametrize("layout", ["padded", "concatenated"])
def test_ctc_gradient_agrees_with_torch_through_log_softmax(layout, blank, reduction, dtype):
    lp, targets, il, tl = ctc_case(("ctc-grad", layout, blank, dtype), blank)
    lp = lp.astype(dtype)
    if layout == "concatenated":
        targets = concatenate(targets, tl)
    check_ctc_grad(lp, (targets, il, tl), blank, reduction, False, il)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("blank", [0, CTC_C - 1], ids=ids("blank"))
def test_ctc_loss_unbatched_agrees_with_torch(blank, reduction, dtype):
    """(T, C) log_probs with a 1-D target and scalar lengths, as torch's unbatched form."""
    lp, targets, il, tl = ctc_case(("ctc-1", blank, dtype), blank)
    lp1 = np.ascontiguousarray(lp[:, 0, :]).astype(dtype)
    target, n_in, n_t = targets[0, : tl[0]], int(il[0]), int(tl[0])
    got = lk.ctc_loss(lp1, target, n_in, n_t, blank=blank, reduction=reduction)
    want = F.ctc_loss(
        tt(lp1),
        labels_t(target),
        torch.tensor(n_in),
        torch.tensor(n_t),
        blank=blank,
        reduction=reduction,
    )
    check_result(got, want, dtype, reduction)
    if reduction != "none":
        check_ctc_grad(
            lp1[:, None, :],
            (target[None, :], np.array([n_in]), np.array([n_t])),
            blank,
            reduction,
            False,
            n_in,
        )
        value, g = lk.value_and_grad(
            lk.ctc_loss, lp1, target, n_in, n_t, blank=blank, reduction=reduction
        )
        value3, g3 = lk.value_and_grad(
            lk.ctc_loss,
            lp1[:, None, :],
            target[None, :],
            np.array([n_in]),
            np.array([n_t]),
            blank=blank,
            reduction=reduction,
        )
        assert_close(value, value3, dtype)
        assert g.shape == lp1.shape and g.dtype == lp1.dtype
        assert_close(g, g3[:, 0, :], dtype)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("zero_infinity", [False, True], ids=ids("zero_infinity"))
@pytest.mark.parametrize("layout", ["padded", "concatenated"])
def test_ctc_infeasible_sample_agrees_with_torch(layout, zero_infinity, reduction, dtype):
    blank = 1
    lp, targets, il, tl = ctc_case(("ctc-inf", layout, dtype), blank, infeasible=True)
    lp = lp.astype(dtype)
    if layout == "concatenated":
        targets = concatenate(targets, tl)
    got = lk.ctc_loss(
        lp, targets, il, tl, blank=blank, reduction=reduction, zero_infinity=zero_infinity
    )
    want = torch_ctc(tt(lp), targets, il, tl, blank, reduction, zero_infinity)
    per = torch_ctc(tt(lp), targets, il, tl, blank, "none", False).numpy()
    assert np.isinf(per[1]) and np.isfinite(np.delete(per, 1)).all()  # the case is as meant
    check_result(got, want, dtype, reduction)
    if zero_infinity and reduction != "none":
        check_ctc_grad(lp, (targets, il, tl), blank, reduction, True, il)
        _, g = lk.value_and_grad(
            lk.ctc_loss,
            lp,
            targets,
            il,
            tl,
            blank=blank,
            reduction=reduction,
            zero_infinity=True,
        )
        assert np.all(g[:, 1, :] == 0.0), "an infeasible sample must get a zero gradient"


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", GRAD_REDUCTIONS)
def test_ctc_long_peaky_sequences_agree_with_torch(reduction, dtype):
    """T = 120 frames of sharp distributions: tiny path probabilities stay exact in log space."""
    rng = rng_for("ctc-long", reduction, dtype)
    t_max, n, c, s, blank = 120, 3, 8, 30, 3
    classes = np.array([k for k in range(c) if k != blank])
    targets = rng.choice(classes[:3], size=(n, s))  # few classes: many repeated labels
    target_lengths = np.array([s, s // 2, 7])
    input_lengths = np.array(
        [t_max, frames_needed(targets[1, : s // 2]) + 5, frames_needed(targets[2, :7])]
    )
    z = torch.tensor(rng.normal(0.0, 6.0, (t_max, n, c)))
    lp = torch.log_softmax(z, -1).numpy().astype(dtype)
    got = lk.ctc_loss(lp, targets, input_lengths, target_lengths, blank=blank, reduction="none")
    want = torch_ctc(tt(lp), targets, input_lengths, target_lengths, blank, "none", False)
    assert np.isfinite(want.numpy()).all() and want.min() > 50  # the case is as meant
    check_result(got, want, dtype, "none")
    args = (targets, input_lengths, target_lengths)
    check_ctc_grad(lp, args, blank, reduction, False, input_lengths)
