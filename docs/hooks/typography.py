"""Line breaking in the built HTML: where a line may break, and where it must not.

Both fixes are made on the finished page (``on_post_page``), so the browser lays the text out
right before any script runs (no shift when MathJax arrives), and the search index, which is
built from the page content earlier, never sees the extra markup.

1. **Long code in table cells may break, at a few chosen places.** Identifiers such as
   ``sparse_categorical_cross_entropy(from_logits=True)`` are single words to the browser; a
   table holding a few of them is wider than the text column at desktop width and hides
   columns behind a horizontal scroll. A ``<wbr>`` goes into a code word longer than
   ``SHORT`` characters after each ``(`` and ``,``; a piece still longer than ``LONG`` may
   break after ``=``, then after the ``_`` nearest its middle (again, until every piece is
   short or has no ``_``). Names up to ``LONG`` characters never break, snake_case words stay
   whole, nothing breaks mid-word, and ``<wbr>`` is not copied with the text. (A break after
   every ``_`` would let the table squeeze its code columns and break
   ``binary_cross_entropy`` although it fits.) A code word with a hyphen that is given no
   ``<wbr>`` (``1e-7``) is kept whole in ``<span class="losskit-nowrap">``: browsers break
   after any hyphen. CSS alone cannot choose the places: ``overflow-wrap: anywhere``, tried
   in place of this hook (screenshots at 1280 and 375 px, both languages), cut
   ``categorical_cross_entro|py`` and ``fr|om_logits`` in the conventions peer table.
2. **An inline formula keeps the punctuation that follows it.** MathJax draws an inline
   formula as an inline block, after which the browser may break the line, so a line could
   start with "." or "，". Each ``<span class="arithmatex">`` together with the closing
   punctuation right after it (and an opening bracket right before it) is wrapped in
   ``<span class="losskit-nowrap">`` (``white-space: nowrap`` in ``extra.css``).
"""

from __future__ import annotations

import html
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

_CELL = re.compile(r"(<td\b[^>]*>)(.*?)(</td>)", re.DOTALL)
_CODE = re.compile(r"(<code\b[^>]*>)([^<]*)(</code>)")
_WORD = re.compile(r"\S+")
_AFTER_PUNCT = re.compile(r"(?<=[(,])(?=[^)\s])")
_HYPHEN = re.compile(r"[A-Za-z0-9.]-[A-Za-z0-9]")
_AFTER_EQUALS = re.compile(r"(?<==)(?=\S)")
_UNDERSCORE = re.compile(r"(?<=[A-Za-z0-9]_)(?=[A-Za-z0-9])")
SHORT = 16  # characters: ``kl_divergence(y,`` stays whole, ``KLDivergence(y_true,`` breaks
LONG = 20  # characters: ``binary_cross_entropy`` stays whole
WBR = "<wbr>"

_MATH = re.compile(
    r"(?P<open>[(\[（“]?)"
    r'(?P<math><span class="arithmatex"[^>]*>(?:(?!</span>).)*</span>)'
    r"(?P<close>[.,;:!?)\]）。，；：、！？”]*)",
    re.DOTALL,
)


def _width(text: str) -> int:
    """Characters shown for ``text`` (``&quot;`` is one)."""
    return len(html.unescape(text))


def _split_long(piece: str) -> list[str]:
    """``piece`` cut after the ``_`` nearest its middle, recursively, while longer than LONG."""
    width = _width(piece.rstrip("(,"))  # the name, without the bracket that ends it
    if width <= LONG:
        return [piece]
    cuts = [m.start() for m in _UNDERSCORE.finditer(piece)]
    if not cuts:
        return [piece]
    cut = min(cuts, key=lambda at: abs(2 * _width(piece[:at]) - width))
    return _split_long(piece[:cut]) + _split_long(piece[cut:])


def _split_at_equals(piece: str) -> list[str]:
    return _AFTER_EQUALS.split(piece) if _width(piece) > LONG else [piece]


def break_long_word(word: str) -> str:
    """``word`` with ``<wbr>`` after ``(``/``,``, then ``=`` and mid-``_`` in long pieces."""
    if _width(word) > SHORT:
        pieces = [part for piece in _AFTER_PUNCT.split(word) for part in _split_at_equals(piece)]
        word = WBR.join(part for piece in pieces for part in _split_long(piece))
    if WBR not in word and _HYPHEN.search(word):
        word = f'<span class="losskit-nowrap">{word}</span>'
    return word


def break_table_code(output: str) -> str:
    """Let long plain-text ``<code>`` words in table cells break (see the module docstring)."""

    def code(match: re.Match[str]) -> str:
        text = _WORD.sub(lambda word: break_long_word(word.group(0)), match.group(2))
        return match.group(1) + text + match.group(3)

    def cell(match: re.Match[str]) -> str:
        return match.group(1) + _CODE.sub(code, match.group(2)) + match.group(3)

    return _CELL.sub(cell, output)


def keep_math_with_punctuation(output: str) -> str:
    """Wrap each inline formula and the punctuation touching it in a no-wrap span."""

    def wrap(match: re.Match[str]) -> str:
        if not (match.group("open") or match.group("close")):
            return match.group(0)
        return f'<span class="losskit-nowrap">{match.group(0)}</span>'

    return _MATH.sub(wrap, output)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return keep_math_with_punctuation(break_table_code(output))
