"""The one place where losskit checks its inputs (the reductions live in `_registry`).

Every public function calls these helpers on its first lines. They return clean NumPy
arrays (or Python scalars), so a loss body is plain arithmetic. Each check raises
`ValueError` or `TypeError` with a message that names the argument, says what it received
and what was expected, e.g.

- ``t has shape (3, 1) but y has shape (3,); losskit never broadcasts y against t``
- ``y has values outside [0, 1] (min -0.2); pass from_logits=True for logits``
- ``reduction is 'avg'; expected one of 'mean', 'sum', 'none'``

Dtype rules (`as_float_array`, `float_dtype`):

- float32 stays float32 and float64 stays float64;
- every other real type (integers, unsigned integers, float16, longdouble) becomes float64;
- bool, complex, text, bytes, objects (including ``None``), datetimes and structured
  arrays raise `TypeError`. bool is refused because a loss needs numbers and a boolean
  target is more often a slip than a choice (PyTorch's float losses refuse bool tensors
  too); write ``t.astype(float)`` when it is meant.
- When a loss takes two arrays, the prediction ``y`` decides the dtype and the target is
  cast to it (as Keras casts ``y_true`` to ``y_pred``'s dtype): float32 predictions with
  float64 or integer targets compute in float32.
"""

from __future__ import annotations

import numbers
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from numpy.typing import NDArray

FloatArray = NDArray[np.floating[Any]]
IntArray = NDArray[np.int64]

REDUCTIONS: Final = ("mean", "sum", "none")
SCALAR_REDUCTIONS: Final = ("mean", "sum")

_KIND_NAMES: Final = {
    "b": "bool",
    "c": "complex",
    "U": "text",
    "S": "bytes",
    "O": "object",
    "M": "datetime",
    "m": "timedelta",
    "V": "structured",
}


# --------------------------------------------------------------------------- conversion


def _as_array(x: object, name: str) -> NDArray[Any]:
    """Turn an array-like into an ndarray of real numbers (any real dtype), or raise."""
    if x is None:
        raise TypeError(f"{name} is None; expected an array of real numbers")
    if isinstance(x, (str, bytes)):
        raise TypeError(f"{name} is a string ({x!r:.40}); expected an array of real numbers")
    if isinstance(x, np.ma.MaskedArray):
        # losskit does not read masks; silently using the hidden values would be wrong
        if np.ma.is_masked(x):
            raise ValueError(
                f"{name} is a masked array with masked elements; losskit does not read masks: "
                "expected plain values (drop the masked items, or give them weight 0 or "
                "ignore_index where the loss has them)"
            )
        x = np.ma.getdata(x)
    try:
        a = np.asarray(x)
    except ValueError as exc:  # ragged nested sequences
        raise ValueError(
            f"{name} is ragged (nested sequences of different lengths); "
            "expected a rectangular array"
        ) from exc
    except Exception as exc:  # e.g. a tensor that refuses conversion
        raise TypeError(
            f"{name} could not be converted to an array ({type(exc).__name__}: {exc}); "
            "expected an array of real numbers"
        ) from exc
    kind = a.dtype.kind
    if kind not in "iuf":
        what = _KIND_NAMES.get(kind, "")
        dtype = str(a.dtype) if what in ("", str(a.dtype)) else f"{a.dtype} ({what})"
        raise TypeError(f"{name} has dtype {dtype}; expected real numbers (integers or floats)")
    return a


def float_dtype(a: NDArray[Any]) -> np.dtype[np.floating[Any]]:
    """The dtype losskit computes in for `a`: float32 stays, everything else is float64."""
    if a.dtype == np.float32:
        return np.dtype(np.float32)
    return np.dtype(np.float64)


def as_float_array(
    x: object,
    name: str,
    *,
    dtype: npt.DTypeLike | None = None,
    finite: bool = True,
    nonempty: bool = True,
) -> FloatArray:
    """Convert `x` to a float32/float64 array, checking type, emptiness and finiteness.

    With `dtype=None` float32 stays float32 and other real types become float64; with a
    `dtype` the array is cast to it. The input is never copied when it already has the
    right dtype, so callers must not write into the result.
    """
    a = _as_array(x, name)
    target = float_dtype(a) if dtype is None else np.dtype(dtype)
    if a.dtype.kind == "f" and a.dtype.itemsize > target.itemsize:
        # check before a narrowing cast, which would turn big finite values into inf
        # (with an overflow warning) and NaN messages into messages about the cast copy
        if nonempty:
            check_nonempty(a, name)
        if finite:
            check_finite(a, name)
        check_fits(a, name, target)
    out: FloatArray = a.astype(target, copy=False)
    if nonempty:
        check_nonempty(out, name)
    if finite:
        check_finite(out, name)
    return out


