"""Shared fixtures: the site built once per session, and importable doc snippets.

``built_site`` runs ``mkdocs build --strict`` in a subprocess into a temporary folder and
returns that folder; ``site_build_log`` is what the build printed. Tests that need the
site (tests/test_site.py, tests/test_browser.py) build it at most once per session (once
per xdist worker). It is built for ``mkdocs.yml``'s default address, whatever ``SITE_URL``
the caller exported; ``subpath_site_build`` is the same site built for a project page under
a sub-path (``SUBPATH_SITE_URL``), as a static host would publish it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser_support import configured_site_url

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = ROOT / "docs" / "snippets"
DEFAULT_SITE_URL = configured_site_url()  # mkdocs.yml's default when SITE_URL is unset
SUBPATH_SITE_URL = "https://example.org/losskit/"
os.environ.setdefault("MPLBACKEND", "Agg")
for path in (ROOT, SNIPPETS):  # losskit without an install; `from _plotting import to_svg`
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))


@dataclass(frozen=True)
class SiteBuild:
    site_dir: Path
    log: str
    site_url: str


def build_site(site_dir: Path, site_url: str = DEFAULT_SITE_URL) -> SiteBuild:
    """``mkdocs build --strict`` into ``site_dir`` for ``site_url``; fails the test on error."""
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "MPLBACKEND": "Agg",
        "SITE_URL": site_url,
    }
    mkdocs = Path(sys.executable).with_name("mkdocs")
    command = [str(mkdocs), "build", "--strict", "--site-dir", str(site_dir)]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    log = result.stdout + result.stderr
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed ({result.returncode}):\n{log}", pytrace=False)
    return SiteBuild(site_dir, log, site_url)


@pytest.fixture(scope="session")
def site_build(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    return build_site(tmp_path_factory.mktemp("site") / "site")


@pytest.fixture(scope="session")
def subpath_site_build(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    return build_site(tmp_path_factory.mktemp("subpath") / "site", SUBPATH_SITE_URL)


@pytest.fixture(scope="session")
def built_site(site_build: SiteBuild) -> Path:
    """The folder of a strict build of the whole site (English at /, Chinese at /zh/)."""
    return site_build.site_dir


@pytest.fixture(scope="session")
def site_build_log(site_build: SiteBuild) -> str:
    return site_build.log
