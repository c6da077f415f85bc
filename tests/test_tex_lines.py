"""docs/hooks/tex_lines.py: display formulas broken into lines for a phone, as a reader
would break them - at relations (aligned), then before operators, never inside a group.

``fits`` here is a stand-in for MathJax: a line fits when its TeX, without spaces and
alignment marks, is at most ``limit`` characters. One test runs the real MathJax.
"""

from __future__ import annotations

import re
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "docs" / "hooks"))
import tex_lines
from test_mathjax_hook import hook  # the hook, loaded as mkdocs loads it
from tex_lines import narrow_tex


def chars_fit(limit: int) -> tex_lines.Column:
    """A line fits when it shows at most ``limit`` characters (commands, braces, spacing
    and alignment marks count for nothing)."""

    def measure(tex: str) -> float:
        shown = re.sub(r"\\(begin|end)\{\w+\}(\[t\])?", "", tex)
        rows = re.split(r"\\\\", shown)
        return max(len(re.sub(r"\\[A-Za-z]+|[{}&\s]", "", row)) for row in rows)

    return tex_lines.Column(measure, limit)


def rows_of(tex: str) -> list[str]:
    assert tex.startswith("\\begin{aligned}") and tex.endswith("\\end{aligned}"), tex
    body = tex.removeprefix("\\begin{aligned}").removesuffix("\\end{aligned}")
    return [re.sub(r"\s+", " ", row).strip() for row in body.split(" \\\\ ")]


def test_a_chain_of_relations_lines_up_its_equals_signs() -> None:
    tex = (
        r"\log\sigma(x) = -\log\left(1 + e^{-x}\right) = \min(x, 0) - \log\left(1 + e^{-|x|}\right)"
    )
    rows = rows_of(narrow_tex(tex, chars_fit(20)))
    assert rows == [
        r"\log\sigma(x) &= -\log\left(1 + e^{-x}\right)",
        r"&= \min(x, 0) - \log\left(1 + e^{-|x|}\right)",
    ]


def test_parts_separated_by_qquad_get_their_own_lines() -> None:
    tex = r"\ell_i = (y_i - t_i)^2, \qquad L = \frac{1}{n}\sum_{i=1}^{n} \ell_i"
    rows = rows_of(narrow_tex(tex, chars_fit(20)))
    assert rows == [r"\ell_i &= (y_i - t_i)^2,", r"L &= \frac{1}{n}\sum_{i=1}^{n} \ell_i"]


def test_short_parts_share_a_line() -> None:
    tex = r"y_k > 0, \quad \sum_k y_k = 1, \qquad y_k = \operatorname{softmax}(z)_k"
    rows = rows_of(narrow_tex(tex, chars_fit(20)))
    assert rows[0] == r"y_k &> 0, \quad \sum_k y_k = 1,"


def test_a_long_side_breaks_before_an_operator_never_inside_braces() -> None:
    tex = r"\ell = \max(z, 0) - t\,z + \log\bigl(1 + e^{-|z|}\bigr) + \frac{a + b}{c + d}"
    rows = rows_of(narrow_tex(tex, chars_fit(14)))
    assert rows[0].startswith(r"\ell &= \max(z, 0)")
    assert all(row.startswith(r"&\quad +") or row.startswith(r"&\quad -") for row in rows[1:])
    assert r"\frac{a + b}{c + d}" in rows[-1]  # the fraction is whole
    assert all(row.count("{") == row.count("}") for row in rows)


def test_a_bracketed_list_breaks_after_its_commas() -> None:
    tex = r"y = (0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0)"
    rows = rows_of(narrow_tex(tex, chars_fit(24)))
    assert len(rows) > 1 and rows[0].startswith("y &= (0.1,")
    assert all(row.rstrip().endswith(",") for row in rows[:-1])
    assert rows[-1].endswith("0.0)")


def test_cases_put_each_condition_under_its_value() -> None:
    tex = (
        r"\ell_i = \begin{cases} \frac12 r_i^2 & \text{if } |r_i| \le \delta, \\"
        r" \delta\left(|r_i| - \frac12\delta\right) & \text{otherwise.} \end{cases}"
    )
    out = narrow_tex(tex, chars_fit(18))  # the block does not fit, each value and condition does
    cases = re.search(r"\\begin\{cases\}(.*)\\end\{cases\}", out, re.DOTALL)
    assert cases is not None
    lines = [line.strip() for line in cases.group(1).split(r"\\")]
    assert lines[0] == r"\frac12 r_i^2"
    assert lines[1].startswith(r"\qquad \text{if }")
    assert "&" not in cases.group(1)


def test_a_connective_in_words_gets_its_own_line() -> None:
    tex = r"\ell_n = -\log p_{n, c_n} \qquad\text{from logits:}\qquad \ell_n = z_n - z_{n, c_n}"
    rows = rows_of(narrow_tex(tex, chars_fit(22)))
    assert rows == [
        r"\ell_n &= -\log p_{n, c_n}",
        r"&\text{from logits:}",
        r"\ell_n &= z_n - z_{n, c_n}",
    ]


def test_an_aligned_formula_keeps_its_rows() -> None:
    tex = r"\begin{aligned} a &= b + c \\ &= d \end{aligned}"
    assert rows_of(narrow_tex(tex, chars_fit(30))) == ["a &= b + c", "&= d"]


def test_a_formula_without_a_place_to_break_stays_whole() -> None:
    tex = r"\frac{\partial f}{\partial x_i}"
    assert rows_of(narrow_tex(tex, chars_fit(5))) == [r"&\frac{\partial f}{\partial x_i}"]


def test_atoms_keep_groups_brackets_and_environments_whole() -> None:
    found = [
        a.tex
        for a in tex_lines.atoms(r"\frac{a}{b} + \left(c = d\right) \begin{cases}x\end{cases}")
    ]
    assert r"\frac{a}{b}" in found and r"\left(c = d\right)" in found
    assert r"\begin{cases}x\end{cases}" in found
    assert [a.kind for a in tex_lines.atoms("a = b + c") if a.kind] == ["rel", "bin"]


def test_real_mathjax_lines_fit_the_column() -> None:
    mathjax = hook.MathJax()
    try:
        tex = (
            r"\ell_n = \sum_{k=1}^{K} t_{nk}\bigl(\operatorname{logsumexp}(z_{n}) - z_{nk}\bigr)"
            r" = -\sum_{k=1}^{K} t_{nk}\log p_{nk}"
        )
        wide = mathjax.typeset([hook.Formula(tex, True)])[0]
        narrow = mathjax.narrow(hook.Formula(tex, True), 30.0)
        assert wide.width > 30.0 and narrow is not None
        assert narrow.width <= 30.0
        assert mathjax.narrow(hook.Formula("a = b", True), 30.0) is None  # fits already
    finally:
        mathjax.close()
