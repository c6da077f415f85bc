"""Break a display formula's TeX into lines for a narrow column, the way a typesetter would.

``narrow_tex(tex, column)`` returns the same formula as ``\\begin{aligned}…\\end{aligned}``
lines, each as long as the ``column`` allows (it measures a candidate, typically by
typesetting it, and knows how wide a line may be). It works on any TeX, because it reads
only the formula's structure: brace groups, bracket pairs, environments, relations and
operators. Breaks, in the order tried:

1. between the parts that ``\\quad`` / ``\\qquad`` separate (``a = b, \\qquad c = d``); short
   neighbours share a line, a connective in words (``\\text{so}``) gets a line of its own;
2. before each relation (``=``, ``\\le``, ``\\approx`` …), the relations lined up under each
   other (``&=``); when the left-hand sides make that too wide, each left-hand side gets a
   line of its own and its steps follow, indented (``\\qquad =``);
3. a side still too wide: before a binary ``+ - \\cdot \\times`` outside brackets (the rest
   indented by a ``\\quad``); without one, inside its longest bracket pair, after its commas
   or before its operators; a note in words between its words;
4. a ``cases`` block still too wide: each condition goes under its value, indented.

Never inside braces (a fraction, a subscript, a command's argument), inside ``\\left…\\right``
or inside an environment other than ``cases``: a piece that cannot be broken stays whole.
The rows of an ``aligned`` formula stay its rows.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

RELATIONS = frozenset(
    "= < > \\le \\leq \\ge \\geq \\ne \\neq \\approx \\equiv \\sim \\simeq \\to \\rightarrow"
    " \\Rightarrow \\iff \\implies \\propto \\coloneqq \\mapsto \\in".split()
)
BINARY = frozenset(["+", "-", "\\pm", "\\mp", "\\cdot", "\\times"])
SEPARATORS = frozenset(["\\quad", "\\qquad"])
OPENERS = frozenset(["(", "[", "\\{", "\\langle", "\\lbrace", "\\lvert", "\\lVert"])
CLOSERS = frozenset([")", "]", "\\}", "\\rangle", "\\rbrace", "\\rvert", "\\rVert"])
SIZED_OPEN = frozenset(["\\left", "\\bigl", "\\Bigl", "\\biggl", "\\Biggl"])
SIZED_CLOSE = frozenset(["\\right", "\\bigr", "\\Bigr", "\\biggr", "\\Biggr"])
_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|\s+|.", re.DOTALL)


@dataclass(frozen=True)
class Atom:
    """One top-level piece of a formula: a token, a brace group, a bracket pair, an
    environment. ``kind`` is "rel", "bin", "sep", "row" (``\\\\``), "col" (``&``) or ""."""

    tex: str
    kind: str = ""


def _tokens(tex: str) -> list[str]:
    """TeX tokens, with brace groups and environments kept whole."""
    out: list[str] = []
    i = 0
    while i < len(tex):
        if tex[i] == "{":
            end = _close_brace(tex, i)
            out.append(tex[i:end])
            i = end
            continue
        match = _TOKEN.match(tex, i)
        assert match is not None
        token = match.group(0)
        if token == "\\begin":
            end = _close_environment(tex, i)
            out.append(tex[i:end])
            i = end
            continue
        out.append(token)
        i = match.end()
    return out


def _close_brace(tex: str, start: int) -> int:
    depth = 0
    i = start
    while i < len(tex):
        if tex[i] == "\\":
            i += 2
            continue
        depth += {"{": 1, "}": -1}.get(tex[i], 0)
        i += 1
        if depth == 0:
            return i
    return len(tex)


def _close_environment(tex: str, start: int) -> int:
    depth = 0
    for match in re.finditer(r"\\(begin|end)\s*\{[^}]*\}", tex[start:]):
        depth += 1 if match.group(1) == "begin" else -1
        if depth == 0:
            return start + match.end()
    return len(tex)


def atoms(tex: str) -> list[Atom]:
    """The top-level atoms of ``tex``: bracketed stretches are one atom each."""
    tokens = _tokens(tex)
    out: list[Atom] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in SIZED_OPEN or token in OPENERS:
            end = _close_bracket(tokens, i)
            out.append(Atom("".join(tokens[i:end])))
            i = end
            continue
        if token == "\\\\":  # a row break, with its optional [1ex] spacing
            j = i + 1
            if j < len(tokens) and tokens[j] == "[":
                while j < len(tokens) and tokens[j] != "]":
                    j += 1
                j += 1
            out.append(Atom("".join(tokens[i:j]), "row"))
            i = j
            continue
        kind = ""
        if token in RELATIONS:
            kind = "rel"
        elif token in BINARY:
            kind = "bin"
        elif token in SEPARATORS:
            kind = "sep"
        elif token == "&":
            kind = "col"
        i += 1
        if not kind and re.fullmatch(r"\\[A-Za-z]+", token):  # a command and its {arguments}
            while i < len(tokens) and tokens[i].startswith("{"):
                token += tokens[i]
                i += 1
        out.append(Atom(token, kind))
    return out


def _close_bracket(tokens: list[str], start: int) -> int:
    depth = 0
    i = start
    while i < len(tokens):
        token = tokens[i]
        if token in SIZED_OPEN:
            depth += 1
            i += 2  # the delimiter after \left, \bigl ...
            continue
        if token in SIZED_CLOSE:
            depth -= 1
            i += 2
        elif token in OPENERS:
            depth += 1
            i += 1
        elif token in CLOSERS:
            depth -= 1
            i += 1
        else:
            i += 1
        if depth == 0:
            return i
    return len(tokens)


def _text(items: list[Atom]) -> str:
    return "".join(a.tex for a in items).strip()


def _is_blank(atom: Atom) -> bool:
    return not atom.tex.strip()


def _binary_positions(items: list[Atom]) -> list[int]:
    """Indices of + - \\cdot \\times used as binary operators (something before them)."""
    out = []
    for i, atom in enumerate(items):
        if atom.kind != "bin":
            continue
        before = [a for a in items[:i] if not _is_blank(a)]
        if (
            before
            and before[-1].kind not in {"rel", "bin", "sep", "col"}
            and before[-1].tex not in {"^", "_"}
        ):
            out.append(i)
    return out


def _split(items: list[Atom], at: list[int]) -> list[list[Atom]]:
    pieces, start = [], 0
    for index in at:
        pieces.append(items[start:index])
        start = index
    pieces.append(items[start:])
    return [piece for piece in pieces if _text(piece)]


@dataclass(frozen=True)
class Column:
    """How wide a candidate TeX is (``measure``, in any unit) and how wide it may be."""

    measure: Callable[[str], float]
    limit: float

    def __call__(self, tex: str) -> bool:
        return self.measure(tex) <= self.limit

    def within(self, wrap: Callable[[str], str]) -> Column:
        """The same column for a piece measured inside ``wrap(piece)``."""
        return Column(lambda tex: self.measure(wrap(tex)), self.limit)


Fits = Column
HANG = "\\qquad "  # how far the steps of a left-hand side on its own line are indented
MORE = "\\quad "  # how far a side broken before an operator continues past its relation
_TEXT = re.compile(r"\\text(?:tt|rm|sf)?\s*\{")


def aligned(rows: list[str]) -> str:
    return "\\begin{aligned}" + " \\\\ ".join(rows) + "\\end{aligned}"


def _fill(first: str, pieces: list[str], fits: Fits, continuation: str) -> list[str]:
    """Rows holding ``first`` then ``pieces``, each row as full as ``fits`` allows."""
    rows = [first]
    for piece in pieces:
        joined = f"{rows[-1]} {piece}"
        if fits(aligned([joined])):
            rows[-1] = joined
        else:
            rows.append(f"{continuation}{piece}")
    return rows


def _is_prose(tex: str) -> bool:
    return bool(_TEXT.match(tex.lstrip("( ")))


def _words(items: list[Atom]) -> list[str]:
    """A note or condition cut where a line may break: inside \\text{...} after a space or
    a CJK comma, beside a \\text{...}, before a relation or operator, after a comma."""
    out: list[str] = []
    glue = False  # the next atom continues the current word
    for atom in items:
        match = _TEXT.match(atom.tex)
        if match is not None and atom.tex.endswith("}"):
            command, body = atom.tex[: match.end()], atom.tex[match.end() : -1]
            out += [f"{command}{w}}}" for w in re.split(r"(?<=[^ ][ ，；、])", body) if w.strip()]
            glue = False
            continue
        starts = not out or not glue or atom.kind in {"rel", "bin"}
        if starts and atom.tex.strip():
            out.append(atom.tex)
        elif out:
            out[-1] += atom.tex
        glue = atom.tex.strip() != ","  # a word ends after a comma; an operator starts one
    return [w for w in out if w.strip()]


def _break_row(row: str, fits: Fits, continuation: str) -> list[str]:
    """``row`` ("lhs &= rhs", "&= rhs" or "&note") broken to fit, if it can be."""
    if fits(aligned([row])):
        return [row]
    head, _, rest = row.partition("&")
    items = atoms(rest)
    rel = -1 if _is_prose(rest) else next((i for i, a in enumerate(items) if a.kind == "rel"), -1)
    lead = _text(items[: rel + 1]) if rel >= 0 else ""
    body = [a for a in items[rel + 1 :]] if rel >= 0 else items
    if _is_prose(_text(body)):
        inside = _open_widest_bracket(body, prose=True)
        words = _words(body) if inside is None else [_text(p) for p in inside]
        return _fill(f"{head}&{lead} {words[0]}", words[1:], fits, continuation)
    terms = _split(body, _binary_positions(body))
    if len(terms) < 2:
        terms = _open_widest_bracket(body) or []
    if len(terms) < 2 and "\\begin{cases}" not in rest:
        terms = _open_widest_bracket(body, prose=True) or []
    if len(terms) < 2:
        return _break_cases(row, fits)
    first = f"{head}&{lead} {_text(terms[0])}"
    return _fill(first, [_text(t) for t in terms[1:]], fits, continuation)


def _open_widest_bracket(items: list[Atom], prose: bool = False) -> list[list[Atom]] | None:
    """``items`` cut inside its longest bracket pair: after its commas, else before its
    binary operators (or, for a note in words, between words); None when it cannot be."""
    brackets = [i for i, a in enumerate(items) if not a.kind and len(a.tex) > 2 and _opens(a.tex)]
    for index in sorted(brackets, key=lambda i: -len(items[i].tex)):
        tokens = _tokens(items[index].tex)
        opener = 2 if tokens[0] in SIZED_OPEN else 1
        closer = 2 if len(tokens) > 1 and tokens[-2] in SIZED_CLOSE else 1
        if tokens[0] == "\\left":
            continue  # \left ... \right must stay on one line
        inner = atoms("".join(tokens[opener:-closer]))
        if prose:
            inner = [Atom(w) for w in _words(inner)]
            cuts = list(range(1, len(inner)))
        else:
            cuts = [i + 1 for i, a in enumerate(inner) if a.tex == "," and i + 1 < len(inner)]
            cuts = cuts or _binary_positions(inner)
        if not cuts:
            continue
        pieces = _split(inner, cuts)
        pieces[0] = [*items[:index], Atom("".join(tokens[:opener])), *pieces[0]]
        pieces[-1] = [*pieces[-1], Atom("".join(tokens[-closer:])), *items[index + 1 :]]
        return pieces
    return None


def _opens(tex: str) -> bool:
    first = _tokens(tex)[0]
    return first in SIZED_OPEN or first in OPENERS


_CASES = re.compile(r"\\begin\{cases\}(?P<body>.*)\\end\{cases\}", re.DOTALL)


def _break_cases(row: str, fits: Fits) -> list[str]:
    """A ``cases`` block too wide: each condition goes under its value, indented, and a
    value or condition still too wide is broken in turn."""
    match = _CASES.search(row)
    if match is None:
        return [row]
    before, after = row[: match.start()], row[match.end() :]

    def block(lines: list[str]) -> str:
        return before + "\\begin{cases}" + " \\\\ ".join(lines) + "\\end{cases}" + after

    lines: list[str] = []
    for case in re.split(r"\\\\(?:\[[^\]]*\])?", match.group("body")):
        value, _, condition = (x.strip() for x in case.partition("&"))
        if not value:
            continue
        if not fits(aligned([block([value])])):
            value = narrow_tex(value, fits.within(lambda tex: aligned([block([tex])])))
            value = value.replace("\\begin{aligned}", "\\begin{aligned}[t]", 1)
        lines.append(value)
        if condition:
            lines += _break_words(condition, fits.within(lambda t: aligned([block([t])])))
    return [block(lines)]


def _break_words(condition: str, fits: Column) -> list[str]:
    """A condition ("if |r| \\le \\delta, ...") as indented lines: broken where its words
    start a phrase (``\\text{ or }``) first, anywhere between words only if still too wide."""
    words = _words(atoms(condition))
    phrases: list[str] = []
    for i, word in enumerate(words):
        starts = i == 0 or (_is_prose(word) and not _is_prose(words[i - 1]))
        if starts:
            phrases.append(word)
        else:
            phrases[-1] += " " + word
    lines = []
    for line in _fill(HANG + phrases[0], phrases[1:], fits, HANG):
        if fits(aligned([line])):
            lines.append(line)
            continue
        pieces = _words(atoms(line.removeprefix(HANG)))
        lines += _fill(HANG + pieces[0], pieces[1:], fits, HANG)
    return lines


def _layouts(parts: list[tuple[str, list[str]]], fits: Fits) -> list[str]:
    """Rows for (left-hand side, steps) pairs: aligned after the left-hand sides when every
    row then fits, else each left-hand side on a line of its own with its steps below
    (or, when neither fits, whichever is narrower)."""
    rows: list[str] = []
    for lhs, steps in parts:
        first = f"{lhs} &{steps[0]}" if lhs else f"&{steps[0]}"
        for row in _fill(first, steps[1:], fits, "&"):
            rows += _break_row(row, fits, "&" + MORE)
    if fits(aligned(rows)):
        return rows
    hung: list[str] = []
    for lhs, steps in parts:
        if lhs:
            hung += _break_row(f"&{lhs}", fits, "&" + MORE)
        for row in _fill(f"&{HANG}{steps[0]}", steps[1:], fits, "&" + HANG):
            hung += _break_row(row, fits, "&" + HANG + MORE)
    if fits(aligned(hung)):
        return hung
    return min(rows, hung, key=lambda layout: fits.measure(aligned(layout)))  # the narrower


def _steps(items: list[Atom]) -> tuple[str, list[str]]:
    """A chain ``lhs = a = b``: its left-hand side and its steps ("= a", "= b")."""
    at = [i for i, a in enumerate(items) if a.kind == "rel"]
    if not at or _is_prose(_text(items)):  # no relation, or a note in words
        return "", [_text(items)]
    bounds = [*at, len(items)]
    steps = [_text(items[a:b]) for a, b in itertools.pairwise(bounds)]
    return _text(items[: at[0]]), steps


def _parts(items: list[Atom]) -> list[tuple[list[Atom], str]]:
    """The parts that \\quad / \\qquad separate, each with the separator before it."""
    pieces = _split(items, [i for i, a in enumerate(items) if a.kind == "sep"])
    out: list[tuple[list[Atom], str]] = []
    for piece in pieces:
        separator = piece[0].tex if piece[0].kind == "sep" else ""
        piece = [a for a in piece if a.kind != "sep"]
        if not _text(piece):
            continue
        out.append((piece, separator or "\\quad"))
    return out


def _is_connective(items: list[Atom]) -> bool:
    """A lone \\text{...} between two parts ("so", "from logits:")."""
    return len([a for a in items if not _is_blank(a)]) == 1 and _is_prose(_text(items))


_ALIGNED = re.compile(r"\\begin\{(aligned|align\*?)\}(?P<body>.*)\\end\{\1\}", re.DOTALL)


def narrow_tex(tex: str, fits: Column) -> str:
    """``tex`` as aligned lines for a narrow column (see the module docstring)."""
    whole = _ALIGNED.fullmatch(tex.strip())
    if whole:  # already in rows: keep them, each row "lhs &= steps"
        rows = [r.replace("&", "", 1) for r in re.split(r"\\\\(?:\[[^\]]*\])?", whole["body"])]
        return aligned(_layouts([_steps(atoms(r)) for r in rows if r.strip()], fits))
    # Parts separated by \quad: short neighbours share a line, the rest get lines of their own.
    groups: list[list[tuple[str, list[str]]]] = []
    line = ""
    for part, separator in _parts(atoms(tex)):
        joined = f"{line} {separator} {_text(part)}" if line else _text(part)
        if line and not _is_connective(part) and fits(aligned([_row(_steps(atoms(joined)))])):
            groups[-1] = [_steps(atoms(joined))]
            line = joined
            continue
        groups.append([_steps(part)])
        line = "" if _is_connective(part) else _text(part)  # "so" leads nothing: own line
    return aligned(_layouts([pair for group in groups for pair in group], fits))


def _row(pair: tuple[str, list[str]]) -> str:
    lhs, steps = pair
    return (f"{lhs} &" if lhs else "&") + " ".join(steps)