def as_int_array(x: object, name: str, *, nonempty: bool = False) -> IntArray:
    """Convert `x` to an int64 array of whole numbers (integer dtype or whole floats)."""
    a = _as_array(x, name)
    if nonempty:
        check_nonempty(a, name)
    if a.dtype.kind == "f":
        check_finite(a, name)
        whole = np.equal(np.floor(a), a)
        if not whole.all():
            bad = a[~whole].flat[0]
            raise ValueError(
                f"{name} has values that are not whole numbers (e.g. {_num(bad)}); "
                "expected integers"
            )
        if a.size and (a.max() >= 2.0**63 or a.min() < -(2.0**63)):
            raise ValueError(f"{name} has values too large for int64; expected integers")
    elif a.dtype.kind == "u" and a.size and a.max() > np.iinfo(np.int64).max:
        raise ValueError(f"{name} has values too large for int64; expected integers")
    out: IntArray = a.astype(np.int64, copy=False)
    return out


def as_pair(
    y: npt.ArrayLike, t: npt.ArrayLike, names: tuple[str, str] = ("y", "t")
) -> tuple[FloatArray, FloatArray]:
    """Convert prediction and target to float arrays of y's float dtype and one shape."""
    name_y, name_t = names
    ya = as_float_array(y, name_y)
    ta = as_float_array(t, name_t, dtype=ya.dtype)
    check_same_shape(ya, name_y, ta, name_t)
    return ya, ta


# --------------------------------------------------------------------------- checks


def _num(v: Any) -> str:
    """A short, exact text for one number: `-0.2`, `NaN`, `inf`, `1` (not `1.0`)."""
    if np.isnan(v):
        return "NaN"
    if np.isinf(v):
        return "inf" if v > 0 else "-inf"
    if type(v) is float:
        return f"{v:g}" if v == int(v) and abs(v) < 1e15 else repr(v)
    return str(v)


def check_nonempty(a: NDArray[Any], name: str) -> None:
    """Raise ValueError when `a` has no elements."""
    if a.size == 0:
        raise ValueError(f"{name} is empty (shape {a.shape}); expected at least one element")


def check_finite(a: NDArray[Any], name: str) -> None:
    """Raise ValueError when `a` holds NaN or ±inf."""
    if a.dtype.kind != "f":
        return
    # Fast path: NaN and inf propagate into the sum; an overflowing sum falls through
    # to the element-wise test.
    with np.errstate(over="ignore", invalid="ignore"):
        if np.isfinite(np.sum(a)):
            return
    bad = ~np.isfinite(a)
    if not bad.any():
        return
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    value = a[index]
    where = f" at index {index[0] if len(index) == 1 else index}" if index else ""
    raise ValueError(f"{name} contains {_num(value)}{where}; expected finite numbers")


def check_fits(a: NDArray[Any], name: str, dtype: np.dtype[Any]) -> None:
    """Raise ValueError when a finite value of `a` lies beyond the range of float `dtype`."""
    big = float(np.finfo(dtype).max)
    with np.errstate(invalid="ignore"):
        too_big = (np.abs(a) > big) & np.isfinite(a)
    if too_big.any():
        value = a[too_big].flat[0]
        raise ValueError(
            f"{name} has values too large for {dtype} (e.g. {_num(value)}), the dtype "
            f"losskit computes in here; expected magnitudes up to {big:.4g} "
            "(pass float64 input to keep them)"
        )


def check_same_shape(a: NDArray[Any], name_a: str, b: NDArray[Any], name_b: str) -> None:
    """Raise ValueError unless `b` has exactly `a`'s shape (no broadcasting)."""
    if a.shape != b.shape:
        raise ValueError(
            f"{name_b} has shape {b.shape} but {name_a} has shape {a.shape}; "
            f"losskit never broadcasts {name_a} against {name_b}"
        )


