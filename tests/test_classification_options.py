"""Class weights, ignore_index, label smoothing, pos_weight, focal and the multiclass
margins: hand-checked values, bad input (every message names the argument), and the
hardening of issue 10 (float range edges, -0.0, masked arrays, combine_losses overflow).
Agreement with PyTorch lives in tests/test_peers_class.py."""

from __future__ import annotations

import math

import numpy as np
import pytest

import losskit as lk

Z = np.array([[2.0, 0.5, -1.0], [0.1, 0.2, 3.0], [1.0, 1.0, 1.0]])
P = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4]])
LABELS = np.array([0, 2, 1])


# --------------------------------------------------------------------------- values by hand


def test_class_weights_make_the_mean_a_weighted_average_of_the_samples():
    w = np.array([1.0, 2.0, 5.0])
    per = -np.log(P[np.arange(3), LABELS])
    want = float((w[LABELS] * per).sum() / w[LABELS].sum())
    got = lk.sparse_categorical_cross_entropy(P, LABELS, weight=w)
    assert got == pytest.approx(want, rel=1e-15)


def test_ignored_labels_count_for_nothing_not_even_in_the_mean():
    got = lk.sparse_categorical_cross_entropy(P, [0, -100, 1], ignore_index=-100)
    assert got == pytest.approx(-(math.log(0.7) + math.log(0.3)) / 2, rel=1e-15)
    none = lk.sparse_categorical_cross_entropy(P, [0, -100, 1], ignore_index=-100, reduction="none")
    assert none[1] == 0.0 and not np.signbit(none[1])


def test_ignore_index_may_be_a_class_and_is_skipped_before_the_range_check():
    as_class = lk.nll_loss(np.log(P), [0, 1, 1], ignore_index=1)
    assert as_class == pytest.approx(-math.log(0.7), rel=1e-15)
    out_of_range = lk.nll_loss(np.log(P), [0, 7, 7], ignore_index=7)
    assert out_of_range == as_class


def test_label_smoothing_mixes_in_the_mean_log_probability_of_all_classes():
    eps = 0.3
    lp = np.log(P)
    per = (1 - eps) * -lp[np.arange(3), LABELS] + eps * -lp.mean(axis=-1)
    got = lk.sparse_categorical_cross_entropy(P, LABELS, label_smoothing=eps, reduction="none")
    np.testing.assert_allclose(got, per, rtol=1e-15)
    dense = lk.categorical_cross_entropy(P, np.eye(3)[LABELS], label_smoothing=eps)
    assert dense == pytest.approx(per.mean(), rel=1e-14)


@pytest.mark.parametrize("int_dtype", [np.int8, np.uint8, np.int16, np.int32, np.int64])
def test_labels_of_any_integer_dtype_give_the_same_loss(int_dtype):
    want = lk.sparse_categorical_cross_entropy(Z, LABELS, from_logits=True, label_smoothing=0.1)
    got = lk.sparse_categorical_cross_entropy(
        Z, LABELS.astype(int_dtype), from_logits=True, label_smoothing=0.1
    )
    assert got == want


def test_all_ignored_labels_sum_to_zero_and_have_no_mean():
    labels = [-1, -1, -1]
    assert (
        lk.sparse_categorical_cross_entropy(
            Z, labels, from_logits=True, ignore_index=-1, reduction="sum"
        )
        == 0.0
    )
    with pytest.raises(ValueError, match=r"labels: every label equals ignore_index.*NaN"):
        lk.sparse_categorical_cross_entropy(Z, labels, from_logits=True, ignore_index=-1)
    with pytest.raises(ValueError, match=r"labels: every label equals ignore_index"):
        lk.value_and_grad(lk.nll_loss, np.log(P), labels, ignore_index=-1)


def test_kept_labels_of_weight_zero_have_no_mean():
    with pytest.raises(ValueError, match=r"labels: the labels kept have class weight 0"):
        lk.nll_loss(np.log(P), [0, 0, 0], weight=[0.0, 1.0, 1.0])


def test_bce_pos_weight_scales_only_the_positive_term():
    p, t = np.array([0.8, 0.3]), np.array([1.0, 0.0])
    got = lk.binary_cross_entropy(p, t, pos_weight=[3.0, 3.0], reduction="none")
    np.testing.assert_allclose(got, [-3 * math.log(0.8), -math.log(0.7)], rtol=1e-15)


