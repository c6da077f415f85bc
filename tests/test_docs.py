"""The site's executed code, tested without building the site.

markdown-exec runs every ``python exec="on"`` block of every page during the build, with
sessions shared across pages and languages: a page that silently relies on another page's
session still builds. Here each snippet file runs on its own, and each page's blocks run
page by page, in fresh namespaces, with ``--8<--`` includes resolved as pymdownx.snippets
does (paths relative to the repository root).

Content checks (what a snippet prints) live in the content writers' own test files.
"""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, SNIPPETS

DOCS = ROOT / "docs"
HAN = re.compile(r"[\u4e00-\u9fff]")
FENCE_OPEN = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<lang>\w+)(?P<attrs>.*)$"
)
EXEC_ON = re.compile(r"""\bexec=["']?(?:on|1|true|yes)\b""", re.IGNORECASE)
SESSION = re.compile(r"""\bsession=["']([^"']+)["']""")
SNIPPET_LINE = re.compile(
    r"""^(?P<indent>[ \t]*)-{1,}8<-{1,}[ \t]+(["'])(?P<path>[^"']+)\2[ \t]*$"""
)
SNIPPET_BLOCK = re.compile(r"^[ \t]*-+8<-+[ \t]*$")


def include(text: str, depth: int = 0) -> str:
    """Expand ``--8<-- "path"`` lines (and ``--8<--`` blocks of paths), recursively."""
    if depth > 8:
        raise RecursionError("--8<-- includes nest deeper than 8")
    out: list[str] = []
    lines = iter(text.splitlines())
    for line in lines:
        single = SNIPPET_LINE.match(line)
        if single:
            out.append(_read_snippet(single["path"], single["indent"], depth))
        elif SNIPPET_BLOCK.match(line):
            for path in lines:
                if SNIPPET_BLOCK.match(path):
                    break
                if path.strip():
                    out.append(_read_snippet(path.strip(), "", depth))
        else:
            out.append(line)
    return "\n".join(out)


def _read_snippet(path: str, indent: str, depth: int) -> str:
    name, _, lines = path.partition(":")
    file = ROOT / name
    assert file.is_file(), f'--8<-- "{path}": {file} does not exist'
    text = include(file.read_text(encoding="utf-8"), depth + 1)
    if lines:
        start, _, end = lines.partition(":")
        chosen = text.splitlines()[int(start or 1) - 1 : int(end) if end else None]
        text = "\n".join(chosen)
    return "\n".join(indent + line if line else line for line in text.splitlines())


@dataclass(frozen=True)
class Block:
    page: str
    line: int
    session: str | None
    code: str


def exec_blocks(page: Path) -> list[Block]:
    """Every executed python block of ``page``, snippets included, in page order."""
    lines = include(page.read_text(encoding="utf-8")).splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        opening = FENCE_OPEN.match(lines[i])
        if not opening:
            i += 1
            continue
        indent, fence = opening["indent"], opening["fence"]
        closing = re.compile(rf"^{re.escape(indent)}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        body: list[str] = []
        j = i + 1
        while j < len(lines) and not closing.match(lines[j]):
            body.append(lines[j].removeprefix(indent))
            j += 1
        if opening["lang"] in {"python", "py"} and EXEC_ON.search(opening["attrs"]):
            session = SESSION.search(opening["attrs"])
            blocks.append(Block(page.name, i + 1, session[1] if session else None, "\n".join(body)))
        i = j + 1
    return blocks


def run(code: str, filename: str, namespace: dict[str, object]) -> str:
    """Execute ``code`` in ``namespace`` and return what it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, filename, "exec"), namespace)
    return out.getvalue()


PAGES = sorted(DOCS.glob("*.md"))
PAGE_NAMES = sorted({p.name.removesuffix(".zh.md").removesuffix(".md") for p in PAGES})
INCLUDE = re.compile(r'--8<-- "docs/snippets/([^"]+)"')
SNIPPET_FILES = sorted(p for p in SNIPPETS.glob("*.py") if not p.name.startswith("_"))


@pytest.mark.parametrize("snippet", SNIPPET_FILES, ids=[p.name for p in SNIPPET_FILES])
def test_snippet_runs_on_its_own(snippet: Path) -> None:
    namespace: dict[str, object] = {"__name__": "__main__", "__file__": str(snippet)}
    run(snippet.read_text(encoding="utf-8"), str(snippet), namespace)
    for name, draw in namespace.items():
        if name.startswith("draw_") and callable(draw):
            svg = {lang: draw(lang) for lang in ("en", "zh")}
            for lang, text in svg.items():
                assert isinstance(text, str)
                assert text.startswith('<div class="losskit-plot" data-search-exclude>')
                assert text == draw(lang), f"{name}({lang!r}) is not reproducible"
            assert HAN.search(svg["zh"]), f'{name}("zh") has no Chinese label'


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_page_blocks_run_page_by_page(page: Path) -> None:
    sessions: dict[str, dict[str, object]] = {}
    for block in exec_blocks(page):
        fresh: dict[str, object] = {"__name__": "__main__"}
        namespace = sessions.setdefault(block.session, fresh) if block.session else fresh
        try:
            run(block.code, f"{block.page}:{block.line}", namespace)
        except Exception as error:
            raise AssertionError(
                f"{block.page}, block at line {block.line} fails on its own: {error!r}\n"
                f"{block.code}"
            ) from error


def test_block_extraction_resolves_includes() -> None:
    page = DOCS / "mean-squared-error.md"
    codes = [block.code for block in exec_blocks(page)]
    assert codes, "no executed block found on mean-squared-error.md"
    assert not any("--8<--" in code for code in codes)


def _heading_levels(text: str) -> list[str]:
    body = re.sub(r"```.*?```", "", text, flags=re.S)
    return re.findall(r"^(#{1,6}) ", body, flags=re.M)


@pytest.mark.parametrize("page", PAGE_NAMES)
def test_page_pairs_mirror_each_other(page: str) -> None:
    en = (DOCS / f"{page}.md").read_text(encoding="utf-8")
    zh = (DOCS / f"{page}.zh.md").read_text(encoding="utf-8")
    assert _heading_levels(en) == _heading_levels(zh)
    assert INCLUDE.findall(en) == INCLUDE.findall(zh)
    for name in INCLUDE.findall(en):
        assert (SNIPPETS / name).is_file(), name
    # the Chinese API page alone adds a note: its entries are the English docstrings
    assert en.count("!!!") + (page == "api") == zh.count("!!!")
    assert en.count("???") == zh.count("???")
    drawn = r'print\((draw_\w+|peer_table)\("{}"\)\)'
    assert re.findall(drawn.format("en"), en) == re.findall(drawn.format("zh"), zh)
    assert 'tabs="Source|Output"' not in zh
    assert 'tabs="代码|输出"' not in en
