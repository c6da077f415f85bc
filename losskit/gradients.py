r"""Gradients of every losskit loss: analytic `value_and_grad`, numerical `numerical_gradient`.

`value_and_grad` looks the loss up in the registry (`losskit._registry`), runs its
declared forward once, reduces it with the one reducer and runs its declared backward for
each argument asked for; a registered loss needs nothing here.
"""

from __future__ import annotations

import functools
import inspect
import numbers
from collections.abc import Callable
from typing import Any, overload

import numpy as np
import numpy.typing as npt

from losskit._registry import REGISTRY, LossSpec, lookup, value_and_grads
from losskit._validate import (
    SCALAR_REDUCTIONS,
    FloatArray,
    as_float_array,
    check_positive,
    check_reduction,
)

__all__ = ["numerical_gradient", "value_and_grad"]


def _lookup(loss: object) -> tuple[LossSpec, dict[str, Any]]:
    """The registered loss and the keywords bound by a ``functools.partial``, if any."""
    bound: dict[str, Any] = {}
    func = loss
    if isinstance(loss, functools.partial) and not loss.args:
        func, bound = loss.func, dict(loss.keywords)
    spec = lookup(func)
    if spec is None:
        names = ", ".join(sorted(REGISTRY))
        name = getattr(loss, "__name__", None)
        shown = name if callable(loss) and isinstance(name, str) else repr(loss)
        raise TypeError(f"loss is {shown}; expected one of losskit's losses: {names}")
    return spec, bound


@functools.cache
def _signature(loss: Callable[..., Any]) -> inspect.Signature:
    return inspect.signature(loss)


def _argnums(spec: LossSpec, argnums: object, given: int) -> tuple[int, ...]:
    """`argnums` as a tuple of positions of differentiable arguments, or raise."""
    items = argnums if isinstance(argnums, tuple) else (argnums,)
    if not items or any(
        isinstance(i, (bool, np.bool_)) or not isinstance(i, numbers.Integral) for i in items
    ):
        raise TypeError(f"argnums is {argnums!r}; expected an int or a tuple of ints")
    wanted = tuple(int(i) for i in items)
    differentiable = ", ".join(
        f"{spec.positional.index(name)} ({name})" for name in spec.differentiable
    )
    for i in wanted:
        name = spec.positional[i] if 0 <= i < len(spec.positional) and i < given else None
        if name is None:
            raise ValueError(
                f"argnums has {i}, but {spec.name} has no array argument {i}; "
                f"expected one of {differentiable}"
            )
        if name not in spec.differentiable:
            raise ValueError(
                f"argnums has {i}, which is {name}: {spec.name} is not differentiable with "
                f"respect to {name} (targets and labels are data, not predictions); "
                f"expected one of {differentiable}"
            )
    if len(set(wanted)) != len(wanted):
        raise ValueError(f"argnums is {argnums!r}; expected each argument at most once")
    return wanted


@overload
def value_and_grad(
    loss: Callable[..., Any], /, *arrays: Any, argnums: int = ..., **kwargs: Any
) -> tuple[float, FloatArray]: ...
@overload
def value_and_grad(
    loss: Callable[..., Any], /, *arrays: Any, argnums: tuple[int, ...], **kwargs: Any
) -> tuple[float, tuple[FloatArray, ...]]: ...


def value_and_grad(
    loss: Callable[..., Any],
    /,
    *arrays: Any,
    argnums: int | tuple[int, ...] = 0,
    **kwargs: Any,
) -> tuple[float, FloatArray] | tuple[float, tuple[FloatArray, ...]]:
    r"""The value of a losskit loss and its analytic gradients.

    $$\bigl(L(y, \ldots),\; \nabla_y L\bigr), \qquad
      (\nabla_y L)_i = \frac{\partial L}{\partial y_i}$$

    Parameters
    ----------
    loss : callable
        One of losskit's losses (any registered loss, e.g. `mse`,
        `categorical_cross_entropy`, `ctc_loss`), or a ``functools.partial`` of one that
        binds keywords only.
    *arrays : array_like
        The loss's positional arguments, exactly as the loss takes them: the prediction
        first (logits when ``from_logits=True``; ``log_probs`` for `ctc_loss`), then the
        target (for `ctc_loss` also the lengths).
    argnums : int or tuple of int, default 0
        Which of `arrays` to differentiate: an int gives one gradient, a tuple a tuple of
        gradients. Only prediction-like arguments are differentiable; targets and labels
        are not.

    Other Parameters
    ----------------
    **kwargs
        The loss's keyword options (`reduction`, `from_logits`, `delta`, ...).
        ``reduction`` must be "mean" or "sum": a gradient needs a scalar.

    Returns
    -------
    value : float
        ``loss(*arrays, **kwargs)``.
    grad : numpy.ndarray or tuple of numpy.ndarray
        $\partial\,\text{value} / \partial\,\text{arrays[i]}$, shaped like that argument;
        float32 for float32 input, float64 otherwise. A tuple, in the order of `argnums`,
        when `argnums` is a tuple.

    Raises
    ------
    TypeError
        `loss` is not a losskit loss; `argnums` not an int or a tuple of ints; or as the
        loss raises.
    ValueError
        ``reduction="none"``; `argnums` names a target, labels or an argument the loss
        does not have; or as the loss raises.

    See Also
    --------
    numerical_gradient : central differences, to check these
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
    >>> from losskit import binary_cross_entropy, mse
    >>> value, grad = value_and_grad(mse, [0.5, 1.0], [0.0, 1.0])
    >>> value, grad.tolist()
    (0.125, [0.5, 0.0])
    >>> value, grad = value_and_grad(
    ...     binary_cross_entropy, [0.0], [1.0], from_logits=True
    ... )
    >>> round(value, 4), grad.tolist()  # sigmoid(0) - 1
    (0.6931, [-0.5])
    """
    spec, bound = _lookup(loss)
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
        _signature(spec.func).bind(*arrays, **options)
    except TypeError as exc:
        raise TypeError(f"{spec.name}() {exc}") from None
    wanted = _argnums(spec, argnums, len(arrays))
    value, grads = value_and_grads(spec, arrays, options, wanted)
    return (value, grads) if isinstance(argnums, tuple) else (value, grads[0])


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
    value_and_grad : exact gradients of losskit's losses.

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
    point = np.array(as_float_array(x, "x", dtype=np.float64), copy=True, order="C")
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
