"""docs/hooks/mathjax.py: formulas typeset at build time, elements and attributes kept.

The pure functions are checked with a stand-in typesetter; one test per behaviour runs the
real MathJax (Node) on a few formulas.
"""

from __future__ import annotations

import importlib.util
import re
import sys
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


def test_mathjax_draws_svg_with_assistive_mathml_and_glyphs_in_the_article(mathjax) -> None:
    out = hook.typeset_page(PAGE, mathjax.typeset, mathjax.narrow, CSS)
    article = out[out.index("<article") : out.index("</article>")]
    used = set(re.findall(r'xlink:href="#([^"]+)"', article))
    stored = set(re.findall(r'<path id="([^"]+)"', article))
    assert used and used <= stored
    assert out.count('<mjx-container class="MathJax" jax="SVG"') == 2
    assert out.count("<mjx-assistive-mml") == 2 and "<mo>&lt;</mo>" in out
    assert 'fill="currentColor"' in out  # the dark scheme colours the formula like the text
    assert f'id="{hook.STYLESHEET_ID}" href="{CSS}"' in out.split("</head>")[0]
    assert 'mjx-container[jax="SVG"]' in mathjax.stylesheet()


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
