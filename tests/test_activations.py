"""losskit.activations: stable sigmoid, log_sigmoid, softmax, log_softmax, logsumexp."""

import re

import numpy as np
import pytest

from losskit import log_sigmoid, log_softmax, logsumexp, sigmoid, softmax

X = np.array([-30.0, -2.0, -0.5, 0.0, 0.5, 2.0, 30.0])
EXTREME = np.array([-1e300, -800.0, -745.0, 745.0, 800.0, 1e300])
ALL = [sigmoid, log_sigmoid, softmax, log_softmax, logsumexp]


class TestSigmoid:
    def test_matches_the_textbook_formula_for_moderate_input(self):
        np.testing.assert_allclose(sigmoid(X), 1 / (1 + np.exp(-X)), rtol=1e-15)

    def test_is_one_half_at_zero_and_symmetric(self):
        assert sigmoid(0.0) == 0.5
        np.testing.assert_allclose(sigmoid(X) + sigmoid(-X), 1.0, rtol=1e-15)

    def test_saturates_without_overflow_for_extreme_input(self):
        out = sigmoid(EXTREME)
        assert out.tolist() == [0.0, 0.0, pytest.approx(np.exp(-745.0)), 1.0, 1.0, 1.0]


class TestLogSigmoid:
    def test_equals_minus_log1p_exp_minus_x_for_moderate_input(self):
        np.testing.assert_allclose(log_sigmoid(X), -np.log1p(np.exp(-X)), rtol=1e-15)

    def test_stays_exact_where_sigmoid_underflows(self):
        out = log_sigmoid(EXTREME)
        assert out[:2].tolist() == [-1e300, -800.0]
        assert out[2] == pytest.approx(-745.0, rel=1e-15)
        np.testing.assert_allclose(out[3:], 0.0, atol=1e-300)

    def test_gives_log_one_minus_sigmoid_by_symmetry(self):
        x = np.array([-2.0, 0.0, 2.0])
        np.testing.assert_allclose(log_sigmoid(-x), np.log(1 - 1 / (1 + np.exp(-x))), rtol=1e-14)


class TestSoftmax:
    def test_matches_the_textbook_formula_and_sums_to_one(self):
        x = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
        expected = np.exp(x) / np.exp(x).sum(axis=1, keepdims=True)
        np.testing.assert_allclose(softmax(x), expected, rtol=1e-15)
        np.testing.assert_allclose(softmax(x).sum(axis=-1), 1.0)

    def test_is_invariant_to_a_shift_and_survives_huge_logits(self):
        x = np.array([1.0, 2.0, 3.0])
        np.testing.assert_allclose(softmax(x + 1000.0), softmax(x), rtol=1e-12)
        assert softmax([1e300, -1e300]).tolist() == [1.0, 0.0]

    def test_uses_the_requested_axis(self):
        x = np.arange(6.0).reshape(2, 3)
        np.testing.assert_allclose(softmax(x, axis=0), softmax(x.T).T)
        np.testing.assert_allclose(softmax(x, axis=0).sum(axis=0), 1.0)


class TestLogSoftmax:
    def test_equals_log_of_softmax_for_moderate_input(self):
        x = np.array([[1.0, 2.0, 3.0], [-1.0, 0.5, 0.0]])
        np.testing.assert_allclose(log_softmax(x), np.log(softmax(x)), rtol=1e-12)

    def test_stays_finite_where_softmax_underflows(self):
        assert log_softmax([0.0, -800.0]).tolist() == [0.0, -800.0]

    def test_keeps_float32_precision_next_to_large_logits(self):
        # 800 + log 2 rounds in float32; (800 - 800) - log 2 does not
        out = log_softmax(np.array([800.0, 800.0, -800.0], dtype=np.float32))
        assert out[0] == np.float32(-np.log(2.0))

    def test_uses_the_requested_axis(self):
        x = np.arange(6.0).reshape(3, 2)
        np.testing.assert_allclose(log_softmax(x, axis=0), log_softmax(x.T).T)


class TestLogsumexp:
    def test_matches_the_direct_formula_for_moderate_input(self):
        x = np.array([[1.0, 2.0, 3.0], [-1.0, 0.5, 0.0]])
        np.testing.assert_allclose(logsumexp(x), np.log(np.exp(x).sum(axis=-1)), rtol=1e-15)

    def test_survives_huge_values(self):
        assert float(logsumexp([1000.0, 1000.0])) == pytest.approx(1000 + np.log(2), rel=1e-15)
        assert float(logsumexp([-1000.0, -1000.0])) == pytest.approx(-1000 + np.log(2))

    def test_reduces_the_axis(self):
        x = np.zeros((2, 3, 4))
        assert logsumexp(x).shape == (2, 3)
        assert logsumexp(x, axis=1).shape == (2, 4)
        out = logsumexp([0.0, 0.0])
        assert isinstance(out, np.ndarray) and out.shape == ()


# --------------------------------------------------------------------------- conventions


@pytest.mark.parametrize("f", ALL)
def test_float32_stays_float32(f):
    assert f(np.array([0.5, -1.0], dtype=np.float32)).dtype == np.float32


@pytest.mark.parametrize("f", ALL)
@pytest.mark.parametrize("x", [[1, 2, 3], np.array([1, 2], dtype=np.int8), np.float16([1.0])])
def test_other_real_types_become_float64(f, x):
    assert f(x).dtype == np.float64


@pytest.mark.parametrize("f", ALL)
def test_input_is_not_modified_and_read_only_input_is_accepted(f):
    x = np.array([[3.0, -1.0], [0.0, 800.0]])
    x.setflags(write=False)
    before = x.copy()
    f(x)
    np.testing.assert_array_equal(x, before)


@pytest.mark.parametrize("f", [sigmoid, log_sigmoid])
def test_elementwise_activations_keep_the_shape(f):
    assert f(np.zeros((2, 3))).shape == (2, 3)
    assert f(1.0).shape == ()


@pytest.mark.parametrize("f", ALL)
@pytest.mark.parametrize(
    ("x", "error", "message"),
    [
        ([], ValueError, "x is empty (shape (0,)); expected at least one element"),
        ([0.0, np.nan], ValueError, "x contains NaN at index 1; expected finite numbers"),
        ([np.inf], ValueError, "x contains inf at index 0; expected finite numbers"),
        ("1.0", TypeError, "x is a string ('1.0'); expected an array of real numbers"),
        (None, TypeError, "x is None; expected an array of real numbers"),
        ([1j], TypeError, "x has dtype complex128 (complex); expected real numbers"),
        ([True], TypeError, "x has dtype bool; expected real numbers"),
    ],
)
def test_bad_input_raises_a_clear_error(f, x, error, message):
    with pytest.raises(error, match=re.escape(message)):
        f(x)


@pytest.mark.parametrize("f", [softmax, log_softmax, logsumexp])
def test_axis_is_checked(f):
    with pytest.raises(ValueError, match=re.escape("axis is 1 but x has 1 dimensions; expected")):
        f([1.0, 2.0], axis=1)
    with pytest.raises(ValueError, match=re.escape("axis is -1 but x has 0 dimensions")):
        f(1.0)
    with pytest.raises(TypeError, match=re.escape("axis is 0.5; expected an integer")):
        f([1.0, 2.0], axis=0.5)
