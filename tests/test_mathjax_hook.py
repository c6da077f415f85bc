"""docs/hooks/mathjax.py: formulas typeset at build time, elements and attributes kept.

The pure functions are checked with a stand-in typesetter; one test per behaviour runs the
real MathJax (Node) on a few formulas.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from types import ModuleType

import pytest
from conftest import ROOT
from mkdocs.exceptions import PluginError


def _load_hook() -> ModuleType:
    hooks = str(ROOT / "docs" / "hooks")
    if hooks not in sys.path:  # the hook imports its neighbour tex_lines, as mkdocs allows
        sys.path.insert(0, hooks)
    spec = importlib.util.spec_from_file_location(
        "losskit_mathjax_hook", ROOT / "docs" / "hooks" / "mathjax.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


hook = _load_hook()

PAGE = (
    "<html><head><title>t</title></head><body><article class='md-content__inner'>"
    '<p>Inline <span class="arithmatex">\\(y_k &lt; t_k\\)</span>.</p>'
    '<div class="arithmatex" data-formula="mse" id="eq-mse">\\[E = \\frac{1}{2}\\]</div>'
    "</article></body></html>"
)


def fake_typeset(formulas: list[object]) -> list[object]:
    return [
        hook.Typeset(f"<mjx-container>{'D' if f.display else 'I'}:{f.tex}</mjx-container>", {})
        for f in formulas
    ]


def no_narrow(formula: object, column: float) -> None:
    return None


CSS = "../assets/stylesheets/mathjax.css"


def test_formula_of_strips_delimiters_and_unescapes() -> None:
    assert hook.formula_of("span", "\\(y_k &lt; t_k\\)") == hook.Formula("y_k < t_k", False)
    assert hook.formula_of("div", " \\[E\\] ") == hook.Formula("E", True)
    env = "\\begin{align}a &amp;= b\\end{align}"
    assert hook.formula_of("div", env) == hook.Formula("\\begin{align}a &= b\\end{align}", True)


def test_typeset_page_keeps_every_element_and_attribute() -> None:
    out = hook.typeset_page(PAGE, fake_typeset, no_narrow, CSS)
    assert '<span class="arithmatex"><mjx-container>I:y_k < t_k</mjx-container></span>' in out
    assert (
        '<div class="arithmatex" data-formula="mse" id="eq-mse">'
        "<mjx-container>D:E = \\frac{1}{2}</mjx-container></div>"
    ) in out
    assert "\\(" not in out and "\\[" not in out


def test_typeset_page_finds_arithmatex_among_other_classes_and_attributes() -> None:
    page = PAGE.replace('class="arithmatex" data', 'data-x="1" class="wide arithmatex" data')
    out = hook.typeset_page(page, fake_typeset, no_narrow, CSS)
    assert '<div data-x="1" class="wide arithmatex" data-formula="mse" id="eq-mse"><mjx' in out


def test_typeset_page_gives_a_page_without_formulas_only_the_stylesheet() -> None:
    # Instant navigation from this page to one with formulas keeps this page's <head>.
    page = "<html><head></head><body><article><p>no math</p></article></body></html>"
    out = hook.typeset_page(page, fake_typeset, no_narrow, CSS)
    link = f'<link rel="stylesheet" id="{hook.STYLESHEET_ID}" href="{CSS}">'
    assert out == page.replace("</head>", link + "</head>")


def test_typeset_page_writes_a_glyph_store_only_for_glyphs_in_use() -> None:
    merged = hook.typeset_page(PAGE, fake_typeset, no_narrow, CSS)
    assert hook.GLYPH_STORE_CLASS not in merged

    def with_glyphs(formulas: list[object]) -> list[object]:
        return [hook.Typeset("<mjx-container>u</mjx-container>", {"MJX-A": "M1"}) for _ in formulas]

    out = hook.typeset_page(PAGE, with_glyphs, no_narrow, CSS)
    store = out[out.index('<svg class="losskit-glyphs"') : out.index("</article>")]
    assert re.findall(r'<path id="([^"]+)"', store) == ["MJX-A"]


def test_glyph_store_is_sorted_and_inside_an_svg() -> None:
    store = hook.glyph_store({"MJX-B": "M2", "MJX-A": "M1"})
    assert store.startswith('<svg class="losskit-glyphs"')
    assert re.findall(r'<path id="([^"]+)"', store) == ["MJX-A", "MJX-B"]
    assert "<defs>" in store and store.endswith("</defs></svg>")


@pytest.fixture(scope="module")
def mathjax() -> Iterator[object]:
    renderer = hook.MathJax()
    yield renderer
    renderer.close()


def test_mathjax_draws_each_formula_with_one_path_and_keeps_its_mathml(mathjax) -> None:
    out = hook.typeset_page(PAGE, mathjax.typeset, mathjax.narrow, CSS)
    article = out[out.index("<article") : out.index("</article>")]
    assert out.count('<mjx-container class="MathJax" jax="SVG"') == 2
    for container in re.findall(r"<mjx-container.*?</mjx-container>", article):
        drawing = container.split("<mjx-assistive-mml")[0]
        assert "<use" not in drawing
        assert len(re.findall(r'<path [^>]*d="[^"]+"', drawing)) == 1
    assert hook.GLYPH_STORE_CLASS not in out  # every formula merged: no glyph store
    assert out.count("<mjx-assistive-mml") == 2 and "<mo>&lt;</mo>" in out
    assert 'fill="currentColor"' in out  # the dark scheme colours the formula like the text
    assert f'id="{hook.STYLESHEET_ID}" href="{CSS}"' in out.split("</head>")[0]
    assert 'mjx-container[jax="SVG"]' in mathjax.stylesheet()


def test_a_formula_that_cannot_be_merged_keeps_its_glyphs_in_the_article(mathjax) -> None:
    # A colour is a group with its own fill: that formula keeps MathJax's <use> drawing.
    page = PAGE.replace("y_k &lt; t_k", "\\color{red}{y_k} &lt; t_k")
    out = hook.typeset_page(page, mathjax.typeset, mathjax.narrow, CSS)
    article = out[out.index("<article") : out.index("</article>")]
    used = set(re.findall(r'xlink:href="#([^"]+)"', article))
    stored = set(re.findall(r'<path id="([^"]+)"', article))
    assert used and used <= stored
    assert article.count(f'class="{hook.GLYPH_STORE_CLASS}"') == 1


@pytest.mark.parametrize(
    "tex",
    [
        "{\\color{red} x}",
        "{\\Huge x}",
        "\\href{https://example.org}{x}",
        "\\cancel{x}",
        # a brace window and a \\text{} met before the part that cannot be merged
        "\\underbrace{a+b+c+d+e+f}_{n} + \\text{损失} + {\\color{red} x}",
    ],
)
def test_what_cannot_be_merged_exactly_keeps_mathjax_drawing(tex: str, mathjax, unmerged) -> None:
    # A colour, a glyph drawn larger (its stroke was wider), a link, a stroked line: MathJax's
    # own <use>s, exactly as MathJax drew them.
    formula = hook.Formula(tex, display=True)
    [result] = mathjax.typeset([formula])
    drawing = result.svg.split("<mjx-assistive-mml")[0]
    assert "<use" in drawing and result.glyphs
    assert set(re.findall(r'xlink:href="#([^"]+)"', drawing)) <= set(result.glyphs)
    [plain] = unmerged.typeset([formula])
    assert result == plain


def test_mathjax_fails_the_build_on_a_tex_error(mathjax) -> None:
    with pytest.raises(PluginError, match=r"TeX error in .*\\\\undefinedmacro"):
        mathjax.typeset([hook.Formula("x + \\undefinedmacro", display=True)])
    with pytest.raises(PluginError, match="Missing close brace"):
        mathjax.typeset([hook.Formula("\\frac{1}{", display=False)])
    assert mathjax.typeset([hook.Formula("x", display=False)])  # still running


def test_a_display_formula_too_wide_gets_a_narrow_rendering_after_the_wide_one() -> None:
    def typeset(formulas: list[object]) -> list[object]:
        return [
            hook.Typeset('<mjx-container class="MathJax"><svg width="57.2ex">', {})
            for _ in formulas
        ]

    def narrow(formula: object, column: float) -> object:
        assert column == hook.COLUMN_EX
        svg = '<mjx-container class="MathJax"><svg width="20ex"></svg><mjx-assistive-mml>m'
        return hook.Typeset(svg + "</mjx-assistive-mml></mjx-container>", {"g": "M0"})

    out = hook.typeset_page(PAGE, typeset, narrow, CSS)
    div = out[out.index('<div class="arithmatex" data-formula="mse" id="eq-mse">') :]
    assert div.index("losskit-wide losskit-fit-572") < div.index("losskit-narrow losskit-fit-572")
    assert '<mjx-container aria-hidden="true" class="MathJax losskit-narrow' in div
    assert "<mjx-assistive-mml" not in div.split("losskit-narrow")[1]  # one MathML: the wide's
    assert '<span class="arithmatex"><mjx-container class="MathJax">' in out  # inline: one


def test_the_column_narrows_inside_admonitions_details_and_lists() -> None:
    page = (
        '<div class="arithmatex">a</div><div class="admonition note"><p>x</p>'
        '<div class="arithmatex">b</div></div><details><ul><li><div class="arithmatex">c'
        '</div></li></ul></details><div class="arithmatex">d</div>'
    )
    assert hook.display_nesting(page) == [0, 1, 2, 0]


def test_fit_rule_hides_the_wide_rendering_below_its_width() -> None:
    rule = hook.fit_rule(572)
    assert rule.startswith(f"@container (width < calc(57.2ex + {hook.PADDING}))")
    assert ".losskit-wide.losskit-fit-572 > svg { display: none; }" in rule
    assert ".losskit-narrow.losskit-fit-572 { display: block; }" in rule


# --------------------------------------------------------------------------- merged drawing
# The merged path must draw what MathJax's own drawing (<use> glyphs under nested groups,
# LOSSKIT_MATHJAX_FLATTEN=0) draws: each glyph outline at the same place, each rule the
# same area once the glyph stroke is counted, each <text> and nested <svg> under the same
# map. Outlines are compared point by point (end and control points, in the root group's
# units: 1000 to the em).

TOLERANCE = 0.1
MERGED = [
    "\\frac{\\partial L}{\\partial z_k} = y_k - t_k",
    "\\sum_{i=1}^{n} \\left(\\frac{x_i^2}{\\sigma_i}\\right)^{2}",
    "\\sqrt{\\frac{1}{n}\\sum_k (y_k-t_k)^2} + \\sqrt[3]{x}",
    "|y| = \\begin{cases} y & y \\ge 0 \\\\ -y & \\text{otherwise} \\end{cases}",
    "\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix} \\hat{y} \\tilde{p} \\overline{z}",
    "L = -\\sum_k t_k \\log y_k \\quad \\text{（交叉熵）}",
    "\\underbrace{a + b + c}_{n\\ \\text{项}} \\neq \\not\\in \\mathbf{W}",
]

_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_TOKEN = re.compile(rf"[A-Za-z]|{_NUMBER}")
_CALL = re.compile(r"(\w+)\s*\(([^)]*)\)")
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)


def _compose(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + c * B, b * A + d * B, a * C + c * D, b * C + d * D,
            a * E + c * F + e, b * E + d * F + f)  # fmt: skip


def _transform(text: str | None) -> Matrix:
    m = IDENTITY
    for name, args in _CALL.findall(text or ""):
        n = [float(v) for v in re.split(r"[\s,]+", args.strip())]
        if name == "translate":
            m = _compose(m, (1, 0, 0, 1, n[0], n[1] if len(n) > 1 else 0))
        elif name == "scale":
            m = _compose(m, (n[0], 0, 0, n[-1], 0, 0))
        elif name == "matrix":
            m = _compose(m, (n[0], n[1], n[2], n[3], n[4], n[5]))
        else:
            raise AssertionError(f"unexpected transform {text}")
    return m


def _apply(m: Matrix, p: tuple[float, float]) -> tuple[float, float]:
    return (m[0] * p[0] + m[2] * p[1] + m[4], m[1] * p[0] + m[3] * p[1] + m[5])


def _outlines(d: str) -> list[list[tuple[float, float]]]:
    """Each subpath of path data as its points: ends, and controls (T's implied ones too)."""
    tokens = _TOKEN.findall(d)
    subpaths: list[list[tuple[float, float]]] = []
    i, command = 0, ""
    x = y = sx = sy = 0.0
    control: tuple[float, float] | None = None
    last = ""

    def take() -> float:
        nonlocal i
        i += 1
        return float(tokens[i - 1])

    while i < len(tokens):
        if tokens[i].isalpha():
            command = tokens[i]
            i += 1
        rel = command.islower()
        kind = command.upper()
        ox, oy = (x, y) if rel else (0.0, 0.0)
        if kind == "M":
            x, y = take() + ox, take() + oy
            sx, sy = x, y
            subpaths.append([(x, y)])
            command = "l" if rel else "L"
        elif kind == "L":
            x, y = take() + ox, take() + oy
            subpaths[-1].append((x, y))
        elif kind == "H":
            x = take() + ox
            subpaths[-1].append((x, y))
        elif kind == "V":
            y = take() + oy
            subpaths[-1].append((x, y))
        elif kind in "QT":
            if kind == "Q":
                c = (take() + ox, take() + oy)
            else:
                c = (2 * x - control[0], 2 * y - control[1]) if last == "Q" and control else (x, y)
            x, y = take() + ox, take() + oy
            control = c
            subpaths[-1] += [c, (x, y)]
        elif kind == "Z":
            x, y = sx, sy
        else:
            raise AssertionError(f"unexpected path command {command}")
        last = "Q" if kind in "QT" else kind
    return subpaths


def _svg(container: str) -> ET.Element:
    drawing = container[container.index("<svg") : container.index("<mjx-assistive-mml")]
    return ET.fromstring(drawing[: drawing.rindex("</svg>") + len("</svg>")])


def _local(tag: str) -> str:
    return tag.split("}")[-1]


def _drawn(node: ET.Element, m: Matrix, glyphs: dict[str, str], items: list[object]) -> None:
    """MathJax's own drawing as items: ("outline", points), ("rect", box), ("text", ...)."""
    m = _compose(m, _transform(node.get("transform")))
    tag = _local(node.tag)
    if tag == "g":
        for child in node:
            _drawn(child, m, glyphs, items)
    elif tag in ("use", "path"):
        d = glyphs[node.get(XLINK, "").lstrip("#")] if tag == "use" else node.get("d", "")
        items += [("outline", [_apply(m, p) for p in s]) for s in _outlines(d)]
    elif tag == "rect":
        x, y, w, h = (float(node.get(k, 0)) for k in ("x", "y", "width", "height"))
        (x0, y0), (x1, y1) = _apply(m, (x, y)), _apply(m, (x + w, y + h))
        items.append(("rect", (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))))
    elif tag == "text":
        items.append(("text", node.text, m))
    elif tag == "svg":
        items.append(("window", node.get("viewBox"), m))
    else:
        raise AssertionError(f"unexpected <{tag}> in MathJax's drawing")


