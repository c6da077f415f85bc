"""losskit._validate: the one place inputs are checked. Messages are part of the contract."""

import re

import numpy as np
import pytest

import losskit as lk
from losskit._validate import (
    as_float_array,
    as_int_array,
    as_labels,
    as_pair,
    check_axis,
    check_class_axis,
    check_flag,
    check_ndim,
    check_positive,
    check_range,
    check_reduction,
    check_shape,
)


def readonly(a):
    a = np.array(a)
    a.setflags(write=False)
    return a


# --------------------------------------------------------------------------- dtypes


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (np.array([1.0], dtype=np.float32), np.float32),
        (np.array([1.0], dtype=np.float64), np.float64),
        (np.array([1], dtype=np.int32), np.float64),
        (np.array([1], dtype=np.uint8), np.float64),
        (np.array([1.0], dtype=np.float16), np.float64),
        (np.array([1.0], dtype=np.longdouble), np.float64),
        ([1, 2], np.float64),
        ([1.5, 2], np.float64),
        (3, np.float64),
    ],
)
def test_as_float_array_keeps_float32_and_promotes_the_rest_to_float64(value, expected):
    assert as_float_array(value, "y").dtype == expected


def test_as_float_array_does_not_copy_a_float64_array_and_accepts_read_only():
    a = readonly([1.0, 2.0])
    out = as_float_array(a, "y")
    assert np.shares_memory(out, a)


def test_as_float_array_casts_to_a_requested_dtype():
    assert as_float_array([1, 2], "t", dtype=np.float32).dtype == np.float32


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, "y is None; expected an array of real numbers"),
        ("abc", "y is a string ('abc'); expected an array of real numbers"),
        (b"abc", "y is a string (b'abc'); expected an array of real numbers"),
        ([1, "a"], "y has dtype <U21 (text); expected real numbers (integers or floats)"),
        ([1 + 2j], "y has dtype complex128 (complex); expected real numbers"),
        ([True, False], "y has dtype bool; expected real numbers"),
        (np.array([1, None]), "y has dtype object; expected real numbers"),
        ([1, None], "y has dtype object; expected real numbers"),
        (object(), "y has dtype object; expected real numbers"),
        (np.array(["2020-01-01"], dtype="M8[D]"), "y has dtype datetime64[D] (datetime)"),
        (np.zeros(2, dtype="V8"), r"y has dtype |V8 (structured)"),
    ],
)
def test_as_float_array_rejects_non_numeric_input_with_type_error(value, message):
    with pytest.raises(TypeError, match=re.escape(message)):
        as_float_array(value, "y")


class _Unconvertible:
    def __array__(self, dtype=None, copy=None):
        raise RuntimeError("no numpy() on a tensor that requires grad")


def test_as_float_array_turns_a_failed_conversion_into_a_type_error():
    msg = "y could not be converted to an array (RuntimeError: no numpy() on a tensor"
    with pytest.raises(TypeError, match=re.escape(msg)):
        as_float_array(_Unconvertible(), "y")


def test_as_float_array_accepts_objects_with_an_array_interface():
    out = as_float_array(memoryview(np.float32([1.0, 2.0])), "y")
    assert out.dtype == np.float32 and out.tolist() == [1.0, 2.0]


def test_as_float_array_rejects_ragged_nesting():
    with pytest.raises(ValueError, match=r"y is ragged \(nested sequences of different lengths\)"):
        as_float_array([[1, 2], [3]], "y")


@pytest.mark.parametrize("value", [[], np.zeros((0, 3)), np.zeros((2, 0), dtype=np.float32)])
def test_as_float_array_rejects_empty_input(value):
    shape = np.shape(value)
    with pytest.raises(ValueError, match=re.escape(f"t is empty (shape {shape}); expected at")):
        as_float_array(value, "t")


