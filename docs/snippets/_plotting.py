"""Turn a matplotlib figure into reproducible inline SVG for the site: ``to_svg(fig) -> str``.

Plot snippets import this module *before* they create a figure, because importing it sets
the fonts that matplotlib measures text with:

- text stays text (``svg.fonttype: none``), so the browser draws Chinese labels with its own
  CJK font instead of matplotlib drawing boxes; the SVG names a font list that reaches a CJK
  font on Linux, macOS and Windows;
- output is byte-for-byte reproducible: fixed ``svg.hashsalt``, no date metadata, and every
  ``id`` prefixed with a hash of the figure so two figures on one page never share an id;
- the SVG scales with the page (no fixed width or height, only a ``viewBox``);
- the page's colour scheme reaches the figure: its background is transparent, and black,
  white and the darker default colours are written as CSS variables with the original
  colour as fallback (``stroke: var(--losskit-plot-fg, #000000)``), which
  docs/stylesheets/extra.css sets for the dark scheme;
- the wrapper carries ``data-search-exclude``, so plot labels stay out of the search index.
"""

from __future__ import annotations

import hashlib
import io
import re
from html import escape

import matplotlib
from matplotlib.figure import Figure

# Fonts the *browser* tries for SVG text: a Latin face first, then a CJK face per platform.
BROWSER_FONTS = (
    "'DejaVu Sans', 'Noto Sans', 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', "
    "'Hiragino Sans GB', 'Microsoft YaHei', sans-serif"
)

matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",
        "svg.hashsalt": "losskit",
        # matplotlib measures each glyph with the first listed face that has it (font fallback
        # needs named families, not the generic "sans-serif" alone).
        "font.family": ["DejaVu Sans", "Noto Sans CJK SC", "Noto Sans CJK JP", "sans-serif"],
        "axes.unicode_minus": True,
    }
)

# Colours the stylesheet may replace (per colour scheme): matplotlib's black and white, the
# legend frame, and the default colours that are too dark to read on a dark background.
THEMED_COLOURS = {
    "#000000": "fg",  # text, axes, ticks, color="black"
    "#ffffff": "bg",  # legend background
    "#cccccc": "frame",  # legend frame
    "#1f77b4": "blue",  # tab:blue
    "#d62728": "red",  # tab:red
    "#9467bd": "purple",  # tab:purple
    "#8c564b": "brown",  # tab:brown
    "#7f7f7f": "grey",  # tab:gray
}

_ID = re.compile(r'\bid="([^"]+)"')
_COLOUR = re.compile(r"\b(fill|stroke): (#[0-9a-f]{6})\b")
_FONT_FAMILY = re.compile(r"font-family: [^;\"]+")


def _title_of(fig: Figure) -> str:
    """The figure's suptitle, else its axes titles, for the SVG's accessible name."""
    suptitle = fig._suptitle.get_text() if fig._suptitle is not None else ""
    titles = [suptitle] if suptitle else [ax.get_title() for ax in fig.axes if ax.get_title()]
    return " · ".join(titles)


def _themed(match: re.Match[str]) -> str:
    prop, colour = match.groups()
    name = THEMED_COLOURS.get(colour)
    return f"{prop}: var(--losskit-plot-{name}, {colour})" if name else match.group(0)


def to_svg(fig: Figure) -> str:
    """Return ``fig`` as an inline ``<svg>`` element wrapped in a search-excluded ``<div>``.

    The figure is closed afterwards (it may come from ``pyplot`` or be a bare ``Figure``).
    """
    buffer = io.StringIO()
    try:
        fig.savefig(
            buffer, format="svg", metadata={"Date": None}, bbox_inches="tight", transparent=True
        )
    finally:
        import matplotlib.pyplot as plt

        plt.close(fig)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]  # drop the XML prolog and doctype: this is inline HTML
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.DOTALL)
    # matplotlib's <style> says `*{...}`: inline, that would reach every element of the page.
    svg = svg.replace('<style type="text/css">*{', '<style type="text/css">.losskit-plot *{')
    # Text without a colour of its own is black by default: make that a variable too.
    svg = svg.replace(
        "</style>", ".losskit-plot text{fill: var(--losskit-plot-fg, #000000)}</style>", 1
    )
    svg = _COLOUR.sub(_themed, svg)

    # Unique, reproducible ids: prefix every id (and every reference to it) with a content hash.
    prefix = "fig" + hashlib.sha256(svg.encode("utf-8")).hexdigest()[:8]
    for name in set(_ID.findall(svg)):
        svg = svg.replace(f'id="{name}"', f'id="{prefix}-{name}"')
        svg = svg.replace(f"url(#{name})", f"url(#{prefix}-{name})")
        svg = svg.replace(f'href="#{name}"', f'href="#{prefix}-{name}"')

    # The browser picks the font: name a list that reaches a CJK face everywhere.
    svg = _FONT_FAMILY.sub(f"font-family: {BROWSER_FONTS}", svg)

    # Responsive: keep the viewBox, drop the fixed size.
    title = _title_of(fig)
    label = f' role="img" aria-label="{escape(title)}"' if title else ""
    svg = re.sub(
        r'<svg([^>]*?) width="[^"]+" height="[^"]+"',
        rf'<svg\1{label} style="width: 100%; max-width: 40rem; height: auto"',
        svg,
        count=1,
    )
    return f'<div class="losskit-plot" data-search-exclude>\n{svg.strip()}\n</div>'
