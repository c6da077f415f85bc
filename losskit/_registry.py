r"""The loss registry: one declaration per loss, one reducer, one runner.

Every loss is declared once, with `register`, in its family module. The declaration holds
what the loss *is*; this module holds what every loss *does* with it: evaluate it, reduce
it, differentiate it, list it.

- ``prepare(*arrays, **options) -> Inputs`` validates (through `losskit._validate`) and
  returns clean arrays, in the loss's positional order, plus validated options and, when
  the loss has them, the reducer's ``weight``, ``mask`` and ``count``.
- ``forward(inputs, reduction, grad) -> (per_item, cache)`` computes the per-item terms once
  (and, with ``grad=True``, whatever the backward needs).
- ``backward(inputs, cache, d_per, argnum) -> grad`` turns ``d_per`` = d value / d per_item
  into the gradient of one differentiable argument.
- ``fast(arrays, options, reduction, grad) -> (value, grad or None) | None`` (optional): the
  same body, run block by block on unvalidated plain input for "mean" / "sum"; it never
  raises and returns ``None`` whenever it is not sure (then the validated path runs and
  raises the right error, or returns the same special value).

`reduce` is the one reducer (weighted mean Σw·ℓ/Σw, masks, and its gradient ``d_per``);
`block_sum` the one summation, over C-ordered blocks, so a value is the same bits whatever
the container or memory layout. `elementwise` builds ``forward`` and ``fast`` of an
element-wise loss from one in-place ``terms`` function.

How to add a loss
-----------------
1. In its family module (``losskit/<family>.py``) write ``prepare`` with the
   `losskit._validate` helpers; it returns ``Inputs(arrays, options, weight=, mask=)``
   (class weights and ``ignore_index`` go to ``weight`` / ``mask``: `reduce` then gives
   torch's Σw·ℓ/Σw and its gradient). Write the body once: an element-wise loss as an
   in-place ``terms(arrays, out, work, options) -> bool`` wrapped by ``elementwise(terms,
   options_checker)`` (which gives ``.forward`` and ``.fast``), any other loss as a
   ``forward(inputs, reduction, grad) -> (per_item, cache)``. Then
   ``backward(inputs, cache, d_per, argnum) -> grad``: d_per is broadcastable to
   per_item; return the gradient of ``arrays[argnum]`` (one per differentiable argument,
   e.g. ``("y1", "y2")`` for a pair loss, ``("y", "var")`` for gaussian_nll).
2. Declare it on the public function, whose body is one `evaluate` call::

       @register(formula="mse", differentiable=("y",), prepare=_prepare_pair,
                 forward=_MSE.forward, backward=_mse_backward, fast=_MSE.fast,
                 peer="torch.nn.functional.mse_loss")
       def mse(y, t, *, reduction="mean"):
           '''numpydoc docstring'''
           return evaluate(mse, y, t, reduction=reduction)

   (plus the three ``@overload`` stubs with ``Literal`` reductions, as `losskit.mse`).
3. Export it from ``losskit/__init__.py`` (``__all__`` too) and put it on a page
   (``docs/api.md``); `value_and_grad` and the listings need nothing more.
4. Give it a case in ``tests/test_common.py`` (``CASES``; the common test fails until it
   has one): dtypes, layouts, reductions, bad input, gradients and its peer come free.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

import numpy as np
from numpy.typing import NDArray

from losskit._validate import FloatArray, check_reduction

__all__ = [
    "BLOCK_BYTES",
    "REGISTRY",
    "ROW_BLOCK_BYTES",
    "Backward",
    "Elementwise",
    "Fast",
    "Forward",
    "Inputs",
    "LossSpec",
    "Terms",
    "Work",
    "block_sum",
    "elementwise",
    "evaluate",
    "lookup",
    "plain_arrays",
    "reduce",
    "register",
    "row_step",
    "unit_d_per",
    "value_and_grads",
]

BLOCK_BYTES = 1 << 18
"""Bytes of one input that a block of an element-wise loss covers (256 KiB): small enough
that the inputs' blocks and the scratch buffers of one step stay in a 1-2 MiB L2 cache."""

