"""losskit.classification: binary, categorical, sparse categorical cross-entropy and KL."""

import math
import re

import numpy as np
import pytest

from losskit import (
    binary_cross_entropy,
    categorical_cross_entropy,
    kl_divergence,
    log_sigmoid,
    log_softmax,
    numerical_gradient,
    sigmoid,
    softmax,
    sparse_categorical_cross_entropy,
    value_and_grad,
)

bce = binary_cross_entropy
cce = categorical_cross_entropy
scce = sparse_categorical_cross_entropy
kl = kl_divergence

REDUCTIONS = ["mean", "sum", "none"]
EXTREME_LOGITS = [-1e300, -800.0, -40.0, 0.0, 40.0, 800.0, 1e300]


# --------------------------------------------------------------------------- binary


class TestBinaryCrossEntropy:
    def test_by_hand(self):
        expected = [-math.log(0.9), -math.log(0.8)]
        np.testing.assert_allclose(bce([0.9, 0.2], [1, 0], reduction="none"), expected)
        assert bce([0.9, 0.2], [1, 0]) == pytest.approx(sum(expected) / 2, rel=1e-15)
        assert bce([0.9, 0.2], [1, 0], reduction="sum") == pytest.approx(sum(expected))

    def test_soft_targets(self):
        expected = -(0.3 * math.log(0.6) + 0.7 * math.log(0.4))
        assert bce([0.6], [0.3]) == pytest.approx(expected, rel=1e-15)

    @pytest.mark.parametrize(("p", "t"), [(0.0, 1.0), (1.0, 0.0)])
    def test_log_is_clamped_at_minus_100_for_certain_wrong_predictions(self, p, t):
        assert bce([p], [t]) == 100.0

    @pytest.mark.parametrize(("p", "t"), [(0.0, 0.0), (1.0, 1.0)])
    def test_certain_right_predictions_cost_nothing(self, p, t):
        assert bce([p], [t]) == 0.0

    def test_soft_target_with_a_certain_prediction_stays_finite(self):
        assert bce([0.0], [0.25]) == pytest.approx(25.0)

    def test_logits_equal_probabilities_for_moderate_values(self):
        x = np.linspace(-6, 6, 13)
        t = np.linspace(0, 1, 13)
        np.testing.assert_allclose(
            bce(x, t, from_logits=True, reduction="none"),
            bce(sigmoid(x), t, reduction="none"),
            rtol=1e-12,
        )

    @pytest.mark.parametrize("x", EXTREME_LOGITS)
    @pytest.mark.parametrize("t", [0.0, 0.3, 1.0])
    def test_logits_are_exact_for_extreme_values(self, x, t):
        # −[t log σ(x) + (1−t) log σ(−x)], each log-sigmoid computed exactly
        expected = -(t * float(log_sigmoid(x)) + (1 - t) * float(log_sigmoid(-x)))
        assert bce([x], [t], from_logits=True) == pytest.approx(expected, rel=1e-15)

    def test_logit_minus_800_with_target_1_costs_800(self):
        assert bce([-800.0], [1.0], from_logits=True) == 800.0
        assert bce([800.0], [1.0], from_logits=True) == 0.0

    def test_probabilities_outside_0_1_point_to_from_logits(self):
        msg = "y has values outside [0, 1] (min -0.2); pass from_logits=True for logits"
        with pytest.raises(ValueError, match=re.escape(msg)):
            bce([-0.2, 0.5], [0, 1])

    @pytest.mark.parametrize("from_logits", [False, True])
    def test_targets_outside_0_1_are_refused(self, from_logits):
        msg = "t has values outside [0, 1] (max 2.0); expected probabilities or 0/1 labels"
        with pytest.raises(ValueError, match=re.escape(msg)):
            bce([0.5, 0.5], [0, 2], from_logits=from_logits)


# --------------------------------------------------------------------------- categorical


P = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]])
ONE_HOT = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
LABELS = np.array([0, 1])


