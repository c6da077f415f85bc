"""Time losskit against PyTorch on the CPU and write `benchmarks/results.md`.

Run it with `make bench` (which unsets OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE for this
command). Everything is measured in this one process: each case is warmed up once, then
losskit and torch are timed alternately, and the best of several repeats counts
(`time.perf_counter`). torch runs on the CPU with its default number of threads.

Targets (issue 6):

- mse, mae, huber on 10^7 float64 and binary cross-entropy from logits on 10^7 float32:
  at most 0.7x torch and at most 2.5x `np.copyto` of `y` (the memory-bandwidth floor);
- softmax cross-entropy from logits, 65 536 x 1 000 float32, value and value + gradient:
  at most 1.0x torch;
- ctc_loss at T=200, N=16, C=50, S=40, value and value + gradient: at most 3x torch;
- peak extra memory (tracemalloc) of every reduced loss at most 2x `y.nbytes`;
- the site: `mkdocs build --strict` under 60 s; the bytes a first visit to the home page
  downloads are recorded.

The script only reports: a loss that is missing or fails is listed as such.
"""

from __future__ import annotations

import argparse
import functools
import gc
import http.server
import itertools
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from threadpoolctl import threadpool_info

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
if str(ROOT) not in sys.path:  # run from a checkout without `pip install -e .`
    sys.path.insert(0, str(ROOT))

try:
    import losskit as lk
except Exception as exc:  # the library may not exist yet: report, don't crash
    lk = None
    LOSSKIT_ERROR = f"{type(exc).__name__}: {exc}"
else:
    LOSSKIT_ERROR = ""


LOAD_AT_START = os.getloadavg()[0]


def lk_fn(name: str) -> Callable[..., Any]:
    """A losskit function by name; raises if the library does not have it (yet)."""
    if lk is None:
        raise RuntimeError(f"losskit not importable ({LOSSKIT_ERROR})")
    fn = getattr(lk, name, None)
    if fn is None:
        raise RuntimeError(f"losskit.{name} does not exist yet")
    return fn


# --------------------------------------------------------------------------- timing


def best_of(fns: list[Callable[[], object]], repeats: int) -> list[float]:
    """Best wall time in seconds of each function: one warm-up each, then alternate runs."""
    for fn in fns:
        fn()
    best = [float("inf")] * len(fns)
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeats):
            for i, fn in enumerate(fns):
                start = time.perf_counter()
                fn()
                best[i] = min(best[i], time.perf_counter() - start)
    finally:
        if gc_was_enabled:
            gc.enable()
    return best


def peak_extra_bytes(fn: Callable[[], object]) -> int:
    """Peak memory that `fn` allocates on top of what exists (tracemalloc; NumPy reports)."""
    fn()  # warm-up outside the trace (imports, caches)
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        fn()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return max(peak - base, 0)


@dataclass
class Row:
    """One timed case: losskit vs torch, optionally vs the copy floor."""

    case: str
    lk_s: float | None = None
    torch_s: float | None = None
    max_ratio: float = 1.0
    copy_s: float | None = None  # np.copyto of y, when the copy target applies
    bytes_read: int = 0  # bytes of the inputs, for the effective bandwidth
    copy_bytes: int = 0  # bytes the copy reads and writes
    cache_s: float | None = None  # the same work on one cache-resident block, scaled to n
    bound: str = ""  # what bounds the time, when the copy target is not met
    notes: list[str] = field(default_factory=list)
    error: str = ""
    targets: list[tuple[str, bool | None]] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        if self.lk_s is None or self.torch_s is None:
            return None
        return self.lk_s / self.torch_s


def run_case(
    row: Row,
    losskit_call: Callable[[], Callable[[], object]],
    torch_call: Callable[[], object],
    repeats: int,
    copy_call: Callable[[], object] | None = None,
) -> Row:
    """Time both sides (and the copy floor, if given) alternately in the same repeats.

    `losskit_call` builds the losskit closure; it may raise if the library lacks the loss.
    """
    extra = [] if copy_call is None else [copy_call]
    try:
        ours = losskit_call()
        times = best_of([ours, torch_call, *extra], repeats)
        row.lk_s, row.torch_s = times[0], times[1]
    except Exception as exc:
        row.error = f"{type(exc).__name__}: {exc}"[:160]
        times = [float("nan"), *best_of([torch_call, *extra], repeats)]
        row.torch_s = times[1]
    if copy_call is not None:
        row.copy_s = times[2]
    ratio = row.ratio
    row.targets.append(
        (f"<= {row.max_ratio:g}x torch", None if ratio is None else ratio <= row.max_ratio)
    )
    if row.copy_s is not None:
        met = None if row.lk_s is None else row.lk_s <= 2.5 * row.copy_s
        row.targets.append(("<= 2.5x copy", met))
    status = "n/a" if ratio is None else f"{ratio:.2f}x"
    print(f"  {row.case}: losskit {ms(row.lk_s)}, torch {ms(row.torch_s)}, {status}", flush=True)
    return row


