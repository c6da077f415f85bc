"""PyTorch's own loss samples, run through losskit: values, gradients and errors.

`torch.testing._internal.common_modules` holds, for every ``torch.nn`` loss class, the
sample inputs PyTorch tests itself with (``module_inputs_torch_nn_<X>Loss``: scalars,
6-D inputs, negative ``ignore_index``, int32 targets, class weights, every reduction) and
the inputs it must refuse (``module_error_inputs_torch_nn_<X>Loss``). Each sample is made
here as PyTorch makes it (CPU, float64, ``requires_grad=True``, ``training=False``; a few
seeds), run through the torch module, translated by `PEERS` into the losskit call that
equals it (constructor options to keywords, torch's class axis 1 moved last) and compared:
the value, and the gradient of every differentiable argument against torch autograd
(for ``"none"``, the gradient of the sum). An error sample must make losskit raise
ValueError or TypeError.

Where losskit deliberately differs, the sample is not skipped: it must raise the
ValueError that the difference promises. Where torch returns NaN (a log of a negative
sample, a batch whose every label is ignored) losskit raises ValueError (design.md); any
other refusal or sample left out is declared in `PEERS` with its one-line reason, and a
sample that meets neither a translation nor a declared reason fails.
"""

from __future__ import annotations

import functools
import re
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest
import torch
from torch.testing._internal import common_modules

import losskit as lk
from losskit._registry import lookup

SEEDS = (0, 1, 2)
FEW_SEEDS = {"LinearCrossEntropyLoss": (0,)}  # 857 samples a seed already
RTOL = 1e-11  # float64 throughout: torch and losskit sum in different orders

Grad = Callable[[np.ndarray], np.ndarray]


def _same(g: np.ndarray) -> np.ndarray:
    return g


# --------------------------------------------------------------------------- translations


