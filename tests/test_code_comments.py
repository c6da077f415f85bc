"""docs/hooks/code_comments.py: code shown on a Chinese page carries Chinese comments.

One snippet file per example serves both languages; on a Chinese page the hook inlines the
file with its comments and docstrings translated from docs/snippets/comments.zh.toml.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "docs" / "hooks"))
from code_comments import (
    INCLUDE,
    comment_texts,
    inline_translated,
    load_table,
    translate,
)

DOCS = ROOT / "docs"
HAN = re.compile(r"[\u4e00-\u9fff]")
TABLE = load_table()


def shown_snippets() -> list[Path]:
    """Snippet files whose source a Chinese page shows (not only their output)."""
    shown: set[Path] = set()
    for page in DOCS.glob("*.zh.md"):
        lines = page.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            match = INCLUDE.match(line)
            if not match:
                continue
            fence = next(lines[j] for j in range(i - 1, -1, -1) if "```" in lines[j])
            if 'exec="on"' in fence and "source=" not in fence:
                continue  # only the output is shown
            shown.add(ROOT / match["path"])
    return sorted(shown)


SHOWN = shown_snippets()


def without_docstrings(tree: ast.AST) -> str:
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                body[0] = ast.Pass()
    return ast.dump(tree)


def test_translate_replaces_comments_and_docstrings_only() -> None:
    source = 'def f(x):\n    """Square it."""\n    # the square\n    return x**2  # "**" too\n'
    table = {"Square it.": "平方。", "the square": "平方", '"**" too': "乘方"}
    out = translate(source, table)
    assert out == 'def f(x):\n    """平方。"""\n    # 平方\n    return x**2  # 乘方\n'
    assert translate(source, {}) == source
    assert without_docstrings(ast.parse(out)) == without_docstrings(ast.parse(source))


def test_inline_translated_keeps_indentation_and_other_lines(tmp_path: Path) -> None:
    (tmp_path / "docs" / "snippets").mkdir(parents=True)
    (tmp_path / "docs" / "snippets" / "x.py").write_text("a = 1  # one\n\nb = 2\n")
    page = 'text\n    ```python\n    --8<-- "docs/snippets/x.py"\n    ```\n'
    out = inline_translated(page, {"one": "一"}, root=tmp_path)
    assert out == "text\n    ```python\n    a = 1  # 一\n\n    b = 2\n    ```\n"


@pytest.mark.parametrize("snippet", SHOWN, ids=[p.name for p in SHOWN])
def test_every_comment_shown_on_a_chinese_page_is_translated(snippet: Path) -> None:
    source = snippet.read_text(encoding="utf-8")
    missing = [text for text in comment_texts(source) if text not in TABLE]
    assert not missing, f"{snippet.name}: add to docs/snippets/comments.zh.toml: {missing}"
    translated = translate(source, TABLE)
    for text in comment_texts(translated):
        assert TABLE.get(text, text) == text, f"{snippet.name}: {text!r} left in English"
    # the program itself is unchanged: both languages run the same code
    assert without_docstrings(ast.parse(translated)) == without_docstrings(ast.parse(source))


def test_every_translation_is_chinese_and_used() -> None:
    used = {text for snippet in SHOWN for text in comment_texts(snippet.read_text("utf-8"))}
    stale = sorted(set(TABLE) - used)
    assert not stale, f"docs/snippets/comments.zh.toml has unused entries: {stale}"
    formula_only = re.compile(r"^[\sA-Za-z0-9_.,:;()\[\]{}|'\"+\-−*/=<>≥≤·²½Σστδ‖^√!?&%@#…]*$")
    for english, chinese in TABLE.items():
        assert HAN.search(chinese) or formula_only.match(english), (english, chinese)
