"""losskit.regression: mse, mae, huber — hand-checked values, conventions, errors, gradients."""

import re

import numpy as np
import pytest

from losskit import huber, mae, mse, numerical_gradient, value_and_grad

LOSSES = [mse, mae, huber]
REDUCTIONS = ["mean", "sum", "none"]

Y = np.array([0.5, 1.0, 3.0, -2.0])
T = np.array([0.0, 1.0, 1.0, 0.0])
# differences: 0.5, 0, 2, -2


# --------------------------------------------------------------------------- values


@pytest.mark.parametrize(
    ("reduction", "expected"),
    [("mean", (0.25 + 0 + 4 + 4) / 4), ("sum", 8.25), ("none", [0.25, 0.0, 4.0, 4.0])],
)
def test_mse_by_hand(reduction, expected):
    out = mse(Y, T, reduction=reduction)
    if reduction == "none":
        assert out.tolist() == expected
    else:
        assert type(out) is float and out == expected


@pytest.mark.parametrize(
    ("reduction", "expected"),
    [("mean", 4.5 / 4), ("sum", 4.5), ("none", [0.5, 0.0, 2.0, 2.0])],
)
def test_mae_by_hand(reduction, expected):
    out = mae(Y, T, reduction=reduction)
    if reduction == "none":
        assert out.tolist() == expected
    else:
        assert type(out) is float and out == expected


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (1.0, [0.125, 0.0, 1.5, 1.5]),  # 2 > 1: 1 * (2 - 0.5)
        (2.0, [0.125, 0.0, 2.0, 2.0]),  # |d| = delta: both branches give 2
        (0.25, [0.25 * (0.5 - 0.125), 0.0, 0.25 * (2 - 0.125), 0.25 * (2 - 0.125)]),
        (10.0, [0.125, 0.0, 2.0, 2.0]),  # all quadratic: half the squared error
    ],
)
def test_huber_by_hand(delta, expected):
    out = huber(Y, T, delta=delta, reduction="none")
    np.testing.assert_allclose(out, expected, rtol=1e-15)
    assert huber(Y, T, delta=delta, reduction="sum") == pytest.approx(sum(expected), rel=1e-15)
    assert huber(Y, T, delta=delta) == pytest.approx(sum(expected) / 4, rel=1e-15)


def test_huber_with_a_large_delta_is_half_the_mse():
    assert huber(Y, T, delta=100.0) == mse(Y, T) / 2


def test_huber_with_a_small_delta_approaches_delta_times_mae():
    delta = 1e-6
    assert huber(Y, T, delta=delta) == pytest.approx(delta * mae(Y, T), rel=1e-5)


@pytest.mark.parametrize("f", LOSSES)
def test_is_zero_at_a_perfect_prediction(f):
    assert f(Y, Y) == 0.0


@pytest.mark.parametrize("f", LOSSES)
def test_sum_is_n_times_mean(f):
    y = np.arange(12.0).reshape(3, 4)
    assert f(y, y[::-1], reduction="sum") == pytest.approx(12 * f(y, y[::-1]), rel=1e-15)


@pytest.mark.parametrize("f", LOSSES)
def test_mean_runs_over_every_element_of_a_multidimensional_input(f):
    y = np.arange(24.0).reshape(2, 3, 4) / 7
    t = np.zeros_like(y)
    per = f(y, t, reduction="none")
    assert per.shape == (2, 3, 4)
    assert f(y, t) == pytest.approx(per.mean(), rel=1e-15)


@pytest.mark.parametrize("f", LOSSES)
def test_accepts_scalars(f):
    assert f(2.5, 1.0) == f([2.5], [1.0])
    out = f(2.5, 1.0, reduction="none")
    assert isinstance(out, np.ndarray) and out.shape == ()
    _, grad = value_and_grad(f, 2.5, 1.0)
    assert isinstance(grad, np.ndarray) and grad.shape == ()


def test_mse_of_differences_beyond_the_float_range_is_inf_without_warnings():
    assert mse([1e200], [-1e200]) == np.inf
    assert mse([1e308], [-1e308]) == np.inf
    assert mae([1e308], [-1e308]) == np.inf
    assert huber([1e308], [-1e308]) == np.inf


# --------------------------------------------------------------------------- conventions


@pytest.mark.parametrize("f", LOSSES)
@pytest.mark.parametrize("t_dtype", [np.float32, np.float64, np.int64])
def test_float32_predictions_give_float32_arrays(f, t_dtype):
    out = f(np.float32([0.5, 2.0]), np.array([0, 1], dtype=t_dtype), reduction="none")
    assert out.dtype == np.float32


@pytest.mark.parametrize("f", LOSSES)
def test_integer_input_is_promoted_to_float64(f):
    out = f([3, 0], [1, 0], reduction="none")
    assert out.dtype == np.float64
    assert f([3, 0], [1, 0], reduction="sum") == f([3.0, 0.0], [1.0, 0.0], reduction="sum")


