"""Common tests for every registered loss, driven by the registry (as scikit-learn's).

Each registered loss needs a case in `CASES` (the first test fails until it has one): a
function that makes valid inputs and, where one exists, the torch peer. Every case is then
checked for dtypes, layouts (list, C, Fortran, strided, read-only: the same bits), inputs
left alone, every reduction, bad input, gradients against finite differences and against
torch autograd. Per-module test files keep the hand-checked values.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from losskit._registry import REGISTRY, LossSpec
from losskit.gradients import numerical_gradient, value_and_grad

Arrays = tuple[Any, ...]
Make = Callable[[np.random.Generator, Any], Arrays]
Peer = Callable[..., "torch.Tensor"]  # (tensors..., reduction=) -> torch value


@dataclass(frozen=True)
class Case:
    """Valid inputs of one loss (away from kinks and clamps) and its torch peer."""

    id: str
    make: Make
    options: dict[str, Any] = field(default_factory=dict)
    peer: Peer | None = None
    peer_grad: bool = True  # whether torch autograd gives losskit's gradient


def _pair(lo: float, hi: float, t_lo: float = -2.0, t_hi: float = 2.0) -> Make:
    def make(rng: np.random.Generator, dtype: Any) -> Arrays:
        y = rng.uniform(lo, hi, size=(3, 4)).astype(dtype)
        t = rng.uniform(t_lo, t_hi, size=(3, 4)).astype(dtype)
        return y, t

    return make


def _away_from(lo: float, hi: float, t: float, gap: float) -> Make:
    """y - t at least `gap` away from 0 and from ±1 (the kinks of mae and huber)."""

    def make(rng: np.random.Generator, dtype: Any) -> Arrays:
        d = rng.uniform(lo, hi, size=(3, 4))
        d = np.where(np.abs(np.abs(d) - 1) < gap, d + 3 * gap, d)
        d = np.where(np.abs(d) < gap, d + 2 * gap, d)
        return (t + d).astype(dtype), np.full((3, 4), t, dtype=dtype)

    return make


def _probs(rng: np.random.Generator, shape: tuple[int, ...], dtype: Any) -> np.ndarray:
    p = rng.uniform(0.1, 1.0, size=shape)
    return (p / p.sum(axis=-1, keepdims=True)).astype(dtype)


def _classes(kind: str) -> Make:
    def make(rng: np.random.Generator, dtype: Any) -> Arrays:
        shape = (3, 4)
        y = (
            rng.normal(size=shape).astype(dtype)
            if kind.startswith("logits")
            else _probs(rng, shape, dtype)
        )
        if kind.endswith("labels"):
            return y, np.array([0, 3, 1], dtype=np.int32)
        return y, _probs(rng, shape, dtype)

    return make


def _binary(logits: bool) -> Make:
    def make(rng: np.random.Generator, dtype: Any) -> Arrays:
        y = rng.normal(size=(3, 4)) * 2 if logits else rng.uniform(0.05, 0.95, size=(3, 4))
        return y.astype(dtype), rng.uniform(size=(3, 4)).astype(dtype)

    return make


def _ctc(rng: np.random.Generator, dtype: Any) -> Arrays:
    lp = torch.from_numpy(rng.normal(size=(6, 2, 4))).log_softmax(-1).numpy().astype(dtype)
    return lp, np.array([[1, 2], [3, 0]]), np.array([6, 5]), np.array([2, 1])


def _torch_kl(y: torch.Tensor, t: torch.Tensor, reduction: str) -> torch.Tensor:
    per = F.kl_div(y.log(), t, reduction="none").sum(-1)
    return per if reduction == "none" else per.sum() if reduction == "sum" else per.mean()


def _torch_ctc(lp: torch.Tensor, *args: torch.Tensor, reduction: str) -> torch.Tensor:
    return F.ctc_loss(lp, *args, reduction=reduction)


CASES: dict[str, list[Case]] = {
    "mean_squared_error": [Case("textbook", _pair(-2, 2))],
    "cross_entropy_error": [
        Case("soft", _classes("probs-soft")),
        Case("labels", _classes("probs-labels"), {"delta": 1e-3}),
    ],
    "mse": [Case("mse", _pair(-2, 2), peer=F.mse_loss)],
    "mae": [Case("mae", _away_from(-3, 3, 0.5, 0.05), peer=F.l1_loss)],
    "huber": [
        Case(
            "huber",
            _away_from(-3, 3, 0.5, 0.05),
            peer=lambda y, t, reduction: F.huber_loss(y, t, reduction=reduction, delta=1.0),
        )
    ],
    "binary_cross_entropy": [
        Case("probs", _binary(False), peer=F.binary_cross_entropy),
        Case("logits", _binary(True), {"from_logits": True}, F.binary_cross_entropy_with_logits),
    ],
    "categorical_cross_entropy": [
        Case("probs", _classes("probs-soft")),
        Case(
            "logits",
            _classes("logits-soft"),
            {"from_logits": True},
            lambda y, t, reduction: F.cross_entropy(y, t, reduction=reduction),
        ),
    ],
    "sparse_categorical_cross_entropy": [
        Case(
            "probs",
            _classes("probs-labels"),
            peer=lambda y, la, reduction: F.nll_loss(y.log(), la.long(), reduction=reduction),
        ),
        Case(
            "logits",
            _classes("logits-labels"),
            {"from_logits": True},
            lambda y, la, reduction: F.cross_entropy(y, la.long(), reduction=reduction),
        ),
    ],
    "kl_divergence": [Case("kl", _classes("probs-soft"), peer=_torch_kl)],
    # torch's native CTC backward is exp(lp) - posterior, right only after a log-softmax
    # (see test_peers); the value agrees here.
    "ctc_loss": [Case("ctc", _ctc, peer=_torch_ctc, peer_grad=False)],
}


# --------------------------------------------------------------------------- cat-class cases


def _multilabel_targets(rng: np.random.Generator, dtype: Any) -> Arrays:
    y = rng.normal(size=(3, 4)).astype(dtype)
    return y, np.array([[3, 0, -1, 1], [2, -1, 0, 0], [1, 3, 2, -1]])


def _torch_ce_options(**kw: Any) -> Peer:
    def peer(y: torch.Tensor, la: torch.Tensor, reduction: str) -> torch.Tensor:
        options = {
            k: torch.from_numpy(v).to(y.dtype) if isinstance(v, np.ndarray) else v
            for k, v in kw.items()
        }
        return F.cross_entropy(y, la.long(), reduction=reduction, **options)


# ---- probabilistic regression, robust regression, margins and embeddings (cat-margin)


def _signs(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    t = rng.choice([-1.0, 1.0], size=shape)
    t.flat[:2] = [1.0, -1.0]
    return t


def _gap(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Signed offsets of size 0.1 to 1.5: this far from a kink, both sides agree."""
    return rng.uniform(0.1, 1.5, size=shape) * rng.choice([-1.0, 1.0], size=shape)