def check_shape(a: NDArray[Any], name: str, expected: tuple[int, ...], because: str) -> None:
    """Raise ValueError unless `a.shape == expected`; `because` says where that comes from."""
    if a.shape != expected:
        raise ValueError(f"{name} has shape {a.shape}; expected {expected} ({because})")


def check_ndim(a: NDArray[Any], name: str, allowed: tuple[int, ...]) -> None:
    """Raise ValueError unless `a.ndim` is one of `allowed`."""
    if a.ndim not in allowed:
        choices = " or ".join(str(n) for n in allowed)
        raise ValueError(
            f"{name} has shape {a.shape} ({a.ndim} dimensions); expected {choices} dimensions"
        )


def check_class_axis(a: NDArray[Any], name: str) -> None:
    """Raise ValueError when `a` is 0-d: class losses need a last (class) axis."""
    if a.ndim == 0:
        raise ValueError(
            f"{name} has shape (); expected at least 1 dimension (the classes on the last axis)"
        )


def check_range(
    a: NDArray[Any],
    name: str,
    lo: float = 0.0,
    hi: float = 1.0,
    *,
    hint: str | None = None,
) -> None:
    """Raise ValueError unless every element lies in the closed interval [lo, hi]."""
    amin, amax = a.min(), a.max()
    too_low, too_high = bool(amin < lo), bool(amax > hi)
    if not (too_low or too_high):
        return
    parts = ([f"min {_num(amin)}"] if too_low else []) + ([f"max {_num(amax)}"] if too_high else [])
    interval = f"[{_num(float(lo))}, {_num(float(hi))}]"
    advice = hint if hint is not None else f"expected values in {interval}"
    raise ValueError(f"{name} has values outside {interval} ({', '.join(parts)}); {advice}")


def check_int_range(a: IntArray, name: str, lo: int, hi: int, *, why: str) -> None:
    """Raise ValueError unless every element lies in the half-open range [lo, hi)."""
    if a.size == 0:
        return
    amin, amax = int(a.min()), int(a.max())
    if amin >= lo and amax < hi:
        return
    parts = ([f"min {amin}"] if amin < lo else []) + ([f"max {amax}"] if amax >= hi else [])
    raise ValueError(f"{name} has values outside [{lo}, {hi}) ({', '.join(parts)}); {why}")


def as_labels(labels: npt.ArrayLike, name: str, *, num_classes: int, of: str = "y") -> IntArray:
    """Integer class labels in [0, num_classes): int dtype or whole floats; bool refused."""
    a = as_int_array(labels, name)
    check_int_range(
        a,
        name,
        0,
        num_classes,
        why=f"expected class indices below the {num_classes} classes on {of}'s last axis",
    )
    return a


def check_reduction(reduction: object, allowed: tuple[str, ...] = REDUCTIONS) -> str:
    """Return `reduction` if it is one of `allowed`, else raise ValueError."""
    if isinstance(reduction, str) and reduction in allowed:
        return reduction
    choices = ", ".join(repr(r) for r in allowed)
    raise ValueError(f"reduction is {reduction!r}; expected one of {choices}")


def check_flag(value: object, name: str) -> bool:
    """Return `value` as bool if it is True or False (NumPy bools too), else TypeError."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise TypeError(f"{name} is {value!r}; expected True or False")


def check_positive(value: object, name: str) -> float:
    """Return `value` as a Python float if it is a positive finite real number."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} is {value!r}; expected a positive finite number")
    v = float(value)
    if not (np.isfinite(v) and v > 0.0):
        raise ValueError(f"{name} is {value!r}; expected a positive finite number")
    return v


def check_axis(axis: object, ndim: int, name: str = "x") -> int:
    """Return `axis` normalised to [0, ndim), or raise TypeError / ValueError."""
    if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"axis is {axis!r}; expected an integer")
    ax = int(axis)
    if not -ndim <= ax < ndim:
        raise ValueError(
            f"axis is {ax} but {name} has {ndim} dimensions; expected {-ndim} <= axis < {ndim}"
        )
    return ax % ndim


