"""Lighthouse on the built site: mobile scores, best of three runs, into benchmarks/site.md.

``make lighthouse`` builds the site, then runs this. The site is served on 127.0.0.1 with
gzip (as any static host serves it), and Lighthouse (npm, pinned in package-lock.json) drives
Debian's Chromium (``CHROME_PATH``) with its default mobile settings: a mid-range phone,
simulated 4G throttling. Each page is measured three times and the run with the best
performance score is kept; scores move by about ±0.1 between runs on a shared machine, so
the table also gives total blocking time, DOM size and bytes, which move less.

Pages: home, cross-entropy, both CTC pages and the explorer in both languages, and the two
heaviest other pages of the site (most HTML elements). Not part of ``make test``: the
numbers depend on the machine's load.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import html.parser
import io
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
RUNS = 3
EXTRA: list[str] = []
FIXED_PAGES = [
    "",
    "zh/",
    "cross-entropy/",
    "zh/cross-entropy/",
    "ctc/",
    "zh/ctc/",
    "ctc-algorithm/",
    "zh/ctc-algorithm/",
    "explore/",
    "zh/explore/",
]
HEAVIEST = 2  # pages with the most HTML elements among those not listed above, one language each
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"
GZIP_TYPES = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


class _GzipHandler(SimpleHTTPRequestHandler):
    """Static files, gzip-compressed for clients that accept it (like GitHub Pages)."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in GZIP_TYPES):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)


class _ElementCounter(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.count += 1


def element_count(file: Path) -> int:
    counter = _ElementCounter()
    counter.feed(file.read_text(encoding="utf-8"))
    return counter.count


def heaviest_pages(site: Path, besides: list[str], count: int) -> tuple[list[str], list[str]]:
    """The ``count`` pages with the most HTML elements among those not in ``besides``, and
    the pages of ``besides`` that are heavier still (paths below the site root)."""

    def path_of(file: Path) -> str:
        rel = file.parent.relative_to(site).as_posix()
        return "" if rel == "." else rel + "/"

    ranked = sorted(site.rglob("index.html"), key=element_count, reverse=True)
    paths = [path_of(file) for file in ranked]
    heaviest: list[str] = []
    for path in paths:  # one language of each page: both weigh the same
        twins = {path, path.removeprefix("zh/"), "zh/" + path}
        if path not in besides and not twins & set(heaviest):
            heaviest.append(path)
    heaviest = heaviest[:count]
    return heaviest, paths[: paths.index(heaviest[0])]


@dataclass
class Run:
    scores: dict[str, float]
    tbt_ms: float
    lcp_ms: float
    bytes: int
    dom: int

    @staticmethod
    def from_report(report: dict[str, Any]) -> Run:
        audits = report["audits"]
        return Run(
            scores={c: report["categories"][c]["score"] for c in CATEGORIES},
            tbt_ms=audits["total-blocking-time"]["numericValue"],
            lcp_ms=audits["largest-contentful-paint"]["numericValue"],
            bytes=int(audits["total-byte-weight"]["numericValue"]),
            dom=int(audits["dom-size"]["numericValue"]),
        )


def lighthouse(url: str, out: Path) -> Run:
    command = [
        "node",
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--quiet",
        *EXTRA,
    ]
    env = {**os.environ, "CHROME_PATH": CHROME}
    subprocess.run(command, check=True, env=env, cwd=ROOT)
    return Run.from_report(json.loads(out.read_text(encoding="utf-8")))


def lighthouse_version() -> str:
    package = LIGHTHOUSE.parents[1] / "package.json"
    return str(json.loads(package.read_text(encoding="utf-8"))["version"])


def table(results: dict[str, list[Run]]) -> str:
    lines = [
        "| page | performance | accessibility | best practices | SEO | TBT (ms) | LCP (s) "
        "| bytes (KiB) | DOM elements | performance, all runs |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for page, runs in results.items():
        best = max(runs, key=lambda run: run.scores["performance"])
        all_runs = ", ".join(f"{run.scores['performance']:.2f}" for run in runs)
        s = best.scores
        lines.append(
            f"| `/{page}` | {s['performance']:.2f} | {s['accessibility']:.2f} "
            f"| {s['best-practices']:.2f} | {s['seo']:.2f} | {best.tbt_ms:.0f} "
            f"| {best.lcp_ms / 1000:.1f} | {best.bytes / 1024:.0f} | {best.dom} | {all_runs} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "site.md")
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args()
    if not LIGHTHOUSE.is_file():
        sys.exit(f"{LIGHTHOUSE} is missing: run `make install` (npm ci)")
    heaviest, heavier = heaviest_pages(args.site, FIXED_PAGES, HEAVIEST)
    pages = [*FIXED_PAGES, *heaviest]
    handler = functools.partial(_GzipHandler, directory=str(args.site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    results: dict[str, list[Run]] = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for page in pages:
                for run in range(args.runs):
                    report = Path(tmp, f"{len(results)}-{run}.json")
                    results.setdefault(page, []).append(lighthouse(f"{origin}/{page}", report))
                    print(f"/{page} run {run + 1}: {results[page][-1].scores}", flush=True)
    finally:
        server.shutdown()
    load = os.getloadavg()[0]
    heavier_note = f" (heavier still: {', '.join(f'`/{p}`' for p in heavier)})" if heavier else ""
    text = f"""# Site speed: Lighthouse, mobile

Written by `make lighthouse` ({Path(__file__).relative_to(ROOT)}): Lighthouse
{lighthouse_version()}, default mobile settings (simulated throttling), Chromium from
`{CHROME}`, the built site served with gzip on 127.0.0.1. Each page was measured
{args.runs} times; the row shows the run with the best performance score, the last column
every run. TBT is total blocking time, LCP largest contentful paint, bytes the transfer
size of everything the page loaded. The last {len(heaviest)} pages have the most HTML
elements of the pages not listed above them{heavier_note}. Load average when done:
{load:.1f} on {os.cpu_count()} cores ({platform.machine()}).

{table(results)}
"""
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