def test_as_float_array_may_allow_empty_input():
    assert as_float_array([], "x", nonempty=False).shape == (0,)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([1.0, np.nan], "y contains NaN at index 1; expected finite numbers"),
        ([np.inf], "y contains inf at index 0; expected finite numbers"),
        ([[0.0, 1.0], [-np.inf, 2.0]], "y contains -inf at index (1, 0); expected finite"),
        (np.float32(np.nan), "y contains NaN; expected finite numbers"),
    ],
)
def test_as_float_array_rejects_nan_and_inf_naming_the_first_position(value, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        as_float_array(value, "y")


def test_as_float_array_accepts_values_whose_sum_overflows():
    a = np.array([1e308, 1e308, -1e308])
    assert as_float_array(a, "y") is a


def test_as_float_array_may_allow_non_finite_input():
    assert np.isnan(as_float_array([np.nan], "x", finite=False)[0])


# --------------------------------------------------------------------------- pairs


def test_as_pair_refuses_to_broadcast():
    msg = "t has shape (3, 1) but y has shape (3,); losskit never broadcasts y against t"
    with pytest.raises(ValueError, match=re.escape(msg)):
        as_pair(np.zeros(3), np.zeros((3, 1)))


def test_as_pair_uses_custom_names():
    with pytest.raises(ValueError, match=r"b has shape \(2,\) but a has shape \(1,\)"):
        as_pair([1.0], [1.0, 2.0], names=("a", "b"))


@pytest.mark.parametrize(
    ("y", "t", "expected"),
    [
        (np.float32([1.0]), np.float64([1.0]), np.float32),
        (np.float32([1.0]), [1], np.float32),
        (np.float64([1.0]), np.float32([1.0]), np.float64),
        ([1], np.float32([1.0]), np.float64),
    ],
)
def test_as_pair_computes_in_the_dtype_of_y(y, t, expected):
    ya, ta = as_pair(y, t)
    assert ya.dtype == ta.dtype == expected


def test_as_pair_names_the_target_in_type_errors():
    with pytest.raises(TypeError, match="t is None"):
        as_pair([1.0], None)


# --------------------------------------------------------------------------- ranges


def test_check_range_reports_the_minimum_and_the_hint():
    msg = "y has values outside [0, 1] (min -0.2); pass from_logits=True for logits"
    with pytest.raises(ValueError, match=re.escape(msg)):
        check_range(np.array([-0.2, 0.5]), "y", hint="pass from_logits=True for logits")


def test_check_range_reports_both_ends_in_the_input_dtype():
    msg = "t has values outside [0, 1] (min -0.2, max 1.5); expected values in [0, 1]"
    with pytest.raises(ValueError, match=re.escape(msg)):
        check_range(np.array([-0.2, 1.5], dtype=np.float32), "t")


def test_check_range_accepts_the_closed_interval():
    check_range(np.array([0.0, 1.0]), "y")


def test_check_range_shows_a_value_just_above_the_bound_exactly():
    with pytest.raises(ValueError, match=re.escape("(max 1.0000001)")):
        check_range(np.array([1.0000001]), "y")


# --------------------------------------------------------------------------- integers


def test_as_int_array_accepts_integers_and_whole_floats():
    assert as_int_array([0, 2], "labels").dtype == np.int64
    assert as_int_array(np.array([0.0, 2.0], dtype=np.float32), "labels").tolist() == [0, 2]


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        ([0, 1.5], ValueError, "labels has values that are not whole numbers (e.g. 1.5)"),
        ([0, np.inf], ValueError, "labels contains inf at index 1"),
        ([0.0, np.nan], ValueError, "labels contains NaN at index 1"),
        ([1e20], ValueError, "labels has values too large for int64"),
        (np.array([2**64 - 1], dtype=np.uint64), ValueError, "labels has values too large"),
        ([True], TypeError, "labels has dtype bool; expected real numbers"),
        ("0", TypeError, "labels is a string"),
    ],
)
def test_as_int_array_rejects_what_is_not_an_integer(value, error, message):
    with pytest.raises(error, match=re.escape(message)):
        as_int_array(value, "labels")


