"""Helpers shared by the page-content tests: run a snippet, read the numbers it printed."""

from __future__ import annotations

import contextlib
import io
import re
import runpy
from typing import Any

import numpy as np
from conftest import SNIPPETS

NUMBER = re.compile(r"-?inf|nan|-?\d+\.?\d*(?:e[-+]?\d+)?")


def run_snippet(name: str) -> tuple[list[str], dict[str, Any]]:
    """Run docs/snippets/<name>.py in a fresh namespace; return its output lines and globals."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        namespace = runpy.run_path(str(SNIPPETS / f"{name}.py"), run_name="__main__")
    return out.getvalue().splitlines(), namespace


def floats(line: str) -> list[float]:
    """Every number in a printed line (handles nan and inf)."""
    return [float(x) for x in NUMBER.findall(line)]


def array_of(line: str) -> np.ndarray:
    return np.array(floats(line))