# --------------------------------------------------------------------------- CTC
# Checks for `losskit.sequence.ctc_loss` (PyTorch ``F.ctc_loss`` shapes). ``log_probs`` is
# (T, N, C), or (T, C) for one unbatched sequence; the helpers below take N, T, C from it.

CTC_LOG_PROB_MAX: Final = 1e100
"""Largest accepted log-probability. Normalised log-probabilities are <= 0; this bound
only refuses absurd values, so that sums of T of them can never overflow to +inf."""


def ctc_log_probs(log_probs: npt.ArrayLike) -> FloatArray:
    """`log_probs` as a float array of shape (T, N, C) or (T, C): no NaN, no +inf.

    ``-inf`` is a valid log-probability (probability 0) and is accepted. Normalisation
    (``logsumexp`` over C equal to 0) is not checked, as in PyTorch.
    """
    a = as_float_array(log_probs, "log_probs", finite=False)
    if a.ndim not in (2, 3):
        raise ValueError(
            f"log_probs has shape {a.shape}; expected (T, N, C), or (T, C) for one sequence"
        )
    top = float(a.max())  # NaN if any element is NaN
    if top <= CTC_LOG_PROB_MAX:
        return a
    bad = np.isnan(a) | np.isposinf(a)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(
            f"log_probs contains {_num(a[index])} at index {index}; "
            "expected log-probabilities: finite numbers or -inf"
        )
    raise ValueError(
        f"log_probs has values above {CTC_LOG_PROB_MAX:g} (max {_num(top)}); "
        "expected log-probabilities, which are at most 0 when normalised"
    )


def ctc_blank(blank: object, num_classes: int) -> int:
    """`blank` as an int in [0, num_classes); TypeError unless an integer (bool refused)."""
    if isinstance(blank, (bool, np.bool_)) or not isinstance(blank, numbers.Integral):
        raise TypeError(f"blank is {blank!r}; expected an integer class index")
    b = int(blank)
    if not 0 <= b < num_classes:
        raise ValueError(
            f"blank is {b}; expected a class index in [0, {num_classes}) "
            f"(log_probs has C = {num_classes} classes on its last axis)"
        )
    return b


def ctc_lengths(lengths: npt.ArrayLike, name: str, *, batch: int, unbatched: bool) -> IntArray:
    """One non-negative whole length per sample, returned with shape (batch,).

    Shape (N,) for a batch; shape () is accepted when there is one sequence (always
    for unbatched (T, C) input), and (1,) for unbatched input, as in PyTorch.
    """
    a = as_int_array(lengths, name)
    if a.shape not in ((batch,), ()) or (a.shape == () and batch != 1):
        expected = "() or (1,), one length" if unbatched else f"({batch},), one length per sample"
        source = "one sequence: log_probs is (T, C)" if unbatched else f"N = {batch} in log_probs"
        raise ValueError(f"{name} has shape {a.shape}; expected {expected} ({source})")
    if a.size and int(a.min()) < 0:
        raise ValueError(f"{name} has negative values (min {int(a.min())}); expected lengths >= 0")
    out: IntArray = a.reshape(batch)
    return out


def check_ctc_input_lengths(input_lengths: IntArray, num_frames: int) -> None:
    """Raise ValueError unless every input length is at most T (log_probs' first axis)."""
    if input_lengths.size and int(input_lengths.max()) > num_frames:
        raise ValueError(
            f"input_lengths has values above {num_frames} (max {int(input_lengths.max())}); "
            f"expected at most T = {num_frames}, the length of log_probs' time axis"
        )


