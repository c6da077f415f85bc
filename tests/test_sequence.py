"""losskit.sequence: ctc_loss — brute-force oracle, conventions, errors, gradients, torch.

The oracle enumerates every alignment of a short input with itertools and applies the
collapsing map B by hand, so it shares nothing with the forward-backward code under test.
Peer values come from ``torch.nn.functional.ctc_loss`` run inside each test.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import losskit
from losskit import ctc_loss, log_softmax, numerical_gradient, value_and_grad

REDUCTIONS = ["mean", "sum", "none"]


def random_log_probs(rng, shape, dtype=np.float64):
    return log_softmax(rng.normal(size=shape)).astype(dtype)


def collapse(path, blank):
    """B: merge repeated classes, then drop blanks."""
    merged = [k for i, k in enumerate(path) if i == 0 or k != path[i - 1]]
    return [k for k in merged if k != blank]


def brute_force_loss(lp, target, blank):
    """-log of the summed probability of every alignment of lp (T, C) that gives target."""
    num_frames, num_classes = lp.shape
    total = 0.0
    for path in itertools.product(range(num_classes), repeat=num_frames):
        if collapse(path, blank) == list(target):
            total += math.exp(sum(lp[t, k] for t, k in enumerate(path)))
    return math.inf if total == 0.0 else -math.log(total)


def random_batch(rng, num_frames, batch, num_classes, max_target, blank=0):
    """A padded batch with varied input and target lengths (padding holds -1)."""
    lp = random_log_probs(rng, (num_frames, batch, num_classes))
    labels = [k for k in range(num_classes) if k != blank]
    targets = np.full((batch, max_target), -1)
    target_lengths = rng.integers(0, max_target + 1, size=batch)
    for n, length in enumerate(target_lengths):
        targets[n, :length] = rng.choice(labels, size=length)
    input_lengths = rng.integers(0, num_frames + 1, size=batch)
    return lp, targets, input_lengths, target_lengths


def concatenate(targets, target_lengths):
    return np.concatenate(
        [row[:length] for row, length in zip(targets, target_lengths, strict=True)]
    )


def torch_ctc(lp, targets, input_lengths, target_lengths, **kwargs):
    out = F.ctc_loss(
        torch.from_numpy(np.asarray(lp)),
        torch.as_tensor(np.asarray(targets), dtype=torch.long),
        torch.as_tensor(np.asarray(input_lengths), dtype=torch.long),
        torch.as_tensor(np.asarray(target_lengths), dtype=torch.long),
        **kwargs,
    )
    return out.detach().numpy()


# --------------------------------------------------------------------------- oracle


@pytest.mark.parametrize("seed", range(6))
def test_ctc_loss_equals_sum_over_all_alignments(seed):
    rng = np.random.default_rng(seed)
    blank = int(rng.integers(0, 3))
    lp, targets, il, tl = random_batch(rng, 5, 4, 3, 3, blank=blank)
    # padding must not matter, so make it a legal label the oracle would notice
    targets[targets == -1] = 1 if blank != 1 else 2
    got = ctc_loss(lp, targets, il, tl, blank=blank, reduction="none")
    for n in range(4):
        expected = brute_force_loss(lp[: il[n], n], targets[n, : tl[n]], blank)
        assert got[n] == pytest.approx(expected, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize(
    "target",
    [[], [1], [2], [1, 1], [1, 2], [2, 1, 2], [1, 1, 1], [1, 2, 2]],
)
@pytest.mark.parametrize("num_frames", [1, 2, 3, 4, 5])
def test_ctc_loss_brute_force_every_short_case(num_frames, target):
    lp = random_log_probs(np.random.default_rng(num_frames), (num_frames, 1, 3))
    got = ctc_loss(lp, [target], [num_frames], [len(target)], reduction="sum")
    assert got == pytest.approx(brute_force_loss(lp[:, 0], target, 0), rel=1e-12, abs=1e-12)


def test_ctc_loss_by_hand_two_frames_uniform():
    # "a" from 2 frames: "aa", "-a", "a-", each 1/4
    lp = np.log(np.full((2, 1, 2), 0.5))
    assert ctc_loss(lp, [[1]], [2], [1]) == pytest.approx(-math.log(3 / 4), rel=1e-15)


def test_ctc_loss_by_hand_one_frame():
    lp = np.log(np.array([[[0.2, 0.5, 0.3]]]))
    assert ctc_loss(lp, [[2]], [1], [1], reduction="sum") == pytest.approx(-math.log(0.3))
    assert ctc_loss(lp, [[]], [1], [0], reduction="sum") == pytest.approx(-math.log(0.2))


def test_ctc_loss_of_empty_target_is_all_blanks():
    rng = np.random.default_rng(3)
    lp = random_log_probs(rng, (6, 2, 4))
    got = ctc_loss(lp, np.zeros((2, 0), dtype=int), [6, 4], [0, 0], reduction="none")
    np.testing.assert_allclose(got, [-lp[:6, 0, 0].sum(), -lp[:4, 1, 0].sum()], rtol=1e-14)


def test_ctc_loss_without_frames():
    lp = np.log(np.full((3, 2, 2), 0.5))
    got = ctc_loss(lp, [[1], [1]], [0, 0], [0, 1], reduction="none")
    assert got.tolist() == [0.0, math.inf]


def test_ctc_loss_stays_finite_for_long_confident_inputs():
    # Blank-collapse at the start of training: the target's paths are ~e^-1000 below the
    # all-blank path at every frame. A per-sample (not per-state) rescaling would underflow.
    num_frames, target = 400, [1, 2] * 10
    scores = np.full((num_frames, 1, 3), -50.0)
    scores[:, :, 0] = 0.0
    lp = log_softmax(scores)
    got = ctc_loss(lp, [target], [num_frames], [len(target)], reduction="sum")
    expected = torch_ctc(lp, [target], [num_frames], [len(target)], reduction="sum")
    assert 900 < got < math.inf
    assert got == pytest.approx(float(expected), rel=1e-12)


# --------------------------------------------------------------------------- conventions


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_ctc_loss_reductions(reduction):
    rng = np.random.default_rng(4)
    lp, targets, il, tl = random_batch(rng, 7, 5, 4, 3)
    il = np.maximum(il, 2 * tl)  # keep every loss finite
    each = ctc_loss(lp, targets, il, tl, reduction="none")
    got = ctc_loss(lp, targets, il, tl, reduction=reduction)
    if reduction == "none":
        assert isinstance(got, np.ndarray) and got.shape == (5,) and got.dtype == np.float64
        return
    assert type(got) is float
    if reduction == "sum":
        assert got == pytest.approx(each.sum(), rel=1e-14)
    else:  # each loss over its target length (an empty target counts as 1), then the mean
        assert got == pytest.approx(np.mean(each / np.maximum(tl, 1)), rel=1e-14)


def test_ctc_loss_padded_and_concatenated_targets_agree():
    rng = np.random.default_rng(5)
    lp, targets, il, tl = random_batch(rng, 8, 4, 5, 4)
    padded = ctc_loss(lp, targets, il, tl, reduction="none")
    flat = ctc_loss(lp, concatenate(targets, tl), il, tl, reduction="none")
    np.testing.assert_array_equal(padded, flat)


def test_ctc_loss_ignores_padding_and_unused_frames():
    rng = np.random.default_rng(6)
    lp = random_log_probs(rng, (6, 1, 4))
    base = ctc_loss(lp, [[1, 2, 0, 0]], [4], [2], reduction="sum")
    noisy = lp.copy()
    noisy[4:] = random_log_probs(rng, (2, 1, 4))
    assert ctc_loss(noisy, [[1, 2, 3, -7]], [4], [2], reduction="sum") == base


@pytest.mark.parametrize("lengths", [(5, 2), ([5], [2]), (np.int64(5), np.array([2]))])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_ctc_loss_unbatched_matches_a_batch_of_one(lengths, reduction):
    rng = np.random.default_rng(7)
    lp = random_log_probs(rng, (5, 4))
    batched = ctc_loss(lp[:, None], [[3, 1]], [5], [2], reduction=reduction)
    for targets in ([3, 1], [[3, 1, 0]]):  # the labels themselves, or padded (1, S)
        got = ctc_loss(lp, targets, *lengths, reduction=reduction)
        if reduction == "none":
            assert got.shape == () and got.dtype == np.float64
            assert float(got) == batched[0]
        else:
            assert got == batched


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_ctc_loss_float32_stays_float32(reduction):
    rng = np.random.default_rng(8)
    lp, targets, il, tl = random_batch(rng, 6, 3, 4, 2)
    lp32 = lp.astype(np.float32)
    got = ctc_loss(lp32, targets, il, tl, reduction=reduction)
    ref = ctc_loss(lp32.astype(np.float64), targets, il, tl, reduction=reduction)
    if reduction == "none":
        assert got.dtype == np.float32
        np.testing.assert_allclose(got, ref, rtol=1e-6)
    else:
        assert type(got) is float and got == pytest.approx(ref, rel=1e-12)
    _, grad = value_and_grad(ctc_loss, lp32, targets, il, tl, reduction="sum")
    assert grad.dtype == np.float32 and grad.shape == lp32.shape


def test_ctc_loss_accepts_lists_ints_whole_floats_and_read_only_arrays():
    rng = np.random.default_rng(9)
    lp = random_log_probs(rng, (5, 2, 3))
    expected = ctc_loss(lp, np.array([[1, 2], [2, 0]]), np.array([5, 4]), np.array([2, 1]))
    frozen = lp.copy()
    frozen.flags.writeable = False
    assert ctc_loss(frozen, [[1, 2], [2, 0]], [5, 4], [2, 1]) == expected
    assert ctc_loss(lp, np.array([[1.0, 2.0], [2.0, 0.0]]), [5.0, 4.0], [2, 1]) == expected
    assert ctc_loss(lp, np.array([[1, 2], [2, 0]], dtype=np.uint8), [5, 4], [2, 1]) == expected
    # integer log_probs are promoted to float64
    assert ctc_loss(np.zeros((2, 1, 2), dtype=int), [[1]], [2], [1]) == pytest.approx(
        -math.log(3), rel=1e-15
    )


def test_ctc_loss_never_modifies_its_inputs():
    rng = np.random.default_rng(10)
    lp, targets, il, tl = random_batch(rng, 6, 3, 4, 3)
    copies = [a.copy() for a in (lp, targets, il, tl)]
    ctc_loss(lp, targets, il, tl)
    value_and_grad(ctc_loss, lp, targets, il, tl)
    for before, after in zip(copies, (lp, targets, il, tl), strict=True):
        np.testing.assert_array_equal(before, after)


def test_ctc_loss_blank_can_be_any_class():
    rng = np.random.default_rng(11)
    lp = random_log_probs(rng, (5, 1, 3))
    moved = lp[:, :, [2, 0, 1]]  # class k of lp is class (k + 1) % 3 of moved; blank 0 -> 1
    assert ctc_loss(moved, [[2, 0]], [5], [2], blank=1) == pytest.approx(
        ctc_loss(lp, [[1, 2]], [5], [2]), rel=1e-14
    )


# --------------------------------------------------------------------------- infeasible


@pytest.mark.parametrize(
    ("target", "frames_needed"),
    [([1], 1), ([1, 2], 2), ([1, 1], 3), ([1, 1, 1], 5), ([1, 2, 2], 4), ([1, 2, 1], 3)],
)
def test_ctc_loss_is_inf_exactly_when_too_few_frames(target, frames_needed):
    lp = random_log_probs(np.random.default_rng(12), (6, 1, 3))
    for frames in range(7):
        got = ctc_loss(lp, [target], [frames], [len(target)], reduction="sum")
        assert math.isinf(got) == (frames < frames_needed)


def test_ctc_loss_zero_infinity():
    lp = random_log_probs(np.random.default_rng(13), (3, 2, 3))
    args = ([[1, 1], [1, 2]], [2, 3], [2, 2])  # sample 0: "aa" in 2 frames is impossible
    each = ctc_loss(lp, *args, reduction="none")
    assert math.isinf(each[0]) and math.isfinite(each[1])
    assert math.isinf(ctc_loss(lp, *args)) and math.isinf(ctc_loss(lp, *args, reduction="sum"))
    zeroed = ctc_loss(lp, *args, reduction="none", zero_infinity=True)
    assert zeroed.tolist() == [0.0, each[1]]
    assert ctc_loss(lp, *args, zero_infinity=True) == pytest.approx(each[1] / 2 / 2)
    for reduction in ("mean", "sum"):
        _, grad = value_and_grad(ctc_loss, lp, *args, reduction=reduction, zero_infinity=True)
        assert np.all(grad[:, 0] == 0.0) and np.any(grad[:, 1] != 0.0)


def test_ctc_loss_infinite_sample_gets_zero_gradient_without_zero_infinity():
    lp = random_log_probs(np.random.default_rng(14), (3, 2, 3))
    value, grad = value_and_grad(ctc_loss, lp, [[1, 1], [1, 2]], [2, 3], [2, 2], reduction="sum")
    assert math.isinf(value)
    assert np.all(grad[:, 0] == 0.0) and np.all(np.isfinite(grad))


def test_ctc_loss_accepts_minus_inf_log_probs():
    # class 1 ("a") is impossible at frame 1, so of the alignments of "a" in three frames
    # only "a--" and "--a" remain: probability 0.5 * 1 * 0.5 twice
    probs = np.array([[0.5, 0.5], [1.0, 0.0], [0.5, 0.5]])[:, None, :]
    with np.errstate(divide="ignore"):  # log(0) = -inf is the point of this test
        lp = np.log(probs)
    assert ctc_loss(lp, [[1]], [3], [1], reduction="sum") == pytest.approx(math.log(2))
    assert ctc_loss(lp, [[1]], [3], [1], reduction="sum") == pytest.approx(
        brute_force_loss(lp[:, 0], [1], 0)
    )
    _, grad = value_and_grad(ctc_loss, lp, [[1]], [3], [1], reduction="sum")
    assert np.all(np.isfinite(grad)) and grad[1, 0, 1] == 0.0
    np.testing.assert_allclose(grad[:, 0], [[-0.5, -0.5], [-1.0, 0.0], [-0.5, -0.5]])
    # the only frame forbids "a": probability 0, loss inf, gradient 0
    assert math.isinf(ctc_loss(lp[1:2], [[1]], [1], [1], reduction="sum"))
    value, grad = value_and_grad(ctc_loss, lp[1:2], [[1]], [1], [1], reduction="sum")
    assert math.isinf(value) and np.all(grad == 0.0)


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "match"),
    [
        # log_probs
        (("text", [[1]], [2], [1]), {}, TypeError, r"log_probs is a string"),
        ((np.zeros((2, 1, 2), complex), [[1]], [2], [1]), {}, TypeError, r"log_probs has dtype"),
        ((None, [[1]], [2], [1]), {}, TypeError, r"log_probs is None"),
        ((np.zeros((0, 1, 2)), [[1]], [0], [1]), {}, ValueError, r"log_probs is empty"),
        (
            (np.zeros(4), [1], [4], [1]),
            {},
            ValueError,
            r"log_probs has shape \(4,\); expected \(T, N, C\), or \(T, C\)",
        ),
        (
            (np.zeros((2, 1, 2, 1)), [1], [2], [1]),
            {},
            ValueError,
            r"log_probs has shape \(2, 1, 2, 1\); expected \(T, N, C\)",
        ),
        (
            (np.array([[[0.0, np.nan]]]), [[1]], [1], [1]),
            {},
            ValueError,
            r"log_probs contains NaN at index \(0, 0, 1\); expected log-probabilities: "
            r"finite numbers or -inf",
        ),
        (
            (np.array([[[0.0, np.inf]]]), [[1]], [1], [1]),
            {},
            ValueError,
            r"log_probs contains inf at index \(0, 0, 1\)",
        ),
        (
            (np.array([[[0.0, 1e200]]]), [[1]], [1], [1]),
            {},
            ValueError,
            r"log_probs has values above 1e\+100 \(max 1e\+200\)",
        ),
        # blank
        (
            (np.zeros((2, 1, 3)), [[1]], [2], [1]),
            {"blank": 3},
            ValueError,
            r"blank is 3; expected a class index in \[0, 3\)",
        ),
        ((np.zeros((2, 1, 3)), [[1]], [2], [1]), {"blank": -1}, ValueError, r"blank is -1"),
        (
            (np.zeros((2, 1, 3)), [[1]], [2], [1]),
            {"blank": 0.0},
            TypeError,
            r"blank is 0\.0; expected an integer",
        ),
        ((np.zeros((2, 1, 3)), [[1]], [2], [1]), {"blank": True}, TypeError, r"blank is True"),
        # lengths
        (
            (np.zeros((4, 2, 3)), [[1], [1]], [4, 4, 4], [1, 1]),
            {},
            ValueError,
            r"input_lengths has shape \(3,\); expected \(2,\), one length per sample "
            r"\(N = 2 in log_probs\)",
        ),
        (
            (np.zeros((4, 2, 3)), [[1], [1]], 4, [1, 1]),
            {},
            ValueError,
            r"input_lengths has shape \(\); expected \(2,\)",
        ),
        (
            (np.zeros((4, 3)), [1], [4, 4], 1),
            {},
            ValueError,
            r"input_lengths has shape \(2,\); expected \(\) or \(1,\), one length "
            r"\(one sequence: log_probs is \(T, C\)\)",
        ),
        (
            (np.zeros((4, 2, 3)), [[1], [1]], [4, -1], [1, 1]),
            {},
            ValueError,
            r"input_lengths has negative values \(min -1\); expected lengths >= 0",
        ),
        (
            (np.zeros((4, 2, 3)), [[1], [1]], [4, 4], [1, -2]),
            {},
            ValueError,
            r"target_lengths has negative values \(min -2\)",
        ),
        (
            (np.zeros((4, 2, 3)), [[1], [1]], [4, 5], [1, 1]),
            {},
            ValueError,
            r"input_lengths has values above 4 \(max 5\); expected at most T = 4",
        ),
        (
            (np.zeros((4, 2, 3)), [[1], [1]], [4, 2.5], [1, 1]),
            {},
            ValueError,
            r"input_lengths has values that are not whole numbers \(e\.g\. 2\.5\)",
        ),
        (
            (np.zeros((4, 2, 3)), [[1], [1]], [4, 4], ["1", "1"]),
            {},
            TypeError,
            r"target_lengths has dtype",
        ),
        (
            (np.zeros((4, 2, 3)), [[1], [1]], [4, 4], [1, 2]),
            {},
            ValueError,
            r"target_lengths has values above 1 \(max 2\); expected at most S = 1, "
            r"the padded length of targets \(2, 1\)",
        ),
        # targets
        (
            (np.zeros((4, 2, 3)), [[1], [1], [1]], [4, 4], [1, 1]),
            {},
            ValueError,
            r"targets has shape \(3, 1\); expected \(2, S\)",
        ),
        (
            (np.zeros((4, 2, 3)), [1, 2, 1], [4, 4], [1, 1]),
            {},
            ValueError,
            r"targets has 3 labels but target_lengths sums to 2; 1-D targets are the "
            r"concatenated targets, so expected 2 labels",
        ),
        (
            (np.zeros((4, 3)), [1, 2, 1], 4, 2),
            {},
            ValueError,
            r"targets has 3 labels but target_lengths sums to 2; 1-D targets of an "
            r"unbatched sequence hold exactly its labels",
        ),
        (
            (np.zeros((4, 2, 3)), np.zeros((2, 1, 1), int), [4, 4], [1, 1]),
            {},
            ValueError,
            r"targets has shape \(2, 1, 1\); expected \(N, S\) padded or 1-D",
        ),
        (
            (np.zeros((4, 2, 3)), [[1, 2], [3, 1]], [4, 4], [2, 1]),
            {},
            ValueError,
            r"targets has values outside \[0, 3\) \(max 3\); expected class indices below "
            r"the C = 3 classes of log_probs",
        ),
        (
            (np.zeros((4, 2, 3)), [[1, 2], [-1, 1]], [4, 4], [2, 1]),
            {},
            ValueError,
            r"targets has values outside \[0, 3\) \(min -1\)",
        ),
        (
            (np.zeros((4, 2, 3)), [[1, 2], [2, 0]], [4, 4], [2, 2]),
            {},
            ValueError,
            r"targets contains the blank label 0 \(sample 1, position 1\); expected labels "
            r"other than blank",
        ),
        (
            (np.zeros((4, 3)), [1, 2], 4, 2),
            {"blank": 2},
            ValueError,
            r"targets contains the blank label 2 \(position 1\)",
        ),
        (
            (np.zeros((4, 2, 3)), [[1.5], [1]], [4, 4], [1, 1]),
            {},
            ValueError,
            r"targets has values that are not whole numbers \(e\.g\. 1\.5\)",
        ),
        ((np.zeros((4, 2, 3)), [[True], [True]], [4, 4], [1, 1]), {}, TypeError, r"targets has"),
        # options
        (
            (np.zeros((2, 1, 2)), [[1]], [2], [1]),
            {"reduction": "avg"},
            ValueError,
            r"reduction is 'avg'; expected one of 'mean', 'sum', 'none'",
        ),
        (
            (np.zeros((2, 1, 2)), [[1]], [2], [1]),
            {"zero_infinity": 1},
            TypeError,
            r"zero_infinity is 1; expected True or False",
        ),
    ],
)
def test_ctc_loss_rejects_bad_input(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        ctc_loss(*args, **kwargs)
    if "reduction" not in kwargs:
        with pytest.raises(error, match=match):
            value_and_grad(ctc_loss, *args, **kwargs)


def test_ctc_loss_minus_inf_is_not_an_error_but_nan_is():
    lp = np.array([[[0.0, -np.inf]]])
    assert ctc_loss(lp, [[]], [1], [0]) == 0.0
    with pytest.raises(ValueError, match="log_probs contains NaN"):
        ctc_loss(np.array([[[np.nan, -np.inf]]]), [[]], [1], [0])


def test_ctc_value_and_grad_needs_a_scalar_reduction():
    lp = np.zeros((2, 1, 2))
    with pytest.raises(ValueError, match=r"reduction is 'none'"):
        value_and_grad(ctc_loss, lp, [[1]], [2], [1], reduction="none")


# --------------------------------------------------------------------------- gradients


@pytest.mark.parametrize("zero_infinity", [False, True])
@pytest.mark.parametrize("reduction", ["mean", "sum"])
@pytest.mark.parametrize("seed", range(3))
def test_ctc_gradient_matches_numerical_gradient(seed, reduction, zero_infinity):
    rng = np.random.default_rng(20 + seed)
    lp, targets, il, tl = random_batch(rng, 5, 3, 4, 3, blank=seed % 4)
    il = np.maximum(il, 2 * tl)  # finite losses: a numerical gradient of inf is meaningless
    il[0] = 5  # at least one full-length sequence
    kw = {"blank": seed % 4, "reduction": reduction, "zero_infinity": zero_infinity}
    value, grad = value_and_grad(ctc_loss, lp, targets, il, tl, **kw)
    assert value == ctc_loss(lp, targets, il, tl, **kw)
    numeric = numerical_gradient(lambda x: ctc_loss(x, targets, il, tl, **kw), lp, h=1e-5)
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-8)


def test_ctc_gradient_is_the_partial_not_torch_native_backward():
    # Perturbing one log-probability (no renormalisation) moves the loss by grad * h.
    rng = np.random.default_rng(24)
    lp = random_log_probs(rng, (4, 1, 3))
    _, grad = value_and_grad(ctc_loss, lp, [[1, 2]], [4], [2], reduction="sum")
    bumped = lp.copy()
    bumped[1, 0, 2] += 1e-6
    change = ctc_loss(bumped, [[1, 2]], [4], [2], reduction="sum") - ctc_loss(
        lp, [[1, 2]], [4], [2], reduction="sum"
    )
    assert change == pytest.approx(grad[1, 0, 2] * 1e-6, rel=1e-4)
    # torch's native backward is exp(lp) + our gradient (it assumes a log_softmax follows)
    x = torch.from_numpy(lp).requires_grad_()
    F.ctc_loss(
        x, torch.tensor([[1, 2]]), torch.tensor([4]), torch.tensor([2]), reduction="sum"
    ).backward()
    np.testing.assert_allclose(x.grad.numpy(), np.exp(lp) + grad, atol=1e-12)
    assert not np.allclose(x.grad.numpy(), grad)


def test_ctc_gradient_structure():
    rng = np.random.default_rng(25)
    lp, targets, il, tl = random_batch(rng, 7, 4, 5, 3)
    il = np.maximum(il, 2 * tl)
    il[1] = 7
    _, grad = value_and_grad(ctc_loss, lp, targets, il, tl, reduction="sum")
    for n in range(4):
        # frames past the input length get exactly 0 (and not -0.0, which prints as "-0.")
        assert np.all(grad[il[n] :, n] == 0.0) and not np.signbit(grad[il[n] :, n]).any()
        # posteriors over the states sum to 1 at every used frame
        np.testing.assert_allclose(grad[: il[n], n].sum(axis=-1), -1.0, rtol=1e-12)
        # classes that are neither blank nor in the target get exactly 0
        unused = sorted(set(range(1, 5)) - set(targets[n, : tl[n]].tolist()))
        assert np.all(grad[:, n, unused] == 0.0)


def test_ctc_gradient_unbatched_has_the_input_shape():
    lp = random_log_probs(np.random.default_rng(26), (5, 3))
    value, grad = value_and_grad(ctc_loss, lp, [1, 2], 5, 2)
    batched_value, batched_grad = value_and_grad(ctc_loss, lp[:, None], [[1, 2]], [5], [2])
    assert grad.shape == (5, 3) and value == batched_value
    np.testing.assert_array_equal(grad, batched_grad[:, 0])


def test_ctc_gradient_through_value_and_grad_and_partial():
    import functools

    lp = random_log_probs(np.random.default_rng(27), (5, 2, 3))
    args = ([[1, 2], [2, 2]], [5, 5], [2, 2])
    direct = value_and_grad(ctc_loss, lp, *args, blank=0, reduction="sum", zero_infinity=False)
    via = value_and_grad(functools.partial(ctc_loss, reduction="sum"), lp, *args)
    assert direct[0] == via[0]
    np.testing.assert_array_equal(direct[1], via[1])
    assert losskit.ctc_loss is ctc_loss
