"""losskit.textbook: the article's mean_squared_error and cross_entropy_error, exactly."""

import math
import re

import numpy as np
import pytest

from losskit import cross_entropy_error, mean_squared_error, numerical_gradient, value_and_grad

T = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
Y = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]


# --------------------------------------------------------------------------- the article


def test_article_mean_squared_error_prints_exactly():
    value = mean_squared_error(np.array(Y), np.array(T))
    assert type(value) is float
    assert repr(value) == "0.09750000000000003"
    assert str(value) == "0.09750000000000003"


def test_article_cross_entropy_error_prints_exactly():
    value = cross_entropy_error(np.array(Y), np.array(T))
    assert type(value) is float
    assert repr(value) == "0.510825457099338"


def test_article_numbers_equal_the_articles_own_code():
    y, t = np.array(Y), np.array(T)
    assert mean_squared_error(y, t) == 0.5 * np.sum((y - t) ** 2)
    assert cross_entropy_error(y, t) == -np.sum(t * np.log(y + 1e-7))


def test_lists_give_the_same_numbers_as_arrays():
    assert mean_squared_error(Y, T) == mean_squared_error(np.array(Y), np.array(T))
    assert cross_entropy_error(Y, T) == cross_entropy_error(np.array(Y), np.array(T))


# --------------------------------------------------------------------------- mean_squared_error


def test_mean_squared_error_is_a_half_sum_not_a_mean():
    assert mean_squared_error([1.0, 2.0, 3.0], [0.0, 0.0, 0.0]) == 0.5 * (1 + 4 + 9)


def test_mean_squared_error_averages_rows_of_a_mini_batch():
    y = [[1.0, 0.0], [0.0, 3.0]]
    t = [[0.0, 0.0], [0.0, 0.0]]
    assert mean_squared_error(y, t) == (0.5 * 1 + 0.5 * 9) / 2


def test_mean_squared_error_is_zero_for_a_perfect_prediction():
    assert mean_squared_error(T, T) == 0.0


def test_mean_squared_error_accepts_float32_and_ints():
    assert mean_squared_error(np.float32([1.5, 0.0]), [0, 0]) == 1.125
    assert mean_squared_error([3, 0], [1, 0]) == 2.0


# --------------------------------------------------------------------------- cross_entropy_error


def test_cross_entropy_error_one_hot_is_minus_log_of_the_true_class():
    assert cross_entropy_error([0.2, 0.8], [0, 1]) == -math.log(0.8 + 1e-7)


def test_cross_entropy_error_uses_soft_targets_as_they_are():
    y, t = [0.2, 0.3, 0.5], [0.1, 0.2, 0.7]
    expected = -sum(ti * math.log(yi + 1e-7) for yi, ti in zip(y, t, strict=True))
    assert cross_entropy_error(y, t) == pytest.approx(expected, rel=1e-15)
    # not collapsed to the argmax (which would give -log 0.5)
    assert cross_entropy_error(y, t) != pytest.approx(-math.log(0.5 + 1e-7))


def test_cross_entropy_error_averages_rows_of_a_mini_batch():
    y = [[0.5, 0.5], [0.1, 0.9]]
    t = [[1, 0], [0, 1]]
    expected = -(math.log(0.5 + 1e-7) + math.log(0.9 + 1e-7)) / 2
    assert cross_entropy_error(y, t) == pytest.approx(expected, rel=1e-15)


@pytest.mark.parametrize("labels", [[0, 1], np.array([0.0, 1.0]), np.array([0, 1], np.uint8)])
def test_cross_entropy_error_labels_equal_one_hot(labels):
    y = [[0.5, 0.5], [0.1, 0.9]]
    assert cross_entropy_error(y, labels) == pytest.approx(
        cross_entropy_error(y, [[1, 0], [0, 1]]), rel=1e-15
    )


def test_cross_entropy_error_takes_a_scalar_label_for_one_sample():
    assert cross_entropy_error(np.array(Y), 2) == cross_entropy_error(np.array(Y), np.array(T))


def test_cross_entropy_error_delta_keeps_a_zero_probability_finite():
    assert cross_entropy_error([1.0, 0.0], [0, 1]) == pytest.approx(-math.log(1e-7), rel=1e-12)
    assert cross_entropy_error([1.0, 0.0], [1, 0]) == pytest.approx(-math.log1p(1e-7), rel=1e-9)
    assert cross_entropy_error([0.5, 0.5], [1, 0], delta=0.5) == 0.0


def test_cross_entropy_error_does_not_require_rows_to_sum_to_one():
    assert cross_entropy_error([0.5, 0.9], [0, 1]) == -math.log(0.9 + 1e-7)


def test_cross_entropy_error_with_float32_input():
    value = cross_entropy_error(np.float32(Y), T)
    assert type(value) is float
    assert value == pytest.approx(0.510825457099338, rel=1e-6)


# --------------------------------------------------------------------------- conventions


