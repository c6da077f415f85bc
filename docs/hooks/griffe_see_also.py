"""Griffe extension: numpydoc See Also entries become linked Markdown on the site.

In the source (and in ``help()``) a See Also entry is plain numpydoc, ``mae : Absolute
errors.``, with continuation lines indented by four spaces. Griffe does not parse See Also
sections, so mkdocstrings would render them as one paragraph; this extension rewrites each
entry of the docstring, before it is parsed, into a Markdown list item whose name links to
the object (``- [`mae`][losskit.mae]: Absolute errors.``). Entries already written as
Markdown list items pass through unchanged. Loaded by mkdocstrings (``extensions:`` in
``mkdocs.yml``).
"""

from __future__ import annotations

import re
from typing import Any

import griffe

SECTION = re.compile(r"^See Also\n-{3,}\n(?P<body>(?:.+\n?)+)", re.MULTILINE)
ENTRY = re.compile(r"^(?P<name>[A-Za-z_][\w.]*)(?:\s+:\s+(?P<text>.*))?$")


def see_also_as_markdown(docstring: str, package: str) -> str:
    """`docstring` with each numpydoc See Also entry as a linked Markdown list item."""

    def rewrite(match: re.Match[str]) -> str:
        lines = []
        for line in match.group("body").splitlines():
            entry = ENTRY.match(line)
            if entry:
                name, text = entry["name"], entry["text"]
                link = f"- [`{name}`][{package}.{name}]"
                lines.append(f"{link}: {text}" if text else link)
            elif line.startswith("    ") and lines:  # an entry's continuation line
                lines.append("  " + line[4:])
            else:  # already Markdown (or anything else): as written
                lines.append(line)
        end = "\n" if match.group("body").endswith("\n") else ""
        return "See Also\n--------\n" + "\n".join(lines) + end

    return SECTION.sub(rewrite, docstring)


class SeeAlsoLinks(griffe.Extension):
    """Rewrite the See Also section of every docstring of the package (see module doc)."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = see_also_as_markdown(obj.docstring.value, obj.package.path)
