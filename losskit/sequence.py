r"""Sequence losses: `ctc_loss`, connectionist temporal classification (CTC).

CTC scores an unsegmented label sequence against per-frame class log-probabilities by
summing over every alignment, with the forward-backward algorithm of Graves et al. (2006).
The conventions (shapes, padded or concatenated targets, ``blank``, ``reduction``,
``zero_infinity``) are exactly those of PyTorch's ``torch.nn.functional.ctc_loss``.

Everything runs in log space and in float64 (float32 results are rounded at the end). The
recursions are vectorised over the batch and the extended-label axis; only time is a loop.
"""

from __future__ import annotations

from typing import Any, Literal, NamedTuple, overload

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import NDArray

from losskit._registry import Inputs, evaluate, register
from losskit._validate import (
    FloatArray,
    IntArray,
    check_ctc_input_lengths,
    check_flag,
    ctc_blank,
    ctc_lengths,
    ctc_log_probs,
    ctc_targets,
)

__all__ = ["ctc_loss"]

F64 = NDArray[np.float64]

_FMIN = float(np.finfo(np.float64).min)
# exp() of anything below about -708 leaves NumPy's vectorised fast path (subnormals,
# -inf) and is several times slower. The differences fed to exp() are clamped here:
# exp(-700) ~ 1e-304 added to a sum that is >= 1 changes nothing, so results are the same.
_EXP_FLOOR = -700.0


class _Problem(NamedTuple):
    """A validated CTC problem: the extended labels, lengths and a per-frame gather."""

    frames: NDArray[Any]  # (T, N * C), log_probs with batch and classes flattened
    gather: IntArray  # (N, L): frames[t][gather] = log_probs[t, n, labels[n, s]]
    labels: IntArray  # (N, L): l' = blank, l_1, blank, l_2, ..., blank (L = 2 S + 1)
    skip: NDArray[np.bool_]  # (N, L): True where s - 2 -> s may jump over a blank
    input_lengths: IntArray  # (N,)
    target_lengths: IntArray  # (N,)
    num_classes: int
    dtype: np.dtype[Any]
    unbatched: bool

    @property
    def shape(self) -> tuple[int, int, int]:
        """(T, N, L): frames, batch, extended-label states."""
        return self.frames.shape[0], self.gather.shape[0], self.gather.shape[1]

    def ends(self) -> dict[int, NDArray[np.bool_]]:
        """Frame t -> which sequences end at t (t = input_length - 1), as an (N, 1) mask."""
        il = self.input_lengths
        return {int(t): (il - 1 == t)[:, None] for t in np.unique(il[il > 0] - 1)}


class _Work(NamedTuple):
    """Scratch arrays for one pass, allocated once.

    The constants are full arrays, not scalars: NumPy's element-wise loops with a
    broadcast Python scalar are several times slower at these sizes.
    """

    buf: F64  # (3, N, L)
    parts: tuple[F64, F64, F64]  # buf[0], buf[1], buf[2], made once
    top: F64  # (N, L)
    shift: F64  # (N, L)
    emit: NDArray[Any]  # (N, L), one frame's log-probabilities, in log_probs' dtype
    fmin: F64  # (N, L), the most negative float
    floor: F64  # (3, N, L), _EXP_FLOOR

    @classmethod
    def allocate(cls, p: _Problem) -> _Work:
        _, batch, num_states = p.shape
        shape = (batch, num_states)
        buf = np.empty((3, *shape))
        return cls(
            buf=buf,
            parts=(buf[0], buf[1], buf[2]),
            top=np.empty(shape),
            shift=np.empty(shape),
            emit=np.empty(shape, dtype=p.dtype),
            fmin=np.full(shape, _FMIN),
            floor=np.full((3, *shape), _EXP_FLOOR),
        )


