"""Property tests (hypothesis): what must hold for every input, not just hand-picked ones.

- losses are >= 0 where the mathematics says so, 0 (or minimal) when the prediction is
  the target;
- the analytic gradient of `value_and_grad` equals `numerical_gradient` (float64, away
  from kinks and clamps);
- float32 agrees with float64 on the same values, "sum" is N x "mean";
- activations are shift invariant, bounded and overflow-free up to +-1e308;
- about a thousand generated bad inputs raise ValueError or TypeError, and nothing else.

Every test runs with a fixed, database-free profile (derandomized), so CI sees the same
examples on every run.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import losskit as lk

PROFILE = settings(
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

REDUCTIONS = ("mean", "sum", "none")
GRAD_REDUCTIONS = ("mean", "sum")


# --------------------------------------------------------------------------- strategies


def floats(lo: float, hi: float, dtype: Any = np.float64) -> st.SearchStrategy[float]:
    width = 32 if np.dtype(dtype) == np.float32 else 64
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False, width=width)


def arrays(shape: tuple[int, ...], lo: float, hi: float, dtype: Any = np.float64):
    """Float arrays with every element drawn on its own (no constant fill)."""
    return hnp.arrays(dtype, shape, elements=floats(lo, hi, dtype), fill=st.nothing())


def softmax_rows(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


shapes = hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4)
textbook_shapes = hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=5)


@st.composite
def class_shapes(draw: st.DrawFn, max_lead: int = 2) -> tuple[int, ...]:
    """(..., K) with K >= 2 classes on the last axis."""
    lead = draw(hnp.array_shapes(min_dims=0, max_dims=max_lead, min_side=1, max_side=4))
    return (*lead, draw(st.integers(2, 5)))


@st.composite
def probability_rows(draw: st.DrawFn, shape: tuple[int, ...], spread: float = 4.0):
    """Rows on the simplex (softmax of bounded logits): every entry well inside (0, 1)."""
    return softmax_rows(draw(arrays(shape, -spread, spread)))


@st.composite
def one_hot(draw: st.DrawFn, shape: tuple[int, ...]) -> np.ndarray:
    labels = draw(hnp.arrays(np.int64, shape[:-1], elements=st.integers(0, shape[-1] - 1)))
    return np.eye(shape[-1])[labels]


@st.composite
def labels_for(draw: st.DrawFn, shape: tuple[int, ...]) -> np.ndarray:
    return draw(hnp.arrays(np.int64, shape[:-1], elements=st.integers(0, shape[-1] - 1)))


def frames_needed(target: np.ndarray) -> int:
    return len(target) + int(np.sum(target[1:] == target[:-1]))


@st.composite
def ctc_inputs(draw: st.DrawFn, *, layout: str | None = None, spread: float = 2.0):
    """A feasible batched CTC problem: (log_probs, targets, input_lengths, target_lengths,
    blank); padded (N, S) or concatenated targets."""
    n = draw(st.integers(1, 3))
    c = draw(st.integers(3, 5))
    s = draw(st.integers(1, 3))
    t_max = 2 * s + draw(st.integers(1, 3))
    blank = draw(st.sampled_from([0, c - 1, 1]))
    raw = draw(hnp.arrays(np.int64, (n, s), elements=st.integers(0, c - 2)))
    targets = raw + (raw >= blank)  # every label but the blank
    target_lengths = draw(hnp.arrays(np.int64, (n,), elements=st.integers(0, s)))
    input_lengths = np.array(
        [
            draw(st.integers(max(frames_needed(row[:m]), 1), t_max))
            for row, m in zip(targets, target_lengths, strict=True)
        ]
    )
    z = draw(arrays((t_max, n, c), -spread, spread))
    log_probs = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
    if (layout or draw(st.sampled_from(["padded", "concatenated"]))) == "concatenated":
        targets = np.concatenate([row[:m] for row, m in zip(targets, target_lengths, strict=True)])
    return log_probs, targets, input_lengths, target_lengths, blank


# --------------------------------------------------------------------------- one call


@dataclass
class Call:
    """A call of a losskit function by name, printable in a failure message."""

    name: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any] = field(default_factory=dict)
    why: str = "valid"

    def run(self) -> Any:
        if self.name.startswith("value_and_grad:"):
            loss = getattr(lk, self.name.split(":", 1)[1])
            return lk.value_and_grad(loss, *self.args, **self.kwargs)
        return getattr(lk, self.name)(*self.args, **self.kwargs)

    def __repr__(self) -> str:
        def short(v: Any) -> str:
            if isinstance(v, np.ndarray):
                body = np.array2string(v, threshold=12, edgeitems=2, precision=4)
                return f"array({body}, dtype={v.dtype}, shape={v.shape})"
            text = repr(v)
            return text if len(text) < 80 else text[:77] + "..."

        parts = [short(a) for a in self.args] + [f"{k}={short(v)}" for k, v in self.kwargs.items()]
        return f"{self.name}({', '.join(parts)})  # {self.why}"


# --------------------------------------------------------------------------- valid calls

PAIR_LOSSES = ("mse", "mae", "huber", "binary_cross_entropy", "kl_divergence")
CLASS_LOSSES = ("categorical_cross_entropy", "sparse_categorical_cross_entropy")
TEXTBOOK = ("mean_squared_error", "cross_entropy_error")
ALL_LOSSES = (*PAIR_LOSSES, *CLASS_LOSSES, *TEXTBOOK, "ctc_loss")


@st.composite
def valid_call(draw: st.DrawFn, name: str) -> Call:
    """A valid call of loss `name`, with options drawn too."""
    kw: dict[str, Any] = {}
    if name not in TEXTBOOK:
        kw["reduction"] = draw(st.sampled_from(REDUCTIONS))
    if name in ("mse", "mae", "huber"):
        shape = draw(shapes)
        args: tuple[Any, ...] = (draw(arrays(shape, -10, 10)), draw(arrays(shape, -10, 10)))
        if name == "huber" and draw(st.booleans()):
            kw["delta"] = draw(st.sampled_from([0.5, 1.0, 3.0]))
    elif name == "binary_cross_entropy":
        shape = draw(shapes)
        kw["from_logits"] = logits = draw(st.booleans())
        y = draw(arrays(shape, -30, 30) if logits else arrays(shape, 0, 1))
        args = (y, draw(arrays(shape, 0, 1)))
    elif name == "kl_divergence":
        shape = draw(class_shapes())
        args = (draw(probability_rows(shape)), draw(probability_rows(shape)))
    elif name in CLASS_LOSSES:
        shape = draw(class_shapes())
        kw["from_logits"] = logits = draw(st.booleans())
        y = draw(arrays(shape, -30, 30) if logits else probability_rows(shape))
        t = draw(one_hot(shape) if name == "categorical_cross_entropy" else labels_for(shape))
        args = (y, t)
    elif name == "mean_squared_error":
        shape = draw(textbook_shapes)
        args = (draw(arrays(shape, -10, 10)), draw(arrays(shape, -10, 10)))
    elif name == "cross_entropy_error":
        shape = draw(textbook_shapes)
        y = draw(probability_rows(shape))
        kind = draw(st.sampled_from(["onehot", "labels"]))
        args = (y, draw(one_hot(shape) if kind == "onehot" else labels_for(shape)))
    else:
        lp, targets, il, tl, blank = draw(ctc_inputs())
        args = (lp, targets, il, tl)
        kw["blank"] = blank
        kw["zero_infinity"] = draw(st.booleans())
    return Call(name, args, kw)


def any_valid_call(names: tuple[str, ...] = ALL_LOSSES) -> st.SearchStrategy[Call]:
    return st.sampled_from(names).flatmap(valid_call)


@settings(PROFILE, max_examples=150)
@given(call=any_valid_call())
def test_valid_calls_succeed_and_give_nonnegative_losses(call):
    """The base calls that the bad-input tests corrupt are themselves fine (on read-only
    arrays, left unchanged), and every loss here is >= 0 (KL and CTC up to rounding:
    Gibbs' inequality, a probability <= 1)."""
    before = [a.copy() for a in call.args if isinstance(a, np.ndarray)]
    for a in call.args:
        if isinstance(a, np.ndarray):
            a.flags.writeable = False
    out = call.run()
    after = [a for a in call.args if isinstance(a, np.ndarray)]
    for a, b in zip(after, before, strict=True):
        np.testing.assert_array_equal(a, b)
    values = np.atleast_1d(np.asarray(out, dtype=np.float64))
    assert np.isfinite(values).all(), f"{call} gave {out!r}"
    if call.name in ("kl_divergence", "ctc_loss") or call.kwargs.get("from_logits"):
        assert (values >= -1e-12 * np.maximum(1, np.abs(values).max())).all(), call
    elif call.name != "cross_entropy_error":  # its +delta makes a perfect row slightly < 0
        assert (values >= 0).all(), f"{call} gave {out!r}"


# --------------------------------------------------------------------------- y == t


@settings(PROFILE, max_examples=40)
@given(shape=shapes, data=st.data())
def test_regression_losses_are_zero_when_prediction_is_target(shape, data):
    y = data.draw(arrays(shape, -1e3, 1e3))
    for loss in (lk.mse, lk.mae, lk.huber):
        assert loss(y, y.copy()) == 0.0
        assert not np.any(loss(y, y.copy(), reduction="none"))
    assert lk.huber(y, y.copy(), delta=0.1) == 0.0
    if y.ndim <= 2:
        assert lk.mean_squared_error(y, y.copy()) == 0.0


@settings(PROFILE, max_examples=40)
@given(shape=class_shapes(), data=st.data())
def test_kl_divergence_is_zero_when_prediction_is_target_even_with_zeros(shape, data):
    t = data.draw(probability_rows(shape))
    t = np.where(data.draw(hnp.arrays(np.bool_, shape)), t, 0.0)
    t.reshape(-1, shape[-1])[:, 0] += 0.5  # every row keeps some mass
    t /= t.sum(axis=-1, keepdims=True)
    got = lk.kl_divergence(t, t.copy(), reduction="none")
    assert got.shape == shape[:-1]
    np.testing.assert_allclose(got, 0.0, atol=1e-15)


@settings(PROFILE, max_examples=50)
@given(shape=shapes, data=st.data())
def test_bce_is_minimal_at_the_target(shape, data):
    """Gibbs: BCE(y, t) >= BCE(t, t) for any y; for hard targets BCE(t, t) == 0."""
    hard = data.draw(hnp.arrays(np.int64, shape, elements=st.integers(0, 1))).astype(float)
    assert lk.binary_cross_entropy(hard, hard) == 0.0
    y = data.draw(arrays(shape, 1e-6, 1 - 1e-6))  # no clamp: Gibbs holds exactly
    assert lk.binary_cross_entropy(y, hard) >= 0.0
    soft = data.draw(arrays(shape, 0, 1))
    best = lk.binary_cross_entropy(soft, soft, reduction="none")
    other = lk.binary_cross_entropy(y, soft, reduction="none")
    assert (other >= best - 1e-12 * np.maximum(1, np.abs(best))).all()


@settings(PROFILE, max_examples=50)
@given(shape=class_shapes(), data=st.data())
def test_categorical_ce_is_minimal_at_the_target(shape, data):
    """One-hot targets as predictions give exactly 0 (0·log 0 = 0, no NaN); soft targets
    give their entropy, which no other prediction beats."""
    t = data.draw(one_hot(shape))
    assert lk.categorical_cross_entropy(t, t.copy()) == 0.0
    labels = t.argmax(axis=-1)
    assert lk.sparse_categorical_cross_entropy(t, labels) == 0.0
    y = data.draw(probability_rows(shape))
    assert lk.categorical_cross_entropy(y, t) >= 0.0
    soft = data.draw(probability_rows(shape))
    best = lk.categorical_cross_entropy(soft, soft, reduction="none")
    other = lk.categorical_cross_entropy(y, soft, reduction="none")
    assert (other >= best - 1e-12 * np.maximum(1, np.abs(best))).all()


# --------------------------------------------------------------------------- gradients


@st.composite
def smooth_call(draw: st.DrawFn, name: str) -> Call:
    """A float64 call away from kinks (|y - t| = 0, |y - t| = delta) and clamps (p = 0, 1),
    with reduction "mean" or "sum" (textbook losses have none)."""
    kw: dict[str, Any] = {}
    if name not in TEXTBOOK:
        kw["reduction"] = draw(st.sampled_from(GRAD_REDUCTIONS))
    if name in ("mse", "mae", "huber", "mean_squared_error"):
        shape = draw(textbook_shapes if name == "mean_squared_error" else shapes)
        y = draw(arrays(shape, -5, 5))
        delta = 1.0
        if name == "huber":
            delta = draw(st.sampled_from([0.3, 1.0, 2.0]))
            kw["delta"] = delta
        size = draw(arrays(shape, 0.0, 1.0))
        # |residual| in [0.01, 0.45] or [0.55, 3] times delta: clear of 0 and of delta
        mag = np.where(size < 0.5, 0.01 + 0.88 * size, 0.55 + 4.9 * (size - 0.5)) * delta
        sign = np.where(draw(hnp.arrays(np.bool_, shape)), 1.0, -1.0)
        return Call(name, (y, y + sign * mag), kw)
    if name == "binary_cross_entropy":
        shape = draw(shapes)
        kw["from_logits"] = logits = draw(st.booleans())
        y = draw(arrays(shape, -8, 8) if logits else arrays(shape, 0.1, 0.9))
        return Call(name, (y, draw(arrays(shape, 0, 1))), kw)
    if name == "ctc_loss":
        lp, targets, il, tl, blank = draw(ctc_inputs())
        kw["blank"] = blank
        return Call(name, (lp, targets, il, tl), kw)
    shape = draw(class_shapes())
    logits = draw(st.booleans()) and name in CLASS_LOSSES
    if name in CLASS_LOSSES:
        kw["from_logits"] = logits
    # probabilities from logits in [-1, 1] and K <= 5: each entry >= 0.03, <= 0.6
    y = draw(arrays(shape, -4, 4)) if logits else draw(probability_rows(shape, spread=1.0))
    if name == "sparse_categorical_cross_entropy":
        t: Any = draw(labels_for(shape))
    elif name == "cross_entropy_error":
        shape = draw(textbook_shapes.filter(lambda s: s[-1] >= 2))
        y = draw(probability_rows(shape, spread=1.0))
        t = draw(st.one_of(labels_for(shape), probability_rows(shape)))
    else:
        t = draw(probability_rows(shape))
    return Call(name, (y, t), kw)


@settings(PROFILE, max_examples=120)
@given(call=st.sampled_from(ALL_LOSSES).flatmap(smooth_call))
def test_analytic_gradient_matches_numerical_gradient(call):
    loss = getattr(lk, call.name)
    y, rest = call.args[0], call.args[1:]
    value, grad = lk.value_and_grad(loss, y, *rest, **call.kwargs)
    assert type(value) is float
    assert value == pytest.approx(loss(y, *rest, **call.kwargs), rel=1e-12, abs=1e-14)
    assert grad.shape == y.shape and grad.dtype == np.float64
    numeric = lk.numerical_gradient(lambda x: loss(x, *rest, **call.kwargs), y)
    # central differences with h = 1e-4 are off by about h**2/6 * f''' (up to ~1e-5 here)
    scale = max(1.0, float(np.abs(numeric).max()))
    np.testing.assert_allclose(grad, numeric, rtol=1e-4, atol=1e-5 * scale, err_msg=repr(call))


# --------------------------------------------------------------------------- dtypes, reductions


def items_per_reduction(call: Call) -> int:
    """What "mean" divides by: elements for element-wise losses, samples otherwise."""
    y = call.args[0]
    if call.name in ("mse", "mae", "huber", "binary_cross_entropy"):
        return int(y.size)
    return int(np.prod(y.shape[:-1]))


FRAMEWORK = (*PAIR_LOSSES, *CLASS_LOSSES)


@settings(PROFILE, max_examples=120)
@given(call=any_valid_call(FRAMEWORK))
def test_sum_is_n_times_mean_and_none_sums_to_sum(call):
    kw = {k: v for k, v in call.kwargs.items() if k != "reduction"}
    total = getattr(lk, call.name)(*call.args, reduction="sum", **kw)
    mean = getattr(lk, call.name)(*call.args, reduction="mean", **kw)
    each = getattr(lk, call.name)(*call.args, reduction="none", **kw)
    assert type(total) is float and type(mean) is float
    n = items_per_reduction(call)
    assert each.size == n
    assert total == pytest.approx(n * mean, rel=1e-12, abs=1e-12)
    assert total == pytest.approx(float(np.sum(each)), rel=1e-12, abs=1e-12)


@settings(PROFILE, max_examples=30)
@given(data=ctc_inputs(), reduction=st.sampled_from(GRAD_REDUCTIONS))
def test_ctc_mean_divides_each_loss_by_its_target_length(data, reduction):
    lp, targets, il, tl, blank = data
    each = lk.ctc_loss(lp, targets, il, tl, blank=blank, reduction="none")
    got = lk.ctc_loss(lp, targets, il, tl, blank=blank, reduction=reduction)
    want = np.sum(each) if reduction == "sum" else np.mean(each / np.maximum(tl, 1))
    assert got == pytest.approx(float(want), rel=1e-12)


@settings(PROFILE, max_examples=120)
@given(call=any_valid_call())
def test_float32_agrees_with_float64_on_the_same_values(call):
    """Float inputs cast to float32, then the very same values upcast to float64."""

    def cast(a: Any, dtype: Any) -> Any:
        if isinstance(a, np.ndarray) and a.dtype.kind == "f":
            return a.astype(np.float32).astype(dtype)
        return a

    fn = getattr(lk, call.name)
    got32 = fn(*(cast(a, np.float32) for a in call.args), **call.kwargs)
    got64 = fn(*(cast(a, np.float64) for a in call.args), **call.kwargs)
    if isinstance(got64, np.ndarray):
        assert isinstance(got32, np.ndarray) and got32.dtype == np.float32
        assert got64.dtype == np.float64
    else:
        assert type(got32) is float and type(got64) is float
    want = np.asarray(got64, dtype=np.float64)
    scale = max(1.0, float(np.abs(want).max()))
    np.testing.assert_allclose(got32, want, rtol=2e-5, atol=2e-6 * scale, err_msg=repr(call))


# --------------------------------------------------------------------------- activations


@settings(PROFILE, max_examples=60)
@given(
    x=hnp.arrays(np.float64, shapes, elements=floats(-1e3, 1e3)),
    shift=floats(-1e5, 1e5),
)
def test_softmax_and_log_softmax_are_shift_invariant(x, shift):
    p = lk.softmax(x)
    np.testing.assert_allclose(lk.softmax(x + shift), p, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=1e-12)
    assert ((p >= 0) & (p <= 1)).all()
    lsm = lk.log_softmax(x)
    np.testing.assert_allclose(lk.log_softmax(x + shift), lsm, rtol=1e-9, atol=1e-9)
    lse = lk.logsumexp(x)
    np.testing.assert_allclose(lk.logsumexp(x + shift), lse + shift, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(lsm, x - lse[..., None], rtol=1e-12, atol=1e-12)


HUGE = 1.7e308


@settings(PROFILE, max_examples=60)
@given(x=hnp.arrays(np.float64, shapes, elements=floats(-HUGE, HUGE)))
def test_logsumexp_and_softmax_do_not_overflow_near_float_max(x):
    """Finite input, however large, gives finite logsumexp (>= max) and a softmax in
    [0, 1] summing to 1, with no NumPy warning (warnings are errors here)."""
    x.flat[0] = HUGE
    lse = lk.logsumexp(x)
    assert np.isfinite(lse).all()
    assert (lse >= x.max(axis=-1)).all()
    p = lk.softmax(x)
    assert np.isfinite(p).all() and ((p >= 0) & (p <= 1)).all()
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=1e-12)


@settings(PROFILE, max_examples=40)
@given(x=hnp.arrays(np.float64, shapes, elements=floats(-8e307, 8e307)))
def test_log_softmax_is_finite_wherever_the_result_is_representable(x):
    out = lk.log_softmax(x)
    assert np.isfinite(out).all() and (out <= 0).all()


@settings(PROFILE, max_examples=60)
@given(x=hnp.arrays(np.float64, shapes, elements=floats(-1e308, 1e308)))
def test_sigmoid_is_bounded_and_symmetric(x):
    s = lk.sigmoid(x)
    assert ((s >= 0) & (s <= 1)).all()
    np.testing.assert_allclose(lk.sigmoid(-x), 1 - s, rtol=0, atol=1e-15)
    ls = lk.log_sigmoid(x)
    assert np.isfinite(ls).all() and (ls <= 0).all()
    # where log(sigmoid) is itself accurate (sigmoid not near 1, not underflowing)
    moderate = (x > -30) & (x < 1)
    np.testing.assert_allclose(ls[moderate], np.log(s[moderate]), rtol=1e-12, atol=1e-15)


# --------------------------------------------------------------------------- bad inputs


# max_examples of each bad-input test below: about a thousand generated bad calls in all
BAD_EXAMPLES = {
    "non_numeric": 220,
    "non_finite": 140,
    "empty": 90,
    "shape": 200,
    "range": 170,
    "option": 120,
    "api": 60,
}


def assert_rejected(call: Call) -> None:
    """The call raises ValueError or TypeError with a message, and nothing else."""
    try:
        result = call.run()
    except (ValueError, TypeError) as exc:
        if isinstance(exc, (IndexError, KeyError)):  # e.g. numpy's AxisError
            pytest.fail(f"{call}\n raised {type(exc).__name__} (also a lookup error): {exc}")
        assert str(exc), f"{call}\n raised {type(exc).__name__} with an empty message"
        return
    except Exception as exc:
        pytest.fail(
            f"{call}\n raised {type(exc).__name__}: {exc}\n expected ValueError or TypeError"
        )
    pytest.fail(f"{call}\n returned {result!r}\n expected ValueError or TypeError")


def array_positions(call: Call) -> list[int]:
    return [0, 1, 2, 3] if call.name == "ctc_loss" else [0, 1]


def replace_arg(call: Call, pos: int, value: Any, why: str) -> Call:
    args = list(call.args)
    args[pos] = value
    return Call(call.name, tuple(args), dict(call.kwargs), why)


def via_value_and_grad(call: Call) -> Call:
    """The same bad input through value_and_grad (which only allows mean / sum)."""
    kw = dict(call.kwargs)
    if kw.get("reduction") == "none":
        kw["reduction"] = "mean"
    return Call(f"value_and_grad:{call.name}", call.args, kw, call.why + " (value_and_grad)")


def maybe_via_value_and_grad(draw: st.DrawFn, call: Call) -> Call:
    return via_value_and_grad(call) if draw(st.integers(0, 3)) == 0 else call


NOT_NUMBERS: list[tuple[str, Callable[[Any], Any]]] = [
    ("None", lambda a: None),
    ("a string", lambda a: "abc"),
    ("a numeric string", lambda a: "0.5"),
    ("bytes", lambda a: b"\x00\x01"),
    ("an object", lambda a: object()),
    ("a list of objects", lambda a: [object(), object()]),
    ("a dict", lambda a: {"a": 1.0}),
    ("a set", lambda a: {0.0, 1.0}),
    ("a function", lambda a: len),
    ("complex values", lambda a: np.asarray(a) + 0.5j),
    ("complex dtype with zero imaginary part", lambda a: np.asarray(a).astype(complex)),
    ("an array of strings", lambda a: np.asarray(a).astype(str)),
    ("an object array of numbers", lambda a: np.asarray(a).astype(object)),
    ("a list mixing numbers and text", lambda a: [0.0, "1"]),
    ("a list of None", lambda a: [None, None]),
    ("a ragged list", lambda a: [[0.0, 1.0], [1.0]]),
    ("datetimes", lambda a: np.array(["2020-01-01", "2021-01-01"], dtype="datetime64[D]")),
]


@st.composite
def non_numeric_call(draw: st.DrawFn) -> Call:
    call = draw(any_valid_call())
    pos = draw(st.sampled_from(array_positions(call)))
    why, make = draw(st.sampled_from(NOT_NUMBERS))
    return maybe_via_value_and_grad(draw, replace_arg(call, pos, make(call.args[pos]), why))


@settings(PROFILE, max_examples=BAD_EXAMPLES["non_numeric"])
@given(call=non_numeric_call())
def test_non_numeric_inputs_raise_type_or_value_error(call):
    assert_rejected(call)


@st.composite
def non_finite_call(draw: st.DrawFn) -> Call:
    call = draw(any_valid_call())
    pos = draw(st.sampled_from(array_positions(call)))
    bad = draw(st.sampled_from([math.nan, math.inf, -math.inf]))
    if call.name == "ctc_loss" and pos == 0 and bad < 0:
        bad = math.nan  # -inf is a legitimate log-probability (of 0) for CTC
    a = np.array(call.args[pos], dtype=np.float64)  # labels and lengths become floats
    if a.ndim == 0:
        a = np.float64(bad)
    else:
        assume(a.size > 0)  # e.g. concatenated CTC targets when every target is empty
        a.flat[draw(st.integers(0, a.size - 1))] = bad
    return maybe_via_value_and_grad(draw, replace_arg(call, pos, a, f"{bad} in argument {pos}"))


@settings(PROFILE, max_examples=BAD_EXAMPLES["non_finite"])
@given(call=non_finite_call())
def test_nan_and_inf_raise_value_error(call):
    assert_rejected(call)


@st.composite
def empty_call(draw: st.DrawFn) -> Call:
    """One axis of the prediction shrunk to 0 (targets kept consistent)."""
    call = draw(any_valid_call())
    y = call.args[0]
    axis = draw(st.integers(0, y.ndim - 1))
    if call.name == "ctc_loss":
        lp, targets, il, tl = call.args
        if axis == 0:  # no frames at all
            return Call(call.name, (lp[:0], targets, np.zeros_like(il), tl * 0), call.kwargs, "T=0")
        if axis == 1:  # an empty batch
            args = (lp[:, :0], targets[:0], il[:0], tl[:0])
            return Call(call.name, args, call.kwargs, "N=0")
        return Call(call.name, (lp[..., :0], targets, il, tl), call.kwargs, "C=0")
    index = tuple(slice(0, 0) if i == axis else slice(None) for i in range(y.ndim))
    t = call.args[1]
    if isinstance(t, np.ndarray) and t.shape == y.shape:
        t = t[index]
    elif axis < y.ndim - 1:  # labels have y's leading axes
        t = np.asarray(t)[index[:-1]]
    return maybe_via_value_and_grad(
        draw, Call(call.name, (y[index], t), call.kwargs, f"axis {axis} of y is empty")
    )


@settings(PROFILE, max_examples=BAD_EXAMPLES["empty"])
@given(call=empty_call())
def test_empty_inputs_raise_value_error(call):
    assert_rejected(call)


def valid_target_shapes(call: Call) -> set[tuple[int, ...]]:
    y_shape = call.args[0].shape
    if call.name == "sparse_categorical_cross_entropy":
        return {y_shape[:-1]}
    if call.name == "cross_entropy_error":
        return {y_shape, y_shape[:-1]}
    return {y_shape}


RESHAPES: list[tuple[str, Callable[[np.ndarray], np.ndarray]]] = [
    ("a trailing axis of 1 (broadcastable)", lambda a: a[..., None]),
    ("a leading axis of 1 (broadcastable)", lambda a: a[None]),
    ("one element fewer", lambda a: a.reshape(-1)[:-1] if a.size > 1 else np.zeros(2)),
    ("one element more", lambda a: np.concatenate([a.reshape(-1), a.reshape(-1)[:1]])),
    ("flattened", lambda a: a.reshape(-1)),
    ("reversed axes", lambda a: a.T),
    ("a scalar", lambda a: a.reshape(-1)[0]),
    ("repeated along axis 0", lambda a: np.concatenate([a, a]) if a.ndim else np.zeros(2)),
]


@st.composite
def bad_shape_call(draw: st.DrawFn) -> Call:
    call = draw(any_valid_call())
    y = call.args[0]
    if call.name == "ctc_loss":
        return draw(bad_ctc_shape(call))
    kind = draw(st.sampled_from(["target", "target", "prediction-ndim"]))
    if kind == "prediction-ndim":
        # both arguments reshaped alike, to a rank this loss does not take
        if call.name in TEXTBOOK:
            new = (2, 1, *y.shape) if call.name == "mean_squared_error" else (1, 1, *y.shape)
            t = call.args[1]
            t_new = np.zeros(new) if np.shape(t) == y.shape else np.zeros(new[:-1], np.int64)
            return Call(call.name, (np.full(new, 0.5), t_new), call.kwargs, f"y of shape {new}")
        if call.name in (*CLASS_LOSSES, "kl_divergence"):
            t = call.args[1]
            scalar_t = 0 if call.name == "sparse_categorical_cross_entropy" else 0.5
            return Call(call.name, (0.5, scalar_t), call.kwargs, "0-d y has no class axis")
        kind = "target"
    why, reshape = draw(st.sampled_from(RESHAPES))
    t = np.asarray(call.args[1])
    new_t = reshape(t)
    assume(np.shape(new_t) not in valid_target_shapes(call))
    return maybe_via_value_and_grad(draw, replace_arg(call, 1, new_t, f"t as {why}"))


@st.composite
def bad_ctc_shape(draw: st.DrawFn, call: Call) -> Call:
    lp, targets, il, tl = call.args
    t_max, n, _ = lp.shape
    choice = draw(st.integers(0, 7))
    if choice == 0:
        return replace_arg(call, 0, lp[..., None], "4-D log_probs")
    if choice == 1:
        return replace_arg(call, 0, lp[:, 0, 0], "1-D log_probs")
    if choice == 2:
        return replace_arg(call, 2, np.append(il, t_max), "one input length too many")
    if choice == 3:
        return replace_arg(call, 3, np.append(tl, 0), "one target length too many")
    if choice == 4:
        return replace_arg(call, 2, il[:, None], "2-D input_lengths")
    if choice == 5:
        return replace_arg(call, 1, np.zeros((n, 1, 1), np.int64) + 1, "3-D targets")
    if choice == 6 and targets.ndim == 2:
        return replace_arg(call, 1, np.ones((n + 1, targets.shape[1]), np.int64), "N+1 rows")
    # (T, C) log_probs with batched (N,) lengths: unbatched input takes scalar lengths
    bad = replace_arg(call, 0, np.ascontiguousarray(lp[:, 0]), "(T, C) with batched targets")
    assume(targets.ndim == 2 or n > 1)
    return bad


@settings(PROFILE, max_examples=BAD_EXAMPLES["shape"])
@given(call=bad_shape_call())
def test_mismatched_and_broadcastable_shapes_raise_value_error(call):
    assert_rejected(call)


@st.composite
def out_of_range_call(draw: st.DrawFn) -> Call:
    """Probabilities outside [0, 1], labels out of range or not whole numbers."""
    call = draw(any_valid_call(tuple(n for n in ALL_LOSSES if n not in ("mse", "mae", "huber"))))
    if call.name == "mean_squared_error":
        call = draw(any_valid_call(("cross_entropy_error",)))
    y, t = call.args[0], call.args[1]
    logits = bool(call.kwargs.get("from_logits"))
    if call.name == "ctc_loss":
        return draw(bad_ctc_values(call))
    k = y.shape[-1] if y.ndim else 1
    label_target = call.name == "sparse_categorical_cross_entropy" or (
        call.name == "cross_entropy_error" and np.shape(t) != y.shape
    )
    pos = draw(st.sampled_from([1] if logits else [0, 1]))
    arr = np.array(call.args[pos], dtype=np.float64)
    excess = draw(st.sampled_from([1e-9, 1e-3, 0.5, 7.0]))
    if pos == 1 and label_target:
        bad = draw(st.sampled_from([-1.0, float(k), float(k + 3), 0.5, k - 0.5, -0.5]))
        why = f"label {bad} with {k} classes"
    else:
        bad = draw(st.sampled_from([1.0 + excess, -excess]))
        why = f"probability {bad} in argument {pos}"
    if arr.ndim == 0:
        arr = np.float64(bad)
    else:
        arr.flat[draw(st.integers(0, arr.size - 1))] = bad
    return maybe_via_value_and_grad(draw, replace_arg(call, pos, arr, why))


@st.composite
def bad_ctc_values(draw: st.DrawFn, call: Call) -> Call:
    lp, targets, il, tl = call.args
    t_max, n, c = lp.shape
    blank = call.kwargs["blank"]
    i = draw(st.integers(0, n - 1))
    choice = draw(st.integers(0, 8))
    if choice == 0:
        il = il.copy()
        il[i] = -1
        return replace_arg(call, 2, il, "negative input length")
    if choice == 1:
        il = il.copy()
        il[i] = t_max + 1
        return replace_arg(call, 2, il, "input length > T")
    if choice == 2:
        tl = tl.copy()
        tl[i] = -1
        return replace_arg(call, 3, tl, "negative target length")
    if choice == 3:
        tl = tl.copy()
        tl[i] += targets.shape[-1] + 1 if targets.ndim == 2 else 1
        return replace_arg(call, 3, tl, "target lengths beyond the targets")
    if choice in (4, 5):  # the blank inside a target
        assume(tl.sum() > 0)
        targets = targets.copy()
        if targets.ndim == 2:
            row = int(np.flatnonzero(tl > 0)[0])
            targets[row, draw(st.integers(0, int(tl[row]) - 1))] = blank
        else:
            targets[draw(st.integers(0, targets.size - 1))] = blank
        return replace_arg(call, 1, targets, f"blank {blank} inside a target")
    if choice == 6:
        assume(tl.sum() > 0)
        targets = targets.copy()
        row = int(np.flatnonzero(tl > 0)[0])
        where = (row, 0) if targets.ndim == 2 else (int(tl[:row].sum()),)
        targets[where] = draw(st.sampled_from([c, c + 5, -1]))
        return replace_arg(call, 1, targets, "a label outside [0, C)")
    if choice == 7:
        targets = targets.astype(np.float64) + 0.5
        assume(tl.sum() > 0)
        return replace_arg(call, 1, targets, "non-integer labels")
    return replace_arg(call, 2, il + 0.5, "non-integer input lengths")


@settings(PROFILE, max_examples=BAD_EXAMPLES["range"])
@given(call=out_of_range_call())
def test_out_of_range_values_raise_value_error(call):
    assert_rejected(call)


BAD_OPTIONS: dict[str, list[Any]] = {
    "reduction": ["avg", "MEAN", "", "batchmean", "elementwise_mean", None, 0, ["mean"]],
    "from_logits": ["yes", "False", None, 2.5],
    "delta": [0.0, -1.0, math.nan, math.inf, "1", None, 1j],
    "blank": [-1, 99, 1.5, "0", None],
    "zero_infinity": ["yes", None, 0.5],
}


@st.composite
def bad_option_call(draw: st.DrawFn) -> Call:
    call = draw(any_valid_call())
    options = ["reduction", "unknown"]
    if call.name in TEXTBOOK:
        options = ["unknown"] + (["delta"] if call.name == "cross_entropy_error" else [])
    if call.name in ("binary_cross_entropy", *CLASS_LOSSES):
        options.append("from_logits")
    if call.name == "huber":
        options.append("delta")
    if call.name == "ctc_loss":
        options += ["blank", "zero_infinity"]
    option = draw(st.sampled_from(options))
    kw = dict(call.kwargs)
    if option == "unknown":
        kw[draw(st.sampled_from(["axis", "reduce", "size_average", "smoothing"]))] = 1
        return Call(call.name, call.args, kw, "an unknown keyword")
    value = draw(st.sampled_from(BAD_OPTIONS[option]))
    if option == "blank" and value == 99:
        value = call.args[0].shape[-1]  # == C
    if option == "delta" and call.name == "cross_entropy_error" and value == 0.0:
        value = -1e-7
    kw[option] = value
    return Call(call.name, call.args, kw, f"{option}={value!r}")


@settings(PROFILE, max_examples=BAD_EXAMPLES["option"])
@given(call=bad_option_call())
def test_unknown_options_raise_value_or_type_error(call):
    assert_rejected(call)


@st.composite
def bad_api_call(draw: st.DrawFn) -> Call:
    """value_and_grad, combine_losses and recommend_loss given what they cannot take."""
    case = draw(st.integers(0, 4))
    if case == 0:
        call = draw(any_valid_call((*FRAMEWORK, "ctc_loss")))
        kw = {**call.kwargs, "reduction": "none"}
        return Call(f"value_and_grad:{call.name}", call.args, kw, "value_and_grad 'none'")
    if case == 1:
        y = draw(arrays((3,), -1, 1))
        fn = draw(st.sampled_from(["mse", None, 3, "softmax", "sigmoid", "numerical_gradient"]))
        loss = getattr(lk, fn) if fn in ("softmax", "sigmoid", "numerical_gradient") else fn
        return Call("value_and_grad", (loss, y, y.copy()), {}, f"value_and_grad of {fn!r}")
    if case == 2:
        losses, weights, reduction, why = draw(
            st.sampled_from(
                [
                    ([], None, "mean", "no losses"),
                    ([1.0, math.nan], None, "mean", "a NaN loss"),
                    ([1.0, "a"], None, "mean", "a string loss"),
                    ([1.0, None], None, "mean", "a None loss"),
                    ([1.0, 2.0], [1.0], "mean", "fewer weights than losses"),
                    ([1.0, 2.0], [1.0, 2.0, 3.0], "sum", "more weights than losses"),
                    ([1.0, 2.0], [0.0, 0.0], "mean", "weights summing to 0 under 'mean'"),
                    ([1.0, 2.0], [1.0, math.nan], "sum", "a NaN weight"),
                    ([1.0, 2.0], ["a", 1.0], "sum", "a string weight"),
                    ([1.0, 2.0], None, "avg", "unknown reduction"),
                    ({"a": 1.0}, {"b": 1.0}, "sum", "weights for another key"),
                    (None, None, "mean", "None"),
                    (1.5, None, "mean", "a bare number"),
                    ("ab", None, "mean", "a string"),
                    ([1.0 + 2j], None, "mean", "a complex loss"),
                ]
            )
        )
        return Call("combine_losses", (losses,), {"weights": weights, "reduction": reduction}, why)
    key = draw(st.sampled_from(["unknown", "", "classification", None, 3, ["binary"]]))
    return Call("recommend_loss", (key,), {}, f"recommend_loss({key!r})")


@settings(PROFILE, max_examples=BAD_EXAMPLES["api"])
@given(call=bad_api_call())
def test_value_and_grad_combine_and_guide_reject_bad_input(call):
    assert_rejected(call)
