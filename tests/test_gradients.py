"""losskit.gradients: value_and_grad for every loss, numerical_gradient, their errors."""

import functools
import re

import numpy as np
import pytest

import losskit
from losskit import numerical_gradient, value_and_grad

# Every registered loss's gradient is checked against finite differences and torch by
# tests/test_common.py; here: value_and_grad's own conventions and numerical_gradient.
RNG = np.random.default_rng(11)
LOGITS = RNG.normal(size=(3, 4)) * 2
TARGET01 = RNG.uniform(size=(3, 4))


def test_sum_gradient_is_n_times_mean_gradient():
    _, mean = value_and_grad(losskit.mse, LOGITS, TARGET01)
    _, total = value_and_grad(losskit.mse, LOGITS, TARGET01, reduction="sum")
    np.testing.assert_allclose(total, LOGITS.size * mean, rtol=1e-15)


def test_a_keyword_only_partial_is_accepted():
    value, grad = value_and_grad(functools.partial(losskit.huber, delta=0.5), [2.0], [0.0])
    assert (value, grad.tolist()) == (0.5 * (2.0 - 0.25), [0.5])
    # call-time keywords win over bound ones
    value, _ = value_and_grad(functools.partial(losskit.huber, delta=0.5), [2.0], [0.0], delta=1)
    assert value == 1.5


@pytest.mark.parametrize(
    ("loss", "shown"),
    [
        (losskit.sigmoid, "sigmoid"),
        (losskit.combine_losses, "combine_losses"),
        (lambda y, t: 0.0, "<lambda>"),
        ("mse", "'mse'"),
        (None, "None"),
        (functools.partial(losskit.mse, [1.0]), "functools.partial"),
    ],
)
def test_a_loss_that_is_not_a_losskit_loss_is_a_type_error(loss, shown):
    with pytest.raises(TypeError, match=re.escape(f"loss is {shown}")) as info:
        value_and_grad(loss, [1.0], [0.0])
    assert "expected one of losskit's losses: binary_cross_entropy, " in str(info.value)


@pytest.mark.parametrize("loss", [losskit.mse, losskit.binary_cross_entropy, losskit.ctc_loss])
def test_reduction_none_is_refused(loss):
    msg = "reduction is 'none'; value_and_grad needs a scalar loss, expected one of 'mean', 'sum'"
    with pytest.raises(ValueError, match=re.escape(msg)):
        value_and_grad(loss, [0.5], [0.0], reduction="none")


@pytest.mark.parametrize("reduction", ["avg", None, 0])
def test_unknown_reduction_is_refused(reduction):
    msg = f"reduction is {reduction!r}; expected one of 'mean', 'sum'"
    with pytest.raises(ValueError, match=re.escape(msg)):
        value_and_grad(losskit.mse, [0.5], [0.0], reduction=reduction)


def test_errors_of_the_loss_come_through_unchanged():
    with pytest.raises(ValueError, match=re.escape("t has shape (2,) but y has shape (1,)")):
        value_and_grad(losskit.mse, [0.5], [0.0, 1.0])
    with pytest.raises(TypeError, match=re.escape("y is None")):
        value_and_grad(losskit.mae, None, [0.0])


# --------------------------------------------------------------------------- numerical_gradient


def test_numerical_gradient_of_a_quadratic_is_exact_up_to_rounding():
    x = np.array([[3.0, -1.0], [0.5, 2.0]])
    g = numerical_gradient(lambda v: float(np.sum(v**2)), x)
    np.testing.assert_allclose(g, 2 * x, rtol=1e-10)
    assert g.shape == (2, 2) and g.dtype == np.float64


def test_numerical_gradient_handles_scalars_and_lists():
    assert numerical_gradient(lambda v: float(v) ** 3, 2.0).shape == ()
    assert numerical_gradient(lambda v: float(v) ** 3, 2.0) == pytest.approx(12.0, rel=1e-7)
    np.testing.assert_allclose(numerical_gradient(lambda v: v[0] * v[1], [2, 3]), [3.0, 2.0])


def test_numerical_gradient_uses_the_step():
    # f(x) = |x| at 0 with a big step: (h - h) / 2h = 0; f(x) = x^3: (8 - 0) / 2 = 4 at 1, h=1
    assert numerical_gradient(lambda v: abs(float(v)), 0.0, h=0.5) == 0.0
    assert numerical_gradient(lambda v: float(v) ** 3, 1.0, h=1.0) == 4.0