def _counts(log_input: bool) -> Make:
    def make(rng: np.random.Generator, dtype: Any) -> Arrays:
        y = rng.normal(0.5, 1.0, size=(3, 4)) if log_input else rng.uniform(0.5, 3, size=(3, 4))
        return y.astype(dtype), rng.poisson(3.0, size=(3, 4)).astype(dtype)

    return make


def _gaussian(rng: np.random.Generator, dtype: Any) -> Arrays:
    y, t = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    return y.astype(dtype), t.astype(dtype), rng.uniform(0.2, 2.0, size=3).astype(dtype)


def _margin(margin: float) -> Make:
    """Scores with t·y at least 0.1 away from the margin; ±1 labels."""

    def make(rng: np.random.Generator, dtype: Any) -> Arrays:
        t = _signs(rng, (3, 4))
        return (t * (margin + _gap(rng, (3, 4)))).astype(dtype), t.astype(dtype)

    return make


def _distances(rng: np.random.Generator, dtype: Any) -> Arrays:
    t = _signs(rng, (3, 4))
    return np.abs(1.0 + _gap(rng, (3, 4))).astype(dtype), t.astype(dtype)


def _ranked(rng: np.random.Generator, dtype: Any) -> Arrays:
    t = _signs(rng, (3, 4))
    y2 = rng.normal(size=(3, 4))
    return (y2 + t * (0.3 + _gap(rng, (3, 4)))).astype(dtype), y2.astype(dtype), t.astype(dtype)