def ctc_targets(
    targets: npt.ArrayLike,
    target_lengths: IntArray,
    *,
    batch: int,
    num_classes: int,
    blank: int,
    unbatched: bool,
) -> IntArray:
    """The targets as a padded (N, S) int64 array, checked against `target_lengths`.

    `targets` is (N, S) padded (entries past a target length are not used, but like
    every entry they must be whole numbers that fit int64) or 1-D: the targets
    concatenated, ``sum(target_lengths)`` labels. Unbatched input takes the 1-D form
    (then ``len(targets) == target_length``) or (1, S), as in PyTorch. Every used label
    must be a whole number in [0, C) other than `blank`.
    """
    a = as_int_array(targets, "targets")
    total = int(target_lengths.sum())
    if a.ndim == 2:
        if a.shape[0] != batch:
            raise ValueError(
                f"targets has shape {a.shape}; expected ({batch}, S), one padded row per "
                f"sample (N = {batch} in log_probs), or 1-D concatenated targets"
            )
        width = a.shape[1]
        if total and int(target_lengths.max()) > width:
            raise ValueError(
                f"target_lengths has values above {width} (max {int(target_lengths.max())}); "
                f"expected at most S = {width}, the padded length of targets {a.shape}"
            )
        padded = a
    elif a.ndim == 1:
        if a.size != total:
            form = (
                "1-D targets of an unbatched sequence hold exactly its labels"
                if unbatched
                else "1-D targets are the concatenated targets"
            )
            raise ValueError(
                f"targets has {a.size} labels but target_lengths sums to {total}; "
                f"{form}, so expected {total} labels (or padded targets of shape (N, S))"
            )
        width = int(target_lengths.max()) if batch else 0
        padded = np.zeros((batch, width), dtype=np.int64)
        padded[np.arange(width) < target_lengths[:, None]] = a
    else:
        raise ValueError(
            f"targets has shape {a.shape}; expected (N, S) padded or 1-D concatenated targets"
        )
    used = np.arange(padded.shape[1]) < target_lengths[:, None]
    labels = padded[used]
    check_int_range(
        labels,
        "targets",
        0,
        num_classes,
        why=f"expected class indices below the C = {num_classes} classes of log_probs",
    )
    is_blank = used & (padded == blank)
    if is_blank.any():
        n, s = (int(i) for i in np.argwhere(is_blank)[0])
        where = f"position {s}" if unbatched else f"sample {n}, position {s}"
        raise ValueError(
            f"targets contains the blank label {blank} ({where}); expected labels other "
            "than blank (pass blank= to use another class as the blank)"
        )
    out: IntArray = padded
    return out


# --------------------------------------------------------------------------- cat-class
# Options of the class-axis losses (issue 10): class weights, `pos_weight`, `ignore_index`,
# label smoothing, focal `alpha` / `gamma`, the multiclass margins' `p` and `margin`, and the
# label arrays with an ignored value or a -1 terminator.