ROW_BLOCK_BYTES = 1 << 20
"""Bytes of rows a block of a row-wise loss covers (1 MiB): there the per-block NumPy calls
are more, and larger blocks pay for their overhead better."""

_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))


# --------------------------------------------------------------------------- declarations


@dataclass(frozen=True)
class Inputs:
    """A loss's validated input: what ``prepare`` returns and every later step reads."""

    arrays: tuple[NDArray[Any], ...]
    """The array arguments, validated, in the loss's positional order (argnum i is
    ``arrays[i]``)."""
    options: Mapping[str, Any] = field(default_factory=dict)
    """Validated keyword options (``from_logits``, ``delta``, ...), for forward and backward."""
    weight: NDArray[Any] | None = None
    """Per-item weights for `reduce` (broadcast to the per-item shape), or None."""
    mask: NDArray[np.bool_] | None = None
    """Per-item mask for `reduce`: False drops the item (an ignored label), or None."""
    count: float | None = None
    """What "mean" divides by, when it is not the weights' sum: the textbook's rows, or
    the number of elements for a plain mean of weighted terms (torch ``BCELoss(weight)``)."""


class Forward(Protocol):
    """(inputs, reduction, grad) -> (per-item terms, cache for the backward)."""

    def __call__(self, inputs: Inputs, reduction: str, grad: bool, /) -> tuple[Any, Any]: ...


class Backward(Protocol):
    """(inputs, cache, d_per, argnum) -> the gradient of ``inputs.arrays[argnum]``."""

    def __call__(self, inputs: Inputs, cache: Any, d_per: Any, argnum: int, /) -> Any: ...


class Fast(Protocol):
    """(raw arrays, raw options, reduction, grad) -> (value, gradient of argument 0 or None),
    or None to let the validated path run; never raises."""

    def __call__(
        self, arrays: tuple[Any, ...], options: Mapping[str, Any], reduction: str, grad: bool, /
    ) -> tuple[float, Any] | None: ...


@dataclass(frozen=True)
class LossSpec:
    """One registered loss: its public function and everything needed to run it."""

    name: str
    func: Callable[..., Any]
    formula: str
    """The id of its defining formula in ``docs/formulas.py`` (e.g. ``"mse"``)."""
    differentiable: tuple[str, ...]
    """Names of the positional arguments `value_and_grad` may differentiate."""
    positional: tuple[str, ...]
    """Names of the array arguments (positional, without a default), in order."""
    has_reduction: bool
    """Whether the loss takes ``reduction=`` (the textbook losses do not: they average)."""
    prepare: Callable[..., Inputs]
    forward: Forward
    backward: Backward
    fast: Fast | None = None
    peer: str | None = None
    """The framework function it equals (documentation and tests), e.g.
    ``"torch.nn.functional.mse_loss"``."""


REGISTRY: dict[str, LossSpec] = {}
"""Every losskit loss by name, in the order the modules declare them."""

_BY_FUNC: dict[Callable[..., Any], LossSpec] = {}

F = TypeVar("F", bound=Callable[..., Any])


def register(
    *,
    formula: str,
    differentiable: tuple[str, ...],
    prepare: Callable[..., Inputs],
    forward: Forward,
    backward: Backward,
    fast: Fast | None = None,
    peer: str | None = None,
) -> Callable[[F], F]:
    """Declare a loss; the decorated public function is returned unchanged."""

    def decorate(func: F) -> F:
        params = inspect.signature(func).parameters.values()
        positional = tuple(
            p.name
            for p in params
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty
        )
        unknown = [name for name in differentiable if name not in positional]
        if unknown or not differentiable:
            raise ValueError(f"{func.__name__}: differentiable {unknown} not in {positional}")
        if func.__name__ in REGISTRY:
            raise ValueError(f"a loss named {func.__name__} is already registered")
        spec = LossSpec(
            name=func.__name__,
            func=func,
            formula=formula,
            differentiable=differentiable,
            positional=positional,
            has_reduction="reduction" in inspect.signature(func).parameters,
            prepare=prepare,
            forward=forward,
            backward=backward,
            fast=fast,
            peer=peer,
        )
        REGISTRY[spec.name] = spec
        _BY_FUNC[func] = spec
        return func

    return decorate