def _pairs(rng: np.random.Generator, dtype: Any) -> Arrays:
    """Embedding pairs whose cosines keep 0.05 away from the margin 0.2."""
    y1, y2 = rng.normal(size=(5, 4)), rng.normal(size=(5, 4))
    cos = np.sum(y1 * y2, -1) / np.linalg.norm(y1, axis=-1) / np.linalg.norm(y2, axis=-1)
    y2[np.abs(cos - 0.2) < 0.05] *= -1
    return y1.astype(dtype), y2.astype(dtype), _signs(rng, (5,)).astype(dtype)


def _triplets(rng: np.random.Generator, dtype: Any) -> Arrays:
    a = rng.normal(size=(5, 4))
    p, n = a + rng.normal(0, 0.6, size=(5, 4)), a + rng.normal(0, 1.0, size=(5, 4))
    return a.astype(dtype), p.astype(dtype), n.astype(dtype)


def _torch_log_cosh(y: torch.Tensor, t: torch.Tensor, reduction: str) -> torch.Tensor:
    x = y - t  # Keras: x + softplus(-2x) - log 2
    per = x + F.softplus(-2.0 * x) - np.log(2.0)
    return per if reduction == "none" else per.sum() if reduction == "sum" else per.mean()


def _torch_pinball(y: torch.Tensor, t: torch.Tensor, reduction: str) -> torch.Tensor:
    per = 0.9 * F.relu(t - y) + 0.1 * F.relu(y - t)
    return per if reduction == "none" else per.sum() if reduction == "sum" else per.mean()


def _torch_hinge(squared: bool) -> Peer:
    def peer(y: torch.Tensor, t: torch.Tensor, reduction: str) -> torch.Tensor:
        per = torch.clamp(1.0 - t * y, min=0)
        per = per * per if squared else per
        return per if reduction == "none" else per.sum() if reduction == "sum" else per.mean()

    return peer


def _torch_focal(alpha: float, gamma: float) -> Peer:
    """torchvision.ops.sigmoid_focal_loss, written out in torch."""

    def peer(x: torch.Tensor, t: torch.Tensor, reduction: str) -> torch.Tensor:
        p = torch.sigmoid(x)
        ce = F.binary_cross_entropy_with_logits(x, t, reduction="none")
        p_t = p * t + (1 - p) * (1 - t)
        loss = ce * (1 - p_t) ** gamma
        if alpha >= 0:
            loss = (alpha * t + (1 - alpha) * (1 - t)) * loss
        return loss if reduction == "none" else loss.sum() if reduction == "sum" else loss.mean()

    return peer


