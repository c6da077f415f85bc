"""The pure functions of the site's build hooks (docs/hooks/), without a site build."""

from __future__ import annotations

import importlib
import json
import sys

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "docs" / "hooks"))
i18n = importlib.import_module("i18n")
typography = importlib.import_module("typography")

PAGE = (
    '<head><script id="__config" type="application/json">'
    '{"base": "..", "features": [], "translations": {"x": "<b>&\'"}}</script></head>'
    '<p>a <span class="arithmatex">\\(K\\)</span>.</p>'
    '<div class="arithmatex">\\[ E = 1 \\]</div><span class="arithmatex-like">x</span>'
)


def config_of(html: str) -> dict[str, object]:
    start = html.index(i18n.CONFIG_OPEN) + len(i18n.CONFIG_OPEN)
    return json.loads(html[start : html.index("</script>", start)])


def test_with_config_base_changes_only_the_base() -> None:
    out = i18n.with_config_base(PAGE, "/losskit/zh/")
    assert config_of(out) == {**config_of(PAGE), "base": "/losskit/zh/"}
    assert "<b>" not in out.split("</script>")[0].split('json">')[1]  # still HTML-safe
    assert out.split("</script>")[1] == PAGE.split("</script>")[1]


def test_with_config_base_writes_json_as_material_does() -> None:
    # Material's template writes the config with Jinja's |tojson: an unchanged base is
    # rewritten to the very same bytes.
    assert i18n.with_config_base(PAGE.replace("<b>&'", "b"), "..") == PAGE.replace("<b>&'", "b")


def test_formulas_are_excluded_from_search_and_nothing_else() -> None:
    out = i18n.exclude_formulas_from_search(PAGE)
    assert out.count('class="arithmatex" data-search-exclude') == 2
    assert '<span class="arithmatex-like">' in out
    assert out.replace(" data-search-exclude", "") == PAGE


@pytest.mark.parametrize(
    ("word", "shown"),
    [
        ("binary_cross_entropy", "binary_cross_entropy"),  # a name up to LONG stays whole
        ("kl_divergence(y,", "kl_divergence(y,"),  # up to SHORT: no break at all
        (
            "sparse_categorical_cross_entropy(from_logits=True)",
            "sparse_categorical_<wbr>cross_entropy(<wbr>from_logits=True)",
        ),
        (
            "SparseCategoricalCrossentropy(from_logits=False)",
            "SparseCategoricalCrossentropy(<wbr>from_logits=False)",
        ),  # no "_": never mid-word
        ("1e-7", '<span class="losskit-nowrap">1e-7</span>'),  # browsers break after "-"
    ],
)
def test_long_table_code_breaks_only_at_chosen_places(word: str, shown: str) -> None:
    assert typography.break_long_word(word) == shown


def test_only_code_inside_table_cells_gets_break_opportunities() -> None:
    name = "sparse_categorical_cross_entropy(labels)"
    html = f"<p><code>{name}</code></p><td><code>{name}</code></td>"
    out = typography.break_table_code(html)
    assert out.startswith(f"<p><code>{name}</code></p>")
    assert out.endswith("<td><code>sparse_categorical_<wbr>cross_entropy(<wbr>labels)</code></td>")


def test_inline_formula_is_kept_with_the_punctuation_around_it() -> None:
    math = '<span class="arithmatex" data-search-exclude>\\(K\\)</span>'
    out = typography.keep_math_with_punctuation(f"of ({math}). And {math} here")
    assert out == f'of <span class="losskit-nowrap">({math}).</span> And {math} here'