def lookup(loss: object) -> LossSpec | None:
    """The registered loss whose public function is `loss`, or None."""
    try:
        return _BY_FUNC.get(loss) if callable(loss) else None
    except TypeError:  # a callable that is not hashable
        return None


# --------------------------------------------------------------------------- running


def evaluate(loss: Callable[..., Any], /, *arrays: Any, **options: Any) -> Any:
    """The body of every public loss: ``loss(*arrays, **options)`` through its declaration."""
    spec = _BY_FUNC[loss]
    reduction = check_reduction(options.pop("reduction")) if spec.has_reduction else "mean"
    if reduction != "none" and spec.fast is not None:
        done = spec.fast(arrays, options, reduction, False)
        if done is not None:
            return done[0]
    inputs = spec.prepare(*arrays, **options)
    per, _ = spec.forward(inputs, reduction, False)
    value, _ = reduce(per, reduction, inputs.weight, inputs.mask, count=inputs.count)
    return value


def value_and_grads(
    spec: LossSpec, arrays: tuple[Any, ...], options: dict[str, Any], argnums: tuple[int, ...]
) -> tuple[float, tuple[Any, ...]]:
    """The value of a registered loss and its gradients w.r.t. ``arrays[i]``, i in argnums.

    `options` holds a scalar ``reduction`` when the loss takes one (checked by the caller).
    """
    reduction = options.pop("reduction", "mean") if spec.has_reduction else "mean"
    if argnums == (0,) and spec.fast is not None:
        done = spec.fast(arrays, options, reduction, True)
        if done is not None and done[1] is not None:
            return done[0], (done[1],)
    inputs = spec.prepare(*arrays, **options)
    per, cache = spec.forward(inputs, reduction, True)
    value, d_per = reduce(per, reduction, inputs.weight, inputs.mask, count=inputs.count)
    # asarray: a 0-d input's gradient is a 0-d array, not a NumPy scalar
    grads = tuple(np.asarray(spec.backward(inputs, cache, d_per, i)) for i in argnums)
    return float(value), grads


# --------------------------------------------------------------------------- reducing


