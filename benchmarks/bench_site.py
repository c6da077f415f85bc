"""Site benchmarks: the strict `mkdocs build` time and the bytes of a first home-page visit."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _harness import ROOT

CHROMIUM = "/usr/bin/chromium"


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
