"""losskit.combine: combine_losses, the weighted mean (the article) and sum (Keras)."""

import re

import numpy as np
import pytest

from losskit import combine_losses, mse


def test_mean_without_weights_is_the_plain_average():
    assert combine_losses([0.5, 1.5, 4.0]) == 2.0


def test_sum_without_weights_is_the_plain_sum():
    assert combine_losses([0.5, 1.5, 4.0], reduction="sum") == 6.0


def test_weighted_sum_is_keras_loss_weights():
    assert combine_losses([2.0, 10.0], [1.0, 0.2], reduction="sum") == 4.0


def test_weighted_mean_divides_by_the_sum_of_the_weights():
    assert combine_losses([2.0, 10.0], [3.0, 1.0]) == (6.0 + 10.0) / 4.0


def test_averaging_is_the_sum_with_weights_one_over_n():
    losses = [0.3, 0.7, 1.1]
    assert combine_losses(losses) == pytest.approx(
        combine_losses(losses, [1 / 3] * 3, reduction="sum"), rel=1e-15
    )


def test_mappings_are_matched_by_key_not_order():
    losses = {"label": 2.0, "box": 10.0}
    weights = {"box": 0.2, "label": 1.0}
    assert combine_losses(losses, weights, reduction="sum") == 4.0


def test_zero_weights_are_allowed_if_one_is_positive():
    assert combine_losses([1.0, 5.0], [0.0, 2.0]) == 5.0


def test_accepts_numpy_scalars_0d_arrays_ints_and_tuples():
    losses = (np.float32(0.5), np.array(1.5), 2, np.int64(4))
    assert combine_losses(losses, reduction="sum") == 8.0


def test_accepts_any_iterable_of_numbers():
    assert combine_losses(x / 2 for x in range(3)) == 0.5
    assert combine_losses(np.array([1.0, 2.0]), np.array([1.0, 3.0])) == 7.0 / 4.0


def test_accepts_results_of_losskit_losses():
    a = mse([1.0, 2.0], [0.0, 0.0])
    b = mse([0.0], [3.0])
    assert combine_losses({"a": a, "b": b}) == (2.5 + 9.0) / 2


def test_result_is_a_python_float_summed_exactly():
    out = combine_losses([0.1] * 10, reduction="sum")
    assert type(out) is float and out == 1.0  # math.fsum; a plain loop gives 0.9999999999999999


def test_negative_losses_are_allowed():
    assert combine_losses([-1.0, 3.0]) == 1.0


def test_inputs_are_not_modified():
    losses, weights = {"a": 1.0, "b": 2.0}, [1.0, 2.0]
    combine_losses(losses)
    combine_losses([1.0, 2.0], weights)
    assert losses == {"a": 1.0, "b": 2.0} and weights == [1.0, 2.0]


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("losses", "weights", "error", "message"),
    [
        ([], None, ValueError, "losses is empty; expected at least one loss"),
        ({}, None, ValueError, "losses is empty; expected at least one loss"),
        ([1.0, np.nan], None, ValueError, "losses[1] contains NaN; expected finite numbers"),
        ({"a": np.inf}, None, ValueError, "losses['a'] contains inf; expected finite numbers"),
        ([1.0, [1.0, 2.0]], None, ValueError, "losses[1] has shape (2,); expected a scalar"),
        ([np.zeros(0)], None, ValueError, "losses[0] is empty"),
        ("ab", None, TypeError, "losses is 'ab'; expected a sequence of numbers or a mapping"),
        (3.0, None, TypeError, "losses is 3.0; expected a sequence of numbers or a mapping"),
        (None, None, TypeError, "losses is None; expected a sequence"),
        (np.array(1.0), None, TypeError, "losses is array(1.); expected a sequence"),
        ([1.0, "a"], None, TypeError, "losses[1] is a string ('a')"),
        ([1.0, None], None, TypeError, "losses[1] is None"),
        ([1j], None, TypeError, "losses[0] has dtype complex128 (complex)"),
        ([True], None, TypeError, "losses[0] has dtype bool"),
        (
            [1.0, 2.0],
            [1.0],
            ValueError,
            "weights has 1 entry but losses has 2; expected one weight per loss",
        ),
        ([1.0], [1.0, 2.0], ValueError, "weights has 2 entries but losses has 1"),
        ([1.0, 2.0], [1.0, -0.5], ValueError, "weights[1] is -0.5; expected a non-negative"),
        ([1.0, 2.0], [0, 0.0], ValueError, "weights are all 0; expected at least one positive"),
        ([1.0], [np.nan], ValueError, "weights[0] contains NaN; expected finite numbers"),
        ([1.0], ["1"], TypeError, "weights[0] is a string ('1')"),
        ([1.0], "1", TypeError, "weights is '1'; expected a sequence of numbers or a mapping"),
        (
            {"a": 1.0, "b": 2.0},
            {"a": 1.0, "c": 2.0},
            ValueError,
            "weights has keys ['c'] that losses lacks and lacks keys ['b'] of losses; "
            "expected one weight per loss",
        ),
        ({"a": 1.0, "b": 2.0}, {"a": 1.0}, ValueError, "weights lacks keys ['b'] of losses"),
        (
            {"a": 1.0},
            [1.0],
            TypeError,
            "weights is a sequence but losses is a mapping; expected weights of the same kind",
        ),
        ([1.0], {"a": 1.0}, TypeError, "weights is a mapping but losses is a sequence"),
    ],
)
def test_bad_input_raises_a_clear_error(losses, weights, error, message):
    with pytest.raises(error, match=re.escape(message)):
        combine_losses(losses, weights)


@pytest.mark.parametrize("reduction", ["none", "avg", None])
def test_reduction_is_mean_or_sum(reduction):
    msg = f"reduction is {reduction!r}; expected one of 'mean', 'sum'"
    with pytest.raises(ValueError, match=re.escape(msg)):
        combine_losses([1.0], reduction=reduction)
