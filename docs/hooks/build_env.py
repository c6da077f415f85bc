"""Build environment: importable snippets, reproducible dates, quiet third-party loggers.

- ``docs/snippets`` goes on ``sys.path`` so that plot snippets run by markdown-exec can
  ``from _plotting import to_svg`` (tests do the same in ``tests/conftest.py``), and so
  does the repository root, so that ``import losskit`` works before an editable install.
- ``SOURCE_DATE_EPOCH`` fixes the sitemap dates and the gzip header: the caller's value if
  set, else the last commit's time (this is the one place that default is made, for
  ``make build``, ``make serve`` and the tests alike), so two builds of one commit are
  byte-identical.
- matplotlib draws headless (Agg); jieba's "Building prefix dict" chatter is silenced;
  a stylesheet that a plugin adds on each language build is linked once.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parents[2]
SNIPPETS = ROOT / "docs" / "snippets"
FALLBACK_EPOCH = "1764072000"  # outside a git checkout


def _last_commit_time(root: Path) -> str:
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return FALLBACK_EPOCH
    return out or FALLBACK_EPOCH


def on_startup(command: str, dirty: bool) -> None:
    os.environ.setdefault("MPLBACKEND", "Agg")
    for path in (ROOT, SNIPPETS):  # losskit even before `pip install -e .`; _plotting
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
    import jieba

    jieba.setLogLevel(logging.WARNING)


@event_priority(-200)  # last: mkdocstrings adds its stylesheet again on every language build
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if not os.environ.get("SOURCE_DATE_EPOCH"):
        os.environ["SOURCE_DATE_EPOCH"] = _last_commit_time(Path(config.config_file_path).parent)
    config.extra_css = list(dict.fromkeys(config.extra_css))
    return config