class TestCategoricalCrossEntropy:
    def test_by_hand(self):
        expected = [-math.log(0.7), -math.log(0.8)]
        np.testing.assert_allclose(cce(P, ONE_HOT, reduction="none"), expected, rtol=1e-15)
        assert cce(P, ONE_HOT) == pytest.approx(sum(expected) / 2, rel=1e-15)
        assert cce(P, ONE_HOT, reduction="sum") == pytest.approx(sum(expected), rel=1e-15)

    def test_soft_targets(self):
        t = [0.5, 0.25, 0.25]
        expected = -(0.5 * math.log(0.7) + 0.25 * math.log(0.2) + 0.25 * math.log(0.1))
        assert cce(P[0], t) == pytest.approx(expected, rel=1e-15)

    def test_rows_are_used_as_given_not_renormalised(self):
        assert cce([0.5, 0.9], [0, 1]) == pytest.approx(-math.log(0.9), rel=1e-15)

    def test_logits_equal_probabilities_for_moderate_values(self):
        x = np.array([[2.0, -1.0, 0.5], [0.0, 3.0, -2.0]])
        t = np.array([[0.2, 0.3, 0.5], [0.0, 1.0, 0.0]])
        np.testing.assert_allclose(
            cce(x, t, from_logits=True, reduction="none"),
            cce(softmax(x), t, reduction="none"),
            rtol=1e-12,
        )

    def test_logits_are_exact_for_extreme_values(self):
        x = np.array([800.0, -800.0, 0.0])
        assert cce(x, [0, 1, 0], from_logits=True) == 1600.0
        assert cce(x, [1, 0, 0], from_logits=True) == 0.0
        t = np.array([0.2, 0.3, 0.5])
        expected = -float(np.sum(t * log_softmax(x)))
        assert cce(x, t, from_logits=True) == pytest.approx(expected, rel=1e-15)

    def test_float32_logits_keep_their_precision_next_to_huge_logits(self):
        x = np.array([800.0, 800.0, -800.0], dtype=np.float32)
        assert cce(x, [1, 0, 0], from_logits=True) == pytest.approx(math.log(2), rel=1e-7)
        assert scce(x, 0, from_logits=True) == pytest.approx(math.log(2), rel=1e-7)

    def test_zero_probability_on_the_true_class_costs_100(self):
        assert cce([0.0, 1.0], [1, 0]) == 100.0

    def test_none_keeps_the_leading_axes(self):
        y = np.full((2, 3, 4), 0.25)
        t = np.zeros((2, 3, 4))
        t[..., 0] = 1
        out = cce(y, t, reduction="none")
        assert out.shape == (2, 3)
        np.testing.assert_allclose(out, math.log(4))
        assert cce(y, t) == pytest.approx(math.log(4))
        assert cce(y, t, reduction="sum") == pytest.approx(6 * math.log(4))

    def test_one_sample_gives_a_0d_array_for_none(self):
        out = cce([0.5, 0.5], [1, 0], reduction="none")
        assert isinstance(out, np.ndarray) and out.shape == ()

    def test_needs_a_class_axis(self):
        msg = "y has shape (); expected at least 1 dimension (the classes on the last axis)"
        with pytest.raises(ValueError, match=re.escape(msg)):
            cce(0.5, 1.0)

    def test_targets_outside_0_1_are_refused(self):
        msg = "t has values outside [0, 1] (min -1.0, max 2.0); expected one-hot or soft targets"
        with pytest.raises(ValueError, match=re.escape(msg)):
            cce([0.5, 0.5], [-1, 2])


# --------------------------------------------------------------------------- sparse


