"""Peer equivalence for the catalogue's regression-type, margin and embedding losses.

smooth_l1, poisson_nll, gaussian_nll, soft_margin, hinge_embedding, margin_ranking,
cosine_embedding and triplet_margin against their ``torch.nn.functional`` namesakes;
pinball against scikit-learn ``mean_pinball_loss`` (values) and a torch-ops reference
(gradients); log_cosh and hinge against torch-ops references of the Keras definitions
(Keras is not installed here), hinge also against scikit-learn ``hinge_loss``.

As in tests/test_peers.py: references run in float64 torch on exactly the values losskit
received; rtol 1e-12 for float64 and 1e-5 for float32 input; unreduced results and
gradients keep the input's dtype; gradients are ``losskit.value_and_grad`` with every
differentiable argument (``argnums``) against ``torch.autograd``. Inputs keep a distance
from every kink (hinge corners, Huber-like thresholds) so that both sides agree on which
side they are; the kinks themselves are compared in tests of their own.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Sequence
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
# scalar, vector, matrix, 3-D and 6-D inputs
ELEMENTWISE_SHAPES = [(), (7,), (4, 5), (2, 3, 4), (2, 1, 2, 1, 3, 2)]
EMBEDDING_SHAPES = [(5,), (6, 4), (2, 3, 4), (2, 1, 2, 1, 2, 3)]
INT_DTYPES = (np.int8, np.int16, np.int32, np.int64)

TorchLoss = Callable[..., torch.Tensor]


# --------------------------------------------------------------------------- helpers


def rng_for(*key: object) -> np.random.Generator:
    """A Generator seeded from the test's parameters: fixed, but different per case."""
    return np.random.default_rng(zlib.crc32(repr(key).encode()))


def tt(a: Any) -> torch.Tensor:
    """A float64 torch copy of exactly the values losskit receives."""
    return torch.tensor(np.asarray(a, dtype=np.float64))


def to_numpy(x: Any) -> np.ndarray:
    if isinstance(x, torch.Tensor):
        return x.detach().numpy().astype(np.float64)
    return np.asarray(x, dtype=np.float64)


def assert_close(actual: Any, expected: Any, dtype: Any, *, what: str = "value") -> None:
    """Values agree to the dtype's tolerance, relative to the largest finite reference."""
    want, got = to_numpy(expected), np.asarray(actual, dtype=np.float64)
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


def check_grads(
    loss: Callable[..., Any],
    arrays: Sequence[Any],
    argnums: tuple[int, ...],
    kwargs: dict[str, Any],
    torch_fn: TorchLoss,
) -> tuple[np.ndarray, ...]:
    """value_and_grad(argnums=...) agrees with torch autograd for every argument asked."""
    value, grads = lk.value_and_grad(loss, *arrays, argnums=argnums, **kwargs)
    tensors = [tt(a) for a in arrays]
    for i in argnums:
        tensors[i].requires_grad_(True)
    out = torch_fn(*tensors)
    out.backward()
    dtype = np.asarray(arrays[0]).dtype
    assert type(value) is float, f"value_and_grad value is {type(value).__name__}"
    assert_close(value, out, dtype, what="value")
    assert isinstance(grads, tuple) and len(grads) == len(argnums)
    for i, grad in zip(argnums, grads, strict=True):
        arg = np.asarray(arrays[i])
        assert isinstance(grad, np.ndarray)
        assert grad.shape == arg.shape, f"argument {i}: gradient shape {grad.shape}"
        assert grad.dtype == dtype, f"argument {i}: gradient dtype {grad.dtype} for {dtype}"
        assert tensors[i].grad is not None
        assert_close(grad, tensors[i].grad, dtype, what=f"gradient of argument {i}")
        assert np.isfinite(grad).all()
    return grads


def reduce_t(per: torch.Tensor, reduction: str) -> torch.Tensor:
    if reduction == "mean":
        return per.mean()
    if reduction == "sum":
        return per.sum()
    return per


def dtype_id(dtype: Any) -> str:
    return np.dtype(dtype).name