def test_as_labels_checks_the_class_range():
    msg = "labels has values outside [0, 3) (max 3); expected class indices below the 3 classes"
    with pytest.raises(ValueError, match=re.escape(msg)):
        as_labels([0, 3], "labels", num_classes=3)
    with pytest.raises(ValueError, match=re.escape("outside [0, 3) (min -1)")):
        as_labels([-1, 2], "labels", num_classes=3)
    assert as_labels([2, 0], "labels", num_classes=3).tolist() == [2, 0]


# --------------------------------------------------------------------------- options


@pytest.mark.parametrize("value", ["avg", "MEAN", None, 3, "batchmean"])
def test_check_reduction_lists_the_choices(value):
    msg = f"reduction is {value!r}; expected one of 'mean', 'sum', 'none'"
    with pytest.raises(ValueError, match=re.escape(msg)):
        check_reduction(value)


def test_check_reduction_can_forbid_none():
    with pytest.raises(ValueError, match=re.escape("expected one of 'mean', 'sum'")):
        check_reduction("none", ("mean", "sum"))
    assert check_reduction("sum") == "sum"


@pytest.mark.parametrize("value", ["yes", 1, None, 0.0])
def test_check_flag_requires_a_bool(value):
    with pytest.raises(TypeError, match=re.escape(f"from_logits is {value!r}; expected True")):
        check_flag(value, "from_logits")


def test_check_flag_accepts_numpy_bools():
    assert check_flag(np.bool_(True), "from_logits") is True


@pytest.mark.parametrize("value", [0, -1.0, float("nan"), float("inf")])
def test_check_positive_rejects_non_positive_or_non_finite_values(value):
    with pytest.raises(ValueError, match=re.escape(f"delta is {value!r}; expected a positive")):
        check_positive(value, "delta")


@pytest.mark.parametrize("value", ["1", True, None, [1.0], 1j])
def test_check_positive_rejects_non_numbers(value):
    with pytest.raises(TypeError, match=r"delta is .*; expected a positive finite number"):
        check_positive(value, "delta")


def test_check_positive_returns_a_python_float():
    out = check_positive(np.float32(0.5), "delta")
    assert type(out) is float and out == 0.5


def test_check_axis_normalises_and_rejects():
    assert check_axis(-1, 3) == 2
    assert check_axis(np.int64(1), 3) == 1
    with pytest.raises(ValueError, match=re.escape("axis is 2 but x has 2 dimensions; expected")):
        check_axis(2, 2)
    with pytest.raises(TypeError, match=r"axis is 1\.0; expected an integer"):
        check_axis(1.0, 2)
    with pytest.raises(TypeError, match="axis is True; expected an integer"):
        check_axis(True, 2)


def test_shape_checks_name_the_argument():
    with pytest.raises(ValueError, match=re.escape("y has shape (1, 1, 1) (3 dimensions)")):
        check_ndim(np.zeros((1, 1, 1)), "y", (1, 2))
    with pytest.raises(ValueError, match=re.escape("y has shape (); expected at least 1 dim")):
        check_class_axis(np.zeros(()), "y")
    with pytest.raises(ValueError, match=re.escape("labels has shape (2,); expected (3,) (why)")):
        check_shape(np.zeros(2), "labels", (3,), "why")


@pytest.mark.parametrize("loss", [lk.mse, lk.huber, lk.binary_cross_entropy])
def test_a_finite_target_beyond_float32_is_refused_before_the_cast(loss):
    y = np.full(3, 0.5, dtype=np.float32)
    t = np.array([0.5, 1e39, 0.5])  # finite in float64, inf in float32
    with pytest.raises(
        ValueError, match=re.escape("t has values too large for float32 (e.g. 1e+39)")
    ):
        loss(y, t)
    t[1] = np.nan  # a NaN is named as a NaN, at its index in t itself
    with pytest.raises(ValueError, match=re.escape("t contains NaN at index 1")):
        loss(y, t)