@pytest.mark.parametrize("f", [mean_squared_error, cross_entropy_error])
def test_inputs_are_not_modified_and_read_only_inputs_are_accepted(f):
    y, t = np.array([Y, Y]), np.array([T, T], dtype=float)
    for a in (y, t):
        a.setflags(write=False)
    before = y.copy(), t.copy()
    f(y, t)
    np.testing.assert_array_equal(y, before[0])
    np.testing.assert_array_equal(t, before[1])


def test_mean_squared_error_refuses_to_broadcast():
    msg = "t has shape (3, 1) but y has shape (3,); losskit never broadcasts y against t"
    with pytest.raises(ValueError, match=re.escape(msg)):
        mean_squared_error(np.zeros(3), np.zeros((3, 1)))


@pytest.mark.parametrize("f", [mean_squared_error, cross_entropy_error])
@pytest.mark.parametrize("shape", [(), (2, 2, 2)])
def test_only_1d_and_2d_input_is_accepted(f, shape):
    with pytest.raises(ValueError, match=re.escape(f"y has shape {shape} ({len(shape)} dim")):
        f(np.full(shape, 0.5), np.full(shape, 0.5))


@pytest.mark.parametrize(
    ("y", "t", "error", "message"),
    [
        ([0.5], [], ValueError, "t is empty (shape (0,)); expected at least one element"),
        ([0.5, np.nan], [0, 1], ValueError, "y contains NaN at index 1"),
        ([0.5, 0.5], [np.inf, 0], ValueError, "t contains inf at index 0"),
        ("0.5", [1], TypeError, "y is a string ('0.5')"),
        ([0.5], None, TypeError, "t is None"),
        ([0.5 + 0j], [1], TypeError, "y has dtype complex128 (complex)"),
        ([0.5], [object()], TypeError, "t has dtype object"),
    ],
)
@pytest.mark.parametrize("f", [mean_squared_error, cross_entropy_error])
def test_bad_input_raises_a_clear_error(f, y, t, error, message):
    with pytest.raises(error, match=re.escape(message)):
        f(y, t)


@pytest.mark.parametrize(
    ("y", "t", "message"),
    [
        ([1.2, 0.0], [1, 0], "y has values outside [0, 1] (max 1.2); expected probabilities"),
        ([0.5, 0.5], [-0.5, 1], "t has values outside [0, 1] (min -0.5); expected one-hot"),
        ([[0.5, 0.5]], [2], "t has values outside [0, 2) (max 2); expected class indices"),
        ([[0.5, 0.5]], [0.5], "t has values that are not whole numbers (e.g. 0.5)"),
        (
            [[0.5, 0.5]] * 3,
            [[0, 1]] * 2,
            "t has shape (2, 2) but y has shape (3, 2); expected t of shape (3, 2) (one-hot "
            "or soft targets) or (3,) (integer labels)",
        ),
    ],
)
def test_cross_entropy_error_checks_ranges_labels_and_shapes(y, t, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        cross_entropy_error(y, t)


@pytest.mark.parametrize(
    ("delta", "error"),
    [(0, ValueError), (-1e-7, ValueError), (np.nan, ValueError), ("x", TypeError)],
)
def test_cross_entropy_error_delta_must_be_positive(delta, error):
    with pytest.raises(error, match=re.escape(f"delta is {delta!r}; expected a positive finite")):
        cross_entropy_error([0.5, 0.5], [1, 0], delta=delta)


# --------------------------------------------------------------------------- gradients

RNG = np.random.default_rng(7)
P = RNG.uniform(0.05, 0.95, size=(4, 5))
SOFT = RNG.uniform(size=(4, 5))


@pytest.mark.parametrize(
    ("f", "y", "t", "kwargs"),
    [
        (mean_squared_error, P[0], SOFT[0], {}),
        (mean_squared_error, P, SOFT, {}),
        (cross_entropy_error, P[0], SOFT[0], {}),
        (cross_entropy_error, P, SOFT, {}),
        (cross_entropy_error, P, np.array([0, 4, 2, 2]), {}),
        (cross_entropy_error, P[1], 3, {"delta": 0.1}),
    ],
)
def test_gradient_matches_numerical_gradient(f, y, t, kwargs):
    value, grad = value_and_grad(f, y, t, **kwargs)
    assert value == f(y, t, **kwargs)
    expected = numerical_gradient(lambda v: f(v, t, **kwargs), y)
    np.testing.assert_allclose(grad, expected, rtol=1e-5, atol=1e-9)


def test_mean_squared_error_gradient_is_y_minus_t():
    _, grad = value_and_grad(mean_squared_error, np.array(Y), np.array(T))
    np.testing.assert_array_equal(grad, np.array(Y) - np.array(T))


@pytest.mark.parametrize("f", [mean_squared_error, cross_entropy_error])
def test_gradient_keeps_float32(f):
    _, grad = value_and_grad(f, np.float32(P), SOFT)
    assert grad.dtype == np.float32 and grad.shape == P.shape


def test_cross_entropy_error_gradient_has_no_negative_zeros():
    _, grad = value_and_grad(cross_entropy_error, np.array(Y), np.array(T))
    assert not np.signbit(grad[np.array(T) == 0]).any()
