"""hinge, soft_margin, hinge_embedding, margin_ranking, cosine_embedding, triplet_margin:
hand-checked values and bad input.

Agreement with torch and scikit-learn lives in tests/test_peers_regression_and_margins.py.
"""

import math

import numpy as np
import pytest

from losskit import (
    cosine_embedding,
    hinge,
    hinge_embedding,
    margin_ranking,
    soft_margin,
    triplet_margin,
)

SIGN_LOSSES = [hinge, soft_margin, hinge_embedding]


# --------------------------------------------------------------------------- values


def test_hinge_by_hand():
    y, t = [2.0, 0.5, -1.0, 0.2], [1, 1, 1, -1]
    assert hinge(y, t, reduction="none").tolist() == [0.0, 0.5, 2.0, 1.2]
    assert hinge(y, t, squared=True, reduction="none").tolist() == pytest.approx(
        [0.0, 0.25, 4.0, 1.44], rel=1e-15
    )
    assert hinge(y, t, margin=0.0, reduction="none").tolist() == [0.0, 0.0, 1.0, 0.2]


def test_soft_margin_by_hand():
    out = soft_margin([0.0, 2.0, 2.0], [1, 1, -1], reduction="none")
    expected = [math.log(2.0), math.log1p(math.exp(-2.0)), math.log1p(math.exp(2.0))]
    np.testing.assert_allclose(out, expected, rtol=1e-15)


def test_soft_margin_is_finite_for_huge_scores():
    out = soft_margin([-1e300, 1e300], [1, 1], reduction="none")
    assert out.tolist() == [1e300, 0.0]


def test_hinge_embedding_by_hand():
    out = hinge_embedding([0.3, 0.3, 2.0, 0.3], [1, -1, -1, -1], margin=1.0, reduction="none")
    np.testing.assert_allclose(out, [0.3, 0.7, 0.0, 0.7], rtol=1e-15)


def test_margin_ranking_by_hand():
    out = margin_ranking([2.0, 0.5, 1.0], [1.0, 1.0, 3.0], [1, 1, -1], margin=0.5, reduction="none")
    assert out.tolist() == [0.0, 1.0, 0.0]


def test_cosine_embedding_by_hand():
    y1 = [[1.0, 0.0], [1.0, 1.0], [1.0, 0.0]]
    y2 = [[0.0, 1.0], [2.0, 2.0], [-1.0, 0.0]]
    out = cosine_embedding(y1, y2, [1, -1, -1], margin=0.5, reduction="none")
    np.testing.assert_allclose(out, [1.0, 0.5, 0.0], rtol=1e-11)


def test_cosine_embedding_of_a_zero_vector_is_cosine_zero():
    out = cosine_embedding([[0.0, 0.0]], [[1.0, 2.0]], [1], reduction="none")
    assert out.tolist() == [1.0]


def test_triplet_margin_by_hand():
    anchor, positive, negative = [[0.0, 0.0]], [[3.0, 4.0]], [[0.0, 5.5]]
    assert triplet_margin(anchor, positive, negative, eps=0.0) == pytest.approx(0.5, rel=1e-15)
    # Manhattan: 1 + 7 - 5.5
    assert triplet_margin(anchor, positive, negative, p=1.0, eps=0.0) == pytest.approx(2.5)
    # swap: d(p, n) = sqrt(9 + 2.25) < 5.5 is the harder negative
    swapped = triplet_margin(anchor, positive, negative, eps=0.0, swap=True)
    assert swapped == pytest.approx(1.0 + 5.0 - math.sqrt(11.25), rel=1e-15)


def test_triplet_margin_shapes():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(2, 3, 4))
    assert triplet_margin(a, a + 1, a - 1, reduction="none").shape == (2, 3)
    assert triplet_margin(a[0, 0], a[0, 0] + 1, a[0, 0] - 1, reduction="none").shape == ()
    assert triplet_margin(1.0, 2.0, 4.0, reduction="none").shape == ()  # 0-d: one element


def test_first_argument_sets_the_dtype():
    y32 = np.array([[1.0, 2.0]], dtype=np.float32)
    assert cosine_embedding(y32, np.ones((1, 2)), [1], reduction="none").dtype == np.float32
    assert (
        triplet_margin(y32, np.ones((1, 2)), np.zeros((1, 2)), reduction="none").dtype == np.float32
    )
    assert margin_ranking(y32[0], np.ones(2), [1, 1], reduction="none").dtype == np.float32


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("loss", SIGN_LOSSES)
def test_zero_one_labels_get_a_hint(loss):
    with pytest.raises(
        ValueError,
        match=rf"t has 0/1 labels; {loss.__name__} expects labels -1 and \+1: pass 2 \* t - 1",
    ):
        loss([0.5, -0.5], [0, 1])


@pytest.mark.parametrize("loss", SIGN_LOSSES)
def test_other_labels_are_refused(loss):
    with pytest.raises(ValueError, match=r"t has values other than -1 and \+1 \(e.g. 0.5\)"):
        loss([0.5, -0.5], [1.0, 0.5])
    with pytest.raises(ValueError, match=r"t has values other than -1 and \+1 \(e.g. 2\)"):
        loss([0.5, -0.5], np.array([1, 2], dtype=np.int8))


