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

The script only reports: a loss that is missing or fails is listed as such. The cases live
in `bench_library.py` (losses: time and memory) and `bench_site.py` (the site build and
the home page's bytes); `_harness.py` holds the timer and the row they share; this file
runs them and writes the report.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path

import numpy as np
import torch
from _harness import LOAD_AT_START, ROOT, Row, gbps, mark, ms
from bench_library import MemRow, ctc_cases, elementwise_cases, memory_cases, softmax_ce_cases
from bench_site import SiteResult, site_case
from threadpoolctl import threadpool_info

# --------------------------------------------------------------------------- report


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