def test_multi_margin_is_cs231n_svm_loss_over_k():
    scores = np.array([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]])
    labels = [0, 1, 2]  # CS231n's example: losses 2.9, 0, 12.9
    per = lk.multi_margin(scores, labels, reduction="none") * 3
    np.testing.assert_allclose(per, [2.9, 0.0, 12.9], rtol=1e-14)


def test_multilabel_margin_reads_labels_up_to_the_first_minus_one():
    y = np.array([0.1, 0.2, 0.4, 0.8])
    # classes {3, 0}: pairs (3,1) (3,2) (0,1) (0,2): 0.4 + 0.6 + 1.1 + 1.3, over K = 4
    assert lk.multilabel_margin(y, [3, 0, -1, 1]) == pytest.approx(3.4 / 4, rel=1e-15)
    assert lk.multilabel_margin(y, [3, 0, -1, 2]) == lk.multilabel_margin(y, [3, 0, -1, 1])


@pytest.mark.parametrize(
    ("loss", "args", "kwargs"),
    [
        (
            lk.sparse_categorical_cross_entropy,
            (Z, LABELS),
            {
                "from_logits": True,
                "weight": [1.0, 2.0, 0.5],
                "label_smoothing": 0.2,
                "ignore_index": 2,
            },
        ),
        (lk.sparse_categorical_cross_entropy, (P, LABELS), {"weight": [1.0, 2.0, 0.5]}),
        (
            lk.categorical_cross_entropy,
            (Z, P),
            {"from_logits": True, "weight": [1.0, 2.0, 0.5], "label_smoothing": 0.2},
        ),
        (lk.categorical_cross_entropy, (P, P[::-1].copy()), {"label_smoothing": 0.2}),
        (lk.nll_loss, (np.log(P), LABELS), {"weight": [1.0, 2.0, 0.5]}),
        (
            lk.binary_cross_entropy,
            (P, P[::-1].copy()),
            {"pos_weight": [2.0, 1.0, 0.5], "weight": [[1.0], [2.0], [3.0]]},
        ),
        (lk.binary_cross_entropy, (Z, P), {"from_logits": True, "pos_weight": 4.0}),
        (lk.binary_focal_loss, (P, P[::-1].copy()), {"gamma": 1.5}),
        (lk.binary_focal_loss, (Z, P), {"from_logits": True, "alpha": None, "gamma": 0.7}),
        (lk.multilabel_soft_margin, (Z, P), {"weight": [1.0, 2.0, 0.5]}),
        (lk.multi_margin, (Z, LABELS), {"p": 2, "margin": 1.2, "weight": [1.0, 2.0, 0.5]}),
        (lk.multilabel_margin, (Z, [[0, -1, 0], [2, 1, -1], [1, 0, 2]]), {}),
    ],
    ids=lambda v: getattr(v, "__name__", ""),
)
def test_gradient_agrees_with_central_differences(loss, args, kwargs):
    y, *rest = args
    _, grad = lk.value_and_grad(loss, y, *rest, **kwargs)
    numeric = lk.numerical_gradient(lambda v: loss(v, *rest, **kwargs), y, h=1e-6)
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-8)


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"weight": [1.0, 2.0]}, ValueError, r"weight has shape \(2,\); expected \(3,\)"),
        ({"weight": [1.0, -2.0, 1.0]}, ValueError, r"weight has negative values \(min -2(\.0)?\)"),
        ({"weight": [1.0, np.nan, 1.0]}, ValueError, r"weight contains NaN"),
        ({"weight": ["a", "b", "c"]}, TypeError, r"weight has dtype <U1"),
        (
            {"label_smoothing": 1.5},
            ValueError,
            r"label_smoothing is 1.5; expected a number in \[0, 1\]",
        ),
        ({"label_smoothing": -0.1}, ValueError, r"label_smoothing is -0.1"),
        ({"label_smoothing": True}, TypeError, r"label_smoothing is True"),
        ({"ignore_index": 1.0}, TypeError, r"ignore_index is 1.0; expected an integer or None"),
        ({"ignore_index": True}, TypeError, r"ignore_index is True"),
    ],
)
def test_sparse_options_are_validated(kwargs, error, match):
    with pytest.raises(error, match=match):
        lk.sparse_categorical_cross_entropy(Z, LABELS, from_logits=True, **kwargs)


