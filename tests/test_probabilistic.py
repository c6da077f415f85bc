"""smooth_l1, log_cosh, pinball, poisson_nll, gaussian_nll: hand-checked values and bad input.

Agreement with torch and scikit-learn lives in tests/test_peers_regression_and_margins.py.
"""

import math

import numpy as np
import pytest

from losskit import gaussian_nll, log_cosh, pinball, poisson_nll, smooth_l1

Y = np.array([0.5, 1.0, 3.0, -2.0])
T = np.array([0.0, 1.0, 1.0, 0.0])
# differences: 0.5, 0, 2, -2


# --------------------------------------------------------------------------- values


@pytest.mark.parametrize(
    ("beta", "expected"),
    [
        (1.0, [0.125, 0.0, 1.5, 1.5]),  # 0.25 / 2; 2 - 1/2
        (2.0, [0.0625, 0.0, 1.0, 1.0]),  # |d| = beta: both branches give 2 - 1 = 4 / 4
        (0.0, [0.5, 0.0, 2.0, 2.0]),  # the absolute error
        (10.0, [0.0125, 0.0, 0.2, 0.2]),  # all quadratic: d² / 20
    ],
)
def test_smooth_l1_by_hand(beta, expected):
    np.testing.assert_allclose(smooth_l1(Y, T, beta=beta, reduction="none"), expected, rtol=1e-15)
    assert smooth_l1(Y, T, beta=beta) == pytest.approx(sum(expected) / 4, rel=1e-15)


def test_log_cosh_by_hand():
    expected = [math.log(math.cosh(0.5)), 0.0, math.log(math.cosh(2.0)), math.log(math.cosh(2.0))]
    np.testing.assert_allclose(log_cosh(Y, T, reduction="none"), expected, rtol=1e-15)
    assert log_cosh(Y, T, reduction="sum") == pytest.approx(sum(expected), rel=1e-15)


def test_log_cosh_never_overflows():
    out = log_cosh([1000.0, -1000.0], [0.0, 0.0], reduction="none")
    np.testing.assert_allclose(out, [1000.0 - math.log(2.0)] * 2, rtol=1e-15)


@pytest.mark.parametrize(
    ("alpha", "expected"),
    [
        (0.5, [0.25, 0.0, 1.0, 1.0]),  # half the absolute error
        (0.9, [0.05, 0.0, 0.2, 1.8]),  # over-predictions cost 0.1, under 0.9 per unit
        (0.1, [0.45, 0.0, 1.8, 0.2]),
    ],
)
def test_pinball_by_hand(alpha, expected):
    np.testing.assert_allclose(pinball(Y, T, alpha=alpha, reduction="none"), expected, rtol=1e-14)


def test_pinball_minimiser_is_the_quantile():
    """Over a grid of constants, the mean pinball loss is lowest at the 0.8-quantile."""
    t = np.arange(1.0, 11.0)  # 1 .. 10
    grid = np.linspace(0.0, 11.0, 1101)
    losses = [pinball(np.full(10, c), t, alpha=0.8) for c in grid]
    best = grid[int(np.argmin(losses))]
    assert 8.0 <= best <= 9.0  # any point between the 8th and 9th value minimises


def test_poisson_nll_by_hand():
    y, t = [0.0, math.log(2.0), 1.0], [0.0, 3.0, 5.0]
    expected = [1.0, 2.0 - 3.0 * math.log(2.0), math.e - 5.0]
    np.testing.assert_allclose(poisson_nll(y, t, reduction="none"), expected, rtol=1e-15)
    stirling = 5.0 * math.log(5.0) - 5.0 + 0.5 * math.log(2 * math.pi * 5.0)
    # t = 3 > 1 gets its term too; t = 0 does not
    full = poisson_nll(y, t, full=True, reduction="none")
    assert full[0] == expected[0]
    assert full[2] == pytest.approx(expected[2] + stirling, rel=1e-15)


def test_poisson_nll_with_rates_by_hand():
    out = poisson_nll([2.0, 0.0], [3.0, 0.0], log_input=False, eps=1e-8, reduction="none")
    np.testing.assert_allclose(out, [2.0 - 3.0 * math.log(2.0 + 1e-8), 0.0], rtol=1e-15)


def test_poisson_nll_overflow_is_inf_never_nan():
    out = poisson_nll([800.0, 800.0], [1e308, 1.0], reduction="none")
    assert out.tolist() == [math.inf, math.inf]


def test_gaussian_nll_by_hand():
    out = gaussian_nll([0.0, 1.0], [1.0, 1.0], [1.0, 4.0], reduction="none")
    np.testing.assert_allclose(out, [0.5, 0.5 * math.log(4.0)], rtol=1e-15)
    full = gaussian_nll([0.0], [1.0], [1.0], full=True)
    assert full == pytest.approx(0.5 + 0.5 * math.log(2 * math.pi), rel=1e-15)


def test_gaussian_nll_clamps_var_at_eps():
    at_eps = gaussian_nll([0.0], [1e-3], [1e-6])
    assert gaussian_nll([0.0], [1e-3], [0.0]) == at_eps
    assert gaussian_nll([0.0], [1e-3], [1e-9]) == at_eps


@pytest.mark.parametrize(
    "var",
    [np.full((2, 3), 2.0), np.full(2, 2.0), np.full((2, 1), 2.0), np.full((1, 3), 2.0), 2.0],
    ids=["same", "per-row", "last-1", "first-1", "scalar"],
)
def test_gaussian_nll_var_shapes_mean_the_same_variance(var):
    y, t = np.zeros((2, 3)), np.arange(6.0).reshape(2, 3)
    expected = gaussian_nll(y, t, np.full((2, 3), 2.0), reduction="none")
    np.testing.assert_array_equal(gaussian_nll(y, t, var, reduction="none"), expected)