_W64 = np.array([0.5, 1.0, 2.0, 1.5])
CAT_CLASS_CASES: dict[str, list[Case]] = {
    "nll_loss": [
        Case(
            "weight-ignore",
            lambda rng, dtype: (
                torch.from_numpy(rng.normal(size=(3, 4))).log_softmax(-1).numpy().astype(dtype),
                np.array([0, -100, 2]),
            ),
            {"weight": _W64, "ignore_index": -100},
            lambda lp, la, reduction: F.nll_loss(
                lp, la.long(), torch.from_numpy(_W64).to(lp.dtype), reduction=reduction
            ),
        )
    ],
    "binary_focal_loss": [
        Case("probs", _binary(False), {"gamma": 1.5}),
        Case(
            "logits",
            _binary(True),
            {"from_logits": True, "alpha": 0.25, "gamma": 2.0},
            _torch_focal(0.25, 2.0),
        ),
    ],
    "multilabel_soft_margin": [
        Case(
            "weight",
            _binary(True),
            {"weight": _W64},
            lambda y, t, reduction: F.multilabel_soft_margin_loss(
                y, t, torch.from_numpy(_W64).to(y.dtype), reduction=reduction
            ),
        )
    ],
    "multi_margin": [
        Case(
            "squared",
            _classes("logits-labels"),
            {"p": 2, "margin": 0.7},
            lambda y, la, reduction: F.multi_margin_loss(
                y, la.long(), p=2, margin=0.7, reduction=reduction
            ),
        )
    ],
    "multilabel_margin": [
        Case(
            "listed",
            _multilabel_targets,
            peer=lambda y, t, reduction: F.multilabel_margin_loss(y, t.long(), reduction=reduction),
        )
    ],
}
CASES["binary_cross_entropy"].append(
    Case("pos_weight", _binary(True), {"from_logits": True, "pos_weight": _W64, "weight": 2.0})
)
CASES["sparse_categorical_cross_entropy"].append(
    Case(
        "options",
        _classes("logits-labels"),
        {"from_logits": True, "weight": _W64, "ignore_index": 3, "label_smoothing": 0.1},
        _torch_ce_options(weight=_W64, ignore_index=3, label_smoothing=0.1),
    )
)
CASES["categorical_cross_entropy"].append(
    Case(
        "options",
        _classes("logits-soft"),
        {"from_logits": True, "weight": _W64, "label_smoothing": 0.1},
        lambda y, t, reduction: F.cross_entropy(
            y, t, torch.from_numpy(_W64).to(y.dtype), reduction=reduction, label_smoothing=0.1
        ),
    )
)
CASES.update(CAT_CLASS_CASES)
CASES |= {
    "smooth_l1": [
        Case(
            "beta-1",
            _away_from(-3, 3, 0.5, 0.05),
            peer=lambda y, t, reduction: F.smooth_l1_loss(y, t, reduction=reduction, beta=1.0),
        ),
        Case(
            "beta-0",
            _away_from(-3, 3, 0.5, 0.05),
            {"beta": 0.0},
            lambda y, t, reduction: F.smooth_l1_loss(y, t, reduction=reduction, beta=0.0),
        ),
    ],
    "log_cosh": [Case("keras", _pair(-2, 2), peer=_torch_log_cosh)],
    "pinball": [Case("alpha-0.9", _away_from(-3, 3, 0.5, 0.05), {"alpha": 0.9}, _torch_pinball)],
    "poisson_nll": [
        Case(
            "log-rate-full",
            _counts(True),
            {"full": True},
            lambda y, t, reduction: F.poisson_nll_loss(y, t, full=True, reduction=reduction),
        ),
        Case(
            "rate",
            _counts(False),
            {"log_input": False},
            lambda y, t, reduction: F.poisson_nll_loss(y, t, log_input=False, reduction=reduction),
        ),
    ],
    "gaussian_nll": [Case("var-per-row", _gaussian, peer=F.gaussian_nll_loss)],
    "hinge": [
        Case("hinge", _margin(1.0), peer=_torch_hinge(False)),
        Case("squared", _margin(1.0), {"squared": True}, _torch_hinge(True)),
    ],
    "soft_margin": [Case("soft_margin", _margin(0.0), peer=F.soft_margin_loss)],
    "hinge_embedding": [Case("hinge_embedding", _distances, peer=F.hinge_embedding_loss)],
    "margin_ranking": [
        Case(
            "margin-0.3",
            _ranked,
            {"margin": 0.3},
            lambda y1, y2, t, reduction: F.margin_ranking_loss(
                y1, y2, t, margin=0.3, reduction=reduction
            ),
        )
    ],
    "cosine_embedding": [
        Case(
            "margin-0.2",
            _pairs,
            {"margin": 0.2},
            lambda y1, y2, t, reduction: F.cosine_embedding_loss(
                y1, y2, t, margin=0.2, reduction=reduction
            ),
        )
    ],
    "triplet_margin": [
        Case("default", _triplets, peer=F.triplet_margin_loss),
        Case(
            "swap-p1",
            _triplets,
            {"swap": True, "p": 1.0},
            lambda a, p, n, reduction: F.triplet_margin_loss(
                a, p, n, swap=True, p=1.0, reduction=reduction
            ),
        ),
    ],
}

PARAMS = [
    pytest.param(REGISTRY[name], case, id=f"{name}-{case.id}")
    for name in REGISTRY
    for case in CASES.get(name, [])
]
DTYPES = [np.float32, np.float64]


def reductions(spec: LossSpec) -> list[str | None]:
    return ["mean", "sum", "none"] if spec.has_reduction else [None]


def call(spec: LossSpec, case: Case, arrays: Arrays, reduction: str | None) -> Any:
    options = dict(case.options)
    if reduction is not None:
        options["reduction"] = reduction
    return spec.func(*arrays, **options)


def grad_options(spec: LossSpec, case: Case, reduction: str | None) -> dict[str, Any]:
    return {**case.options, **({"reduction": reduction} if reduction else {})}


