"""Library benchmarks: element-wise losses, softmax cross-entropy, CTC, peak memory.

Each ``*_cases`` function returns the rows that `bench.write_report` turns into tables.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from _harness import Row, best_of, lk_fn, peak_extra_bytes, run_case


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