def _prepare(
    log_probs: npt.ArrayLike,
    targets: npt.ArrayLike,
    input_lengths: npt.ArrayLike,
    target_lengths: npt.ArrayLike,
    blank: object,
) -> _Problem:
    lp = ctc_log_probs(log_probs)
    unbatched = lp.ndim == 2
    if unbatched:
        lp = lp[:, None, :]
    num_frames, batch, num_classes = lp.shape
    b = ctc_blank(blank, num_classes)
    il = ctc_lengths(input_lengths, "input_lengths", batch=batch, unbatched=unbatched)
    check_ctc_input_lengths(il, num_frames)
    tl = ctc_lengths(target_lengths, "target_lengths", batch=batch, unbatched=unbatched)
    padded = ctc_targets(
        targets, tl, batch=batch, num_classes=num_classes, blank=b, unbatched=unbatched
    )
    width = int(tl.max())  # padding past the longest target is never read
    num_states = 2 * width + 1
    labels = np.full((batch, num_states), b, dtype=np.int64)
    labels[:, 1::2] = np.where(np.arange(width) < tl[:, None], padded[:, :width], b)
    skip = np.zeros((batch, num_states), dtype=bool)
    skip[:, 3::2] = labels[:, 3::2] != labels[:, 1:-2:2]
    return _Problem(
        # a view for C-contiguous input (a copy otherwise); frames are gathered one by
        # one, so no (T, N, L) float64 copy of the input is ever made
        frames=lp.reshape(num_frames, batch * num_classes),
        gather=np.arange(batch)[:, None] * num_classes + labels,
        labels=labels,
        skip=skip,
        input_lengths=il,
        target_lengths=tl,
        num_classes=num_classes,
        dtype=lp.dtype,
        unbatched=unbatched,
    )


def _emit(p: _Problem, t: int, work: _Work) -> NDArray[Any]:
    """Frame t's log-probabilities on the extended labels, (N, L), into work.emit."""
    # mode="clip" (the indices are valid) lets NumPy write into `out` without a buffer
    out: NDArray[Any] = np.take(p.frames[t], p.gather, out=work.emit, mode="clip")
    return out


def _logsumexp3(cand: F64, pen: F64, work: _Work, out: F64) -> None:
    """out = log(exp(c0) + exp(c1) + exp(c2)), c = cand + pen, element-wise over (N, L).

    The max-shift is per element, so no state is lost to underflow however far below the
    others it lies. Where all three are -inf the result is -inf, without NaN or warnings.
    """
    buf, (b0, b1, b2), top, shift = work.buf, work.parts, work.top, work.shift
    np.add(cand, pen, out=buf)
    np.maximum(b0, b1, out=top)
    np.maximum(top, b2, out=top)
    np.maximum(top, work.fmin, out=shift)  # finite stand-in where all three are -inf
    np.subtract(buf, shift, out=buf)  # <= 0, or -inf
    np.maximum(buf, work.floor, out=buf)
    np.exp(buf, out=buf)
    np.add(b0, b1, out=out)
    np.add(out, b2, out=out)  # in [3e-304, 3]: the log is finite
    np.log(out, out=out)
    np.add(out, top, out=out)  # + -inf gives -inf where all three were -inf