def _real_option(value: object, name: str, expected: str) -> float:
    """`value` as a Python float if it is a real number (bool refused), else TypeError."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} is {value!r}; expected {expected}")
    return float(value)


def check_unit_interval(value: object, name: str) -> float:
    """Return `value` as a float if it lies in [0, 1] (e.g. `label_smoothing`, `alpha`)."""
    v = _real_option(value, name, "a number in [0, 1]")
    if not 0.0 <= v <= 1.0:
        raise ValueError(f"{name} is {value!r}; expected a number in [0, 1]")
    return v


def check_nonnegative(value: object, name: str) -> float:
    """Return `value` as a float if it is finite and >= 0 (e.g. `gamma`)."""
    v = _real_option(value, name, "a finite number >= 0")
    if not (np.isfinite(v) and v >= 0.0):
        raise ValueError(f"{name} is {value!r}; expected a finite number >= 0")
    return v


def check_finite_number(value: object, name: str) -> float:
    """Return `value` as a float if it is a finite real number (e.g. a `margin`)."""
    v = _real_option(value, name, "a finite number")
    if not np.isfinite(v):
        raise ValueError(f"{name} is {value!r}; expected a finite number")
    return v


def check_int_choice(value: object, name: str, allowed: tuple[int, ...]) -> int:
    """Return `value` as an int if it is an integer among `allowed` (bool refused)."""
    choices = " or ".join(str(a) for a in allowed)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} is {value!r}; expected the integer {choices}")
    if int(value) not in allowed:
        raise ValueError(f"{name} is {value!r}; expected {choices}")
    return int(value)


def check_ignore_index(value: object) -> int | None:
    """`ignore_index` as an int (any integer, negative ones included) or None."""
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"ignore_index is {value!r}; expected an integer or None")
    return int(value)


def _nonnegative_weights(w: FloatArray, name: str) -> FloatArray:
    if float(w.min()) < 0.0:
        raise ValueError(f"{name} has negative values (min {_num(w.min())}); expected weights >= 0")
    return w


def class_weight(weight: object, num_classes: int, dtype: np.dtype[Any]) -> FloatArray | None:
    """`weight` as a (K,) array of `dtype`, finite and >= 0 (one weight per class), or None."""
    if weight is None:
        return None
    w = as_float_array(weight, "weight", dtype=dtype)
    if w.shape != (num_classes,):
        raise ValueError(
            f"weight has shape {w.shape}; expected ({num_classes},), one weight per class "
            f"on y's last axis"
        )
    return _nonnegative_weights(w, "weight")


def broadcast_weight(
    weight: object, name: str, shape: tuple[int, ...], dtype: np.dtype[Any]
) -> FloatArray | None:
    """`weight` (or `pos_weight`) as an array of `dtype` that broadcasts to y's `shape`.

    NumPy's broadcasting rules, one way only: the weight may repeat along y's axes (one
    weight per label, shape ``(K,)``; a scalar; one per sample, ``(N, 1)``) but never
    enlarges the loss. Finite and >= 0.
    """
    if weight is None:
        return None
    w = as_float_array(weight, name, dtype=dtype)
    try:
        fits = np.broadcast_shapes(w.shape, shape) == shape
    except ValueError:
        fits = False
    if not fits:
        raise ValueError(
            f"{name} has shape {w.shape}, which does not broadcast to y's shape {shape}; "
            "expected a shape NumPy broadcasts to y's (e.g. one weight per label on the "
            "last axis)"
        )
    return _nonnegative_weights(w, name)


def labels_with_ignore(
    labels: object, y_shape: tuple[int, ...], ignore_index: int | None
) -> tuple[IntArray, NDArray[np.bool_]]:
    """Class labels of `shape` and the mask of those kept (not equal to `ignore_index`).

    Ignored labels are skipped before the range check, as in PyTorch, so `ignore_index`
    may be any integer (-100, PyTorch's default, or a class index). In the returned
    labels the ignored positions hold 0, a safe index; the mask says they do not count.
    """
    a = as_int_array(labels, "labels")
    check_shape(
        a, "labels", y_shape[:-1], f"one class index per row of y, whose shape is {y_shape}"
    )
    num_classes = y_shape[-1]
    keep = np.ones(a.shape, dtype=bool) if ignore_index is None else a != ignore_index
    why = f"expected class indices below the {num_classes} classes on y's last axis"
    if ignore_index is not None:
        why += f" (or ignore_index={ignore_index})"
    check_int_range(a[keep], "labels", 0, num_classes, why=why)
    safe: IntArray = np.where(keep, a, 0)
    return safe, keep


def multilabel_targets(t: object, shape: tuple[int, ...], num_classes: int) -> IntArray:
    """`t` for `multilabel_margin`: y's shape, class indices in [0, K) or -1, as PyTorch."""
    a = as_int_array(t, "t")
    if a.shape != shape:
        raise ValueError(
            f"t has shape {a.shape} but y has shape {shape}; losskit never broadcasts y against t"
        )
    check_int_range(
        a,
        "t",
        -1,
        num_classes,
        why=f"expected class indices below the {num_classes} classes on y's last axis, "
        "or -1 to end a row's list of labels",
    )
    return a


# --------------------------------------------------------------------------- cat-margin
# Checks for the probabilistic-regression, margin and embedding losses (branch cat-margin):
# scalar options with a range, ±1 labels, non-negative counts and variances, the shapes
# torch's GaussianNLLLoss accepts for `var`, and same-shaped embeddings.


def check_real_option(
    value: object,
    name: str,
    *,
    lo: float = -np.inf,
    hi: float = np.inf,
    lo_open: bool = False,
    hi_open: bool = False,
    why: str = "",
) -> float:
    """Return `value` as a Python float if it is a finite real number in the interval.

    The interval is [lo, hi], with an open end where `lo_open` / `hi_open` say so; an
    infinite bound is never reached, so the value is finite whatever the bounds.
    """
    left = "(" if lo_open or lo == -np.inf else "["
    right = ")" if hi_open or hi == np.inf else "]"
    interval = f"{left}{_num(float(lo))}, {_num(float(hi))}{right}"
    expected = f"expected a finite number in {interval}{why}"
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} is {value!r}; {expected}")
    v = float(value)
    inside = (
        np.isfinite(v) and (v > lo if lo_open else v >= lo) and (v < hi if hi_open else v <= hi)
    )
    if not inside:
        raise ValueError(f"{name} is {value!r}; {expected}")
    return v