class TestSparseCategoricalCrossEntropy:
    @pytest.mark.parametrize("from_logits", [False, True])
    @pytest.mark.parametrize("reduction", REDUCTIONS)
    def test_equals_categorical_with_one_hot_targets(self, from_logits, reduction):
        y = np.log(P) if from_logits else P
        a = scce(y, LABELS, from_logits=from_logits, reduction=reduction)
        b = cce(y, ONE_HOT, from_logits=from_logits, reduction=reduction)
        np.testing.assert_allclose(a, b, rtol=1e-15)

    def test_logits_are_exact_for_extreme_values(self):
        assert scce([800.0, -800.0, 0.0], 1, from_logits=True) == 1600.0
        assert scce([[1e300, 0.0]], [1], from_logits=True) == 1e300

    def test_labels_may_be_whole_floats_or_any_integer_type(self):
        expected = scce(P, LABELS)
        assert scce(P, [0.0, 1.0]) == expected
        assert scce(P, np.array([0, 1], dtype=np.uint8)) == expected

    def test_labels_follow_the_leading_axes(self):
        y = np.full((2, 3, 4), 0.25)
        out = scce(y, np.zeros((2, 3), dtype=int), reduction="none")
        assert out.shape == (2, 3)

    def test_clamps_like_the_other_cross_entropies(self):
        assert scce([0.0, 1.0], 0) == 100.0

    @pytest.mark.parametrize(
        ("labels", "error", "message"),
        [
            ([0, 3], ValueError, "labels has values outside [0, 3) (max 3); expected class"),
            ([-1, 0], ValueError, "labels has values outside [0, 3) (min -1)"),
            ([0, 1.5], ValueError, "labels has values that are not whole numbers (e.g. 1.5)"),
            ([0, np.nan], ValueError, "labels contains NaN at index 1"),
            ([True, False], TypeError, "labels has dtype bool; expected real numbers"),
            ("01", TypeError, "labels is a string ('01')"),
            (None, TypeError, "labels is None"),
            (
                [[0], [1]],
                ValueError,
                "labels has shape (2, 1); expected (2,) (one class index per row of y, "
                "whose shape is (2, 3))",
            ),
            (0, ValueError, "labels has shape (); expected (2,)"),
        ],
    )
    def test_bad_labels_raise_a_clear_error(self, labels, error, message):
        with pytest.raises(error, match=re.escape(message)):
            scce(P, labels)

    def test_probabilities_outside_0_1_point_to_from_logits(self):
        with pytest.raises(ValueError, match=re.escape("pass from_logits=True for logits")):
            scce([[2.0, -1.0]], [0])


# --------------------------------------------------------------------------- KL


class TestKLDivergence:
    def test_by_hand(self):
        y, t = [0.25, 0.75], [0.5, 0.5]
        expected = 0.5 * math.log(0.5 / 0.25) + 0.5 * math.log(0.5 / 0.75)
        assert kl(y, t) == pytest.approx(expected, rel=1e-15)

    def test_is_zero_for_equal_distributions(self):
        assert kl(P, P) == 0.0

    def test_zero_target_entries_contribute_nothing(self):
        assert kl([0.25, 0.75], [1.0, 0.0]) == pytest.approx(math.log(4), rel=1e-15)
        assert kl([0.0, 1.0], [0.0, 1.0]) == 0.0

    def test_zero_prediction_under_a_positive_target_is_inf_without_warnings(self):
        assert kl([0.0, 1.0], [0.5, 0.5]) == np.inf
        out = kl([[0.0, 1.0], [0.5, 0.5]], [[0.5, 0.5], [0.5, 0.5]], reduction="none")
        assert out.tolist() == [np.inf, 0.0]

    def test_mean_averages_over_every_leading_axis(self):
        rng = np.random.default_rng(0)
        y = softmax(rng.normal(size=(2, 3, 4)))
        t = softmax(rng.normal(size=(2, 3, 4)))
        per = kl(y, t, reduction="none")
        assert per.shape == (2, 3)
        assert kl(y, t) == pytest.approx(per.mean(), rel=1e-14)
        assert kl(y, t, reduction="sum") == pytest.approx(per.sum(), rel=1e-14)

    def test_equals_cross_entropy_minus_target_entropy(self):
        t = np.array([0.2, 0.3, 0.5])
        entropy = -float(np.sum(t * np.log(t)))
        assert kl(P[0], t) == pytest.approx(cce(P[0], t) - entropy, rel=1e-14)

    @pytest.mark.parametrize(
        ("y", "t", "message"),
        [
            ([-0.5, 1.5], [0.5, 0.5], "y has values outside [0, 1] (min -0.5, max 1.5)"),
            ([0.5, 0.5], [1.5, -0.5], "t has values outside [0, 1] (min -0.5, max 1.5)"),
            (0.5, 0.5, "y has shape (); expected at least 1 dimension"),
        ],
    )
    def test_bad_input_raises_a_clear_error(self, y, t, message):
        with pytest.raises(ValueError, match=re.escape(message)):
            kl(y, t)


