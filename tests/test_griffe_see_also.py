"""docs/hooks/griffe_see_also.py: numpydoc See Also entries to linked Markdown lists."""

from __future__ import annotations

import inspect
import sys

import pytest
from conftest import ROOT

import losskit

sys.path.insert(0, str(ROOT / "docs" / "hooks"))
from griffe_see_also import see_also_as_markdown


def test_entries_become_linked_list_items_with_their_continuation_lines():
    doc = "Summary.\n\nSee Also\n--------\nmae : Absolute errors,\n    less sensitive.\nhuber\n"
    assert see_also_as_markdown(doc, "losskit") == (
        "Summary.\n\nSee Also\n--------\n"
        "- [`mae`][losskit.mae]: Absolute errors,\n  less sensitive.\n"
        "- [`huber`][losskit.huber]\n"
    )


def test_the_section_ends_at_a_blank_line_and_markdown_entries_pass_through():
    doc = (
        "See Also\n--------\n- [`mse`][losskit.mse]: already Markdown.\n\n"
        "Notes\n-----\nname : not a See Also entry.\n"
    )
    assert see_also_as_markdown(doc, "losskit") == doc


WITH_SEE_ALSO = [n for n in losskit.__all__ if "See Also" in (getattr(losskit, n).__doc__ or "")]


@pytest.mark.parametrize("name", WITH_SEE_ALSO)
def test_help_shows_numpydoc_entries_that_the_site_links(name):
    doc = inspect.getdoc(getattr(losskit, name)) or ""
    section = doc.split("See Also\n--------\n", 1)[1].split("\n\n", 1)[0]
    assert "][losskit." not in section, "write `name : description`, as numpydoc"
    linked = see_also_as_markdown(doc, "losskit").split("See Also\n--------\n", 1)[1]
    first = section.splitlines()[0].split(" : ")[0]
    assert linked.startswith(f"- [`{first}`][losskit.{first}]")
    assert hasattr(losskit, first)