class NotTranslated(Exception):
    """No losskit call equals this sample (`reason` declared in PEERS)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Call:
    """The losskit call that equals one torch sample, and how to read both results alike."""

    loss: Callable[..., Any]
    arrays: tuple[Any, ...]
    options: dict[str, Any]
    reduction: str
    grads: tuple[tuple[int, int, Grad], ...] = ()
    """(losskit argnum, torch forward-argument index, losskit gradient -> torch's layout)."""
    scale: float = 1.0
    """What losskit's reduced value is multiplied by to be torch's (KLDivLoss's "mean")."""
    torch_none: Callable[[torch.Tensor], torch.Tensor] = lambda out: out
    """torch's "none" output as losskit's per-item shape (KLDivLoss: summed over classes)."""
    compare_grad: Grad = _same
    """Applied to both gradients before comparing (CTC: through log_softmax)."""

    def value(self) -> Any:
        return self.loss(*self.arrays, reduction=self.reduction, **self.options)


@dataclass(frozen=True)
class Sample:
    """One torch sample: constructor options and forward arguments, as NumPy and torch."""

    name: str
    desc: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    forward: tuple[Any, ...]
    module: Any
    """The torch module, built from the sample's constructor input."""

    def option(self, key: str, default: Any = None) -> Any:
        return _plain(self.kwargs.get(key, default))

    @property
    def reduction(self) -> str:
        return str(self.kwargs.get("reduction", "mean"))

    def array(self, i: int) -> Any:
        return _plain(self.forward[i])


def _plain(x: Any) -> Any:
    """A tensor as a NumPy array of its own dtype (int32 stays int32); else x."""
    if isinstance(x, torch.Tensor):
        return x.detach().numpy().copy()
    return x


def class_last(a: np.ndarray) -> np.ndarray:
    """torch's (N, C, d1, ...) as losskit's (N, d1, ..., C); (C,) and (N, C) stay."""
    return np.moveaxis(a, 1, -1) if a.ndim >= 3 else a


def class_second(g: np.ndarray) -> np.ndarray:
    return np.moveaxis(g, -1, 1) if g.ndim >= 3 else g


def _known(sample: Sample, names: Iterable[str]) -> None:
    """Fail on a constructor option that no translation reads (a new torch sample)."""
    unknown = set(sample.kwargs) - set(names) - {"reduction"}
    if unknown:
        raise AssertionError(f"{sample.name}: untranslated option(s) {sorted(unknown)}")


def _options(sample: Sample, names: Mapping[str, str]) -> dict[str, Any]:
    """torch constructor keywords -> losskit keywords, by name (reduction apart)."""
    _known(sample, names)
    return {names[k]: sample.option(k) for k in sample.kwargs if k in names}


def _elementwise(
    loss_name: str, names: Mapping[str, str] | None = None, **fixed: Any
) -> Callable[[Sample], Call]:
    """An element-wise loss: torch's arguments in order, same layout, same options."""

    def translate(sample: Sample) -> Call:
        if sample.args:
            raise AssertionError(f"{sample.name}: positional constructor arguments {sample.args}")
        options = {**fixed, **_options(sample, names or {})}
        arrays = tuple(sample.array(i) for i in range(len(sample.forward)))
        spec = lk_spec(loss_name)
        grads = tuple(
            (i, i, _same) for i in range(len(arrays)) if spec.positional[i] in spec.differentiable
        )
        return Call(getattr(lk, loss_name), arrays, options, sample.reduction, grads)

    return translate


def lk_spec(loss_name: str) -> Any:
    spec = lookup(getattr(lk, loss_name))
    assert spec is not None, loss_name
    return spec


def _cross_entropy(sample: Sample) -> Call:
    """Integer targets are class indices (sparse), floating ones probabilities (as torch)."""
    y = class_last(sample.array(0))
    t = sample.array(1)
    options: dict[str, Any] = {
        "from_logits": True,
        "weight": sample.option("weight"),
        "label_smoothing": sample.option("label_smoothing", 0.0),
    }
    ignore_index = sample.option("ignore_index", -100)
    if np.issubdtype(np.asarray(t).dtype, np.floating):
        loss = lk.categorical_cross_entropy
        t = class_last(t)
        if ignore_index >= 0:  # torch refuses it; a negative one cannot match a class
            options["ignore_index"] = ignore_index
    else:
        loss = lk.sparse_categorical_cross_entropy
        options["ignore_index"] = ignore_index
    _known(sample, ("weight", "ignore_index", "label_smoothing"))
    return Call(loss, (y, t), options, sample.reduction, ((0, 0, class_second),))


def _nll(sample: Sample) -> Call:
    options = {
        "weight": sample.option("weight"),
        "ignore_index": sample.option("ignore_index", -100),
    }
    _known(sample, ("weight", "ignore_index"))
    y = class_last(sample.array(0))
    return Call(
        lk.nll_loss, (y, sample.array(1)), options, sample.reduction, ((0, 0, class_second),)
    )


def _kl_div(sample: Sample) -> Call:
    """torch takes log y and t (log t with log_target); losskit y and t, KL summed per row.

    The class axis is torch's last (the loss is element-wise in torch), a scalar gets one.
    torch's "mean" divides the sum by every element, "batchmean" by the first axis.
    """
    _known(sample, ("log_target",))
    log_y, target = sample.array(0), sample.array(1)
    y = np.exp(log_y)
    t = np.exp(target) if sample.option("log_target", False) else target
    if log_y.ndim == 0:
        y, t = y[np.newaxis], t[np.newaxis]
    reduction = sample.reduction
    scale = 1.0
    if reduction == "mean":
        reduction, scale = "sum", 1.0 / log_y.size
    elif reduction == "batchmean":
        reduction = "sum"
        scale = 1.0 / log_y.shape[0] if log_y.ndim else 1.0

    def to_log_input(g: np.ndarray) -> np.ndarray:  # d/d log y = y · d/dy
        return (g * y * scale).reshape(log_y.shape)

    def per_row(out: torch.Tensor) -> torch.Tensor:
        return out.sum(-1) if out.ndim else out

    return Call(lk.kl_divergence, (y, t), {}, reduction, ((0, 0, to_log_input),), scale, per_row)


def _ctc(sample: Sample) -> Call:
    """Gradients are compared through log_softmax: the samples' log-probabilities are
    log_softmax of logits, and torch's native CTC backward is right only after it."""
    options = {k: sample.option(k) for k in ("blank", "zero_infinity") if k in sample.kwargs}
    _known(sample, ("blank", "zero_infinity"))
    log_probs = sample.array(0)
    arrays = (log_probs, sample.array(1), sample.array(2), sample.array(3))
    probs = np.exp(log_probs)

    def through_log_softmax(g: np.ndarray) -> np.ndarray:
        return g - probs * g.sum(axis=-1, keepdims=True)

    return Call(
        lk.ctc_loss,
        arrays,
        options,
        sample.reduction,
        ((0, 0, _same),),
        compare_grad=through_log_softmax,
    )


def _probabilities(a: np.ndarray) -> bool:
    return bool(np.all((a >= 0) & (a <= 1)))


def _class_axis(loss_name: str, names: Mapping[str, str]) -> Callable[[Sample], Call]:
    """(N, C) or (C,) losses with the class axis already last (multi-margin family)."""

    def translate(sample: Sample) -> Call:
        arrays = (sample.array(0), sample.array(1))
        return Call(
            getattr(lk, loss_name),
            arrays,
            _options(sample, names),
            sample.reduction,
            ((0, 0, _same),),
        )

    return translate


def _linear_cross_entropy(sample: Sample) -> Call:
    """The module's linear layer is run by torch; losskit takes its logits.

    logits = input @ Wᵀ + b with W of shape (C, *out_features, in_features); torch's class
    axis 1 of (N, C, *out_features) moved last; gradients chained back to the input.
    """
    module = sample.module
    params = [p.detach().numpy() for p in module.parameters()]
    out_shape = (module.num_classes, *module.out_features)
    weight = params[0].reshape((*out_shape, -1))
    x = sample.array(0)
    if x.shape[-1] != weight.shape[-1]:
        raise NotTranslated("input width differs from the layer's: a linear-layer check")
    logits = np.tensordot(x, weight, axes=([-1], [-1]))  # (*batch, C, *out_features)
    if len(params) > 1:
        logits = logits + params[1].reshape(out_shape)
    y = class_last(logits)
    t = sample.array(1)
    options: dict[str, Any] = {
        "from_logits": True,
        "weight": sample.option("weight"),
        "label_smoothing": sample.option("label_smoothing", 0.0),
    }
    ignore_index = sample.option("ignore_index")
    if ignore_index is None:
        ignore_index = -100
    if np.issubdtype(t.dtype, np.floating):
        loss = lk.categorical_cross_entropy
        t = class_last(t)
    else:
        loss = lk.sparse_categorical_cross_entropy
        options["ignore_index"] = ignore_index

    def to_input(g: np.ndarray) -> np.ndarray:
        g = class_second(g)  # (*batch, C, *out_features)
        lead = x.ndim - 1
        return np.tensordot(
            g, weight, axes=(list(range(lead, g.ndim)), list(range(weight.ndim - 1)))
        )

    return Call(loss, (y, t), options, sample.reduction, ((0, 0, to_input),))


@dataclass(frozen=True)
class Refusal:
    """A deliberate difference: on the samples it `applies` to, losskit raises ValueError."""

    applies: Callable[[Sample], bool]
    repair: Callable[[Sample], Sample] | None = None
    """The sample made acceptable to losskit, and compared as any other."""


@dataclass(frozen=True)
class Peer:
    """How the samples of one torch loss class become losskit calls."""

    translate: Callable[[Sample], Call]
    refusals: Mapping[str, Refusal] = field(default_factory=dict)
    """Deliberate differences, reason -> which samples: losskit raises ValueError there."""
    not_translated: Mapping[str, str] = field(default_factory=dict)
    """Samples with no losskit equal: reason -> why."""


def _negative_weight(sample: Sample) -> bool:
    return any(
        np.any(np.asarray(sample.option(k)) < 0)
        for k in ("weight", "pos_weight")
        if sample.option(k) is not None
    )


def _with_absolute_weights(sample: Sample) -> Sample:
    """The sample with |weight| and |pos_weight|, its module built anew."""
    kwargs = {
        k: v.abs() if k in ("weight", "pos_weight") and isinstance(v, torch.Tensor) else v
        for k, v in sample.kwargs.items()
    }
    module = getattr(torch.nn, sample.name)(*sample.args, **kwargs)
    return Sample(sample.name, sample.desc, sample.args, kwargs, sample.forward, module)


def _zero_sign(sample: Sample) -> bool:
    return bool(np.any(sample.array(len(sample.forward) - 1) == 0))


def _zero_sign_as_plus_one(sample: Sample) -> Sample:
    """The sample with its 0 labels (the sign of a random 0) made +1."""
    t = sample.forward[-1]
    forward = (*sample.forward[:-1], torch.where(t == 0, torch.ones_like(t), t))
    return Sample(sample.name, sample.desc, sample.args, sample.kwargs, forward, sample.module)


COMMON_REFUSALS: dict[str, Refusal] = {
    "weights are >= 0 in losskit (issue 10); torch multiplies by any": Refusal(
        _negative_weight, _with_absolute_weights
    ),
}
"""Deliberate differences that apply to every class."""

PEERS: dict[str, Peer] = {
    "MSELoss": Peer(_elementwise("mse")),
    "L1Loss": Peer(_elementwise("mae")),
    "HuberLoss": Peer(_elementwise("huber", {"delta": "delta"})),
    "SmoothL1Loss": Peer(_elementwise("smooth_l1", {"beta": "beta"})),
    "BCELoss": Peer(_elementwise("binary_cross_entropy", {"weight": "weight"})),
    "BCEWithLogitsLoss": Peer(
        _elementwise(
            "binary_cross_entropy",
            {"weight": "weight", "pos_weight": "pos_weight"},
            from_logits=True,
        )
    ),
    "CrossEntropyLoss": Peer(_cross_entropy),
    "NLLLoss": Peer(_nll),
    "KLDivLoss": Peer(
        _kl_div,
        refusals={
            "kl_divergence takes probabilities; torch any log-input and target": Refusal(
                lambda s: (
                    not _probabilities(np.exp(s.array(0)))
                    or not _probabilities(
                        np.exp(s.array(1)) if s.option("log_target", False) else s.array(1)
                    )
                )
            )
        },
    ),
    "CTCLoss": Peer(_ctc),
    "LinearCrossEntropyLoss": Peer(
        _linear_cross_entropy,
        not_translated={
            "input width differs from the layer's: a linear-layer check": (
                "losskit has no layers; the cross-entropy after it is translated"
            )
        },
    ),
    "MultiMarginLoss": Peer(
        _class_axis("multi_margin", {"p": "p", "margin": "margin", "weight": "weight"})
    ),
    "MultiLabelMarginLoss": Peer(_class_axis("multilabel_margin", {})),
    "MultiLabelSoftMarginLoss": Peer(_class_axis("multilabel_soft_margin", {"weight": "weight"})),
    "SoftMarginLoss": Peer(_elementwise("soft_margin")),
    "HingeEmbeddingLoss": Peer(_elementwise("hinge_embedding", {"margin": "margin"})),
    "MarginRankingLoss": Peer(
        _elementwise("margin_ranking", {"margin": "margin"}),
        refusals={
            "t = 0 (the sample's sign of a random integer): losskit takes labels -1 or +1": (
                Refusal(_zero_sign, _zero_sign_as_plus_one)
            )
        },
    ),
    "CosineEmbeddingLoss": Peer(_elementwise("cosine_embedding", {"margin": "margin"})),
    "PoissonNLLLoss": Peer(
        _elementwise("poisson_nll", {"log_input": "log_input", "full": "full", "eps": "eps"})
    ),
    "GaussianNLLLoss": Peer(_elementwise("gaussian_nll", {"full": "full", "eps": "eps"})),
}


# --------------------------------------------------------------------------- samples


def _module_infos() -> dict[str, Any]:
    return {
        info.module_cls.__name__: info
        for info in common_modules.module_db
        if info.module_cls.__name__.endswith("Loss")
    }


MODULE_INFOS = _module_infos()


@functools.cache
def _made(name: str, seed: int, errors: bool = False) -> tuple[Any, ...]:
    """The ModuleInputs (or ErrorModuleInputs) of one class, made once per seed."""
    info = MODULE_INFOS[name]
    func = info.module_error_inputs_func if errors else info.module_inputs_func
    torch.manual_seed(seed)
    return tuple(func(info, "cpu", torch.float64, True, False))


def _samples() -> Iterator[Any]:
    for name in sorted(MODULE_INFOS):
        for seed in FEW_SEEDS.get(name, SEEDS):
            for i, mi in enumerate(_made(name, seed)):
                yield pytest.param(name, seed, i, id=f"{name}-{seed}-{i}-{mi.desc or 'default'}")


def _error_samples() -> Iterator[Any]:
    for name, info in sorted(MODULE_INFOS.items()):
        if info.module_error_inputs_func is None:
            continue
        for i, emi in enumerate(_made(name, 0, errors=True)):
            yield pytest.param(name, i, id=f"{name}-{i}-{emi.error_regex[:40]}")


def _sample(name: str, seed: int, index: int) -> Sample:
    mi = _made(name, seed)[index]
    args, kwargs = tuple(mi.constructor_input.args), dict(mi.constructor_input.kwargs)
    module = getattr(torch.nn, name)(*args, **kwargs)
    forward = tuple(mi.forward_input.args) if mi.forward_input is not None else ()
    return Sample(name, mi.desc, args, kwargs, forward, module)


def _torch_run(sample: Sample) -> tuple[torch.Tensor, dict[int, np.ndarray]]:
    """torch's value and, for each forward argument that requires grad, d(sum out)/d arg."""
    with warnings.catch_warnings():  # torch's notes, not errors:
        # KLDivLoss's 'mean' announces a change of meaning
        warnings.filterwarnings("ignore", "reduction: 'mean' divides", UserWarning)
        # LinearCrossEntropyLoss falls back from its chunked path
        warnings.filterwarnings("ignore", "linear_cross_entropy: ``options`` ignored", UserWarning)
        out = sample.module(*sample.forward)
    wanted = [
        i for i, a in enumerate(sample.forward) if isinstance(a, torch.Tensor) and a.requires_grad
    ]
    grads: dict[int, np.ndarray] = {}
    if wanted and torch.isfinite(out).all():
        got = torch.autograd.grad(out.sum(), [sample.forward[i] for i in wanted], allow_unused=True)
        grads = {i: g.numpy() for i, g in zip(wanted, got, strict=True) if g is not None}
    return out.detach(), grads


def _close(actual: Any, expected: Any, what: str) -> None:
    want = np.asarray(expected, dtype=np.float64)
    got = np.asarray(actual, dtype=np.float64)
    assert got.shape == want.shape, f"{what}: shape {got.shape}, torch {want.shape}"
    finite = np.abs(want[np.isfinite(want)])
    scale = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
    np.testing.assert_allclose(got, want, rtol=RTOL, atol=RTOL * scale, err_msg=what)


@pytest.mark.parametrize(("name", "seed", "index"), list(_samples()))
def test_torch_sample(name: str, seed: int, index: int) -> None:
    sample = _sample(name, seed, index)
    refusals = _check(sample)
    if refusals and all(r.repair is not None for r in refusals):
        for refusal in refusals:  # the rest of the sample is still checked
            if refusal.repair is not None:
                sample = refusal.repair(sample)
        assert not _check(sample)


def _check(sample: Sample) -> list[Refusal]:
    """Compare losskit with torch on one sample; return the declared refusals it met."""
    peer = PEERS[sample.name]
    out, torch_grads = _torch_run(sample)
    try:
        call = peer.translate(sample)
    except NotTranslated as skip:
        assert skip.reason in peer.not_translated, f"undeclared: {skip.reason}"
        pytest.skip(f"{sample.name}: {skip.reason} ({peer.not_translated[skip.reason]})")

    refusals = [r for r in {**COMMON_REFUSALS, **peer.refusals}.values() if r.applies(sample)]
    if torch.isnan(out).any() or refusals:
        # torch's NaN (a log of a negative sample, every label ignored) or a declared
        # difference: losskit refuses with ValueError
        with pytest.raises(ValueError):
            call.value()
        return refusals

    value = call.value()
    if sample.reduction == "none":
        _close(value, call.torch_none(out).numpy(), "value ('none')")
    else:
        assert type(value) is float, type(value)
        _close(value * call.scale, out.item(), "value")

    if not call.grads or not torch_grads:
        return []
    reduction = "sum" if call.reduction == "none" else call.reduction
    argnums = tuple(lk_arg for lk_arg, _, _ in call.grads)
    _, lk_grads = lk.value_and_grad(
        call.loss, *call.arrays, argnums=argnums, reduction=reduction, **call.options
    )
    for (lk_arg, torch_arg, back), g in zip(call.grads, lk_grads, strict=True):
        if torch_arg not in torch_grads:
            continue
        _close(
            call.compare_grad(back(np.asarray(g))),
            call.compare_grad(torch_grads[torch_arg]),
            f"gradient of argument {lk_arg}",
        )
    return []


# --------------------------------------------------------------------------- error samples

LAYER_OPTIONS = ("out_features", "bias", "device", "dtype")
"""LinearCrossEntropyLoss's options of its linear layer (the rest are the loss's)."""


@pytest.mark.parametrize(("name", "index"), list(_error_samples()))
def test_torch_error_sample(name: str, index: int) -> None:
    """What torch refuses, losskit refuses: ValueError or TypeError naming the argument."""
    emi = _made(name, 0, errors=True)[index]
    mi = emi.module_error_input
    cls = getattr(torch.nn, name)
    args, kwargs = tuple(mi.constructor_input.args), dict(mi.constructor_input.kwargs)
    forward = tuple(mi.forward_input.args) if mi.forward_input is not None else ()
    with pytest.raises(emi.error_type) as torch_raised:  # the sample is what it says
        cls(*args, **kwargs)(*forward)
    with warnings.catch_warnings():  # torch's patterns hold sets such as "[[]"
        warnings.simplefilter("ignore", FutureWarning)
        assert re.search(emi.error_regex, str(torch_raised.value)), torch_raised.value
    try:
        module = cls(*args, **kwargs)
    except Exception:  # a construction error: the layer alone, for LinearCrossEntropyLoss
        layer = {k: v for k, v in kwargs.items() if k in LAYER_OPTIONS}
        module = cls(*args, **layer) if name == "LinearCrossEntropyLoss" else None
    if not forward:  # an option refused at construction: losskit sees it with valid input
        forward = (torch.tensor([0.5], dtype=torch.float64), torch.zeros(1, dtype=torch.float64))
    sample = Sample(name, mi.desc, args, kwargs, forward, module)
    peer = PEERS[name]
    try:
        call = peer.translate(sample)
    except NotTranslated as skip:
        assert skip.reason in peer.not_translated, f"undeclared: {skip.reason}"
        pytest.skip(f"{name}: {skip.reason} ({peer.not_translated[skip.reason]})")
    with pytest.raises((ValueError, TypeError)) as raised:
        call.value()
    assert "missing" not in str(raised.value), raised.value  # not a call losskit never got
