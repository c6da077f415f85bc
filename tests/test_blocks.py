"""Blocked evaluation (`losskit._registry`): the same bits in every layout, exact sums.

A reduced loss walks its input in cache-sized blocks, on unvalidated input, and gives way
to the validated path when a block looks wrong. Both run the one body of the loss and sum
in C-ordered blocks, so a strided (non-contiguous) view of the same values, which is
copied to C order, must give the same float bit for bit, over one block or many; sums over
many blocks add exact block sums with `math.fsum`, within 2 ulp of the exact sum.
"""

from __future__ import annotations

import math
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import losskit as lk
from losskit._registry import BLOCK_BYTES
from losskit.gradients import value_and_grad

DTYPES = (np.float32, np.float64)
REDUCTIONS = ("mean", "sum")


def strided(a: np.ndarray) -> np.ndarray:
    """The same values as a non-contiguous view."""
    holder = np.empty((*a.shape, 2), dtype=a.dtype)
    holder[..., 0] = a
    view = holder[..., 0]
    assert not view.flags.c_contiguous or view.size <= 1
    return view


def one_block(dtype: Any) -> int:
    return BLOCK_BYTES // np.dtype(dtype).itemsize


def elementwise_inputs(name: str, n: int, dtype: Any, seed: int) -> tuple[Any, ...]:
    rng = np.random.default_rng(seed)
    if name == "bce_probabilities":
        p = rng.random(n).astype(dtype)
        t = rng.random(n).astype(dtype)
        p[:2] = [0.0, 1.0]  # exactly 0 and 1: the clamped logs
        t[:2] = [1.0, 0.0]
        return p, t
    y = (4 * rng.standard_normal(n)).astype(dtype)
    t = (
        rng.random(n).astype(dtype)
        if name == "bce_logits"
        else rng.standard_normal(n).astype(dtype)
    )
    return y, t


ELEMENTWISE: dict[str, Callable[..., Any]] = {
    "mse": lk.mse,
    "mae": lk.mae,
    "huber": lk.huber,
    "huber_delta_0.3": lambda y, t, **kw: lk.huber(y, t, delta=0.3, **kw),
    "bce_logits": lambda y, t, **kw: lk.binary_cross_entropy(y, t, from_logits=True, **kw),
    "bce_probabilities": lk.binary_cross_entropy,
}


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("name", sorted(ELEMENTWISE))
def test_elementwise_layouts_give_the_same_bits(name, reduction, dtype):
    loss = ELEMENTWISE[name]
    for n in (2, 5, 1000, one_block(dtype), 3 * one_block(dtype) + 5):
        y, t = elementwise_inputs(name.split("_delta")[0], n, dtype, seed=n)
        fast = loss(y, t, reduction=reduction)
        plain = loss(strided(y), strided(t), reduction=reduction)
        assert type(fast) is float
        assert fast == plain, (n, fast, plain)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("name", sorted(ELEMENTWISE))
def test_elementwise_sums_over_many_blocks_are_within_2_ulp_of_the_exact_sum(
    name, reduction, dtype
):
    loss = ELEMENTWISE[name]
    n = 5 * one_block(dtype) + 17
    y, t = elementwise_inputs(name.split("_delta")[0], n, dtype, seed=7)
    fast = loss(y, t, reduction=reduction)
    terms = loss(strided(y), strided(t), reduction="none").astype(np.float64)
    exact = math.fsum(terms.tolist())
    if reduction == "mean":
        exact /= n
    assert type(fast) is float
    assert abs(fast - exact) <= 2 * math.ulp(exact), (fast, exact)
    if dtype == np.float64:  # lists hold Python floats: float64
        assert fast == loss(y.tolist(), t.tolist(), reduction=reduction)