@pytest.mark.parametrize("loss", SIGN_LOSSES)
def test_bool_labels_are_refused(loss):
    with pytest.raises(TypeError, match=r"t has dtype bool; expected real numbers"):
        loss([0.5, -0.5], [True, False])


@pytest.mark.parametrize("loss", SIGN_LOSSES)
def test_label_shape_must_match(loss):
    with pytest.raises(ValueError, match=r"t has shape \(2, 1\) but y has shape \(2,\)"):
        loss([0.5, -0.5], [[1], [-1]])


@pytest.mark.parametrize("loss", [hinge, hinge_embedding])
@pytest.mark.parametrize("margin", [-0.1, math.inf, math.nan])
def test_margin_must_be_finite_and_nonnegative(loss, margin):
    with pytest.raises(ValueError, match=r"margin is .*; expected a finite number in \[0, inf\)"):
        loss([0.5], [1], margin=margin)


def test_hinge_squared_must_be_a_bool():
    with pytest.raises(TypeError, match=r"squared is 2; expected True or False"):
        hinge([0.5], [1], squared=2)


def test_margin_ranking_shapes_must_match():
    with pytest.raises(ValueError, match=r"y2 has shape \(3,\) but y1 has shape \(2,\)"):
        margin_ranking([1.0, 2.0], [1.0, 2.0, 3.0], [1, 1])
    with pytest.raises(ValueError, match=r"t has shape \(1,\) but y1 has shape \(2,\)"):
        margin_ranking([1.0, 2.0], [1.0, 2.0], [1])


def test_margin_ranking_rejects_negative_margin_and_zero_one_labels():
    with pytest.raises(ValueError, match=r"margin is -1; expected a finite number in \[0, inf\)"):
        margin_ranking([1.0], [2.0], [1], margin=-1)
    with pytest.raises(
        ValueError, match=r"t has 0/1 labels; margin_ranking expects labels -1 and \+1"
    ):
        margin_ranking([1.0, 2.0], [2.0, 1.0], [0, 1])


def test_cosine_embedding_needs_an_embedding_axis():
    with pytest.raises(ValueError, match=r"y1 has shape \(\); expected at least 1 dimension"):
        cosine_embedding(1.0, 2.0, 1)


def test_cosine_embedding_wants_one_label_per_pair():
    with pytest.raises(
        ValueError,
        match=r"t has shape \(3,\); expected \(2,\) \(one label per pair: y1's shape without its",
    ):
        cosine_embedding(np.ones((2, 4)), np.ones((2, 4)), [1, 1, 1])


def test_cosine_embedding_shapes_must_match():
    with pytest.raises(ValueError, match=r"y2 has shape \(2, 3\) but y1 has shape \(2, 4\)"):
        cosine_embedding(np.ones((2, 4)), np.ones((2, 3)), [1, 1])


@pytest.mark.parametrize("margin", [-1.5, 1.01])
def test_cosine_embedding_margin_is_a_cosine(margin):
    with pytest.raises(
        ValueError, match=r"expected a finite number in \[-1, 1\] \(a cosine similarity\)"
    ):
        cosine_embedding(np.ones((1, 2)), np.ones((1, 2)), [1], margin=margin)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"margin": 0.0}, ValueError, r"margin is 0.0; expected a finite number in \(0, inf\)"),
        (
            {"p": 0.5},
            ValueError,
            r"p is 0.5; expected a finite number in \[1, inf\) \(the order of the norm\)",
        ),
        ({"p": math.inf}, ValueError, r"p is inf; expected a finite number"),
        ({"eps": -1e-6}, ValueError, r"eps is -1e-06; expected a finite number in \[0, inf\)"),
        ({"swap": 1}, TypeError, r"swap is 1; expected True or False"),
        ({"p": "2"}, TypeError, r"p is '2'"),
    ],
)
def test_triplet_margin_rejects_bad_options(kwargs, error, message):
    a = np.zeros((2, 3))
    with pytest.raises(error, match=message):
        triplet_margin(a, a, a, **kwargs)


def test_triplet_margin_shapes_must_match():
    with pytest.raises(
        ValueError, match=r"negative has shape \(2, 4\) but anchor has shape \(2, 3\)"
    ):
        triplet_margin(np.zeros((2, 3)), np.zeros((2, 3)), np.zeros((2, 4)))


def test_triplet_margin_refuses_distances_beyond_the_float_range():
    big = np.full((1, 2), 1.7e308)
    with pytest.raises(ValueError, match=r"distances .*overflow to inf"):
        triplet_margin(big, -big, -big)


def test_embeddings_must_be_finite():
    with pytest.raises(ValueError, match=r"positive contains inf at index \(0, 1\)"):
        triplet_margin(np.zeros((1, 2)), [[0.0, math.inf]], np.zeros((1, 2)))
