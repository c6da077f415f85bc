r"""Gradients of every losskit loss: analytic `value_and_grad`, numerical `numerical_gradient`.

`value_and_grad` looks the loss up in a table that maps each public loss to its private
``_<loss>_value_and_grad`` twin, defined beside it in its own module. Adding a loss is one
line in `_VALUE_AND_GRAD`.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from losskit._validate import (
    SCALAR_REDUCTIONS,
    FloatArray,
    as_float_array,
    check_positive,
    check_reduction,
)
from losskit.classification import (
    _binary_cross_entropy_value_and_grad,
    _binary_focal_loss_value_and_grad,
    _categorical_cross_entropy_value_and_grad,
    _kl_divergence_value_and_grad,
    _multilabel_soft_margin_value_and_grad,
    _nll_loss_value_and_grad,
    _sparse_categorical_cross_entropy_value_and_grad,
    binary_cross_entropy,
    binary_focal_loss,
    categorical_cross_entropy,
    kl_divergence,
    multilabel_soft_margin,
    nll_loss,
    sparse_categorical_cross_entropy,
)
from losskit.multiclass_margin import (
    _multi_margin_value_and_grad,
    _multilabel_margin_value_and_grad,
    multi_margin,
    multilabel_margin,
)
from losskit.regression import (
    _huber_value_and_grad,
    _mae_value_and_grad,
    _mse_value_and_grad,
    huber,
    mae,
    mse,
)
from losskit.sequence import _ctc_loss_value_and_grad, ctc_loss
from losskit.textbook import (
    _cross_entropy_error_value_and_grad,
    _mean_squared_error_value_and_grad,
    cross_entropy_error,
    mean_squared_error,
)

__all__ = ["numerical_gradient", "value_and_grad"]

ValueAndGrad = Callable[..., tuple[float, FloatArray]]

_VALUE_AND_GRAD: dict[Callable[..., Any], ValueAndGrad] = {
    mean_squared_error: _mean_squared_error_value_and_grad,
    cross_entropy_error: _cross_entropy_error_value_and_grad,
    mse: _mse_value_and_grad,
    mae: _mae_value_and_grad,
    huber: _huber_value_and_grad,
    binary_cross_entropy: _binary_cross_entropy_value_and_grad,
    categorical_cross_entropy: _categorical_cross_entropy_value_and_grad,
    sparse_categorical_cross_entropy: _sparse_categorical_cross_entropy_value_and_grad,
    kl_divergence: _kl_divergence_value_and_grad,
    ctc_loss: _ctc_loss_value_and_grad,
    nll_loss: _nll_loss_value_and_grad,
    binary_focal_loss: _binary_focal_loss_value_and_grad,
    multilabel_soft_margin: _multilabel_soft_margin_value_and_grad,
    multi_margin: _multi_margin_value_and_grad,
    multilabel_margin: _multilabel_margin_value_and_grad,
}
"""Each public loss -> its analytic ``(value, gradient)`` twin."""


def _lookup(loss: object) -> tuple[Callable[..., Any], ValueAndGrad, dict[str, Any]]:
    """The public loss, its twin and the keywords bound by a ``functools.partial``, if any."""
    bound: dict[str, Any] = {}
    func = loss
    if isinstance(loss, functools.partial) and not loss.args:
        func, bound = loss.func, dict(loss.keywords)
    try:
        twin = _VALUE_AND_GRAD.get(func) if callable(func) else None
    except TypeError:  # a callable that is not hashable
        twin = None
    if twin is None:
        names = ", ".join(sorted(f.__name__ for f in _VALUE_AND_GRAD))
        name = getattr(loss, "__name__", None)
        shown = name if callable(loss) and isinstance(name, str) else repr(loss)
        raise TypeError(f"loss is {shown}; expected one of losskit's losses: {names}")
    return func, twin, bound  # type: ignore[return-value]


@functools.cache
def _signature(loss: Callable[..., Any]) -> inspect.Signature:
    return inspect.signature(loss)


def value_and_grad(
    loss: Callable[..., Any], y: npt.ArrayLike, /, *args: Any, **kwargs: Any
) -> tuple[float, FloatArray]:
    r"""The value of a losskit loss and its analytic gradient with respect to `y`.

    $$\bigl(L(y, \ldots),\; \nabla_y L\bigr), \qquad
      (\nabla_y L)_i = \frac{\partial L}{\partial y_i}$$

    Parameters
    ----------
    loss : callable
        One of losskit's losses: `mean_squared_error`, `cross_entropy_error`, `mse`, `mae`,
        `huber`, `binary_cross_entropy`, `categorical_cross_entropy`,
        `sparse_categorical_cross_entropy`, `kl_divergence`, `ctc_loss` (or a
        ``functools.partial`` of one that binds keywords only).
    y : array_like
        The loss's first argument: the prediction (logits when ``from_logits=True``;
        ``log_probs`` for `ctc_loss`).

    Other Parameters
    ----------------
    *args
        The loss's other positional arguments, exactly as the loss takes them (the
        target; for `ctc_loss` also the lengths).
    **kwargs
        The loss's keyword options (`reduction`, `from_logits`, `delta`, ...).
        ``reduction`` must be "mean" or "sum": a gradient needs a scalar.

    Returns
    -------
    value : float
        ``loss(y, *args, **kwargs)``.
    grad : numpy.ndarray
        $\partial\,\text{value} / \partial y$, shaped like `y`; float32 for float32 `y`,
        float64 otherwise.

    Raises
    ------
    TypeError
        `loss` is not a losskit loss; or as the loss raises.
    ValueError
        ``reduction="none"``; or as the loss raises.

    See Also
    --------
    - [`numerical_gradient`][losskit.numerical_gradient]: central differences, to check these
      gradients.

    Notes
    -----
    Gradients are those of the function as losskit computes it, clamps included: where
    the cross-entropies clamp $\log p$ at $-100$ the loss is flat, so the gradient is 0
    there; `mae` uses $\operatorname{sign}(0) = 0$ and `huber` the error clipped to
    $[-\delta, \delta]$, as PyTorch. With ``from_logits=True`` the gradient is with
    respect to the logits, e.g. $\sigma(x) - t$ (over $n$) for binary cross-entropy.
    For `ctc_loss` it is the true partial derivative with respect to ``log_probs``
    (not PyTorch's native CTC backward, which is only right after a log-softmax).

    Examples
    --------
    >>> import numpy as np
    >>> value, grad = value_and_grad(mse, [0.5, 1.0], [0.0, 1.0])
    >>> value, grad.tolist()
    (0.125, [0.5, 0.0])
    >>> value, grad = value_and_grad(
    ...     binary_cross_entropy, [0.0], [1.0], from_logits=True
    ... )
    >>> round(value, 4), grad.tolist()  # sigmoid(0) - 1
    (0.6931, [-0.5])
    """
    func, twin, bound = _lookup(loss)
    options = {**bound, **kwargs}
    if "reduction" in options:
        reduction = options["reduction"]
        if reduction == "none":
            raise ValueError(
                "reduction is 'none'; value_and_grad needs a scalar loss, "
                "expected one of 'mean', 'sum'"
            )
        check_reduction(reduction, SCALAR_REDUCTIONS)
    try:  # the arguments the loss itself would take, in its own words
        _signature(func).bind(y, *args, **options)
    except TypeError as exc:
        raise TypeError(f"{func.__name__}() {exc}") from None
    return twin(y, *args, **options)


def numerical_gradient(
    f: Callable[[FloatArray], Any], x: npt.ArrayLike, h: float = 1e-4
) -> FloatArray:
    r"""Central-difference gradient of a scalar function, element by element; for checking.

    $$\frac{\partial f}{\partial x_i} \approx \frac{f(x + h e_i) - f(x - h e_i)}{2h}$$

    Parameters
    ----------
    f : callable
        Takes an array shaped like `x` and returns a real scalar (a float, or anything
        ``float()`` accepts).
    x : array_like
        The point; copied to float64, so the caller's array is never changed.
    h : float, default 1e-4
        Positive step.

    Returns
    -------
    numpy.ndarray of float64
        The estimated gradient, shaped like `x`.

    Raises
    ------
    TypeError
        `f` not callable or not returning a scalar; `x` not real-valued; `h` not a number.
    ValueError
        `x` empty, NaN or inf; `h` not positive and finite.

    See Also
    --------
    - [`value_and_grad`][losskit.value_and_grad]: exact gradients of losskit's losses.

    Notes
    -----
    Evaluates `f` twice per element ($2n$ calls), so it is for checks on small inputs.
    The error is $O(h^2)$ from truncation plus about $\epsilon\,|f| / h$ from rounding;
    ``h=1e-4`` balances them for float64. The array passed to `f` is modified between
    calls (each element in turn is shifted and restored): `f` must not keep it.

    Examples
    --------
    >>> import numpy as np
    >>> g = numerical_gradient(lambda v: float(np.sum(v**2)), [3.0, -1.0])
    >>> print(np.round(g, 6))
    [ 6. -2.]
    """
    if not callable(f):
        raise TypeError(f"f is {f!r}; expected a callable returning a scalar")
    step = check_positive(h, "h")
    point = np.array(as_float_array(x, "x", dtype=np.float64), copy=True)
    flat = point.reshape(-1)  # a view: shifting flat[i] shifts point
    grad = np.empty_like(flat)
    for i in range(flat.size):
        original = flat[i]
        flat[i] = original + step
        upper = _scalar(f(point))
        flat[i] = original - step
        lower = _scalar(f(point))
        flat[i] = original
        grad[i] = (upper - lower) / (2 * step)
    out: FloatArray = grad.reshape(point.shape)
    return out


def _scalar(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError) as exc:
        shown = f"an array of shape {value.shape}" if isinstance(value, np.ndarray) else repr(value)
        raise TypeError(f"f returned {shown}; expected a real scalar") from exc