# --------------------------------------------------------------------------- conventions

# (loss, y, t, options) with valid inputs for every loss and mode
CASES = [
    (bce, np.array([[0.9, 0.2], [0.4, 0.5]]), np.array([[1.0, 0.0], [0.3, 1.0]]), {}),
    (
        bce,
        np.array([[2.0, -1.0], [0.5, 3.0]]),
        np.array([[1.0, 0.0], [0.3, 1.0]]),
        {"from_logits": True},
    ),
    (cce, P, ONE_HOT, {}),
    (cce, np.log(P) * 3, np.array([[0.2, 0.3, 0.5], [0.0, 1.0, 0.0]]), {"from_logits": True}),
    (scce, P, LABELS, {}),
    (scce, np.log(P) * 3, LABELS, {"from_logits": True}),
    (kl, P, np.array([[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]]), {}),
]
IDS = ["bce", "bce-logits", "cce", "cce-logits", "scce", "scce-logits", "kl"]


@pytest.mark.parametrize(("f", "y", "t", "options"), CASES, ids=IDS)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_float32_stays_float32_and_results_are_python_floats(f, y, t, options, reduction):
    out = f(y.astype(np.float32), t, reduction=reduction, **options)
    if reduction == "none":
        assert out.dtype == np.float32
        np.testing.assert_allclose(out, f(y, t, reduction="none", **options), rtol=1e-5)
    else:
        assert type(out) is float


@pytest.mark.parametrize(("f", "y", "t", "options"), CASES, ids=IDS)
def test_integer_input_is_promoted_to_float64(f, y, t, options):
    yi = np.zeros_like(y, dtype=np.int64) if options else (y > 0.45).astype(np.int64)
    out = f(yi, t, reduction="none", **options)
    assert out.dtype == np.float64


@pytest.mark.parametrize(("f", "y", "t", "options"), CASES, ids=IDS)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_inputs_are_not_modified_and_read_only_inputs_are_accepted(f, y, t, options, reduction):
    y2, t2 = y.copy(), t.copy()
    y2.setflags(write=False)
    t2.setflags(write=False)
    f(y2, t2, reduction=reduction, **options)
    np.testing.assert_array_equal(y2, y)
    np.testing.assert_array_equal(t2, t)


@pytest.mark.parametrize(("f", "y", "t", "options"), CASES, ids=IDS)
def test_sum_is_n_times_mean(f, y, t, options):
    n = np.size(f(y, t, reduction="none", **options))
    assert f(y, t, reduction="sum", **options) == pytest.approx(n * f(y, t, **options))


@pytest.mark.parametrize("f", [bce, cce, kl])
def test_refuses_to_broadcast(f):
    msg = "t has shape (1, 2) but y has shape (2, 2); losskit never broadcasts y against t"
    with pytest.raises(ValueError, match=re.escape(msg)):
        f(np.full((2, 2), 0.5), np.full((1, 2), 0.5))


@pytest.mark.parametrize(("f", "y", "t", "options"), CASES, ids=IDS)
@pytest.mark.parametrize(
    ("bad", "error", "message"),
    [
        ([], ValueError, "y is empty (shape (0,)); expected at least one element"),
        (np.full((2, 0), 0.5), ValueError, "y is empty (shape (2, 0))"),
        ([0.5, np.nan], ValueError, "y contains NaN at index 1; expected finite numbers"),
        ([np.inf, 0.5], ValueError, "y contains inf at index 0; expected finite numbers"),
        ("0.5", TypeError, "y is a string ('0.5'); expected an array of real numbers"),
        (None, TypeError, "y is None; expected an array of real numbers"),
        ([0.5j], TypeError, "y has dtype complex128 (complex); expected real numbers"),
        ([object()], TypeError, "y has dtype object; expected real numbers"),
        ([True], TypeError, "y has dtype bool; expected real numbers"),
    ],
)
def test_bad_predictions_raise_a_clear_error(f, y, t, options, bad, error, message):
    with pytest.raises(error, match=re.escape(message)):
        f(bad, t, **options)