def class_inputs(shape: tuple[int, ...], dtype: Any, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = (5 * rng.standard_normal(shape)).astype(dtype)
    labels = rng.integers(0, shape[-1], size=shape[:-1])
    onehot = np.zeros(shape, dtype=dtype)
    np.put_along_axis(onehot, labels[..., np.newaxis], 1, axis=-1)
    soft = rng.random(shape).astype(dtype)
    soft[..., 0] = 0.0
    soft /= soft.sum(axis=-1, keepdims=True)
    probs = rng.random(shape).astype(dtype) + dtype(0.01)
    probs /= probs.sum(axis=-1, keepdims=True)
    return {"x": x, "labels": labels, "onehot": onehot, "soft": soft, "probs": probs}


CLASS_SHAPES = [(3,), (4, 2), (200, 10), (3, 70, 2), (5000, 130)]  # the last spans blocks


@pytest.mark.parametrize("shape", CLASS_SHAPES)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_row_wise_layouts_give_the_same_bits(shape, dtype, reduction):
    a = class_inputs(shape, dtype, seed=len(shape) * 100 + shape[-1])
    x, labels = a["x"], a["labels"]
    cases: list[tuple[Callable[..., Any], tuple[np.ndarray, ...], dict[str, Any]]] = [
        (lk.sparse_categorical_cross_entropy, (x, labels), {"from_logits": True}),
        (lk.categorical_cross_entropy, (x, a["onehot"]), {"from_logits": True}),
        (lk.categorical_cross_entropy, (x, a["soft"]), {"from_logits": True}),
        (lk.kl_divergence, (a["probs"], a["soft"]), {}),
        (lk.kl_divergence, (a["probs"], a["onehot"]), {}),
    ]
    for loss, (y, t), kw in cases:
        fast = loss(y, t, reduction=reduction, **kw)
        plain = loss(strided(y), t, reduction=reduction, **kw)
        assert type(fast) is float
        assert fast == plain, (loss.__name__, fast, plain)
        if loss is not lk.kl_divergence:
            fv, fg = value_and_grad(loss, y, t, reduction=reduction, **kw)
            pv, pg = value_and_grad(loss, strided(y), t, reduction=reduction, **kw)
            assert fv == pv
            assert fg.dtype == y.dtype and fg.shape == y.shape and fg.flags.c_contiguous
            np.testing.assert_array_equal(fg, pg)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda y: lk.mse(y, np.zeros_like(y)), r"y contains NaN at index 70000"),
        (lambda y: lk.huber(np.zeros_like(y), y), r"t contains NaN at index 70000"),
        (
            lambda y: lk.binary_cross_entropy(y, np.full_like(y, 0.5), from_logits=True),
            r"y contains NaN at index 70000",
        ),
        (
            lambda y: lk.binary_cross_entropy(np.full_like(y, 0.5), np.nan_to_num(y, nan=2.0)),
            r"t has values outside \[0, 1\] \(max 2",
        ),
        (
            lambda y: lk.sparse_categorical_cross_entropy(
                y.reshape(-1, 100), np.zeros(y.size // 100, dtype=int), from_logits=True
            ),
            r"y contains NaN at index \(700, 0\)",
        ),
        (
            lambda y: lk.categorical_cross_entropy(
                np.zeros((y.size // 100, 100)),
                np.nan_to_num(y, nan=-1.0).reshape(-1, 100),
                from_logits=True,
            ),
            r"t has values outside \[0, 1\] \(min -1",
        ),
    ],
)
def test_bad_values_deep_inside_large_input_raise_the_validated_paths_errors(call, match):
    y = np.zeros(200_000)
    y[70_000] = np.nan
    with pytest.raises(ValueError, match=match):
        call(y)


def test_finite_inputs_whose_loss_overflows_give_inf_as_before():
    y = np.zeros(100_000)
    y[50_000] = 1e200
    assert lk.mse(y, -y) == math.inf
    assert lk.mse(y, -y, reduction="sum") == math.inf


@pytest.mark.parametrize(("value", "shown"), [(-np.inf, "-inf"), (np.inf, "inf"), (np.nan, "NaN")])
def test_non_finite_unpicked_logits_are_still_refused(value, shown):
    x = np.zeros((1000, 10))
    x[500, 3] = value
    with pytest.raises(ValueError, match=rf"y contains {shown} at index \(500, 3\)"):
        lk.sparse_categorical_cross_entropy(x, np.zeros(1000, dtype=int), from_logits=True)
    with pytest.raises(ValueError, match=rf"y contains {shown} at index \(500, 3\)"):
        value_and_grad(
            lk.sparse_categorical_cross_entropy, x, np.zeros(1000, dtype=int), from_logits=True
        )


def test_read_only_inputs_are_accepted_and_left_alone():
    y, t = elementwise_inputs("mse", 100_000, np.float64, seed=3)
    y0, t0 = y.copy(), t.copy()
    y.flags.writeable = False
    t.flags.writeable = False
    assert lk.mse(y, t) == lk.mse(y0, t0)
    np.testing.assert_array_equal(y, y0)
    np.testing.assert_array_equal(t, t0)


def peak_extra(fn: Callable[[], object]) -> int:
    fn()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        fn()
        return tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(
    ("name", "call"),
    [
        ("huber", lambda y, t: lk.huber(y, t)),
        ("bce_logits", lambda y, t: lk.binary_cross_entropy(y, t, from_logits=True)),
        ("bce_probabilities", lambda y, t: lk.binary_cross_entropy(y, t)),
        (
            "softmax_ce",
            lambda y, t: lk.categorical_cross_entropy(
                y.reshape(-1, 100), t.reshape(-1, 100), from_logits=True
            ),
        ),
        ("kl", lambda y, t: lk.kl_divergence(y.reshape(-1, 100), t.reshape(-1, 100))),
    ],
)
def test_reduced_losses_need_at_most_a_quarter_of_y_in_extra_memory(name, call):
    kind = "bce_probabilities" if name in ("bce_probabilities", "kl") else "bce_logits"
    y, t = elementwise_inputs(kind, 4_000_000, np.float32, seed=5)
    y[:2] = 0.5  # no p = 0 under t > 0: KL would be inf, from the validated path
    assert peak_extra(lambda: call(y, t)) <= y.nbytes // 4


def test_huber_delta_beyond_float32_range_is_the_quadratic_part_without_a_warning():
    y, t = elementwise_inputs("huber", 100_000, np.float32, seed=11)
    d = (y - t).astype(np.float64)  # the float32 difference losskit computes, widened
    fast = lk.huber(y, t, delta=1e300, reduction="sum")
    plain = lk.huber(strided(y), strided(t), delta=1e300, reduction="sum")
    assert fast == plain
    assert fast == pytest.approx(0.5 * math.fsum((d * d).tolist()), rel=1e-6)
    value, grad = value_and_grad(lk.huber, y, t, delta=1e300, reduction="sum")
    assert value == fast
    assert grad.dtype == np.float32
    np.testing.assert_array_equal(grad, y - t)