def _forward(p: _Problem, *, keep: bool) -> tuple[F64, F64]:
    """log alpha and log p, shape (N,).

    alpha_t(s) = emit_t(s) + logsumexp(alpha_{t-1}(s), alpha_{t-1}(s-1), alpha_{t-1}(s-2)),
    the last term only where the blank between two different labels may be skipped.
    With ``keep`` the first result holds every frame, (T, N, L + 2) with two leading -inf
    columns (for the gradient); otherwise two rolling frames, so memory stays O(N L).
    """
    num_frames, batch, num_states = p.shape
    tl = p.target_lengths
    alpha = np.full((num_frames if keep else 2, batch, num_states + 2), -np.inf)
    # cand[i, k, n, s] = alpha[i, n, s + k], i.e. the states s - 2, s - 1, s.
    cand = np.moveaxis(sliding_window_view(alpha, 3, axis=2), -1, 1)
    pen = np.zeros((3, batch, num_states))
    pen[0][~p.skip] = -np.inf
    work = _Work.allocate(p)
    acc = np.empty((batch, num_states))
    first = min(2, num_states)  # start in the first blank or the first label
    alpha[0, :, 2 : 2 + first] = _emit(p, 0, work)[:, :first]
    # A label path ends in the last label or the blank after it, at frame il - 1.
    n = np.arange(batch)
    end_label, end_blank = 1 + 2 * tl, 2 + 2 * tl
    log_p = np.where(tl == 0, 0.0, -np.inf)  # no frames: only the empty target is possible
    ends = p.ends()
    # Log-probabilities are <= 1e100 (validated), so sums can only overflow downwards, to
    # -inf: the correct log of a probability too small for a float.
    # per-frame views, made once: the candidates of frame t and where alpha_t goes
    cands = list(cand) if keep else [cand[1], cand[0]]  # rolling: frame t reads t ^ 1
    outs = list(alpha[:, :, 2:])
    with np.errstate(over="ignore"):
        for t in range(num_frames):
            i = t if keep else t & 1
            if t > 0:
                _logsumexp3(cands[t - 1 if keep else i], pen, work, acc)
                np.add(acc, _emit(p, t, work), out=outs[i])
            if t in ends:
                at_end = np.logaddexp(alpha[i, n, end_label], alpha[i, n, end_blank])
                np.copyto(log_p, at_end, where=ends[t][:, 0])
    return alpha, log_p


def _backward(p: _Problem) -> F64:
    """log beta-hat, shape (T, N, L): the log-probability of completing the target from
    state s after frame t (frame t's own emission excluded); -inf for t >= input_length."""
    num_frames, batch, num_states = p.shape
    tl = p.target_lengths
    beta = np.full((num_frames, batch, num_states), -np.inf)
    # after[t & 1, n, s] = emit[t, n, s] + beta[t, n, s], two rolling frames with two
    # trailing -inf columns; cand[i, k, n, s] = after[i, n, s + k]: states s, s + 1, s + 2.
    after = np.full((2, batch, num_states + 2), -np.inf)
    cand = np.moveaxis(sliding_window_view(after, 3, axis=2), -1, 1)
    s = np.arange(num_states)
    start = np.where((s == 2 * tl[:, None]) | (s == 2 * tl[:, None] - 1), 0.0, -np.inf)
    pen = np.zeros((3, batch, num_states))
    pen[2, :, : num_states - 2][~p.skip[:, 2:]] = -np.inf
    pen[2, :, num_states - 2 :] = -np.inf
    work = _Work.allocate(p)
    ends = p.ends()
    with np.errstate(over="ignore"):  # as in _forward: overflow only towards -inf
        for t in range(num_frames - 1, -1, -1):
            if t < num_frames - 1:
                _logsumexp3(cand[(t + 1) & 1], pen, work, beta[t])
            if t in ends:  # sequences whose last frame is t start here
                np.copyto(beta[t], start, where=ends[t])
            if t > 0:
                np.add(_emit(p, t, work), beta[t], out=after[t & 1, :, :num_states])
    return beta


def _per_sample(log_p: F64, zero_infinity: bool) -> F64:
    loss: F64 = -log_p  # +inf where no alignment has a nonzero probability
    if zero_infinity:
        loss[np.isinf(loss)] = 0.0
    return loss


def _ctc_prepare(
    log_probs: npt.ArrayLike,
    targets: npt.ArrayLike,
    input_lengths: npt.ArrayLike,
    target_lengths: npt.ArrayLike,
    *,
    blank: object = 0,
    zero_infinity: object = False,
) -> Inputs:
    zero_inf = check_flag(zero_infinity, "zero_infinity")
    p = _prepare(log_probs, targets, input_lengths, target_lengths, blank)
    arrays = (p.frames, p.labels, p.input_lengths, p.target_lengths)
    return Inputs(arrays, {"problem": p, "zero_infinity": zero_inf})