@pytest.mark.parametrize(("f", "y", "t", "options"), CASES, ids=IDS)
@pytest.mark.parametrize("reduction", ["avg", None, "batchmean"])
def test_unknown_reduction_is_refused(f, y, t, options, reduction):
    msg = f"reduction is {reduction!r}; expected one of 'mean', 'sum', 'none'"
    with pytest.raises(ValueError, match=re.escape(msg)):
        f(y, t, reduction=reduction, **options)


@pytest.mark.parametrize("f", [bce, cce, scce])
@pytest.mark.parametrize("flag", ["yes", 1, None])
def test_from_logits_must_be_a_bool(f, flag):
    with pytest.raises(TypeError, match=re.escape(f"from_logits is {flag!r}; expected True")):
        f(P, LABELS if f is scce else ONE_HOT, from_logits=flag)


# --------------------------------------------------------------------------- gradients


@pytest.mark.parametrize(("f", "y", "t", "options"), CASES, ids=IDS)
@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_gradient_matches_numerical_gradient(f, y, t, options, reduction):
    value, grad = value_and_grad(f, y, t, reduction=reduction, **options)
    assert value == f(y, t, reduction=reduction, **options)
    expected = numerical_gradient(lambda v: f(v, t, reduction=reduction, **options), y, h=1e-6)
    np.testing.assert_allclose(grad, expected, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize(("f", "y", "t", "options"), CASES, ids=IDS)
def test_gradient_keeps_float32_and_the_shape(f, y, t, options):
    _, grad = value_and_grad(f, y.astype(np.float32), t, **options)
    assert grad.dtype == np.float32 and grad.shape == y.shape


def test_logit_gradients_by_hand():
    x, t = np.array([0.0, 2.0]), np.array([1.0, 0.0])
    _, g = value_and_grad(bce, x, t, from_logits=True, reduction="sum")
    np.testing.assert_allclose(g, sigmoid(x) - t, rtol=1e-15)
    _, g = value_and_grad(cce, x, t, from_logits=True)
    np.testing.assert_allclose(g, softmax(x) - t, rtol=1e-15)
    _, g = value_and_grad(scce, x, 0, from_logits=True)
    np.testing.assert_allclose(g, softmax(x) - t, rtol=1e-15)


def test_logit_gradients_stay_finite_for_extreme_logits():
    x = np.array(EXTREME_LOGITS)
    _, g = value_and_grad(bce, x, np.full(x.shape, 0.5), from_logits=True, reduction="sum")
    np.testing.assert_array_equal(g, sigmoid(x) - 0.5)
    _, g = value_and_grad(cce, x, np.eye(7)[2], from_logits=True)
    assert np.isfinite(g).all()


def test_gradient_is_zero_where_the_log_is_clamped():
    # the clamped loss is flat there (PyTorch's BCELoss divides by max(p(1-p), 1e-12))
    _, g = value_and_grad(bce, [0.0, 1.0, 0.0], [1.0, 0.0, 0.0], reduction="sum")
    assert g.tolist() == [0.0, 0.0, 1.0]
    _, g = value_and_grad(cce, [0.0, 1.0], [1.0, 0.0])
    assert g.tolist() == [0.0, 0.0]
    _, g = value_and_grad(scce, [0.0, 1.0], 0)
    assert g.tolist() == [0.0, 0.0]


def test_kl_gradient_is_minus_inf_where_the_divergence_is_inf():
    value, g = value_and_grad(kl, [0.0, 1.0, 0.0], [0.5, 0.5, 0.0])
    assert value == np.inf
    assert g.tolist() == [-np.inf, -0.5, 0.0]