def as_sign_labels(
    t: npt.ArrayLike, name: str, *, dtype: np.dtype[np.floating[Any]], loss: str
) -> FloatArray:
    """Labels that are -1 or +1 (any real dtype), as a float array of `dtype`.

    0/1 labels are the usual slip (they fit binary cross-entropy, not margin losses), so
    they get a hint of their own: ``2 * t - 1`` maps them to -1/+1.
    """
    a = _as_array(t, name)
    check_nonempty(a, name)
    if a.dtype.kind == "f":
        check_finite(a, name)
    is_sign = (a == 1) | (a == -1)
    if not is_sign.all():
        if bool(((a == 0) | (a == 1)).all()):
            raise ValueError(
                f"{name} has 0/1 labels; {loss} expects labels -1 and +1: pass 2 * {name} - 1"
            )
        bad = a[~is_sign].flat[0]
        raise ValueError(
            f"{name} has values other than -1 and +1 (e.g. {_num(bad.item())}); "
            f"{loss} expects labels -1 or +1"
        )
    out: FloatArray = a.astype(dtype, copy=False)
    return out


def check_nonnegative_values(a: FloatArray, name: str, what: str) -> None:
    """Raise ValueError when `a` has negative values; `what` names what `a` holds."""
    low = a.min()
    if low < 0:
        raise ValueError(f"{name} has negative values (min {_num(low.item())}); expected {what}")


def gaussian_var(var: npt.ArrayLike, y: FloatArray) -> tuple[FloatArray, tuple[int, ...]]:
    """`var` of `gaussian_nll` as an array that broadcasts against `y`, checked >= 0, and
    the shape it was given in (that of its gradient).

    Accepted shapes, as torch's ``GaussianNLLLoss``: `y`'s shape (one variance per
    prediction); `y`'s shape without its last axis (one per row: a length-1 axis is
    appended); `y`'s shape with exactly one axis of size 1 (shared along that axis); or a
    scalar (one for all, as torch's float `var`).
    """
    v = as_float_array(var, "var", dtype=y.dtype)
    check_nonnegative_values(v, "var", "variances >= 0")
    if v.shape == y.shape or v.ndim == 0:
        return v, v.shape
    if y.ndim and v.shape == y.shape[:-1]:
        out: FloatArray = v[..., np.newaxis]
        return out, v.shape
    if v.ndim == y.ndim:
        differ = [i for i, (a, b) in enumerate(zip(y.shape, v.shape, strict=True)) if a != b]
        if len(differ) == 1 and v.shape[differ[0]] == 1:
            return v, v.shape
    raise ValueError(
        f"var has shape {v.shape} but y has shape {y.shape}; expected y's shape, y's shape "
        "without its last axis, y's shape with one axis of size 1, or a scalar"
    )


def as_embeddings(
    arrays: tuple[npt.ArrayLike, ...], names: tuple[str, ...], *, min_ndim: int = 0
) -> list[FloatArray]:
    """Float arrays of one shape, in the first array's float dtype (the others are cast).

    C-ordered (a copy only for other layouts), so sums over the embedding axis add in the
    same order, and give the same bits, whatever the layout.
    """
    first = np.asarray(as_float_array(arrays[0], names[0]), order="C")
    if first.ndim < min_ndim:
        raise ValueError(
            f"{names[0]} has shape {first.shape}; expected at least {min_ndim} dimension "
            "(the embedding on the last axis)"
        )
    out = [first]
    for a, name in zip(arrays[1:], names[1:], strict=True):
        other = np.asarray(as_float_array(a, name, dtype=first.dtype), order="C")
        check_same_shape(first, names[0], other, name)
        out.append(other)
    return out


def in_dtype(value: float, dtype: np.dtype[np.floating[Any]]) -> np.floating[Any]:
    """A checked scalar option in the loss's dtype, held at the dtype's largest finite number.

    A float64 option beyond float32's range (a margin of 1e300 with float32 input) would
    overflow the cast with a RuntimeWarning; held at the largest float32 it compares and
    subtracts as the huge number it is.
    """
    top = float(np.finfo(dtype).max)
    out: np.floating[Any] = dtype.type(min(max(value, -top), top))
    return out