def _ctc_forward(inputs: Inputs, reduction: str, grad: bool) -> tuple[FloatArray, Any]:
    """Per-sample losses; "mean" divides each by its target length (at least 1) first.

    With `grad` the cache keeps every frame of log alpha, for the backward.
    """
    p: _Problem = inputs.options["problem"]
    alpha, log_p = _forward(p, keep=grad)
    loss = _per_sample(log_p, inputs.options["zero_infinity"])
    if reduction == "none":
        out: FloatArray = loss.astype(p.dtype)
        return (out.reshape(()) if p.unbatched else out), None
    if reduction == "mean":
        loss /= np.maximum(p.target_lengths, 1)
    return loss, (alpha, log_p, reduction)


def _ctc_backward(
    inputs: Inputs, cache: tuple[F64, F64, str], d_per: FloatArray, argnum: int
) -> FloatArray:
    """The true partial derivative of the reduced loss with respect to `log_probs`.

    d loss_n / d log_probs[t, n, k] = -sum_{s: l'_s = k} gamma_t(s), where
    gamma_t(s) = alpha_t(s) beta-hat_t(s) / p_n is the posterior of state s at frame t.
    """
    p: _Problem = inputs.options["problem"]
    alpha, log_p, reduction = cache
    beta = _backward(p)
    num_frames, batch, _ = p.shape
    # d(reduced)/d(loss_n); 0 for an infinite loss, which is flat (inf) around log_probs.
    weight = np.isfinite(log_p) * np.broadcast_to(d_per, (batch,)).astype(np.float64)
    if reduction == "mean":
        weight /= np.maximum(p.target_lengths, 1)
    # log gamma = log alpha + log beta-hat - log p. Where log p = -inf the weight is 0
    # and alpha + beta-hat is -inf too; 0 stands in for log p there to avoid -inf - -inf.
    safe_log_p = np.where(np.isfinite(log_p), log_p, 0.0)
    gamma = beta  # computed in place: beta-hat is not needed afterwards
    with np.errstate(over="ignore"):  # overflow only towards -inf, as in _forward
        np.add(gamma, alpha[:, :, 2:], out=gamma)
    del alpha
    np.subtract(gamma, safe_log_p[:, None], out=gamma)
    np.minimum(gamma, 0.0, out=gamma)  # gamma <= 1; rounding may overshoot a hair
    np.exp(gamma, out=gamma)
    # grad[t, n, k] = -weight[n] * sum over the states s of sample n labelled k of
    # gamma[t, n, s]. Column n * L + s of gamma goes to column gather[n, s] = n * C + k of
    # the gradient: sort the columns by that key and add each run with one reduceat (no
    # BLAS, whose threads stall on a busy machine).
    keys = p.gather.reshape(-1)
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    targets_of_runs = sorted_keys[starts]
    runs = np.add.reduceat(gamma.reshape(num_frames, -1)[:, order], starts, axis=1)
    runs *= weight[targets_of_runs // p.num_classes]
    np.subtract(0.0, runs, out=runs)  # 0 - x, not -x: no -0.0 where gamma is 0
    grad = np.zeros((num_frames, batch * p.num_classes), dtype=p.dtype)
    grad[:, targets_of_runs] = runs
    out: FloatArray = grad.reshape(num_frames, batch, p.num_classes)
    if p.unbatched:
        out = out.reshape(num_frames, p.num_classes)
    return out


@overload
def ctc_loss(
    log_probs: npt.ArrayLike,
    targets: npt.ArrayLike,
    input_lengths: npt.ArrayLike,
    target_lengths: npt.ArrayLike,
    *,
    blank: int = ...,
    reduction: Literal["mean", "sum"] = ...,
    zero_infinity: bool = ...,
) -> float: ...
@overload
def ctc_loss(
    log_probs: npt.ArrayLike,
    targets: npt.ArrayLike,
    input_lengths: npt.ArrayLike,
    target_lengths: npt.ArrayLike,
    *,
    blank: int = ...,
    reduction: Literal["none"],
    zero_infinity: bool = ...,
) -> FloatArray: ...
@overload
def ctc_loss(
    log_probs: npt.ArrayLike,
    targets: npt.ArrayLike,
    input_lengths: npt.ArrayLike,
    target_lengths: npt.ArrayLike,
    *,
    blank: int = ...,
    reduction: str,
    zero_infinity: bool = ...,
) -> float | FloatArray: ...


@register(
    formula="ctc_loss",
    differentiable=("log_probs",),
    prepare=_ctc_prepare,
    forward=_ctc_forward,
    backward=_ctc_backward,
    peer="torch.nn.functional.ctc_loss",
)
def ctc_loss(
    log_probs: npt.ArrayLike,
    targets: npt.ArrayLike,
    input_lengths: npt.ArrayLike,
    target_lengths: npt.ArrayLike,
    *,
    blank: int = 0,
    reduction: str = "mean",
    zero_infinity: bool = False,
) -> float | FloatArray:
    r"""Connectionist temporal classification loss, as PyTorch ``F.ctc_loss``.

    For sequence labelling without a frame-by-frame alignment (speech, handwriting): the
    network emits class log-probabilities $\log y^t_k$ at every frame, and the loss is the
    negative log of the total probability of every alignment $\pi$ (a class per frame)
    that collapses to the target $\mathbf{l}$, where $\mathcal{B}$ merges repeated
    classes and then removes blanks:

    $$\ell_n = -\log \sum_{\pi \in \mathcal{B}^{-1}(\mathbf{l}_n)}
      \prod_{t=1}^{T_n} y^t_{\pi_t}, \qquad
      L = \begin{cases}
      \frac{1}{N}\sum_{n=1}^{N} \frac{\ell_n}{\max(|\mathbf{l}_n|, 1)} & \texttt{"mean"} \\
      \sum_{n=1}^{N} \ell_n & \texttt{"sum"} \end{cases}$$

    with $y^t_k$ = ``exp(log_probs[t, n, k])``, $T_n$ = ``input_lengths[n]``,
    $|\mathbf{l}_n|$ = ``target_lengths[n]``; "none" returns every $\ell_n$.

    Parameters
    ----------
    log_probs : array_like of shape (T, N, C) or (T, C)
        Log-probabilities per frame, batch item and class (``log_softmax`` output).
        Finite or ``-inf`` (probability 0).
    targets : array_like of int, shape (N, S) or (sum(target_lengths),)
        Target label sequences, padded to a common length S, or concatenated end to end
        in one 1-D array. Whole numbers in [0, C), never `blank`; padding is not read,
        but it too must hold whole numbers.
        For unbatched (T, C) input: the target's labels, shape (target_length,), or (1, S).
    input_lengths : array_like of int, shape (N,) or ()
        Frames used per sequence, each in [0, T]; frames past it are ignored.
    target_lengths : array_like of int, shape (N,) or ()
        Labels per target, each >= 0 (and <= S for padded targets).
    blank : int, default 0
        The class index of the blank, in [0, C).
    reduction : {"mean", "sum", "none"}, default "mean"
        "mean" divides each loss by its target length (at least 1), then averages over
        the batch; "sum" adds the losses; "none" returns them.
    zero_infinity : bool, default False
        Replace infinite losses (targets no alignment can produce) and their gradients
        by 0.

    Returns
    -------
    float or numpy.ndarray
        A float for "mean" and "sum" (lower is better); for "none" an array of shape
        (N,), or () for unbatched input, float32 for float32 `log_probs`, float64
        otherwise.

    Raises
    ------
    ValueError
        `log_probs` empty, not 2-D or 3-D, NaN, +inf or above 1e100; lengths of the
        wrong shape, negative, input lengths above T or target lengths above S (padded)
        or not summing to ``len(targets)`` (concatenated); targets or lengths not whole
        numbers; a target label outside [0, C) or equal to `blank`; `blank` outside
        [0, C); unknown `reduction`.
    TypeError
        Non-numeric input; `blank` not an integer; `zero_infinity` not a bool.

    See Also
    --------
    - [`log_softmax`][losskit.log_softmax]: turn network scores into `log_probs`.
    - [`value_and_grad`][losskit.value_and_grad]: the loss and its gradient with respect
      to `log_probs`.

    Notes
    -----
    Shapes, as PyTorch ``CTCLoss``:

    - `log_probs`: $(T, N, C)$ or $(T, C)$, $T$ frames, $N$ batch size, $C$ classes
      including the blank;
    - `targets`: $(N, S)$ or $(\operatorname{sum}(\texttt{target\_lengths}))$;
    - `input_lengths`, `target_lengths`: $(N)$ or $()$;
    - output: a scalar for "mean" and "sum"; for "none" $(N)$, or $()$ when unbatched.

    The sum over alignments is the forward-backward recursion over the extended label
    sequence $\mathbf{l}' = (\varnothing, l_1, \varnothing, l_2, \ldots, \varnothing)$ of
    length $2|\mathbf{l}| + 1$, in log space with a per-state max-shift, so no probability
    underflows. Equal neighbours in a target need a blank between them, so a target needs
    $|\mathbf{l}|$ frames plus one per repeat (up to $2|\mathbf{l}| - 1$); with fewer
    frames its probability is 0 and its loss ``inf`` ("mean" and "sum" are then ``inf``
    too), unless ``zero_infinity=True``.

    "mean" divides by the target lengths before averaging (an empty target counts as 1),
    so it is not ``sum / N``. `log_probs` is not checked to be normalised (PyTorch does
    not check either); unnormalised scores give a number, but not a CTC loss. Values
    above 1e100 are refused: no log-probability is that large, and sums of them could
    overflow.

    The gradient from `losskit.value_and_grad` is the true partial derivative with
    respect to `log_probs`,
    $\partial \ell_n / \partial \log y^t_k = -\sum_{s : l'_s = k} \gamma_t(s)$, minus the
    posterior probability that frame $t$ is in a state labelled $k$; frames past
    ``input_lengths[n]`` get 0, and so do sequences with an infinite loss (it stays
    ``inf`` under any finite change of `log_probs`). PyTorch's native
    backward returns $y^t_k - \sum_{s : l'_s = k} \gamma_t(s)$ instead, which is only the
    right gradient once it flows back through a ``log_softmax``; through that both agree.

    References
    ----------
    A. Graves, S. Fernández, F. Gomez, J. Schmidhuber, "Connectionist Temporal
    Classification: Labelling Unsegmented Sequence Data with Recurrent Neural Networks",
    ICML 2006.

    Examples
    --------
    Two frames, classes blank (0) and "a" (1), each with probability 1/2. The target "a"
    has three alignments, "aa", "-a" and "a-", so the loss is $-\log(3/4)$:

    >>> import numpy as np
    >>> log_probs = np.log(np.full((2, 1, 2), 0.5))  # (T, N, C)
    >>> ctc_loss(log_probs, [[1]], [2], [1])
    0.2876820724517809
    >>> float(-np.log(3 / 4))
    0.2876820724517809

    "aa" needs a blank between the two labels, so three frames; two cannot produce it:

    >>> ctc_loss(log_probs, [[1, 1]], [2], [2])
    inf
    >>> ctc_loss(log_probs, [[1, 1]], [2], [2], zero_infinity=True)
    0.0

    Unbatched input (T, C) with a 1-D target; "none" gives a 0-d array (float32 here):

    >>> unbatched = log_probs[:, 0].astype(np.float32)  # (T, C)
    >>> ctc_loss(unbatched, [1], 2, 1, reduction="none")
    array(0.2876821, dtype=float32)
    """
    return evaluate(  # type: ignore[no-any-return]
        ctc_loss,
        log_probs,
        targets,
        input_lengths,
        target_lengths,
        blank=blank,
        reduction=reduction,
        zero_infinity=zero_infinity,
    )
