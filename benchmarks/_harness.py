"""What every losskit benchmark shares: losskit's import, the timer, the timed row.

`best_of` times functions alternately (best of several repeats after a warm-up),
`peak_extra_bytes` measures tracemalloc's peak, `run_case` times losskit against torch
(and the copy floor) into a `Row`.
"""

from __future__ import annotations

import gc
import os
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
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


def mark(met: bool | None) -> str:
    return "n/a" if met is None else ("met" if met else "**not met**")


def gbps(nbytes: int, seconds: float | None) -> str:
    return "n/a" if not seconds else f"{nbytes / seconds / 1e9:.1f}"