@pytest.mark.parametrize("f", LOSSES)
@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_reduced_results_are_python_floats_also_for_float32(f, reduction):
    assert type(f(np.float32([0.5]), np.float32([0.0]), reduction=reduction)) is float


def test_float32_mean_accumulates_in_float64():
    y = np.full(10**6, 0.1, dtype=np.float32)
    value = mse(y, np.zeros_like(y), reduction="sum")
    assert value == pytest.approx(10**6 * float(np.float32(0.1) ** 2), rel=1e-9)


@pytest.mark.parametrize("f", LOSSES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_inputs_are_not_modified_and_read_only_inputs_are_accepted(f, reduction):
    y, t = Y.copy(), T.copy()
    y.setflags(write=False)
    t.setflags(write=False)
    out = f(y, t, reduction=reduction)
    np.testing.assert_array_equal(y, Y)
    np.testing.assert_array_equal(t, T)
    if reduction == "none":
        assert not np.shares_memory(out, y) and not np.shares_memory(out, t)


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize("f", LOSSES)
def test_refuses_to_broadcast(f):
    msg = "t has shape (3, 1) but y has shape (3,); losskit never broadcasts y against t"
    with pytest.raises(ValueError, match=re.escape(msg)):
        f(np.zeros(3), np.zeros((3, 1)))


@pytest.mark.parametrize("f", LOSSES)
@pytest.mark.parametrize(
    ("y", "t", "error", "message"),
    [
        ([], [], ValueError, "y is empty (shape (0,)); expected at least one element"),
        ([1.0, np.nan], [0.0, 0.0], ValueError, "y contains NaN at index 1; expected finite"),
        ([1.0], [-np.inf], ValueError, "t contains -inf at index 0; expected finite numbers"),
        ("1.0", [1.0], TypeError, "y is a string ('1.0'); expected an array of real numbers"),
        ([1.0], None, TypeError, "t is None; expected an array of real numbers"),
        ([1j], [1.0], TypeError, "y has dtype complex128 (complex); expected real numbers"),
        ([1.0], [object()], TypeError, "t has dtype object; expected real numbers"),
        ([True], [1.0], TypeError, "y has dtype bool; expected real numbers"),
        ([[1.0], [1.0, 2.0]], [1.0], ValueError, "y is ragged"),
    ],
)
def test_bad_input_raises_a_clear_error(f, y, t, error, message):
    with pytest.raises(error, match=re.escape(message)):
        f(y, t)


@pytest.mark.parametrize("f", LOSSES)
@pytest.mark.parametrize("reduction", ["avg", "MEAN", None, "batchmean"])
def test_unknown_reduction_is_refused(f, reduction):
    msg = f"reduction is {reduction!r}; expected one of 'mean', 'sum', 'none'"
    with pytest.raises(ValueError, match=re.escape(msg)):
        f(Y, T, reduction=reduction)


@pytest.mark.parametrize(
    ("delta", "error"),
    [
        (0.0, ValueError),
        (-1.0, ValueError),
        (np.inf, ValueError),
        ("1", TypeError),
        (None, TypeError),
    ],
)
def test_huber_delta_must_be_a_positive_finite_number(delta, error):
    msg = f"delta is {delta!r}; expected a positive finite number"
    with pytest.raises(error, match=re.escape(msg)):
        huber(Y, T, delta=delta)


@pytest.mark.parametrize("f", LOSSES)
def test_options_are_keyword_only(f):
    with pytest.raises(TypeError):
        f(Y, T, "sum")


# --------------------------------------------------------------------------- gradients

RNG = np.random.default_rng(3)
YG = RNG.normal(size=(3, 4)) * 2
TG = RNG.normal(size=(3, 4))


@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize(
    ("f", "kwargs"), [(mse, {}), (mae, {}), (huber, {}), (huber, {"delta": 0.3})]
)
def test_gradient_matches_numerical_gradient(f, kwargs, reduction):
    value, grad = value_and_grad(f, YG, TG, reduction=reduction, **kwargs)
    assert value == f(YG, TG, reduction=reduction, **kwargs)
    expected = numerical_gradient(lambda v: f(v, TG, reduction=reduction, **kwargs), YG)
    np.testing.assert_allclose(grad, expected, rtol=1e-6, atol=1e-9)


def test_gradients_by_hand():
    _, g = value_and_grad(mse, Y, T)
    np.testing.assert_array_equal(g, 2 * (Y - T) / 4)
    _, g = value_and_grad(mae, Y, T, reduction="sum")
    np.testing.assert_array_equal(g, [1.0, 0.0, 1.0, -1.0])  # sign(0) = 0, as torch
    _, g = value_and_grad(huber, Y, T, reduction="sum")
    np.testing.assert_array_equal(g, [0.5, 0.0, 1.0, -1.0])  # clipped to [-delta, delta]


@pytest.mark.parametrize("f", LOSSES)
def test_gradient_keeps_float32_and_the_shape(f):
    _, grad = value_and_grad(f, np.float32(YG), TG)
    assert grad.dtype == np.float32 and grad.shape == YG.shape