def test_float32_stays_float32():
    y = np.array([0.5, 1.5], dtype=np.float32)
    t = np.array([1, 2])
    for out in (
        smooth_l1(y, t, reduction="none"),
        log_cosh(y, t, reduction="none"),
        pinball(y, t, reduction="none"),
        poisson_nll(y, t, reduction="none"),
        gaussian_nll(y, t, np.ones(2), reduction="none"),
    ):
        assert out.dtype == np.float32


def test_options_beyond_float32_range_do_not_warn():
    y = np.array([0.5, 1.5], dtype=np.float32)
    assert smooth_l1(y, [0.0, 0.0], beta=1e300) < 1e-290
    assert np.isfinite(gaussian_nll(y, [0.0, 0.0], [1.0, 1.0], eps=1e300))


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"beta": -1.0}, ValueError, r"beta is -1.0; expected a finite number in \[0, inf\)"),
        ({"beta": math.nan}, ValueError, r"beta is nan; expected a finite number"),
        ({"beta": "1"}, TypeError, r"beta is '1'; expected a finite number"),
        ({"beta": True}, TypeError, r"beta is True"),
    ],
)
def test_smooth_l1_rejects_bad_beta(kwargs, error, message):
    with pytest.raises(error, match=message):
        smooth_l1(Y, T, **kwargs)


@pytest.mark.parametrize("alpha", [0.0, 1.0, -0.5, 1.5, math.inf])
def test_pinball_rejects_alpha_outside_open_unit_interval(alpha):
    with pytest.raises(ValueError, match=r"alpha is .*; expected a finite number in \(0, 1\)"):
        pinball(Y, T, alpha=alpha)


def test_pinball_rejects_non_numeric_alpha():
    with pytest.raises(TypeError, match=r"alpha is None"):
        pinball(Y, T, alpha=None)


@pytest.mark.parametrize("loss", [smooth_l1, log_cosh, pinball, poisson_nll])
def test_shapes_must_match(loss):
    with pytest.raises(ValueError, match=r"t has shape \(4, 1\) but y has shape \(4,\)"):
        loss(Y, T[:, None])


@pytest.mark.parametrize("loss", [smooth_l1, log_cosh, pinball, poisson_nll])
def test_nan_is_refused(loss):
    with pytest.raises(ValueError, match=r"y contains NaN at index 1; expected finite numbers"):
        loss([1.0, math.nan], [1.0, 1.0])


def test_poisson_nll_rejects_negative_counts():
    with pytest.raises(ValueError, match=r"t has negative values \(min -1\); expected counts >= 0"):
        poisson_nll([0.0, 0.0], [2.0, -1.0])


def test_poisson_nll_rejects_negative_rates_with_a_hint():
    with pytest.raises(
        ValueError, match=r"y has negative values \(min -0.5\); expected rates >= 0 "
    ):
        poisson_nll([-0.5, 1.0], [2.0, 1.0], log_input=False)
    with pytest.raises(ValueError, match=r"pass log_input=True for log-rates"):
        poisson_nll([-0.5, 1.0], [2.0, 1.0], log_input=False)
    assert np.isfinite(poisson_nll([-0.5, 1.0], [2.0, 1.0]))  # log-rates may be negative


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"eps": 0.0}, ValueError, r"eps is 0.0; expected a finite number in \(0, inf\)"),
        ({"log_input": 1}, TypeError, r"log_input is 1; expected True or False"),
        ({"full": "yes"}, TypeError, r"full is 'yes'; expected True or False"),
    ],
)
def test_poisson_nll_rejects_bad_options(kwargs, error, message):
    with pytest.raises(error, match=message):
        poisson_nll([0.0], [1.0], **kwargs)


def test_gaussian_nll_rejects_negative_variance():
    with pytest.raises(
        ValueError, match=r"var has negative values \(min -0.1\); expected variances >= 0"
    ):
        gaussian_nll([0.0, 0.0], [1.0, 1.0], [1.0, -0.1])


def test_gaussian_nll_rejects_nan_variance():
    with pytest.raises(ValueError, match=r"var contains NaN at index 0"):
        gaussian_nll([0.0], [1.0], [math.nan])


@pytest.mark.parametrize("shape", [(3, 2), (2, 2), (1, 1), (2, 3, 1), (3,)], ids=str)
def test_gaussian_nll_rejects_var_of_another_shape(shape):
    with pytest.raises(
        ValueError, match=r"var has shape .* but y has shape \(2, 3\); expected y's shape"
    ):
        gaussian_nll(np.zeros((2, 3)), np.zeros((2, 3)), np.ones(shape))


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"eps": -1e-6}, ValueError, r"eps is -1e-06; expected a finite number in \(0, inf\)"),
        ({"full": None}, TypeError, r"full is None; expected True or False"),
    ],
)
def test_gaussian_nll_rejects_bad_options(kwargs, error, message):
    with pytest.raises(error, match=message):
        gaussian_nll([0.0], [1.0], [1.0], **kwargs)


def test_reduction_is_checked():
    with pytest.raises(
        ValueError, match=r"reduction is 'avg'; expected one of 'mean', 'sum', 'none'"
    ):
        gaussian_nll([0.0], [1.0], [1.0], reduction="avg")