XLINK = "{http://www.w3.org/1999/xlink}href"


@pytest.fixture(scope="module")
def unmerged() -> Iterator[object]:
    saved = os.environ.get("LOSSKIT_MATHJAX_FLATTEN")
    os.environ["LOSSKIT_MATHJAX_FLATTEN"] = "0"
    try:
        renderer = hook.MathJax()
    finally:
        if saved is None:
            del os.environ["LOSSKIT_MATHJAX_FLATTEN"]
        else:
            os.environ["LOSSKIT_MATHJAX_FLATTEN"] = saved
    yield renderer
    renderer.close()


def _close(p: tuple[float, float], q: tuple[float, float]) -> bool:
    return abs(p[0] - q[0]) <= TOLERANCE and abs(p[1] - q[1]) <= TOLERANCE


def _glyph_stroke(stylesheet: str) -> float:
    rule = re.search(r"path\[data-c\][^{]*\{([^}]*)\}", stylesheet)
    assert rule, "MathJax's stylesheet no longer strokes glyphs"
    return float(re.search(r"stroke-width:\s*([\d.]+)", rule.group(1)).group(1))


@pytest.mark.parametrize("tex", MERGED)
def test_the_merged_path_draws_what_mathjax_draws(tex: str, mathjax, unmerged) -> None:
    formula = hook.Formula(tex, display=True)
    [before] = unmerged.typeset([formula])
    [after] = mathjax.typeset([formula])
    assert "<use" in before.svg and before.glyphs, "the unmerged drawing is MathJax's own"
    assert "<use" not in after.svg.split("<mjx-assistive-mml")[0] and not after.glyphs
    # Everything outside the drawing is as MathJax wrote it.
    old, new = _svg(before.svg), _svg(after.svg)
    assert old.attrib == new.attrib
    assert (
        before.svg[before.svg.index("<mjx-assistive-mml") :]
        == (after.svg[after.svg.index("<mjx-assistive-mml") :])
    )
    assert before.svg[: before.svg.index("<svg")] == after.svg[: after.svg.index("<svg")]
    [old_root], [new_root] = list(old), list(new)
    assert old_root.attrib == new_root.attrib  # currentColor, the flip of y

    expected: list[object] = []
    for child in old_root:
        _drawn(child, IDENTITY, before.glyphs, expected)
    paths = [c for c in new_root if _local(c.tag) == "path"]
    assert len(paths) == 1, "one merged path"
    stroke = float(paths[0].get("stroke-width", 0))
    assert stroke == _glyph_stroke(mathjax.stylesheet())  # glyphs keep their stroke
    drawn = _outlines(paths[0].get("d", ""))
    outlines = [item for item in expected if item[0] in ("outline", "rect")]
    assert len(drawn) == len(outlines)
    for points, item in zip(drawn, outlines, strict=True):
        if item[0] == "outline":
            assert len(points) == len(item[1])
            bad = [(p, q) for p, q in zip(points, item[1], strict=True) if not _close(p, q)]
            assert not bad, f"outline moved: {bad[:3]}"
        else:  # a rule: its area, stroked, is the rect's
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            box = (min(xs) - stroke / 2, min(ys) - stroke / 2)
            box += (max(xs) + stroke / 2, max(ys) + stroke / 2)
            assert len(points) == 4
            assert all(abs(u - v) <= TOLERANCE for u, v in zip(box, item[1], strict=True))
    kept = [c for c in new_root if _local(c.tag) != "path"]
    others = [item for item in expected if item[0] in ("text", "window")]
    assert len(kept) == len(others)
    for node, item in zip(kept, others, strict=True):
        if item[0] == "text":
            assert _local(node.tag) == "text" and node.text == item[1]
            m = _transform(node.get("transform"))
        else:
            [window] = list(node)
            assert _local(window.tag) == "svg" and window.get("viewBox") == item[1]
            m = _transform(node.get("transform"))
        assert all(abs(u - v) <= 1e-3 for u, v in zip(m[:4], item[2][:4], strict=True))
        assert _close(m[4:], item[2][4:])