def argnums_of(spec: LossSpec) -> tuple[int, ...]:
    return tuple(spec.positional.index(name) for name in spec.differentiable)


def is_float(a: Any) -> bool:
    return isinstance(a, np.ndarray) and a.dtype.kind == "f"


def test_every_registered_loss_has_a_case():
    assert set(CASES) == set(REGISTRY), "add a case to CASES for each new loss"


# --------------------------------------------------------------------------- dtypes


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(("spec", "case"), PARAMS)
def test_reduced_values_are_floats_and_arrays_keep_the_dtype(spec, case, dtype):
    arrays = case.make(np.random.default_rng(0), dtype)
    for reduction in reductions(spec):
        out = call(spec, case, arrays, reduction)
        if reduction == "none":
            assert isinstance(out, np.ndarray) and out.dtype == dtype
        else:
            assert type(out) is float
    value, grads = value_and_grad(
        spec.func, *arrays, argnums=argnums_of(spec), **grad_options(spec, case, None)
    )
    assert type(value) is float
    for i, g in zip(argnums_of(spec), grads, strict=True):
        assert isinstance(g, np.ndarray) and g.dtype == dtype and g.shape == arrays[i].shape


# --------------------------------------------------------------------------- layouts


def _layouts(dtype: Any) -> dict[str, Callable[[Any], Any]]:
    def strided(a: Any) -> Any:
        if not isinstance(a, np.ndarray) or a.ndim == 0:
            return a
        holder = np.empty((*a.shape, 2), dtype=a.dtype)
        holder[..., 0] = a
        return holder[..., 0]

    def read_only(a: Any) -> Any:
        b = np.array(a)
        b.flags.writeable = False
        return b

    layouts = {
        "fortran": lambda a: np.asfortranarray(a) if isinstance(a, np.ndarray) else a,
        "strided": strided,
        "read-only": read_only,
    }
    if dtype == np.float64:  # a list of Python floats is float64
        layouts["list"] = lambda a: a.tolist() if isinstance(a, np.ndarray) else a
    return layouts


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(("spec", "case"), PARAMS)
def test_every_layout_gives_the_same_bits(spec, case, dtype):
    arrays = case.make(np.random.default_rng(1), dtype)
    argnums = argnums_of(spec)
    for reduction in reductions(spec):
        expected = call(spec, case, arrays, reduction)
        for name, layout in _layouts(dtype).items():
            got = call(spec, case, tuple(layout(a) for a in arrays), reduction)
            np.testing.assert_array_equal(got, expected, err_msg=f"{name}, {reduction}")
            assert type(got) is type(expected)
        if reduction == "none":
            continue
        options = grad_options(spec, case, reduction)
        value, grads = value_and_grad(spec.func, *arrays, argnums=argnums, **options)
        assert value == expected
        for name, layout in _layouts(dtype).items():
            laid = tuple(layout(a) for a in arrays)
            got_value, got_grads = value_and_grad(spec.func, *laid, argnums=argnums, **options)
            assert got_value == value, name
            for g, want in zip(got_grads, grads, strict=True):
                np.testing.assert_array_equal(g, want, err_msg=name)


@pytest.mark.parametrize(("spec", "case"), PARAMS)
def test_inputs_are_never_modified(spec, case):
    arrays = case.make(np.random.default_rng(2), np.float64)
    copies = [np.array(a, copy=True) for a in arrays]
    for reduction in reductions(spec):
        call(spec, case, arrays, reduction)
        if reduction != "none":
            value_and_grad(
                spec.func,
                *arrays,
                argnums=argnums_of(spec),
                **grad_options(spec, case, reduction),
            )
    for a, copy in zip(arrays, copies, strict=True):
        np.testing.assert_array_equal(a, copy)


# --------------------------------------------------------------------------- reductions


@pytest.mark.parametrize(("spec", "case"), PARAMS)
def test_none_sums_to_sum(spec, case):
    if not spec.has_reduction:
        pytest.skip("the textbook losses have no reduction")
    arrays = case.make(np.random.default_rng(3), np.float64)
    per = call(spec, case, arrays, "none")
    assert call(spec, case, arrays, "sum") == pytest.approx(float(np.sum(per)), rel=1e-12)