def test_numerical_gradient_does_not_modify_x_and_works_in_float64():
    x = np.array([1.0, 2.0], dtype=np.float32)
    x.setflags(write=False)
    seen = []
    numerical_gradient(lambda v: seen.append(v.dtype) or float(np.sum(v)), x)
    assert x.tolist() == [1.0, 2.0]
    assert set(seen) == {np.dtype(np.float64)}


@pytest.mark.parametrize(
    ("h", "error"), [(0, ValueError), (-1e-4, ValueError), (np.inf, ValueError), ("1", TypeError)]
)
def test_numerical_gradient_step_must_be_positive(h, error):
    with pytest.raises(error, match=re.escape(f"h is {h!r}; expected a positive finite number")):
        numerical_gradient(lambda v: 0.0, [1.0], h=h)


def test_numerical_gradient_needs_a_callable_returning_a_scalar():
    with pytest.raises(TypeError, match=re.escape("f is 3; expected a callable")):
        numerical_gradient(3, [1.0])  # type: ignore[arg-type]
    with pytest.raises(
        TypeError, match=re.escape("f returned an array of shape (2,); expected a real")
    ):
        numerical_gradient(lambda v: v.copy(), [1.0, 2.0])
    with pytest.raises(TypeError, match=re.escape("f returned 'x'; expected a real scalar")):
        numerical_gradient(lambda v: "x", [1.0])


@pytest.mark.parametrize(
    ("x", "error", "message"),
    [
        ([], ValueError, "x is empty"),
        ([np.nan], ValueError, "x contains NaN at index 0"),
        ("1", TypeError, "x is a string"),
        ([1j], TypeError, "x has dtype complex128"),
    ],
)
def test_numerical_gradient_checks_x(x, error, message):
    with pytest.raises(error, match=re.escape(message)):
        numerical_gradient(lambda v: 0.0, x)


@pytest.mark.parametrize(
    ("loss", "args", "kwargs", "message"),
    [
        (
            losskit.cross_entropy_error,
            ([0.5], [1]),
            {"reduction": "sum"},
            "cross_entropy_error() got an unexpected keyword argument 'reduction'",
        ),
        (
            losskit.mse,
            ([0.5], [1]),
            {"from_logits": True},
            "mse() got an unexpected keyword argument 'from_logits'",
        ),
        (losskit.mse, ([0.5],), {}, "mse() missing a required argument: 't'"),
        (losskit.mse, ([0.5], [1], "sum"), {}, "mse() too many positional arguments"),
    ],
)
def test_arguments_the_loss_does_not_take_are_named_after_the_loss(loss, args, kwargs, message):
    with pytest.raises(TypeError, match=re.escape(message)):
        value_and_grad(loss, *args, **kwargs)


@pytest.mark.parametrize("loss", ["categorical_cross_entropy", "sparse_categorical_cross_entropy"])
@pytest.mark.parametrize("options", [{}, {"weight": [1.0, 2.0, 0.5]}])
def test_cross_entropy_gradient_of_a_strided_view_is_that_of_its_copy(loss, options):
    # torch's (N, C, L) moved to (N, L, C) is a view: the softmax buffer must not copy
    # its layout (writes through a reshape of it were lost)
    rng = np.random.default_rng(3)
    view = np.moveaxis(rng.normal(size=(5, 3, 4)), 1, -1)
    if loss == "categorical_cross_entropy":
        target = np.moveaxis(rng.dirichlet(np.ones(3), size=(5, 4)).transpose(0, 2, 1), 1, -1)
    else:
        target = rng.integers(0, 3, size=(5, 4))
    func = getattr(losskit, loss)
    value, grad = value_and_grad(func, view, target, from_logits=True, **options)
    expected = numerical_gradient(
        lambda a: func(a, target, from_logits=True, **options), np.ascontiguousarray(view)
    )
    assert value == func(np.ascontiguousarray(view), target, from_logits=True, **options)
    np.testing.assert_allclose(grad, expected, rtol=1e-6, atol=1e-9)


def test_numerical_gradient_of_a_fortran_ordered_point():
    x = np.arange(6.0).reshape(2, 3).T  # F-contiguous: its reshape(-1) is a copy
    weights = np.arange(6.0).reshape(3, 2)
    grad = numerical_gradient(lambda v: float(np.sum(weights * v**2)), x)
    np.testing.assert_allclose(grad, 2 * weights * x, rtol=1e-7)