def test_labels_out_of_range_name_ignore_index():
    with pytest.raises(
        ValueError, match=r"labels has values outside \[0, 3\) \(max 5\).*ignore_index=-100"
    ):
        lk.nll_loss(np.log(P), [0, 5, -100], ignore_index=-100)
    with pytest.raises(ValueError, match=r"labels has values outside \[0, 3\) \(min -100\)"):
        lk.nll_loss(np.log(P), [0, 1, -100])


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        (
            {"weight": np.ones((3, 1, 3))},
            r"weight has shape \(3, 1, 3\), which does not broadcast to y's shape \(3, 3\)",
        ),
        ({"pos_weight": [1.0, 2.0]}, r"pos_weight has shape \(2,\), which does not broadcast"),
        ({"pos_weight": [1.0, -1.0, 2.0]}, r"pos_weight has negative values"),
        ({"weight": [np.inf, 1.0, 1.0]}, r"weight contains inf"),
    ],
)
def test_bce_weights_are_validated(kwargs, match):
    with pytest.raises(ValueError, match=match):
        lk.binary_cross_entropy(P, P, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"alpha": 1.5}, ValueError, r"alpha is 1.5; expected a number in \[0, 1\]"),
        ({"alpha": "0.25"}, TypeError, r"alpha is '0.25'"),
        ({"gamma": -1.0}, ValueError, r"gamma is -1.0; expected a finite number >= 0"),
        ({"gamma": math.inf}, ValueError, r"gamma is inf"),
        ({"from_logits": 1}, TypeError, r"from_logits is 1; expected True or False"),
    ],
)
def test_focal_options_are_validated(kwargs, error, match):
    with pytest.raises(error, match=match):
        lk.binary_focal_loss(P, P, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"p": 3}, ValueError, r"p is 3; expected 1 or 2"),
        ({"p": 1.0}, TypeError, r"p is 1.0; expected the integer 1 or 2"),
        ({"margin": math.nan}, ValueError, r"margin is nan; expected a finite number"),
        ({"weight": [1.0]}, ValueError, r"weight has shape \(1,\); expected \(3,\)"),
    ],
)
def test_multi_margin_options_are_validated(kwargs, error, match):
    with pytest.raises(error, match=match):
        lk.multi_margin(Z, LABELS, **kwargs)


def test_multi_margin_labels_are_validated():
    with pytest.raises(ValueError, match=r"labels has values outside \[0, 3\) \(max 3\)"):
        lk.multi_margin(Z, [0, 1, 3])
    with pytest.raises(ValueError, match=r"labels has shape \(2,\); expected \(3,\)"):
        lk.multi_margin(Z, [0, 1])


def test_multilabel_margin_targets_are_validated():
    with pytest.raises(ValueError, match=r"t has values outside \[-1, 3\) \(min -2\)"):
        lk.multilabel_margin(Z, [[0, -2, 1]] * 3)
    with pytest.raises(ValueError, match=r"t has shape \(3,\) but y has shape \(3, 3\)"):
        lk.multilabel_margin(Z, [0, 1, -1])
    with pytest.raises(ValueError, match=r"t has values that are not whole numbers"):
        lk.multilabel_margin(Z, np.full((3, 3), 0.5))


def test_multilabel_soft_margin_targets_are_validated():
    with pytest.raises(ValueError, match=r"t has values outside \[0, 1\] \(max 2(\.0)?\)"):
        lk.multilabel_soft_margin(Z, np.full((3, 3), 2.0))
    with pytest.raises(ValueError, match=r"y has shape \(\); expected at least 1 dimension"):
        lk.multilabel_soft_margin(1.0, 1.0)


def test_nll_loss_refuses_non_finite_log_probs():
    with pytest.raises(ValueError, match=r"log_probs contains -inf at index \(0, 1\)"):
        lk.nll_loss([[0.0, -np.inf]], [0])


# --------------------------------------------------------------------------- hardening