def block_sum(per: NDArray[Any]) -> float:
    """Σ per, accumulated in float64: NumPy's pairwise sum over C-ordered blocks of
    `BLOCK_BYTES`, added exactly with `math.fsum`.

    The blocks follow the C order of the values, not their memory, so the same values give
    the same bits in any layout; one block gives exactly ``np.sum(per, dtype=np.float64)``.
    """
    flat = per.reshape(-1)
    step = max(1, BLOCK_BYTES // flat.itemsize)
    with np.errstate(over="ignore", invalid="ignore"):  # inf is the honest sum of big terms
        partials = [
            float(np.add.reduce(flat[i : i + step], dtype=np.float64))
            for i in range(0, flat.size, step)
        ]
    return _add_partials(partials)


def _add_partials(partials: list[float]) -> float:
    try:
        return math.fsum(partials)
    except (OverflowError, ValueError):  # a sum beyond the float range, or inf - inf
        return sum(partials, 0.0)


def reduce(
    per_item: NDArray[Any],
    reduction: str,
    weight: NDArray[Any] | None = None,
    mask: NDArray[np.bool_] | None = None,
    *,
    count: float | None = None,
) -> tuple[Any, Any]:
    r"""Reduce per-item losses; return the value and d value / d per_item.

    $$L = \frac{\sum_i m_i w_i \ell_i}{\sum_i m_i w_i} \;(\texttt{"mean"}), \qquad
      \sum_i m_i w_i \ell_i \;(\texttt{"sum"}), \qquad m_i w_i \ell_i \;(\texttt{"none"})$$

    with $w_i$ = `weight` (1 when None) and $m_i$ = `mask` (1 when None; a masked item
    counts 0, whatever its value); ``count`` replaces the denominator of "mean". This is
    PyTorch's weighted mean (``CrossEntropyLoss(weight=...)``), scikit-learn's
    ``np.average(..., weights=)`` and optax's ``where=``.

    Returns
    -------
    value : float or numpy.ndarray
        A float for "mean" and "sum", the weighted per-item array for "none".
    d_per : numpy.ndarray or None
        $\partial L / \partial \ell_i$ in `per_item`'s dtype, broadcastable to its shape
        (a 0-d array when unweighted); None for "none".
    """
    per = np.asarray(per_item)
    factor: NDArray[Any] | None = None  # m_i w_i, when not all 1
    if weight is not None:
        factor = np.broadcast_to(np.asarray(weight, dtype=per.dtype), per.shape)
    if mask is not None:
        keep = np.broadcast_to(mask, per.shape)
        factor = np.where(keep, 1 if factor is None else factor, 0).astype(per.dtype)
    if factor is None:
        terms = per
    else:
        with np.errstate(over="ignore", invalid="ignore"):  # inf·0 of a dropped item: dropped
            terms = np.where(factor != 0, per * factor, 0).astype(per.dtype)
    if reduction == "none":
        return np.asarray(terms), None
    total = block_sum(terms)
    scale = 1.0
    if reduction == "mean":
        denominator = (
            count if count is not None else per.size if factor is None else block_sum(factor)
        )
        if not denominator > 0:
            raise ValueError(
                "every item has weight 0 or is masked out; the weighted mean is undefined"
            )
        total /= denominator
        scale = 1.0 / denominator
    if factor is None:
        return float(total), unit_d_per(per.size if count is None else count, reduction, per.dtype)
    return float(total), factor * per.dtype.type(scale)


def unit_d_per(count: float, reduction: str, dtype: np.dtype[Any]) -> FloatArray:
    """`reduce`'s d_per without weights or masks: 1/count for "mean", 1 for "sum" (0-d)."""
    out: FloatArray = np.asarray(1.0 / count if reduction == "mean" else 1.0, dtype=dtype)
    return out


# --------------------------------------------------------------------------- blocks


def plain_arrays(arrays: tuple[Any, ...]) -> tuple[FloatArray, ...] | None:
    """The arrays as float32/float64 ndarrays of one dtype and one shape, or None.

    For the fast paths: no copy of a float array, lists converted; subclasses (masked
    arrays), other dtypes, empty input and mixed dtypes or shapes go to the validated path.
    """
    out = []
    for a in arrays:
        if isinstance(a, np.ndarray):
            if type(a) is not np.ndarray:
                return None
        elif not isinstance(a, (list, tuple)):
            return None
        try:
            arr = np.asarray(a)
        except (ValueError, TypeError):
            return None
        if arr.dtype not in _FLOATS or arr.size == 0:
            return None
        out.append(arr)
    first = out[0]
    if any(a.dtype != first.dtype or a.shape != first.shape for a in out[1:]):
        return None
    return tuple(out)


def row_step(k: int, itemsize: int) -> int:
    """Rows per block of a row-wise loss with `k` classes."""
    return max(1, ROW_BLOCK_BYTES // (k * itemsize))


class Work:
    """Scratch buffers of one block length for an element-wise ``terms`` function.

    ``scratch()`` is a buffer shaped like the block; ``full(v)`` a buffer holding `v`
    (NumPy 2's np.minimum / np.maximum against a Python scalar take a slow non-SIMD loop,
    against an array a SIMD one; the values are the same).
    """

    def __init__(self, size: int, dtype: np.dtype[Any]) -> None:
        self._size, self._dtype = size, dtype
        self._scratch: FloatArray = np.empty(size, dtype=dtype)
        self._full: dict[float, FloatArray] = {}
        self.m = size
        self.trusted = False
        """True on validated input: ``terms`` may skip its range checks."""

    def scratch(self) -> FloatArray:
        return self._scratch[: self.m]

    def full(self, value: float) -> FloatArray:
        if value not in self._full:
            self._full[value] = np.full(self._size, value, dtype=self._dtype)
        return self._full[value][: self.m]


# (arrays block, out, work, options) -> False when the block needs the validated path
Terms = Callable[[tuple[FloatArray, ...], FloatArray, Work, Mapping[str, Any]], bool]


@dataclass(frozen=True)
class Elementwise:
    """``forward`` and ``fast`` of an element-wise loss, from one in-place `terms` body.

    ``terms(arrays, out, work, options)`` writes each per-item term divided by `scale`
    into `out` (`scale` = 2 lets Huber leave half of each term and save a pass: doubling
    is exact) and returns False when the block needs the validated path (a value out of
    range). `options` turns the raw keyword options into validated ones; it may raise, or
    return None for options the blocks do not handle (e.g. per-element weights): the fast
    path then gives way to ``prepare`` and ``forward``.
    """

    terms: Terms
    options: Callable[..., Mapping[str, Any] | None]
    scale: float = 1.0
    count: Callable[[tuple[int, ...]], float] | None = None
    """What "mean" divides by, from the input's shape, when not the number of elements
    (the textbook's rows); it may raise on a shape the loss refuses."""

    def forward(self, inputs: Inputs, reduction: str, grad: bool) -> tuple[FloatArray, None]:
        """The per-item terms of validated input, in one pass over the whole arrays."""
        first = inputs.arrays[0]
        flats = tuple(a.reshape(-1) for a in inputs.arrays)
        out = np.empty(first.size, dtype=first.dtype)
        work = Work(first.size, first.dtype)
        work.trusted = True
        with np.errstate(over="ignore", divide="ignore", under="ignore"):
            self.terms(flats, out, work, inputs.options)
            if self.scale != 1.0:
                out *= out.dtype.type(self.scale)
        return out.reshape(first.shape), None

    def fast(
        self, arrays: tuple[Any, ...], options: Mapping[str, Any], reduction: str, grad: bool
    ) -> tuple[float, None] | None:
        """The reduced value block by block, without a full-size temporary; or None."""
        plain = plain_arrays(arrays)
        if plain is None or grad:
            return None
        try:
            opts = self.options(**options)
            count = plain[0].size if self.count is None else self.count(plain[0].shape)
        except (TypeError, ValueError):
            return None
        if opts is None:
            return None
        flats = tuple(a.reshape(-1) for a in plain)  # C order: a copy only for other layouts
        n = flats[0].size
        step = max(1, BLOCK_BYTES // flats[0].itemsize)
        out = np.empty(min(step, n), dtype=flats[0].dtype)
        work = Work(out.size, out.dtype)
        partials: list[float] = []
        with np.errstate(all="ignore"):  # a NaN or inf only ever means "validate"
            for start in range(0, n, step):
                stop = min(start + step, n)
                work.m = stop - start
                if not self.terms(tuple(f[start:stop] for f in flats), out[: work.m], work, opts):
                    return None
                partials.append(float(np.add.reduce(out[: work.m], dtype=np.float64)))
        try:
            total = math.fsum(partials) * self.scale
        except (OverflowError, ValueError):
            return None
        if not math.isfinite(total):
            return None  # NaN or inf in the input, or a sum to check: the validated path
        return (total if reduction == "sum" else total / count), None


def elementwise(
    terms: Terms,
    options: Callable[..., Mapping[str, Any] | None],
    *,
    scale: float = 1.0,
    count: Callable[[tuple[int, ...]], float] | None = None,
) -> Elementwise:
    """Wrap an element-wise ``terms`` body: see `Elementwise`."""
    return Elementwise(terms, options, scale, count)