def ms(seconds: float | None) -> str:
    return "n/a" if seconds is None else f"{seconds * 1e3:.1f} ms"


# --------------------------------------------------------------------------- cases


def block_elements(itemsize: int) -> int:
    """Elements per block of losskit's blocked element-wise path (256 KiB by default)."""
    try:
        from losskit import _registry

        return max(1, int(_registry.BLOCK_BYTES) // itemsize)
    except Exception:
        return (1 << 18) // itemsize


def in_cache_seconds(
    fn: Callable[[np.ndarray, np.ndarray], object],
    a: np.ndarray,
    b: np.ndarray,
    repeats: int,
) -> float:
    """Time of `fn` over all of `a`, `b` if memory cost nothing: the same work done block
    by block on ONE block that stays in the cache, scaled to the full length."""
    step = block_elements(a.itemsize)
    reps = a.size // step
    a0, b0 = a[:step].copy(), b[:step].copy()

    def loop() -> None:
        for _ in range(reps):
            fn(a0, b0)

    (best,) = best_of([loop], max(3, repeats // 3))
    return best * a.size / (reps * step)


# One step of losskit's per-block loop: (label, fn(y block, t block, buffers)).
BlockStep = tuple[str, Callable[[np.ndarray, np.ndarray, list[np.ndarray]], object]]


def step_costs(steps: list[BlockStep], a: np.ndarray, b: np.ndarray, repeats: int) -> list[float]:
    """Seconds each step adds to the blocked loop over all of `a`, `b`.

    The loop is timed with the first step only, then the first two, and so on (every run
    walks the real inputs block by block, so each step sees the data and cache state it
    sees in losskit); a step's cost is its prefix's time minus the previous one. The first
    step that reads an input pays for streaming it from memory; the rest run in cache.
    """
    step = block_elements(a.itemsize)
    bufs = [np.zeros(min(step, a.size), dtype=a.dtype) for _ in range(3)]

    def prefix(k: int) -> Callable[[], None]:
        def loop() -> None:
            with np.errstate(all="ignore"):
                for start in range(0, a.size, step):
                    stop = min(start + step, a.size)
                    views = [buf[: stop - start] for buf in bufs]
                    for _, fn in steps[:k]:
                        fn(a[start:stop], b[start:stop], views)

        return loop

    totals = best_of([prefix(k) for k in range(1, len(steps) + 1)], max(5, repeats // 2))
    return [totals[0]] + [max(0.0, hi - lo) for lo, hi in itertools.pairwise(totals)]


def describe_steps(
    steps: list[BlockStep], costs: list[float], copy_s: float, streaming: set[str]
) -> tuple[str, float, float]:
    """The per-step costs as a sentence (what the time of the blocked loop is made of), the
    seconds of the steps that stream the inputs from memory and of the in-cache rest."""
    memory = sum(c for (label, _), c in zip(steps, costs, strict=True) if label in streaming)
    arithmetic = sum(costs) - memory
    pairs = zip(steps, costs, strict=True)
    listed = ", ".join(f"`{label}` {c * 1e3:.1f}" for (label, _), c in pairs)
    reads = ", ".join(f"`{label}`" for label in sorted(streaming))
    sentence = (
        f"its blocked loop step by step (ms each, timed as growing prefixes of the loop): "
        f"{listed}; the first reads of the inputs ({reads}), "
        f"which stream them from memory, take "
        f"{memory * 1e3:.1f} ms = {memory / copy_s:.2f}x copy, the in-cache arithmetic "
        f"{arithmetic * 1e3:.1f} ms = {arithmetic / copy_s:.2f}x copy, together "
        f"{(memory + arithmetic) * 1e3:.1f} ms = {(memory + arithmetic) / copy_s:.2f}x copy"
    )
    return sentence, memory, arithmetic


def huber_steps(delta: float) -> list[BlockStep]:
    """The steps of losskit.huber's blocked terms on one block: l = 2 h (d - h), h = clip(d)/2
    (the 2 applied to the sum)."""

    def sub(y: np.ndarray, t: np.ndarray, bufs: list[np.ndarray]) -> None:
        np.subtract(y, t, out=bufs[0])

    def clip(y: np.ndarray, t: np.ndarray, bufs: list[np.ndarray]) -> None:
        np.clip(bufs[0], -delta, delta, out=bufs[1])

    def half(y: np.ndarray, t: np.ndarray, bufs: list[np.ndarray]) -> None:
        bufs[1] *= 0.5

    def isub(y: np.ndarray, t: np.ndarray, bufs: list[np.ndarray]) -> None:
        bufs[0] -= bufs[1]

    def imul(y: np.ndarray, t: np.ndarray, bufs: list[np.ndarray]) -> None:
        bufs[0] *= bufs[1]

    def total(y: np.ndarray, t: np.ndarray, bufs: list[np.ndarray]) -> None:
        np.add.reduce(bufs[0], dtype=np.float64)

    return [
        ("d = y - t", sub),
        ("h = clip(d)", clip),
        ("h *= 1/2", half),
        ("d -= h", isub),
        ("d *= h", imul),
        ("sum", total),
    ]


def bce_logits_steps() -> list[BlockStep]:
    """The steps of losskit's blocked BCE-from-logits terms on one block (x, t):
    t in [0, 1] check, then max(x, 0) + log1p(exp(-|x|)) - t x."""

    def tmin(x: np.ndarray, t: np.ndarray, bufs: list[np.ndarray]) -> None:
        t.min()

    def tmax(x: np.ndarray, t: np.ndarray, bufs: list[np.ndarray]) -> None:
        t.max()

    def absx(x: np.ndarray, t: np.ndarray, bufs: list[np.ndarray]) -> None:
        np.abs(x, out=bufs[1])

    def neg(x: np.ndarray, t: np.ndarray, bufs: list[np.ndarray]) -> None:
        np.negative(bufs[1], out=bufs[1])

    def exp(x: np.ndarray, t: np.ndarray, bufs: list[np.ndarray]) -> None:
        np.exp(bufs[1], out=bufs[1])

    def log1p(x: np.ndarray, t: np.ndarray, bufs: list[np.ndarray]) -> None:
        np.log1p(bufs[1], out=bufs[1])

    def relu(x: np.ndarray, t: np.ndarray, bufs: list[np.ndarray]) -> None:
        np.maximum(x, bufs[2], out=bufs[0])  # bufs[2] stays 0, as the kernel's constant

    def iadd(x: np.ndarray, t: np.ndarray, bufs: list[np.ndarray]) -> None:
        bufs[0] += bufs[1]

    def tx(x: np.ndarray, t: np.ndarray, bufs: list[np.ndarray]) -> None:
        np.multiply(t, x, out=bufs[1])

    def isub(x: np.ndarray, t: np.ndarray, bufs: list[np.ndarray]) -> None:
        bufs[0] -= bufs[1]

    def total(x: np.ndarray, t: np.ndarray, bufs: list[np.ndarray]) -> None:
        np.add.reduce(bufs[0], dtype=np.float64)

    return [
        ("t.min()", tmin),
        ("t.max()", tmax),
        ("|x|", absx),
        ("-", neg),
        ("exp", exp),
        ("log1p", log1p),
        ("max(x, 0)", relu),
        ("+=", iadd),
        ("t x", tx),
        ("-=", isub),
        ("sum (float64)", total),
    ]


def elementwise_cases(rng: np.random.Generator, repeats: int) -> list[Row]:
    """mse, mae, huber on 10^7 float64; BCE from logits on 10^7 float32."""
    n = 10**7
    rows: list[Row] = []
    y = rng.standard_normal(n)
    t = rng.standard_normal(n)
    yt, tt = torch.from_numpy(y), torch.from_numpy(t)
    buf = np.empty_like(y)
    copy64 = functools.partial(np.copyto, buf, y)
    specs: list[tuple[str, str, dict[str, Any], Callable[[], object]]] = [
        ("mse", "mse", {}, lambda: F.mse_loss(yt, tt).item()),
        ("mae", "mae", {}, lambda: F.l1_loss(yt, tt).item()),
        ("huber", "huber", {}, lambda: F.huber_loss(yt, tt, delta=1.0).item()),
    ]
    for case, name, kw, ref in specs:
        row = Row(
            f"{case}, 10^7 float64",
            max_ratio=0.7,
            bytes_read=y.nbytes + t.nbytes,
            copy_bytes=2 * y.nbytes,
        )
        rows.append(
            run_case(
                row,
                lambda name=name, kw=kw: functools.partial(lk_fn(name), y, t, **kw),
                ref,
                repeats,
                copy64,
            )
        )
        if row.lk_s is not None:
            row.cache_s = in_cache_seconds(
                lambda a, b, name=name, kw=kw: lk_fn(name)(a, b, **kw), y, t, repeats
            )
        if name == "huber" and row.copy_s:
            steps = huber_steps(1.0)
            costs = step_costs(steps, y, t, repeats)
            sentence, memory, arithmetic = describe_steps(steps, costs, row.copy_s, {"d = y - t"})
            row.notes.append(sentence)
            row.bound = (
                f"bound by NumPy's one pass per operation: after the pass that streams y "
                f"and t ({memory / row.copy_s:.2f}x copy), the exact formula's clip, "
                f"three element-wise steps and the sum take "
                f"{arithmetic / row.copy_s:.2f}x copy in cache (clip alone "
                f"{costs[1] / row.copy_s:.2f}x, the sum {costs[-1] / row.copy_s:.2f}x)"
            )
    x32 = (3.0 * rng.standard_normal(n)).astype(np.float32)
    t32 = rng.random(n, dtype=np.float32)
    xt32, tt32 = torch.from_numpy(x32), torch.from_numpy(t32)
    buf32 = np.empty_like(x32)
    copy32 = functools.partial(np.copyto, buf32, x32)
    row = Row(
        "BCE from logits, 10^7 float32",
        max_ratio=0.7,
        bytes_read=x32.nbytes + t32.nbytes,
        copy_bytes=2 * x32.nbytes,
    )
    rows.append(
        run_case(
            row,
            lambda: functools.partial(lk_fn("binary_cross_entropy"), x32, t32, from_logits=True),
            lambda: F.binary_cross_entropy_with_logits(xt32, tt32).item(),
            repeats,
            copy32,
        )
    )
    if row.lk_s is not None:
        row.cache_s = in_cache_seconds(
            lambda a, b: lk_fn("binary_cross_entropy")(a, b, from_logits=True), x32, t32, repeats
        )
    # The two transcendental functions every BCE-from-logits term needs, alone, in cache.
    scratch = np.empty(block_elements(4), dtype=np.float32)

    def exp_log1p(a: np.ndarray, _b: np.ndarray) -> None:
        np.exp(a, out=scratch)
        np.log1p(scratch, out=scratch)

    transcendental = in_cache_seconds(exp_log1p, -np.abs(x32), t32, repeats)
    if row.copy_s:
        row.notes.append(
            f"np.exp + np.log1p alone over the 10^7 logits, in cache: "
            f"{transcendental * 1e3:.1f} ms = {transcendental / row.copy_s:.2f}x copy"
        )
        steps = bce_logits_steps()
        costs = step_costs(steps, x32, t32, repeats)
        sentence, _, _ = describe_steps(steps, costs, row.copy_s, {"t.min()", "|x|"})
        row.notes.append(sentence)
    # softplus(x) = logaddexp(0, x) in one ufunc: as accurate, but NumPy runs it element by
    # element through libm, far slower than the exp and log1p loops.
    zero = np.zeros(block_elements(4), dtype=np.float32)

    def softplus_logaddexp(a: np.ndarray, _b: np.ndarray) -> None:
        np.logaddexp(zero, a, out=scratch)

    logaddexp_s = in_cache_seconds(softplus_logaddexp, x32, t32, 3)
    sample = np.concatenate([x32[: 10**6], np.array([-800, 800], dtype=np.float32)])
    exact = np.logaddexp(0.0, sample.astype(np.float64))
    keep = exact > 0  # softplus(-800) underflows to 0 in float64 too (both give 0)

    def worst(approx: np.ndarray) -> float:
        return float(np.max(np.abs(approx[keep] - exact[keep]) / exact[keep]))

    ours = np.maximum(sample, 0) + np.log1p(np.exp(-np.abs(sample)))
    if row.copy_s:
        row.notes.append(
            f"np.logaddexp(0, x) (softplus in one ufunc) alone over the 10^7 logits, in "
            f"cache: {logaddexp_s * 1e3:.1f} ms = {logaddexp_s / row.copy_s:.2f}x copy; "
            f"float32 relative error against float64 on 10^6 logits and +-800: "
            f"{worst(np.logaddexp(np.float32(0), sample)):.1e} (max(x, 0) + "
            f"log1p(exp(-|x|)): {worst(ours):.1e})"
        )
        row.bound = (
            f"bound by the transcendental functions: np.exp + np.log1p alone, in cache, "
            f"take {transcendental / row.copy_s:.2f}x copy, more than 2.5x before any "
            f"other step (softplus needs one exp and one log per element; "
            f"np.logaddexp(0, x), one ufunc, takes {logaddexp_s / row.copy_s:.0f}x copy)"
        )
    return rows


def softmax_ce_cases(rng: np.random.Generator, repeats: int) -> list[Row]:
    """Cross-entropy from logits, 65 536 x 1 000 float32, value and value + gradient."""
    n, k = 65_536, 1_000
    x = (2.0 * rng.standard_normal((n, k))).astype(np.float32)
    labels = rng.integers(0, k, size=n)
    xt, lt = torch.from_numpy(x), torch.from_numpy(labels)

    def torch_grad() -> object:
        leaf = xt.detach().requires_grad_(True)
        loss = F.cross_entropy(leaf, lt)
        (g,) = torch.autograd.grad(loss, leaf)
        return loss.item(), g

    def lk_grad() -> Callable[[], object]:
        vg, scce = lk_fn("value_and_grad"), lk_fn("sparse_categorical_cross_entropy")
        return functools.partial(vg, scce, x, labels, from_logits=True)

    rows = [
        run_case(
            Row("softmax CE from logits (labels), 65 536 x 1 000 float32, value"),
            lambda: functools.partial(
                lk_fn("sparse_categorical_cross_entropy"), x, labels, from_logits=True
            ),
            lambda: F.cross_entropy(xt, lt).item(),
            repeats,
        ),
        run_case(
            Row("softmax CE from logits (labels), 65 536 x 1 000 float32, value + gradient"),
            lk_grad,
            torch_grad,
            repeats,
        ),
    ]
    # The same with one-hot targets: categorical_cross_entropy vs F.cross_entropy with
    # class-probability targets.
    onehot = np.zeros_like(x)
    onehot[np.arange(n), labels] = 1.0
    ot = torch.from_numpy(onehot)

    def torch_grad_dense() -> object:
        leaf = xt.detach().requires_grad_(True)
        loss = F.cross_entropy(leaf, ot)
        (g,) = torch.autograd.grad(loss, leaf)
        return loss.item(), g

    def lk_grad_dense() -> Callable[[], object]:
        vg, cce = lk_fn("value_and_grad"), lk_fn("categorical_cross_entropy")
        return functools.partial(vg, cce, x, onehot, from_logits=True)

    rows += [
        run_case(
            Row("softmax CE from logits (one-hot), 65 536 x 1 000 float32, value"),
            lambda: functools.partial(
                lk_fn("categorical_cross_entropy"), x, onehot, from_logits=True
            ),
            lambda: F.cross_entropy(xt, ot).item(),
            repeats,
        ),
        run_case(
            Row("softmax CE from logits (one-hot), 65 536 x 1 000 float32, value + gradient"),
            lk_grad_dense,
            torch_grad_dense,
            repeats,
        ),
    ]
    return rows


def ctc_inputs(rng: np.random.Generator) -> dict[str, Any]:
    t_len, n, c, s = 200, 16, 50, 40
    z = rng.standard_normal((t_len, n, c)).astype(np.float32)
    log_probs = (z - np.log(np.exp(z).sum(axis=-1, keepdims=True))).astype(np.float32)
    targets = rng.integers(1, c, size=(n, s))
    input_lengths = np.full(n, t_len, dtype=np.int64)
    target_lengths = rng.integers(s // 2, s + 1, size=n)
    return {
        "log_probs": log_probs,
        "targets": targets,
        "input_lengths": input_lengths,
        "target_lengths": target_lengths,
    }


def ctc_cases(rng: np.random.Generator, repeats: int) -> list[Row]:
    """ctc_loss at T=200, N=16, C=50, S=40: value, and value + gradient."""
    a = ctc_inputs(rng)
    args = (a["log_probs"], a["targets"], a["input_lengths"], a["target_lengths"])
    lp = torch.from_numpy(a["log_probs"])
    targs = (
        torch.from_numpy(a["targets"]),
        torch.from_numpy(a["input_lengths"]),
        torch.from_numpy(a["target_lengths"]),
    )

    def torch_grad() -> object:
        leaf = lp.detach().requires_grad_(True)
        loss = F.ctc_loss(leaf, *targs)
        (g,) = torch.autograd.grad(loss, leaf)
        return loss.item(), g

    def lk_grad() -> Callable[[], object]:
        return functools.partial(lk_fn("value_and_grad"), lk_fn("ctc_loss"), *args)

    return [
        run_case(
            Row("ctc_loss T=200 N=16 C=50 S=40 float32, value", max_ratio=3.0),
            lambda: functools.partial(lk_fn("ctc_loss"), *args),
            lambda: F.ctc_loss(lp, *targs).item(),
            repeats,
        ),
        run_case(
            Row("ctc_loss T=200 N=16 C=50 S=40 float32, value + gradient", max_ratio=3.0),
            lk_grad,
            torch_grad,
            repeats,
        ),
    ]


@dataclass
class MemRow:
    case: str
    y_nbytes: int
    extra: int | None = None
    error: str = ""

    @property
    def multiple(self) -> float | None:
        return None if self.extra is None else self.extra / self.y_nbytes


def memory_cases(rng: np.random.Generator) -> list[MemRow]:
    """Peak extra memory of every reduced loss ("mean"), as a multiple of y.nbytes."""
    n = 10**7
    y64, t64 = rng.standard_normal(n), rng.standard_normal(n)
    x32 = rng.standard_normal(n).astype(np.float32)
    p32 = rng.random(n, dtype=np.float32)
    t32 = rng.random(n, dtype=np.float32)
    rows_n, k = 16_384, 1_000
    z = rng.standard_normal((rows_n, k)).astype(np.float32)
    probs = np.exp(z - z.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    labels = rng.integers(0, k, size=rows_n)
    onehot = np.zeros_like(z)
    onehot[np.arange(rows_n), labels] = 1.0
    big_z = rng.standard_normal((65_536, k)).astype(np.float32)
    big_labels = rng.integers(0, k, size=65_536)
    ctc = ctc_inputs(rng)
    cases: list[tuple[str, str, tuple[Any, ...], dict[str, Any]]] = [
        ("mse, 10^7 float64", "mse", (y64, t64), {}),
        ("mae, 10^7 float64", "mae", (y64, t64), {}),
        ("huber, 10^7 float64", "huber", (y64, t64), {}),
        ("BCE, probabilities, 10^7 float32", "binary_cross_entropy", (p32, t32), {}),
        (
            "BCE, logits, 10^7 float32",
            "binary_cross_entropy",
            (x32, t32),
            {"from_logits": True},
        ),
        (
            "sparse CE, logits, 65 536 x 1 000 float32",
            "sparse_categorical_cross_entropy",
            (big_z, big_labels),
            {"from_logits": True},
        ),
        (
            "sparse CE, probabilities, 16 384 x 1 000 float32",
            "sparse_categorical_cross_entropy",
            (probs, labels),
            {},
        ),
        (
            "categorical CE, logits, 16 384 x 1 000 float32",
            "categorical_cross_entropy",
            (z, onehot),
            {"from_logits": True},
        ),
        (
            "categorical CE, probabilities, 16 384 x 1 000 float32",
            "categorical_cross_entropy",
            (probs, onehot),
            {},
        ),
        ("KL divergence, 16 384 x 1 000 float32", "kl_divergence", (probs, onehot), {}),
        ("mean_squared_error (textbook), 10^7 float64", "mean_squared_error", (y64, t64), {}),
        (
            "cross_entropy_error (textbook), one-hot, 16 384 x 1 000 float32",
            "cross_entropy_error",
            (probs, onehot),
            {},
        ),
        (
            "cross_entropy_error (textbook), labels, 16 384 x 1 000 float32",
            "cross_entropy_error",
            (probs, labels),
            {},
        ),
        (
            "ctc_loss T=200 N=16 C=50 S=40 float32",
            "ctc_loss",
            (ctc["log_probs"], ctc["targets"], ctc["input_lengths"], ctc["target_lengths"]),
            {},
        ),
    ]
    rows = []
    for case, name, args, kw in cases:
        row = MemRow(case, args[0].nbytes)
        try:
            row.extra = peak_extra_bytes(functools.partial(lk_fn(name), *args, **kw))
        except Exception as exc:
            row.error = f"{type(exc).__name__}: {exc}"[:160]
        shown = "n/a" if row.multiple is None else f"{row.multiple:.3f}x"
        print(f"  memory {case}: {shown}", flush=True)
        rows.append(row)
    return rows


# --------------------------------------------------------------------------- site


@dataclass
class SiteResult:
    build_s: float | None = None
    build_error: str = ""
    home_bytes: int | None = None
    home_method: str = ""
    home_error: str = ""
    by_type: dict[str, tuple[int, int]] = field(default_factory=dict)
    largest: list[tuple[str, int]] = field(default_factory=list)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def home_page_bytes(site_dir: Path, result: SiteResult) -> None:
    """Load the home page once in headless Chromium and add up every response body."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    responses: list[Any] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("response", lambda response: responses.append(response))
            page.goto(url, wait_until="networkidle")
            page.wait_for_timeout(1000)  # late lazy loads (MathJax fonts, search index)
            sizes: list[tuple[str, str, int]] = []
            for r in responses:
                try:
                    body = len(r.body()) if r.status < 300 else 0
                except Exception:
                    body = 0
                sizes.append((r.request.resource_type, r.url, body))
            browser.close()
    finally:
        server.shutdown()
    result.home_bytes = sum(s for _, _, s in sizes)
    result.home_method = (
        f"Playwright + {CHROMIUM} against Python's http.server (no compression): "
        f"{len(sizes)} responses, bodies summed"
    )
    for kind, _, s in sizes:
        count, total = result.by_type.get(kind, (0, 0))
        result.by_type[kind] = (count + 1, total + s)
    prefix = url
    result.largest = [
        (u.removeprefix(prefix) or "/", s) for _, u, s in sorted(sizes, key=lambda r: -r[2])[:6]
    ]


def site_case(skip: bool) -> SiteResult:
    result = SiteResult()
    if skip:
        result.build_error = "skipped"
        return result
    mkdocs = Path(sys.executable).with_name("mkdocs")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    with tempfile.TemporaryDirectory(prefix="losskit-bench-site-") as tmp:
        site_dir = Path(tmp) / "site"
        start = time.perf_counter()
        proc = subprocess.run(
            [str(mkdocs), "build", "--strict", "--site-dir", str(site_dir)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
            result.build_error = f"build failed after {elapsed:.1f} s: " + " | ".join(tail)
            print(f"  site: {result.build_error}", flush=True)
            return result
        result.build_s = elapsed
        print(f"  site: mkdocs build --strict {elapsed:.1f} s", flush=True)
        try:
            home_page_bytes(site_dir, result)
            print(f"  site: home page {result.home_bytes} bytes", flush=True)
        except Exception as exc:
            result.home_error = f"{type(exc).__name__}: {exc}"[:200]
            print(f"  site: home page not measured: {result.home_error}", flush=True)
    return result


# --------------------------------------------------------------------------- report


def mark(met: bool | None) -> str:
    return "n/a" if met is None else ("met" if met else "**not met**")


def gbps(nbytes: int, seconds: float | None) -> str:
    return "n/a" if not seconds else f"{nbytes / seconds / 1e9:.1f}"


def machine_lines() -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 0
    lines = [
        f"- Machine: {cpu}; os.cpu_count() = {os.cpu_count()}, usable cores = {usable}",
        f"- Python {platform.python_version()}, NumPy {np.__version__}, "
        f"torch {torch.__version__} (CPU, {torch.get_num_threads()} intra-op threads, default)",
        f"- OPENBLAS_CORETYPE = {os.environ.get('OPENBLAS_CORETYPE', '(unset)')}, "
        f"OPENBLAS_L2_SIZE = {os.environ.get('OPENBLAS_L2_SIZE', '(unset)')}",
        "- threadpoolctl:",
    ]
    for info in threadpool_info():
        lines.append(
            f"  - {info.get('internal_api')} {info.get('version')} "
            f"({info.get('user_api')}, {info.get('num_threads')} threads, "
            f"architecture {info.get('architecture', 'n/a')}): "
            f"`{Path(str(info.get('filepath'))).name}`"
        )
    return lines


def write_report(
    path: Path,
    elementwise: list[Row],
    others: list[Row],
    memory: list[MemRow],
    site: SiteResult,
    repeats: int,
    wall: float,
) -> list[str]:
    """Write the markdown report; return the list of targets not met."""
    unmet: list[str] = []
    out = [
        "# losskit benchmark",
        "",
        "Written by `benchmarks/bench.py` (`make bench`); do not edit by hand. "
        f"Best of {repeats} alternating repeats ({max(3, repeats // 2)} for softmax "
        "cross-entropy) after a warm-up, `time.perf_counter`, "
        "one process; torch on the CPU with its default threads. "
        "Ratio = losskit time / torch time (lower is better).",
        "",
        f"Run: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, whole benchmark {wall:.0f} s.",
        "",
        "The machine may be shared: the 1-minute load average is shown at the start and "
        "end of the run (torch's two intra-op threads suffer most from a busy core, which "
        "flatters the ratios; the copy and in-cache columns are single-threaded NumPy like "
        f"losskit). Load: {LOAD_AT_START:.2f} -> {os.getloadavg()[0]:.2f}.",
        "",
        *machine_lines(),
        "",
        "## Element-wise losses (vs torch and vs the `np.copyto` floor)",
        "",
        "Copy floor: best time of `np.copyto(buf, y)`, timed in the same alternating repeats "
        "as the loss. Effective bandwidth: bytes of `y` and "
        "`t` read by the loss / its time; copy bandwidth: bytes read + written by the copy / "
        "its time.",
        "",
        "| case | losskit | torch | ratio | copy of y | x copy | loss GB/s | copy GB/s "
        "| in cache | x copy | targets |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in elementwise:
        copy_multiple = f"{r.lk_s / r.copy_s:.2f}" if r.lk_s and r.copy_s else "n/a"
        cache_multiple = f"{r.cache_s / r.copy_s:.2f}" if r.cache_s and r.copy_s else "n/a"
        ratio = "n/a" if r.ratio is None else f"{r.ratio:.2f}"
        copy_bw = gbps(r.copy_bytes, r.copy_s)
        targets = "; ".join(f"{name}: {mark(met)}" for name, met in r.targets)
        out.append(
            f"| {r.case} | {ms(r.lk_s)} | {ms(r.torch_s)} | {ratio} | {ms(r.copy_s)} "
            f"| {copy_multiple} | {gbps(r.bytes_read, r.lk_s)} | {copy_bw} "
            f"| {ms(r.cache_s)} | {cache_multiple} | {targets} |"
        )
    out += [
        "",
        "In cache: the same call made on one block (the size losskit's blocked path uses) "
        "that stays in the CPU cache, repeated to cover 10^7 elements: the arithmetic "
        "with no memory traffic, plus the checks and set-up of one call per block (once "
        "per call in real use), so it can exceed the real time. The step-by-step lines "
        "split the real blocked loop instead: the pass that first reads each input "
        "streams it from memory, every later step works in cache, one NumPy pass per "
        "operation of the exact formula.",
    ]
    for r in elementwise:
        out += [f"- {r.case}: {note}" for note in r.notes]
    out += [
        "",
        "## Softmax cross-entropy and CTC (vs torch)",
        "",
        "torch: `F.cross_entropy` / `F.ctc_loss` forward (`.item()`), and forward + "
        "`torch.autograd.grad` for value + gradient; losskit: the loss, and "
        "`losskit.value_and_grad`.",
        "",
        "| case | losskit | torch | ratio | target |",
        "|---|---:|---:|---:|---|",
    ]
    for r in others:
        ratio = "n/a" if r.ratio is None else f"{r.ratio:.2f}"
        targets = "; ".join(f"{name}: {mark(met)}" for name, met in r.targets)
        out.append(f"| {r.case} | {ms(r.lk_s)} | {ms(r.torch_s)} | {ratio} | {targets} |")
    for r in elementwise + others:
        for name, met in r.targets:
            if met is not True:
                why = f": {r.bound}" if r.bound and "copy" in name else ""
                unmet.append(f"{r.case}: {name} ({mark(met)}){why}")
        if r.error:
            out.append(f"\n- {r.case}: losskit failed: `{r.error}`")
    out += [
        "",
        "## Peak extra memory of reduced losses (tracemalloc, reduction='mean')",
        "",
        "| case | y.nbytes | peak extra | multiple of y.nbytes | target <= 2x |",
        "|---|---:|---:|---:|---|",
    ]
    for m in memory:
        met = None if m.multiple is None else m.multiple <= 2.0
        if met is not True:
            unmet.append(f"memory {m.case} ({mark(met)})")
        extra = "n/a" if m.extra is None else f"{m.extra / 2**20:.1f} MiB"
        multiple = "n/a" if m.multiple is None else f"{m.multiple:.4f}"
        out.append(
            f"| {m.case} | {m.y_nbytes / 2**20:.1f} MiB | {extra} | {multiple} | {mark(met)} |"
        )
        if m.error:
            out.append(f"\n- {m.case}: `{m.error}`\n")
    out += ["", "## Site", ""]
    if site.build_s is not None:
        met = site.build_s < 60.0
        if not met:
            unmet.append("site build < 60 s")
        out.append(f"- `mkdocs build --strict`: {site.build_s:.1f} s (target < 60 s: {mark(met)})")
    else:
        unmet.append("site build (not measured)")
        out.append(f"- `mkdocs build --strict`: not measured ({site.build_error})")
    if site.home_bytes is not None:
        out.append(
            f"- First visit to the home page downloads {site.home_bytes:,} bytes "
            f"({site.home_bytes / 2**20:.2f} MiB); {site.home_method}."
        )
        out += ["", "| resource type | responses | bytes |", "|---|---:|---:|"]
        for kind, (count, total) in sorted(site.by_type.items(), key=lambda kv: -kv[1][1]):
            out.append(f"| {kind} | {count} | {total:,} |")
        out += ["", "Largest: " + ", ".join(f"`{u}` {s:,} B" for u, s in site.largest)]
    elif site.build_s is not None:
        out.append(f"- Home page bytes: not measured ({site.home_error})")
    out += ["", "## Targets not met", ""]
    out += [f"- {u}" for u in unmet] or ["- none"]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return unmet


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15, help="timed repeats per case")
    parser.add_argument("--skip-site", action="store_true", help="skip the mkdocs build")
    parser.add_argument(
        "--output", type=Path, default=ROOT / "benchmarks" / "results.md", help="report path"
    )
    parser.add_argument(
        "--only",
        choices=["elementwise", "softmax", "ctc", "memory", "site"],
        action="append",
        help="run only these groups (repeatable)",
    )
    args = parser.parse_args()
    groups = set(args.only or ["elementwise", "softmax", "ctc", "memory", "site"])
    start = time.perf_counter()
    rng = np.random.default_rng(20261125)
    print(f"losskit benchmark -> {args.output}", flush=True)
    elementwise = elementwise_cases(rng, args.repeats) if "elementwise" in groups else []
    others = softmax_ce_cases(rng, max(3, args.repeats // 2)) if "softmax" in groups else []
    others += ctc_cases(rng, args.repeats) if "ctc" in groups else []
    memory = memory_cases(rng) if "memory" in groups else []
    site = site_case(args.skip_site or "site" not in groups)
    unmet = write_report(
        args.output, elementwise, others, memory, site, args.repeats, time.perf_counter() - start
    )
    print(f"done in {time.perf_counter() - start:.0f} s; targets not met: {len(unmet)}")


if __name__ == "__main__":
    main()