def test_bce_on_probabilities_is_exact_near_zero_in_float32():
    """log(1 − p) loses 19 % at p = 1e-7 in float32; log1p(−p) keeps it exact."""
    p = np.float32(1e-7)
    got = lk.binary_cross_entropy(np.array([p]), np.array([0.0], np.float32))
    want = -math.log1p(-float(p))
    assert got == pytest.approx(want, rel=1e-6)
    fast = lk.binary_cross_entropy(np.full(10_000, p), np.zeros(10_000, np.float32))
    assert fast == pytest.approx(want, rel=1e-6)


def test_bce_none_never_returns_negative_zero():
    out = lk.binary_cross_entropy([1.0, 0.0, 1.0], [1.0, 0.0, 1.0], reduction="none")
    assert not np.signbit(out).any()
    out = lk.binary_cross_entropy([1.0, 0.0], [1.0, 0.0], pos_weight=2.0, reduction="none")
    assert not np.signbit(out).any()


@pytest.mark.parametrize(
    ("z", "dtype"),
    [([1e308, -1e308], np.float64), ([2e38, -2e38], np.float32)],
)
def test_categorical_ce_from_huge_finite_logits_is_finite_when_the_loss_is(z, dtype):
    z = np.array(z, dtype=dtype)
    t = np.array([1.0, 0.0], dtype=dtype)
    assert lk.categorical_cross_entropy(z, t, from_logits=True) == 0.0
    value, grad = lk.value_and_grad(lk.categorical_cross_entropy, z, t, from_logits=True)
    assert value == 0.0 and np.isfinite(grad).all()
    # the other class: the exact loss, 2e308 or 4e38, is beyond the float range
    assert lk.categorical_cross_entropy(z, t[::-1].copy(), from_logits=True) == math.inf


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(
    "loss",
    [lk.binary_cross_entropy, lk.categorical_cross_entropy, lk.binary_focal_loss],
    ids=lambda f: f.__name__,
)
def test_gradient_is_finite_where_the_loss_is_at_subnormal_probabilities(loss, dtype):
    tiny = np.finfo(dtype).smallest_subnormal
    y = np.array([tiny, 1 - tiny, 1e-40, 0.5], dtype=dtype)
    t = np.array([1.0, 0.0, 1.0, 0.5], dtype=dtype)
    if loss is lk.categorical_cross_entropy:
        y, t = y.reshape(2, 2), t.reshape(2, 2)
    value, grad = lk.value_and_grad(loss, y, t)
    assert math.isfinite(value)
    assert np.isfinite(grad).all()


def test_bce_gradient_saturates_where_the_exact_one_exceeds_float32():
    p = np.array([1e-40], dtype=np.float32)  # log p = -92: not clamped, 1/p > 3.4e38
    _, grad = lk.value_and_grad(lk.binary_cross_entropy, p, np.ones(1, np.float32))
    assert grad[0] == -np.finfo(np.float32).max
    _, grad = lk.value_and_grad(lk.binary_cross_entropy, [0.0], [0.0])  # -log(1 - p)
    assert grad[0] == 1.0


def test_combine_losses_beyond_the_float_range_is_inf_or_exact():
    assert lk.combine_losses([1e308, 1e308], reduction="sum") == math.inf
    assert lk.combine_losses([1e308, 1e308]) == 1e308
    assert lk.combine_losses([1.0, 2.0], [1e308, 1e308]) == 1.5
    assert lk.combine_losses([1e308, -1e308], [1e308, 1e308], reduction="sum") == 0.0
    assert lk.combine_losses([-1e308, -1e308], reduction="sum") == -math.inf


def test_masked_arrays_are_refused_unless_nothing_is_masked():
    with pytest.raises(ValueError, match=r"y is a masked array with masked elements"):
        lk.binary_cross_entropy(np.ma.array([0.5, 0.2], mask=[False, True]), [1.0, 0.0])
    with pytest.raises(ValueError, match=r"labels is a masked array"):
        lk.nll_loss(np.log(P), np.ma.array(LABELS, mask=[0, 1, 0]))
    plain = lk.binary_cross_entropy(np.ma.array([0.5, 0.2]), [1.0, 0.0])
    assert plain == lk.binary_cross_entropy([0.5, 0.2], [1.0, 0.0])
