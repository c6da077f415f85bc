"""losskit._registry: the reducer, the registry's declarations and its argnums."""

import re

import numpy as np
import pytest

import losskit
from losskit import value_and_grad
from losskit._registry import REGISTRY, block_sum, reduce


def test_reduce_returns_python_floats_and_arrays():
    per = np.array([1.0, 2.0, 4.0], dtype=np.float32)
    (mean, d_mean), (total, d_sum) = reduce(per, "mean"), reduce(per, "sum")
    assert type(mean) is float and mean == 7 / 3
    assert type(total) is float and total == 7.0
    assert d_mean.dtype == np.float32 and d_mean == np.float32(1 / 3)
    assert d_sum == 1.0
    none, d_none = reduce(per, "none")
    assert none is per and d_none is None


def test_reduce_accumulates_float32_in_float64():
    per = np.array([1e8, 1, 1, 1, 1], dtype=np.float32)  # float32 alone would give 1e8
    assert reduce(per, "sum")[0] == 100000004.0


def test_reduce_turns_numpy_scalars_into_0d_arrays():
    out, _ = reduce(np.float32(2.0), "none")
    assert isinstance(out, np.ndarray) and out.shape == () and out.dtype == np.float32


def test_weighted_mean_is_torchs_sum_of_weighted_terms_over_the_weights():
    per = np.array([1.0, 2.0, 4.0])
    weight = np.array([0.5, 1.0, 2.0])
    value, d_per = reduce(per, "mean", weight)
    assert value == pytest.approx((0.5 + 2.0 + 8.0) / 3.5, rel=1e-15)
    np.testing.assert_allclose(d_per, weight / 3.5, rtol=1e-15)
    total, d_sum = reduce(per, "sum", weight)
    assert total == 10.5
    np.testing.assert_array_equal(d_sum, weight)
    np.testing.assert_array_equal(reduce(per, "none", weight)[0], per * weight)


def test_a_mask_drops_items_whatever_their_value():
    per = np.array([1.0, np.inf, 3.0])
    mask = np.array([True, False, True])
    value, d_per = reduce(per, "mean", mask=mask)
    assert value == 2.0
    np.testing.assert_array_equal(d_per, [0.5, 0.0, 0.5])
    np.testing.assert_array_equal(reduce(per, "none", mask=mask)[0], [1.0, 0.0, 3.0])


def test_a_mean_of_nothing_is_an_error():
    with pytest.raises(ValueError, match="the weighted mean is undefined"):
        reduce(np.ones(2), "mean", mask=np.zeros(2, dtype=bool))


def test_count_replaces_the_denominator_of_the_mean():
    value, d_per = reduce(np.array([1.0, 2.0, 3.0, 6.0]), "mean", count=2)
    assert (value, float(d_per)) == (6.0, 0.5)


def test_block_sum_is_independent_of_memory_layout():
    rng = np.random.default_rng(3)
    a = rng.standard_normal((300, 500))
    assert block_sum(a) == block_sum(np.asfortranarray(a)) == block_sum(a.copy()[:, ::1])
    assert block_sum(a[:10, :10]) == float(np.sum(a[:10, :10], dtype=np.float64))


def test_every_public_loss_is_registered_and_every_registered_loss_is_public():
    for name, spec in REGISTRY.items():
        assert getattr(losskit, name) is spec.func
        assert name in losskit.__all__
        assert spec.differentiable and set(spec.differentiable) <= set(spec.positional)
        assert re.fullmatch(r"[a-z0-9_]+", spec.formula)


def test_argnums_tuple_gives_a_tuple_of_gradients():
    y, t = [0.5, 1.0], [0.0, 1.0]
    value, grads = value_and_grad(losskit.mse, y, t, argnums=(0,))
    assert isinstance(grads, tuple) and len(grads) == 1
    single_value, single_grad = value_and_grad(losskit.mse, y, t)
    assert value == single_value == 0.125
    assert grads[0].tolist() == single_grad.tolist() == [0.5, 0.0]


@pytest.mark.parametrize(
    ("loss", "args", "argnums", "message"),
    [
        (losskit.mse, ([0.5], [0.0]), 1, "argnums has 1, which is t: mse is not differentiable"),
        (
            losskit.sparse_categorical_cross_entropy,
            ([[0.5, 0.5]], [0]),
            (0, 1),
            "argnums has 1, which is labels",
        ),
        (
            losskit.ctc_loss,
            (np.zeros((2, 1, 2)), [[1]], [2], [1]),
            2,
            "argnums has 2, which is input_lengths",
        ),
        (losskit.mse, ([0.5], [0.0]), 5, "mse has no array argument 5; expected one of 0 (y)"),
        (losskit.mse, ([0.5], [0.0]), (0, 0), "expected each argument at most once"),
    ],
)
def test_asking_for_the_gradient_of_a_target_is_a_value_error(loss, args, argnums, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        value_and_grad(loss, *args, argnums=argnums)


@pytest.mark.parametrize("argnums", [True, 0.0, "0", (), [0], None])
def test_argnums_must_be_an_int_or_a_tuple_of_ints(argnums):
    with pytest.raises(TypeError, match=re.escape(f"argnums is {argnums!r}; expected an int")):
        value_and_grad(losskit.mse, [0.5], [0.0], argnums=argnums)