@pytest.mark.parametrize(("spec", "case"), PARAMS)
def test_an_unknown_reduction_is_a_value_error(spec, case):
    if not spec.has_reduction:
        pytest.skip("the textbook losses have no reduction")
    arrays = case.make(np.random.default_rng(4), np.float64)
    message = "reduction is 'avg'; expected one of 'mean', 'sum', 'none'"
    with pytest.raises(ValueError, match=re.escape(message)):
        call(spec, case, arrays, "avg")


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(("spec", "case"), PARAMS)
def test_nan_in_any_float_input_is_a_value_error_naming_it(spec, case):
    arrays = case.make(np.random.default_rng(5), np.float64)
    for i, a in enumerate(arrays):
        if not is_float(a):
            continue
        bad = list(arrays)
        bad[i] = a.copy()
        bad[i].flat[1] = np.nan
        name = spec.positional[i]
        for reduction in reductions(spec):
            with pytest.raises(ValueError, match=rf"^{name} contains NaN at index"):
                call(spec, case, tuple(bad), reduction)


@pytest.mark.parametrize(("spec", "case"), PARAMS)
def test_a_second_array_of_another_shape_is_a_value_error_naming_it(spec, case):
    arrays = case.make(np.random.default_rng(6), np.float64)
    bad = (arrays[0], np.stack([arrays[1], arrays[1]], axis=-1), *arrays[2:])
    for reduction in reductions(spec):
        with pytest.raises(ValueError, match=rf"^({'|'.join(spec.positional)}) has"):
            call(spec, case, bad, reduction)


@pytest.mark.parametrize(("spec", "case"), PARAMS)
def test_text_and_complex_input_are_type_errors(spec, case):
    arrays = case.make(np.random.default_rng(7), np.float64)
    name = spec.positional[0]
    with pytest.raises(TypeError, match=rf"^{name} is a string"):
        call(spec, case, ("abc", *arrays[1:]), "mean" if spec.has_reduction else None)
    with pytest.raises(TypeError, match=rf"^{name} has dtype complex128"):
        call(spec, case, (arrays[0] + 0j, *arrays[1:]), "mean" if spec.has_reduction else None)


# --------------------------------------------------------------------------- gradients


@pytest.mark.parametrize(("spec", "case"), PARAMS)
def test_gradients_agree_with_finite_differences(spec, case):
    arrays = case.make(np.random.default_rng(8), np.float64)
    for reduction in reductions(spec):
        if reduction == "none":
            continue
        options = grad_options(spec, case, reduction)
        value, grads = value_and_grad(spec.func, *arrays, argnums=argnums_of(spec), **options)
        assert value == call(spec, case, arrays, reduction)
        for i, grad in zip(argnums_of(spec), grads, strict=True):

            def at(v: np.ndarray, i: int = i, options: dict[str, Any] = options) -> float:
                moved = list(arrays)
                moved[i] = v
                return float(spec.func(*moved, **options))

            expected = numerical_gradient(at, arrays[i], h=1e-6)
            np.testing.assert_allclose(grad, expected, rtol=1e-6, atol=1e-8)


# --------------------------------------------------------------------------- peers


def _tensor(a: Any, grad: bool) -> torch.Tensor:
    out = torch.from_numpy(np.ascontiguousarray(a))
    return out.requires_grad_() if grad else out


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(("spec", "case"), [p for p in PARAMS if p.values[1].peer is not None])
def test_values_and_gradients_agree_with_the_torch_peer(spec, case, dtype):
    arrays = case.make(np.random.default_rng(9), dtype)
    argnums = argnums_of(spec)
    tol = {"rtol": 2e-5, "atol": 1e-6} if dtype == np.float32 else {"rtol": 1e-10, "atol": 1e-12}
    for reduction in reductions(spec):
        assert reduction is not None
        tensors = [_tensor(a, i in argnums and case.peer_grad) for i, a in enumerate(arrays)]
        want = case.peer(*tensors, reduction=reduction)
        got = call(spec, case, arrays, reduction)
        np.testing.assert_allclose(got, want.detach().numpy(), **tol)
        if reduction == "none" or not case.peer_grad:
            continue
        want.backward()
        _, grads = value_and_grad(
            spec.func, *arrays, argnums=argnums, **grad_options(spec, case, reduction)
        )
        for i, g in zip(argnums, grads, strict=True):
            np.testing.assert_allclose(g, tensors[i].grad.numpy(), **tol)
