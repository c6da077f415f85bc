"""The pure functions of the site's build hooks (docs/hooks/), without a site build."""

from __future__ import annotations

import importlib
import json
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "docs" / "hooks"))
i18n = importlib.import_module("i18n")

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
