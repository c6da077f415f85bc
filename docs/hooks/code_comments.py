"""Code on a Chinese page speaks Chinese: the comments of included snippets are translated.

Every executed example is one file in ``docs/snippets/``, included by both language versions
of a page with ``--8<-- "docs/snippets/<name>.py"``. On a Chinese page this hook inlines the
file itself before pymdownx.snippets runs (``on_page_markdown``), with each comment and
docstring replaced by its translation from ``docs/snippets/comments.zh.toml`` (a table from
the English text to the Chinese one). Only comments and docstrings change, never code, so
both pages run the same program and print the same numbers. ``tests/test_code_comments.py``
checks that every comment shown on a Chinese page has a translation and that the program is
unchanged.
"""

from __future__ import annotations

import io
import re
import tokenize
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parents[2]
TABLE = ROOT / "docs" / "snippets" / "comments.zh.toml"
INCLUDE = re.compile(r'^(?P<indent>[ \t]*)-+8<-+[ \t]+"(?P<path>docs/snippets/[\w.]+\.py)"[ \t]*$')
DOCSTRING = re.compile(r'^(?P<open>[rR]?""")(?P<text>.*?)(?P<close>""")$', re.DOTALL)


def load_table(path: Path = TABLE) -> dict[str, str]:
    """English comment or docstring text -> its Chinese translation."""
    with path.open("rb") as file:
        return tomllib.load(file)


def comment_texts(source: str) -> list[str]:
    """The text of every comment and docstring of a Python source, in order."""
    texts = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            texts.append(token.string[1:].strip())
        elif token.type == tokenize.STRING and (match := DOCSTRING.match(token.string)):
            texts.append(match["text"].strip())
    return texts


def translate(source: str, table: Mapping[str, str]) -> str:
    """``source`` with each comment and docstring found in ``table`` replaced by its value."""
    starts = [0]
    for line in source.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    edits: list[tuple[int, int, str]] = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        begin = starts[token.start[0] - 1] + token.start[1]
        end = starts[token.end[0] - 1] + token.end[1]
        if token.type == tokenize.COMMENT:
            text = token.string[1:].strip()
            if text in table:
                edits.append((begin, end, f"# {table[text]}"))
        elif token.type == tokenize.STRING and (match := DOCSTRING.match(token.string)):
            text = match["text"].strip()
            if text in table:
                edits.append((begin, end, f"{match['open']}{table[text]}{match['close']}"))
    for begin, end, replacement in reversed(edits):
        source = source[:begin] + replacement + source[end:]
    return source


def inline_translated(markdown: str, table: Mapping[str, str], root: Path = ROOT) -> str:
    """Replace each ``--8<--`` line of a snippet file by the file, comments translated."""
    lines = []
    for line in markdown.splitlines():
        match = INCLUDE.match(line)
        if not match:
            lines.append(line)
            continue
        source = translate((root / match["path"]).read_text(encoding="utf-8"), table)
        indent = match["indent"]
        lines.extend(indent + code if code else code for code in source.splitlines())
    return "\n".join(lines) + ("\n" if markdown.endswith("\n") else "")


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **_: Any) -> str:
    if getattr(page.file, "locale", "") != "zh":
        return markdown
    return inline_translated(markdown, load_table())