def signs(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """±1 labels with both signs present (when there are two or more)."""
    t = rng.choice([-1.0, 1.0], size=shape)
    if t.size >= 2:
        t.flat[:2] = [1.0, -1.0]
    return t


def away_from(rng: np.random.Generator, shape: tuple[int, ...], low: float = 0.05) -> np.ndarray:
    """Signed offsets of size at least `low`: inputs this far from a kink stay on its side."""
    return rng.uniform(low, 2.0, size=shape) * rng.choice([-1.0, 1.0], size=shape)


# --------------------------------------------------------------------------- element-wise


def log_cosh_t(y: torch.Tensor, t: torch.Tensor, reduction: str) -> torch.Tensor:
    """Keras: x + softplus(-2x) - log 2 with x = y_pred - y_true."""
    x = y - t
    return reduce_t(x + F.softplus(-2.0 * x) - math.log(2.0), reduction)


def pinball_t(alpha: float) -> TorchLoss:
    def fn(y: torch.Tensor, t: torch.Tensor, reduction: str) -> torch.Tensor:
        return reduce_t(alpha * F.relu(t - y) + (1 - alpha) * F.relu(y - t), reduction)

    return fn


def hinge_t(margin: float, squared: bool) -> TorchLoss:
    def fn(y: torch.Tensor, t: torch.Tensor, reduction: str) -> torch.Tensor:
        h = torch.clamp(margin - t * y, min=0)
        return reduce_t(h * h if squared else h, reduction)

    return fn


def poisson_t(**opts: Any) -> TorchLoss:
    return lambda y, t, reduction: F.poisson_nll_loss(y, t, reduction=reduction, **opts)


def with_opts(fn: Callable[..., torch.Tensor], **opts: Any) -> TorchLoss:
    return lambda y, t, reduction: fn(y, t, reduction=reduction, **opts)


def regression_inputs(rng: np.random.Generator, shape: tuple[int, ...], kink: float):
    """Residuals on both sides of a threshold `kink` (and never at it, nor at 0)."""
    y = rng.normal(0.0, 2.0, size=shape)
    r = rng.uniform(0.05, 3.0, size=shape) * max(kink, 0.5) * rng.choice([-1.0, 1.0], size=shape)
    if r.size >= 3 and kink > 0:
        r.flat[:3] = [0.4 * kink, -2.5 * kink, 1.7 * kink]
    return y, y + r


def poisson_inputs(rng: np.random.Generator, shape: tuple[int, ...], log_input: bool):
    t = rng.poisson(3.0, size=shape).astype(np.float64)
    if t.size >= 4:
        t.flat[:4] = [0.0, 1.0, 2.0, 40.0]  # Stirling's term is 0 for t <= 1
    if log_input:
        y = rng.normal(0.5, 1.5, size=shape)
    else:
        y = rng.uniform(0.05, 6.0, size=shape)
        if y.size >= 3:
            y.flat[2] = 0.0  # a zero rate: eps keeps the log finite
    return y, t


def margin_inputs(rng: np.random.Generator, shape: tuple[int, ...], margin: float):
    """Scores whose signed value t·y keeps away from the margin."""
    t = signs(rng, shape)
    return t * (margin + away_from(rng, shape)), t


def hinge_embedding_inputs(rng: np.random.Generator, shape: tuple[int, ...], margin: float):
    t = signs(rng, shape)
    y = np.abs(margin + away_from(rng, shape))
    if y.size >= 3:
        y.flat[2] = -0.5  # torch takes any real y, not only distances
    return y, t


# name -> (losskit loss, its options, torch reference(y, t, reduction), inputs(rng, shape))
Inputs = Callable[[np.random.Generator, tuple[int, ...]], tuple[np.ndarray, np.ndarray]]
ELEMENTWISE: dict[str, tuple[Callable[..., Any], dict[str, Any], TorchLoss, Inputs]] = {
    "smooth_l1": (
        lk.smooth_l1,
        {},
        with_opts(F.smooth_l1_loss),
        lambda rng, s: regression_inputs(rng, s, 1.0),
    ),
    "smooth_l1-beta0": (
        lk.smooth_l1,
        {"beta": 0.0},
        with_opts(F.smooth_l1_loss, beta=0.0),
        lambda rng, s: regression_inputs(rng, s, 0.0),
    ),
    "smooth_l1-beta0.3": (
        lk.smooth_l1,
        {"beta": 0.3},
        with_opts(F.smooth_l1_loss, beta=0.3),
        lambda rng, s: regression_inputs(rng, s, 0.3),
    ),
    "smooth_l1-beta4": (
        lk.smooth_l1,
        {"beta": 4.0},
        with_opts(F.smooth_l1_loss, beta=4.0),
        lambda rng, s: regression_inputs(rng, s, 4.0),
    ),
    "log_cosh": (lk.log_cosh, {}, log_cosh_t, lambda rng, s: regression_inputs(rng, s, 1.0)),
    "pinball": (lk.pinball, {}, pinball_t(0.5), lambda rng, s: regression_inputs(rng, s, 0.0)),
    "pinball-0.1": (
        lk.pinball,
        {"alpha": 0.1},
        pinball_t(0.1),
        lambda rng, s: regression_inputs(rng, s, 0.0),
    ),
    "pinball-0.9": (
        lk.pinball,
        {"alpha": 0.9},
        pinball_t(0.9),
        lambda rng, s: regression_inputs(rng, s, 0.0),
    ),
    "poisson": (lk.poisson_nll, {}, poisson_t(), lambda rng, s: poisson_inputs(rng, s, True)),
    "poisson-full": (
        lk.poisson_nll,
        {"full": True},
        poisson_t(full=True),
        lambda rng, s: poisson_inputs(rng, s, True),
    ),
    "poisson-rate": (
        lk.poisson_nll,
        {"log_input": False},
        poisson_t(log_input=False),
        lambda rng, s: poisson_inputs(rng, s, False),
    ),
    "poisson-rate-full-eps": (
        lk.poisson_nll,
        {"log_input": False, "full": True, "eps": 1e-3},
        poisson_t(log_input=False, full=True, eps=1e-3),
        lambda rng, s: poisson_inputs(rng, s, False),
    ),
    "hinge": (lk.hinge, {}, hinge_t(1.0, False), lambda rng, s: margin_inputs(rng, s, 1.0)),
    "hinge-squared": (
        lk.hinge,
        {"squared": True},
        hinge_t(1.0, True),
        lambda rng, s: margin_inputs(rng, s, 1.0),
    ),
    "hinge-margin0.5": (
        lk.hinge,
        {"margin": 0.5},
        hinge_t(0.5, False),
        lambda rng, s: margin_inputs(rng, s, 0.5),
    ),
    "hinge-margin0-squared": (
        lk.hinge,
        {"margin": 0.0, "squared": True},
        hinge_t(0.0, True),
        lambda rng, s: margin_inputs(rng, s, 0.0),
    ),
    "soft_margin": (
        lk.soft_margin,
        {},
        with_opts(F.soft_margin_loss),
        lambda rng, s: margin_inputs(rng, s, 0.0),
    ),
    "hinge_embedding": (
        lk.hinge_embedding,
        {},
        with_opts(F.hinge_embedding_loss),
        lambda rng, s: hinge_embedding_inputs(rng, s, 1.0),
    ),
    "hinge_embedding-margin2.5": (
        lk.hinge_embedding,
        {"margin": 2.5},
        with_opts(F.hinge_embedding_loss, margin=2.5),
        lambda rng, s: hinge_embedding_inputs(rng, s, 2.5),
    ),
}


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("shape", ELEMENTWISE_SHAPES, ids=str)
@pytest.mark.parametrize("name", list(ELEMENTWISE))
def test_elementwise_loss_agrees_with_peer(name, shape, reduction, dtype):
    loss, opts, ref, inputs = ELEMENTWISE[name]
    y, t = inputs(rng_for(name, shape, dtype), shape)
    y, t = y.astype(dtype), t.astype(dtype)
    y0, t0 = y.copy(), t.copy()
    got = loss(y, t, reduction=reduction, **opts)
    check_result(got, ref(tt(y), tt(t), reduction), dtype, reduction)
    np.testing.assert_array_equal(y, y0)
    np.testing.assert_array_equal(t, t0)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", GRAD_REDUCTIONS)
@pytest.mark.parametrize("shape", ELEMENTWISE_SHAPES, ids=str)
@pytest.mark.parametrize("name", list(ELEMENTWISE))
def test_elementwise_gradient_agrees_with_torch(name, shape, reduction, dtype):
    loss, opts, ref, inputs = ELEMENTWISE[name]
    y, t = inputs(rng_for(name, shape, dtype, "grad"), shape)
    y, t = y.astype(dtype), t.astype(dtype)
    (grad,) = check_grads(
        loss, (y, t), (0,), {"reduction": reduction, **opts}, lambda a, b: ref(a, b, reduction)
    )
    # an int argnums gives the same gradient, unwrapped
    _, unwrapped = lk.value_and_grad(loss, y, t, reduction=reduction, **opts)
    np.testing.assert_array_equal(unwrapped, grad)


@pytest.mark.parametrize("int_dtype", INT_DTYPES, ids=dtype_id)
@pytest.mark.parametrize("name", ["smooth_l1", "log_cosh", "pinball-0.9", "poisson-full"])
def test_integer_targets_of_any_width_agree_with_torch(name, int_dtype):
    loss, opts, ref, inputs = ELEMENTWISE[name]
    y, t = inputs(rng_for(name, "int", int_dtype), (3, 4))
    t_int = np.clip(np.round(t), 0, 100).astype(int_dtype)
    got = loss(y, t_int, reduction="none", **opts)
    check_result(got, ref(tt(y), tt(t_int), "none"), np.float64, "none")


@pytest.mark.parametrize("int_dtype", (*INT_DTYPES, np.uint8), ids=dtype_id)
def test_poisson_counts_of_any_integer_dtype_agree_with_torch(int_dtype):
    rng = rng_for("poisson-int", int_dtype)
    y = rng.normal(0.0, 1.0, size=(5, 3)).astype(np.float32)
    counts = rng.integers(0, 30, size=(5, 3)).astype(int_dtype)
    got = lk.poisson_nll(y, counts, full=True, reduction="sum")
    want = F.poisson_nll_loss(tt(y), torch.tensor(counts), full=True, reduction="sum")
    assert_close(got, want, np.float32)


@pytest.mark.parametrize("int_dtype", INT_DTYPES, ids=dtype_id)
@pytest.mark.parametrize(
    ("loss", "ref"),
    [
        (lk.hinge, hinge_t(1.0, False)),
        (lk.soft_margin, with_opts(F.soft_margin_loss)),
        (lk.hinge_embedding, with_opts(F.hinge_embedding_loss)),
    ],
    ids=["hinge", "soft_margin", "hinge_embedding"],
)
def test_sign_labels_of_any_integer_dtype_agree_with_torch(loss, ref, int_dtype):
    rng = rng_for("sign-int", loss.__name__, int_dtype)
    y = rng.normal(0.0, 2.0, size=(4, 3))
    t = signs(rng, (4, 3)).astype(int_dtype)
    got = loss(y, t, reduction="none")
    check_result(got, ref(tt(y), torch.tensor(t), "none"), np.float64, "none")


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("alpha", [0.05, 0.5, 0.77])
@pytest.mark.parametrize("shape", [(40,), (15, 3)], ids=str)
def test_pinball_agrees_with_sklearn(shape, alpha, dtype):
    """scikit-learn's default multioutput average of column means is the mean of all."""
    rng = rng_for("pinball-sklearn", shape, alpha, dtype)
    y, t = (a.astype(dtype) for a in regression_inputs(rng, shape, 0.0))
    want = metrics.mean_pinball_loss(to_numpy(t), to_numpy(y), alpha=alpha)
    got = lk.pinball(y, t, alpha=alpha)
    assert type(got) is float
    assert_close(got, want, dtype)
    got_sum = lk.pinball(y, t, alpha=alpha, reduction="sum")
    assert_close(got_sum, want * y.size, dtype)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_hinge_agrees_with_sklearn_hinge_loss(dtype):
    rng = rng_for("hinge-sklearn", dtype)
    y, t = margin_inputs(rng, (50,), 1.0)
    y = y.astype(dtype)
    want = metrics.hinge_loss(t.astype(int), to_numpy(y))
    got = lk.hinge(y, t.astype(int))
    assert type(got) is float
    assert_close(got, want, dtype)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_smooth_l1_is_huber_over_beta_as_torch_documents(dtype):
    rng = rng_for("smooth-huber", dtype)
    y, t = (a.astype(dtype) for a in regression_inputs(rng, (6, 5), 0.7))
    want = F.huber_loss(tt(y), tt(t), delta=0.7, reduction="none") / 0.7
    check_result(lk.smooth_l1(y, t, beta=0.7, reduction="none"), want, dtype, "none")


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_soft_margin_is_finite_where_torch_overflows(dtype):
    """torch's log1p(exp(-t y)) is inf past -t y ≈ 88 (float32) / 709 (float64); the
    softplus it equals is computed stably by torch too, and losskit agrees with that."""
    y = np.array([-800.0, 800.0, -90.0, 30.0, 0.0, -1e30], dtype=dtype)
    t = np.array([1, -1, 1, 1, -1, 1])
    got = lk.soft_margin(y, t, reduction="none")
    assert np.isfinite(got).all()
    check_result(got, F.softplus(-tt(t) * tt(y)), dtype, "none")
    assert np.isinf(F.soft_margin_loss(tt(y[:1]), tt(t[:1])).item())
    _, grad = lk.value_and_grad(lk.soft_margin, y, t, reduction="sum")
    y_t = tt(y).requires_grad_(True)
    F.softplus(-tt(t) * y_t).sum().backward()
    assert_close(grad, y_t.grad, dtype, what="gradient")


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_log_cosh_is_exact_for_tiny_and_huge_errors(dtype):
    """log cosh d ≈ d²/2 for tiny d (no cancellation), |d| - log 2 for huge d (no overflow)."""
    d = np.array([1e-20, -3e-8, 1e-3, 0.9, 1.1, 30.0, -200.0, 1e30], dtype=dtype)
    got = lk.log_cosh(d, np.zeros_like(d), reduction="none")
    d64 = d.astype(np.float64)
    series = d64**2 / 2 - d64**4 / 12 + d64**6 / 45  # log cosh d, |d| < 0.1
    want = np.where(np.abs(d64) < 0.1, series, np.abs(d64) - math.log(2.0))
    want[3:6] = np.log(np.cosh(d64[3:6]))
    np.testing.assert_allclose(got, want, rtol=RTOL[np.dtype(dtype)] * 4)


# --------------------------------------------------------------------------- Gaussian NLL

# the shape of var for y of shape (4, 3, 2): one per prediction, per row, shared along an
# axis of size 1, one for all
VAR_SHAPES = {
    "same": (4, 3, 2),
    "rows": (4, 3),
    "last-1": (4, 3, 1),
    "middle-1": (4, 1, 2),
    "scalar": (),
}


def gaussian_inputs(rng: np.random.Generator, var_shape: tuple[int, ...], below_eps: bool):
    y = rng.normal(0.0, 1.0, size=(4, 3, 2))
    t = y + rng.normal(0.0, 1.5, size=y.shape)
    var = rng.uniform(0.1, 3.0, size=var_shape)
    if below_eps and var.size >= 2:
        var.flat[:2] = [0.0, 3e-7]  # clamped at eps = 1e-6
    return y, t, var


def gaussian_t(var_shape: tuple[int, ...], **opts: Any) -> TorchLoss:
    def fn(y: torch.Tensor, t: torch.Tensor, var: torch.Tensor, reduction: str) -> torch.Tensor:
        v: Any = var.item() if var_shape == () and not var.requires_grad else var
        if var_shape == () and var.requires_grad:
            v = var.expand(y.shape)  # torch's float var, as a differentiable tensor
        return F.gaussian_nll_loss(y, t, v, reduction=reduction, **opts)

    return fn


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("full", [False, True], ids=lambda v: f"full={v}")
@pytest.mark.parametrize("below_eps", [False, True], ids=lambda v: f"below_eps={v}")
@pytest.mark.parametrize("var_shape", list(VAR_SHAPES))
def test_gaussian_nll_agrees_with_torch(var_shape, below_eps, full, reduction, dtype):
    shape = VAR_SHAPES[var_shape]
    y, t, var = gaussian_inputs(rng_for("gnll", var_shape, below_eps, dtype), shape, below_eps)
    y, t, var = y.astype(dtype), t.astype(dtype), var.astype(dtype)
    got = lk.gaussian_nll(y, t, var, full=full, reduction=reduction)
    want = gaussian_t(shape, full=full)(tt(y), tt(t), tt(var), reduction)
    check_result(got, want, dtype, reduction)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", GRAD_REDUCTIONS)
@pytest.mark.parametrize("below_eps", [False, True], ids=lambda v: f"below_eps={v}")
@pytest.mark.parametrize("var_shape", list(VAR_SHAPES))
def test_gaussian_nll_gradients_of_mean_and_variance_agree_with_torch(
    var_shape, below_eps, reduction, dtype
):
    """Where var < eps torch's gradient is the one at eps, passed straight through."""
    shape = VAR_SHAPES[var_shape]
    key = ("gnll-grad", var_shape, below_eps, dtype)
    y, t, var = (a.astype(dtype) for a in gaussian_inputs(rng_for(*key), shape, below_eps))
    ref = gaussian_t(shape)
    check_grads(
        lk.gaussian_nll,
        (y, t, var),
        (0, 2),
        {"reduction": reduction},
        lambda a, b, v: ref(a, b, v, reduction),
    )


@pytest.mark.parametrize("shape", ELEMENTWISE_SHAPES, ids=str)
def test_gaussian_nll_on_every_rank_agrees_with_torch(shape):
    rng = rng_for("gnll-rank", shape)
    y, t = rng.normal(size=shape), rng.normal(size=shape)
    var = rng.uniform(0.2, 2.0, size=shape)
    check_grads(
        lk.gaussian_nll,
        (y, t, var),
        (0, 2),
        {"reduction": "sum", "full": True},
        lambda a, b, v: F.gaussian_nll_loss(a, b, v, full=True, reduction="sum"),
    )


# --------------------------------------------------------------------------- ranking


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("margin", [0.0, 0.5])
@pytest.mark.parametrize("shape", ELEMENTWISE_SHAPES, ids=str)
def test_margin_ranking_agrees_with_torch(shape, margin, reduction, dtype):
    rng = rng_for("ranking", shape, margin, dtype)
    t = signs(rng, shape)
    y2 = rng.normal(size=shape)
    y1 = y2 + t * (margin + away_from(rng, shape))
    y1, y2, t = y1.astype(dtype), y2.astype(dtype), t.astype(dtype)
    got = lk.margin_ranking(y1, y2, t, margin=margin, reduction=reduction)
    want = F.margin_ranking_loss(tt(y1), tt(y2), tt(t), margin=margin, reduction=reduction)
    check_result(got, want, dtype, reduction)
    if reduction != "none":
        check_grads(
            lk.margin_ranking,
            (y1, y2, t),
            (0, 1),
            {"margin": margin, "reduction": reduction},
            lambda a, b, c: F.margin_ranking_loss(a, b, c, margin=margin, reduction=reduction),
        )


# --------------------------------------------------------------------------- cosine


def cosine_t(margin: float, reduction: str) -> TorchLoss:
    """torch takes (N, D) with (N,) labels or (D,) with a scalar: more axes are flattened."""

    def fn(a: torch.Tensor, b: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        if a.ndim <= 2:
            return F.cosine_embedding_loss(a, b, t, margin=margin, reduction=reduction)
        d = a.shape[-1]
        out = F.cosine_embedding_loss(
            a.reshape(-1, d), b.reshape(-1, d), t.reshape(-1), margin=margin, reduction=reduction
        )
        return out.reshape(t.shape) if reduction == "none" else out

    return fn


def cosine_inputs(rng: np.random.Generator, shape: tuple[int, ...], margin: float, dtype: Any):
    """Pairs whose cosine keeps away from the margin, and a zero vector (cosine 0)."""
    y1, y2 = rng.normal(size=shape), rng.normal(size=shape)
    t = signs(rng, shape[:-1])
    rows1, rows2 = y1.reshape(-1, shape[-1]), y2.reshape(-1, shape[-1])
    norms = np.linalg.norm(rows1, axis=-1) * np.linalg.norm(rows2, axis=-1)
    near = np.abs(np.sum(rows1 * rows2, -1) / norms - margin) < 0.05
    rows2[near] = 2.0 * rows1[near]  # cosine 1: far from every margin below 0.95
    if rows1.shape[0] >= 3:
        rows1[1] = 0.0  # torch's eps keeps its cosine 0, not NaN
        t.reshape(-1)[1] = 1.0  # (t = -1 would sit on the kink of margin 0)
    return y1.astype(dtype), y2.astype(dtype), t.astype(dtype)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("margin", [0.0, 0.3, -0.5])
@pytest.mark.parametrize("shape", EMBEDDING_SHAPES, ids=str)
def test_cosine_embedding_agrees_with_torch(shape, margin, reduction, dtype):
    y1, y2, t = cosine_inputs(rng_for("cosine", shape, margin, dtype), shape, margin, dtype)
    got = lk.cosine_embedding(y1, y2, t, margin=margin, reduction=reduction)
    want = cosine_t(margin, reduction)(tt(y1), tt(y2), tt(t))
    check_result(got, want, dtype, reduction)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", GRAD_REDUCTIONS)
@pytest.mark.parametrize("margin", [0.0, 0.3, -0.5])
@pytest.mark.parametrize("shape", EMBEDDING_SHAPES, ids=str)
def test_cosine_embedding_gradients_agree_with_torch(shape, margin, reduction, dtype):
    key = ("cosine-grad", shape, margin, dtype)
    y1, y2, t = cosine_inputs(rng_for(*key), shape, margin, dtype)
    check_grads(
        lk.cosine_embedding,
        (y1, y2, t),
        (0, 1),
        {"margin": margin, "reduction": reduction},
        cosine_t(margin, reduction),
    )


def test_cosine_embedding_of_huge_embeddings_is_their_direction_only():
    """torch's squared norms overflow to inf past 1e154 (NaN); losskit scales first,
    and at that size torch's eps = 1e-12 is nothing: the plain cosine remains."""
    rng = rng_for("cosine-huge")
    y1, y2 = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    t = np.array([1, -1, 1])
    cos = np.sum(y1 * y2, -1) / np.linalg.norm(y1, axis=-1) / np.linalg.norm(y2, axis=-1)
    want = np.where(t > 0, 1 - cos, np.maximum(cos, 0))
    got = lk.cosine_embedding(y1 * 2.0**1000, y2 * 2.0**700, t, reduction="none")  # exact
    np.testing.assert_allclose(got, want, rtol=1e-14)
    torch_huge = F.cosine_embedding_loss(
        tt(y1 * 2.0**1000), tt(y2 * 2.0**700), tt(t), reduction="none"
    )
    assert torch.isnan(torch_huge).all()  # s / sqrt(inf * inf)


# --------------------------------------------------------------------------- triplet

TRIPLET_OPTIONS = [
    {},
    {"margin": 0.3},
    {"p": 1.0},
    {"p": 1.5, "swap": True},
    {"p": 3.0, "eps": 0.0},
    {"swap": True},
]


def triplet_inputs(rng: np.random.Generator, shape: tuple[int, ...], dtype: Any):
    anchor = rng.normal(size=shape)
    positive = anchor + rng.normal(0.0, 0.6, size=shape)
    negative = anchor + rng.normal(0.0, 1.0, size=shape)
    return anchor.astype(dtype), positive.astype(dtype), negative.astype(dtype)


def triplet_t(opts: dict[str, Any], reduction: str) -> TorchLoss:
    return lambda a, p, n: F.triplet_margin_loss(a, p, n, reduction=reduction, **opts)


def triplet_away_from_kinks(opts: dict[str, Any], arrays: tuple[np.ndarray, ...]) -> np.ndarray:
    """Which triplets sit near the hinge or the swap's tie (their gradients are kinks)."""
    a, p, n = (tt(x) for x in arrays)
    kw = {"p": opts.get("p", 2.0), "eps": opts.get("eps", 1e-6)}
    d_ap, d_an = F.pairwise_distance(a, p, **kw), F.pairwise_distance(a, n, **kw)
    d_pn = F.pairwise_distance(p, n, **kw)
    d_neg = torch.minimum(d_an, d_pn) if opts.get("swap") else d_an
    slack = opts.get("margin", 1.0) + d_ap - d_neg
    near = (slack.abs() < 1e-3) | (opts.get("swap", False) & ((d_an - d_pn).abs() < 1e-3))
    return near.numpy()


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("opts", TRIPLET_OPTIONS, ids=str)
@pytest.mark.parametrize("shape", [(), *EMBEDDING_SHAPES], ids=str)
def test_triplet_margin_agrees_with_torch(shape, opts, reduction, dtype):
    arrays = triplet_inputs(rng_for("triplet", shape, str(opts), dtype), shape, dtype)
    originals = [a.copy() for a in arrays]
    got = lk.triplet_margin(*arrays, reduction=reduction, **opts)
    check_result(got, triplet_t(opts, reduction)(*(tt(a) for a in arrays)), dtype, reduction)
    for a, a0 in zip(arrays, originals, strict=True):
        np.testing.assert_array_equal(a, a0)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("reduction", GRAD_REDUCTIONS)
@pytest.mark.parametrize("opts", TRIPLET_OPTIONS, ids=str)
@pytest.mark.parametrize("shape", [(), *EMBEDDING_SHAPES], ids=str)
def test_triplet_margin_gradients_agree_with_torch(shape, opts, reduction, dtype):
    arrays = triplet_inputs(rng_for("triplet-grad", shape, str(opts), dtype), shape, dtype)
    assert not triplet_away_from_kinks(opts, arrays).any()
    check_grads(
        lk.triplet_margin,
        arrays,
        (0, 1, 2),
        {"reduction": reduction, **opts},
        triplet_t(opts, reduction),
    )


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_triplet_margin_defaults_equal_triplet_margin_with_distance_loss(dtype):
    arrays = triplet_inputs(rng_for("triplet-distance", dtype), (8, 5), dtype)
    want = torch.nn.TripletMarginWithDistanceLoss(reduction="none")(*(tt(a) for a in arrays))
    check_result(lk.triplet_margin(*arrays, reduction="none"), want, dtype, "none")


# --------------------------------------------------------------------------- kinks


def torch_grads(fn: TorchLoss, arrays: Sequence[Any], argnums: tuple[int, ...]):
    tensors = [tt(a) for a in arrays]
    for i in argnums:
        tensors[i].requires_grad_(True)
    fn(*tensors).backward()
    return tuple(tensors[i].grad.numpy() for i in argnums)


def test_gradients_at_the_hinge_corner_take_the_active_side_as_torch_clamp_min():
    """At exactly the margin torch's clamp_min passes the gradient; losskit does the same."""
    t = np.array([1.0, -1.0, 1.0])
    y = np.array([1.0, 2.5, 0.0])  # margin − t·y = 0, 0 (margin 2.5 for t = -1 below), 1
    cases = [
        (lk.hinge_embedding, (y, t), (0,), {"margin": 2.5}, F.hinge_embedding_loss),
        (
            lk.margin_ranking,
            (y, np.zeros(3), t),
            (0, 1),
            {"margin": 1.0},
            F.margin_ranking_loss,
        ),
    ]
    for loss, arrays, argnums, opts, fn in cases:
        _, got = lk.value_and_grad(loss, *arrays, argnums=argnums, reduction="sum", **opts)
        want = torch_grads(
            lambda *a, fn=fn, opts=opts: fn(*a, reduction="sum", **opts), arrays, argnums
        )
        for g, w in zip(got, want, strict=True):
            np.testing.assert_array_equal(g, w)
    _, g_hinge = lk.value_and_grad(
        lk.hinge, np.array([1.0, -1.0]), np.array([1, -1]), reduction="sum"
    )
    want = torch_grads(lambda a, b: hinge_t(1.0, False)(a, b, "sum"), ([1.0, -1.0], [1, -1]), (0,))
    np.testing.assert_array_equal(g_hinge, want[0])


def test_cosine_and_triplet_kinks_agree_with_torch():
    """cos exactly at the margin; a triplet exactly at its margin; a tie in the swap."""
    a, b = np.array([[1.0, 0.0]]), np.array([[0.0, 1.0]])  # cos = 0 = margin
    got = lk.value_and_grad(lk.cosine_embedding, a, b, [-1], argnums=(0, 1), reduction="sum")[1]
    want = torch_grads(
        lambda x, y, t: F.cosine_embedding_loss(x, y, t, reduction="sum"), (a, b, [-1.0]), (0, 1)
    )
    for g, w in zip(got, want, strict=True):
        np.testing.assert_allclose(g, w, rtol=1e-12, atol=1e-15)
    cases = [
        (([[0.0, 0.0]], [[3.0, 4.0]], [[0.0, 6.0]]), {"eps": 0.0}),  # 1 + 5 - 6 = 0
        (([[0.0, 0.0]], [[2.0, 0.0]], [[1.0, 5.0]]), {"eps": 0.0, "swap": True, "margin": 10.0}),
    ]
    for arrays, opts in cases:
        arrays_np = tuple(np.array(x) for x in arrays)
        got = lk.value_and_grad(lk.triplet_margin, *arrays_np, argnums=(0, 1, 2), **opts)[1]
        want = torch_grads(
            lambda *x, opts=opts: F.triplet_margin_loss(*x, **opts), arrays_np, (0, 1, 2)
        )
        for g, w in zip(got, want, strict=True):
            np.testing.assert_allclose(g, w, rtol=1e-12, atol=1e-15)
