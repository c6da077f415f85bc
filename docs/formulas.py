r"""Every formula that defines a loss, an activation or a gradient, once, as sympy.

``FORMULAS`` maps an id (``"mse"``, ``"softmax_ce_grad"``...) to a `Formula`:

- ``expr``: the formula as ``Eq(left side, definition)``, in the symbols of the *Notation* page
  (``y``, ``t``, ``z``, indices ``n``, ``k``, ``i``; sizes ``N``, ``K``, ``n``);
- ``tex``: what readers see, made from ``expr`` by the house printer, ``render(expr)``
  (``\log y_k``, ``\sum_k``, ``\frac{1}{N}``, plain brackets);
- ``against``: the losskit function it is checked against (for a gradient, the loss whose
  ``value_and_grad`` gradient it states);
- ``check(rng)``: lambdifies the *current* ``expr`` (on every call), evaluates it on inputs
  drawn from ``rng`` for every option the formula states (``reduction`` cases), and returns
  the largest relative difference from losskit on the same inputs.

The same ``tex`` is shown on the pages (a ``formula`` fence, see `fence`), in losskit's
docstrings (``tests/test_formulas.py`` compares them) and on the API page.

How to add a formula (one entry below, nothing else):

1. Write the definition with the symbols of this module, e.g. for a per-element loss
   ``_eq(ell[i], _abs(y[i] - t[i]))``; an index that no sum binds (``i`` here) is free: the
   check evaluates the formula at every value of it at once.
2. Pick inputs: a sampler from the "Inputs" section (``_pair``, ``_probabilities``, ...) or a
   new small one returning ``{name: value}`` for every symbol (sizes included).
3. Say what losskit returns for those inputs: ``reference(inputs, **options)``, usually a
   ``reduction="none"`` call or ``value_and_grad(...)[1]``.
4. Add ``Formula(expr, against="losskit_name", sample=..., reference=...)`` to
   ``FORMULAS`` under a new id, with ``docstrings=("losskit_name",)`` if that function's
   docstring shows it (paste ``FORMULAS[id].tex`` between ``$$`` there).
   ``tests/test_formulas.py`` picks it up: numeric check, printer round trip, docstring.
5. Show it on a page with a fence (both languages)::

       ```formula
       my_id ,
       ```

   Text after the id on a line is hand-written TeX appended as it is (punctuation,
   ``\qquad``, a condition such as ``0 \cdot \log 0 = 0``).

A formula that sympy cannot evaluate as written registers a brute-force evaluator that feeds
it the numbers it needs: CTC sums over the set of alignments, which ``_alignments``
enumerates, so that the sum is an ordinary ``Sum`` over an alignment index.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy as sp
from pymdownx.arithmatex import arithmatex_fenced_format
from pymdownx.superfences import SuperFencesException
from sympy import Abs, Eq, Idx, IndexedBase, Max, Piecewise, Product, Rational, Sum, exp, log
from sympy.logic.boolalg import Boolean
from sympy.printing.latex import LatexPrinter

import losskit

# --------------------------------------------------------------------------- symbols

N, K, T, A = sp.symbols("N K T A", integer=True, positive=True)  # samples, classes, frames
n_el = sp.Symbol("n", integer=True, positive=True)  # elements of an element-wise loss
delta, m = sp.symbols("delta m", real=True)
label = sp.Symbol("c", integer=True)  # the true class of one sample
z_scalar, t_scalar = sp.symbols("z t", real=True)

n = Idx("n", N)  # sample
k = Idx("k", K)  # class (dimension of one output)
j = Idx("j", K)  # a second class index, summed inside softmax
i = Idx("i", n_el)  # element of an element-wise loss
tt = Idx("t", T)  # frame (CTC)
a = Idx("a", A)  # alignment (CTC): sums over a print as sums over pi in B^{-1}(l)
other_frame = Idx("tp", T)  # a second frame index (CTC), inside gamma_t(k)
other_sample = Idx("mm", N)  # a second sample index, printed m (a normaliser's sum)

y = IndexedBase("y")
p = IndexedBase("p")  # predicted probabilities, where a page says "probability" (y or sigma(z))
t = IndexedBase("t")
z = IndexedBase("z")
c = IndexedBase("c")  # integer class labels
ell = IndexedBase("ell")  # per-element / per-sample loss
w = IndexedBase("w")
L_part = IndexedBase("L")  # the i-th of several losses
frames = IndexedBase("Y")  # CTC: y^t_k, the probability of class k at frame t
alignment = IndexedBase("pi")  # CTC: pi[a, t], the class of alignment a at frame t
U = IndexedBase("U")  # CTC target lengths
ctc_n = IndexedBase("CTC")  # per-sequence CTC losses

E_sym, L_sym, MSE_sym = sp.Symbol("E"), sp.Symbol("L"), sp.Symbol("MSE")

# the catalogue's options (issue 10), printed as Greek letters (see HousePrinter._print_Symbol)
alpha, beta, eps = sp.symbols("alpha beta eps", positive=True)
focus = sp.Symbol("gamma_focal", nonnegative=True)  # focal gamma (gamma is CTC's posterior)
Delta = sp.Symbol("Delta", positive=True)  # multi_margin's margin
power = sp.Symbol("power", positive=True)  # an exponent p (multi_margin), a p-norm (triplet)
v = IndexedBase("v")  # Gaussian variances
pos_w = IndexedBase("pw")  # pos_weight, printed p_{w,i}
y1, y2 = IndexedBase("y1"), IndexedBase("y2")  # the two scores / embeddings of a pair
anchor, positive, negative = IndexedBase("anc"), IndexedBase("pos"), IndexedBase("neg")
log_probs = IndexedBase("x")  # nll_loss's input, log-probabilities (PyTorch's x)
member = IndexedBase("J")  # J[n, k] = 1 where class k is one of sample n's labels


class Name(sp.Symbol):
    """A left-hand side written as TeX (``\\ell_i^{\\text{MSE}}``): printed as it is."""


class sigma(sp.Function):
    """The logistic sigmoid, evaluated by NumPy (not by losskit) when a formula is checked."""


class softplus(sp.Function):
    r"""``\log(1 + e^z)``, evaluated by NumPy when a formula is checked."""


class Shorthand(sp.Function):
    """A name the pages use for an expression: printed as the name, unfolded for the check."""

    def unfold(self) -> sp.Basic:
        raise NotImplementedError


class logsumexp(Shorthand):
    r"""``logsumexp(z, n)``: row n of z, printed ``\operatorname{logsumexp}(z_n)``.

    The check unfolds it to ``\log \sum_j e^{z_{nj}}``.
    """

    def unfold(self) -> sp.Basic:
        base, row = self.args
        return log(Sum(exp(base[row, j]), (j, j.lower, j.upper)))


class SumWhere(Shorthand):
    r"""``\sum_{label}`` over the part of an index's range that ``member`` (0 or 1) selects.

    ``SumWhere(body, k, 1 - indicator(k, c[n]), Name("k \ne c_n"))`` prints
    ``\sum_{k \ne c_n}`` and unfolds to the whole-range sum of ``member * body``.
    """

    def unfold(self) -> sp.Basic:
        body, index, selected, _ = self.args
        return Sum(selected * body, (index, index.lower, index.upper))


class pnorm(Shorthand):
    r"""``\lVert a_i - p_i + \varepsilon \rVert_p`` of two rows (PyTorch's pairwise_distance)."""

    def unfold(self) -> sp.Basic:
        first, second, row = self.args
        inner = Sum(Abs(first[row, k] - second[row, k] + eps) ** power, (k, k.lower, k.upper))
        return inner ** (1 / power)


class cosine(Shorthand):
    r"""``\cos_i`` of a pair of rows: PyTorch's cosine with eps added to each squared norm."""

    def unfold(self) -> sp.Basic:
        (row,) = self.args
        dot = Sum(y1[row, k] * y2[row, k], (k, k.lower, k.upper))
        norm1 = Sum(y1[row, k] ** 2, (k, k.lower, k.upper)) + eps
        norm2 = Sum(y2[row, k] ** 2, (k, k.lower, k.upper)) + eps
        return dot / sp.sqrt(norm1 * norm2)


class focal_pt(Shorthand):
    r"""Focal loss's ``p_{t,i}``: the probability given to the target."""

    def unfold(self) -> sp.Basic:
        (el,) = self.args
        return t[el] * p[el] + (1 - t[el]) * (1 - p[el])


class focal_alpha(Shorthand):
    r"""Focal loss's ``\alpha_{t,i}``: alpha for positives, 1 - alpha for negatives."""

    def unfold(self) -> sp.Basic:
        (el,) = self.args
        return alpha * t[el] + (1 - alpha) * (1 - t[el])


class indicator(sp.Function):
    """``[a = b]``: 1 where a equals b, else 0."""


class gamma(Shorthand):
    r"""CTC's ``\gamma_t(k)``: the share of p(l | x) from alignments with class k at frame t.

    Unfolded by brute force over the enumerated alignments ``pi`` (see ``_alignments``).
    """

    def unfold(self) -> sp.Basic:
        frame, cls = self.args
        path = Product(frames[other_frame, alignment[a, other_frame]], (other_frame, 0, T - 1))
        share = Sum(indicator(alignment[a, frame], cls) * path, (a, 0, A - 1))
        return share / Sum(path, (a, 0, A - 1))


class Option(Boolean):
    """The condition "option ``name`` is ``value``" of a case, e.g. ``reduction="mean"``."""

    def __new__(cls, name: str, value: str) -> Option:
        return Boolean.__new__(cls, sp.Symbol(name), sp.Symbol(value))  # type: ignore[no-any-return]

    @property
    def name(self) -> str:
        return str(self.args[0])

    @property
    def value(self) -> str:
        return str(self.args[1])


MEAN, SUM = Option("reduction", "mean"), Option("reduction", "sum")

_NUMPY_FUNCTIONS = {
    "sigma": lambda x: 1 / (1 + np.exp(-x)),
    "softplus": lambda x: np.logaddexp(0, x),
    "indicator": lambda x, value: np.equal(x, value).astype(np.float64),
}

# --------------------------------------------------------------------------- printer


def _plain_index(index: sp.Basic) -> bool:
    return isinstance(index, (Idx, sp.Symbol)) and len(str(index)) == 1


class HousePrinter(LatexPrinter):
    r"""sympy's LaTeX printer in the house style of the pages.

    ``\log y_k`` (brackets only around sums of terms), ``\sum_{k}`` over an index's whole
    range, ``\frac{1}{N}`` in front of what it scales, ``y_{nk}``, plain ``(`` ``)``, positive
    terms first (``y_k - t_k``), cases as ``\begin{cases} ... & |y_i - t_i| \le \delta``
    (conditions, no words: the same TeX serves every language).
    """

    printmethod = "_house_latex"

    def _add_parens(self, s: str) -> str:
        return f"({s})"

    def _add_parens_lspace(self, s: str) -> str:
        return f"({s})"

    def _wrap(self, expr: sp.Basic) -> str:
        """``expr`` as a factor: in brackets when it is a sum of terms; big ones around brackets."""
        text = self._print(expr)
        if not isinstance(expr, sp.Add):
            return text
        if "(" in text or r"\sum" in text:
            return rf"\bigl({text}\bigr)"
        return f"({text})"

    # -- atoms
    def _print_Name(self, expr: Name) -> str:
        return expr.name

    def _print_Symbol(self, expr: sp.Symbol, style: str = "plain") -> str:
        names = {
            "delta": r"\delta",
            "MSE": r"\mathrm{MSE}",
            "alpha": r"\alpha",
            "beta": r"\beta",
            "eps": r"\varepsilon",
            "gamma_focal": r"\gamma",
            "Delta": r"\Delta",
            "power": "p",
            "iota": r"\iota",
        }
        return names.get(expr.name, expr.name)

    def _print_Idx(self, expr: Idx) -> str:
        return {other_frame: "t'", other_sample: "m"}.get(expr, str(expr.label))

    def _print_IndexedBase(self, expr: IndexedBase) -> str:
        names = {
            "ell": r"\ell",
            "pi": r"\pi",
            "CTC": r"\operatorname{CTC}",
            "anc": "a",
            "pos": "p",
            "neg": "n",
        }
        return names.get(str(expr.label), str(expr.label))

    def _print_Indexed(self, expr: sp.Indexed) -> str:
        base, indices = expr.base, list(expr.indices)
        if base == frames:  # y^t_k
            return rf"y^{{{self._print(indices[0])}}}_{{{self._print(indices[1])}}}"
        if base in (y1, y2, pos_w):  # y_{1,i}, p_{w,i}
            head = {y1: "y_{1,", y2: "y_{2,", pos_w: "p_{w,"}[base]
            return head + "".join(self._print(ix) for ix in indices) + "}"
        if base == alignment:  # pi_t: the alignment index is implicit
            indices = [ix for ix in indices if ix != a]
        name = self._print(base)
        if all(_plain_index(ix) for ix in indices):
            sub = "".join(self._print(ix) for ix in indices)
        else:
            sub = ", ".join(self._print(ix) for ix in indices)
        return f"{name}_{sub}" if len(sub) == 1 else f"{name}_{{{sub}}}"

    # -- functions
    def _print_log(self, expr: sp.Basic, exp: Any = None) -> str:
        arg = expr.args[0]
        if isinstance(arg, (sp.Add, sp.Mul, sp.Pow)) and not isinstance(arg, sp.Sum):
            return rf"\log({self._print(arg)})"
        return rf"\log {self._print(arg)}"

    def _print_exp(self, expr: sp.Basic, exp: Any = None) -> str:
        return f"e^{{{self._print(expr.args[0])}}}"

    def _print_sigma(self, expr: sp.Basic, exp: Any = None) -> str:
        return rf"\sigma({self._print(expr.args[0])})"

    def _print_softplus(self, expr: sp.Basic, exp: Any = None) -> str:
        return rf"\operatorname{{softplus}}({self._print(expr.args[0])})"

    def _print_logsumexp(self, expr: sp.Basic, exp: Any = None) -> str:
        base, row = expr.args
        return rf"\operatorname{{logsumexp}}({self._print(base)}_{self._print(row)})"

    def _print_gamma(self, expr: sp.Basic, exp: Any = None) -> str:
        frame, cls = expr.args
        return rf"\gamma_{self._print(frame)}({self._print(cls)})"

    def _print_indicator(self, expr: sp.Basic, exp: Any = None) -> str:
        first, second = expr.args
        return rf"\mathbb{{1}}[{self._print(first)} = {self._print(second)}]"

    def _print_cosh(self, expr: sp.Basic, exp: Any = None) -> str:
        return rf"\cosh({self._print(expr.args[0])})"

    def _print_tanh(self, expr: sp.Basic, exp: Any = None) -> str:
        return rf"\tanh({self._print(expr.args[0])})"

    def _print_SumWhere(self, expr: sp.Basic, exp: Any = None) -> str:
        body, _, _, label = expr.args
        return rf"\sum_{{{self._print(label)}}} {self._wrap(body)}"

    def _print_pnorm(self, expr: sp.Basic, exp: Any = None) -> str:
        first, second, row = expr.args
        diff = f"{self._print(first[row])} - {self._print(second[row])}"
        return rf"\lVert {diff} + \varepsilon \rVert_p"

    def _print_cosine(self, expr: sp.Basic, exp: Any = None) -> str:
        return rf"\cos_{self._print(expr.args[0])}"

    def _print_focal_pt(self, expr: sp.Basic, exp: Any = None) -> str:
        return f"p_{{t,{self._print(expr.args[0])}}}"

    def _print_focal_alpha(self, expr: sp.Basic, exp: Any = None) -> str:
        return rf"\alpha_{{t,{self._print(expr.args[0])}}}"

    def _print_Abs(self, expr: sp.Basic, exp: Any = None) -> str:
        return f"|{self._print(expr.args[0])}|"

    def _print_sign(self, expr: sp.Basic, exp: Any = None) -> str:
        return rf"\operatorname{{sign}}({self._print(expr.args[0])})"

    def _print_Pi(self, expr: sp.Basic, exp: Any = None) -> str:
        return r"\pi"

    def _print_Max(self, expr: sp.Basic, exp: Any = None) -> str:
        # max(z, 0), max(v_i, eps): the variable first, then symbols, then numbers
        args = sorted(expr.args, key=lambda x: (isinstance(x, sp.Number), x.is_Symbol))
        return rf"\max({', '.join(self._print(x) for x in args)})"

    def _print_Derivative(self, expr: sp.Derivative) -> str:
        ((var, count),) = expr.variable_count
        top = r"\partial" if count == 1 else rf"\partial^{count}"
        wrt = self._print(var)
        if isinstance(expr.expr, (sp.Symbol, sp.Indexed)):
            return rf"\frac{{{top} {self._print(expr.expr)}}}{{\partial {wrt}}}"
        if isinstance(expr.expr, sp.Pow):  # d/dz (sigma(z) - t)^2
            return rf"\frac{{{top}}}{{\partial {wrt}}} {self._print(expr.expr)}"
        return rf"\frac{{{top}}}{{\partial {wrt}}} \bigl[{self._print(expr.expr)}\bigr]"

    # -- big operators
    def _limits(self, symbol: str, limits: tuple[Any, ...]) -> str:
        index, low, high = limits
        if index == a:
            return rf"{symbol}_{{\pi \in \mathcal{{B}}^{{-1}}(l)}}"
        whole = isinstance(index, Idx) and low == index.lower and high == index.upper
        if whole:
            return f"{symbol}_{{{self._print(index)}}}"
        return f"{symbol}_{{{self._print(index)}={self._print(low)}}}^{{{self._print(high)}}}"

    def _print_Sum(self, expr: Sum) -> str:
        head = " ".join(self._limits(r"\sum", lim) for lim in reversed(expr.limits))
        return f"{head} {self._wrap(expr.function)}"

    def _print_Product(self, expr: Product) -> str:
        head = " ".join(self._limits(r"\prod", lim) for lim in reversed(expr.limits))
        return f"{head} {self._wrap(expr.function)}"

    # -- arithmetic
    def _print_Add(self, expr: sp.Add, order: Any = None) -> str:
        terms = list(expr.as_ordered_terms())
        positive = [x for x in terms if not x.could_extract_minus_sign()]
        negative = [x for x in terms if x.could_extract_minus_sign()]
        positive.sort(key=_term_rank)  # 1 + e^{-z}, y_k + \delta, \max(z, 0) + \log(...)
        out = ""
        for term in positive + negative:
            if term.could_extract_minus_sign():
                out += f" - {self._wrap(-term)}" if out else f"-{self._wrap(-term)}"
            else:
                out += f" + {self._print(term)}" if out else self._print(term)
        return out

    def _print_Mul(self, expr: sp.Mul) -> str:
        if expr.could_extract_minus_sign():
            return (
                "-" + self._print_Mul(-expr)
                if isinstance(-expr, sp.Mul)
                else ("-" + self._wrap(-expr))
            )
        coeff, rest = expr.as_coeff_mul()
        coeff = Rational(coeff)
        numer: list[sp.Basic] = []
        simple_den: list[sp.Basic] = []
        compound_den: list[sp.Basic] = []
        for factor in rest:
            if isinstance(factor, sp.Pow) and factor.exp.is_negative:
                base = factor.base if factor.exp == -1 else factor.base ** (-factor.exp)
                (simple_den if base.is_Symbol else compound_den).append(base)
            else:
                numer.append(factor)
        if _canonical(expr):  # built by sympy: house order; built unevaluated: as written
            numer.sort(key=_factor_rank)
        simple_den.sort(key=lambda d: _SIZE_ORDER.index(str(d)) if str(d) in _SIZE_ORDER else 9)
        if compound_den:  # a true fraction: e^{z_k} / sum_j e^{z_j}
            top = _join([str(coeff.p)] if coeff.p != 1 else [], numer, self) or "1"
            if coeff.p == 1 and len(numer) == 1:  # one factor on top needs no brackets
                top = self._print(numer[0])
            bottom = _join([str(coeff.q)] if coeff.q != 1 else [], simple_den + compound_den, self)
            frac = r"\dfrac" if self._in_cases and r"\sum" in top + bottom else r"\frac"
            return rf"{frac}{{{top}}}{{{bottom}}}"
        prefix = ""
        if coeff == 1 and simple_den and len(numer) == 1 and numer[0].is_Symbol:  # eps / K
            bottom = "".join(self._print(d) for d in simple_den)
            return rf"\frac{{{self._print(numer[0])}}}{{{bottom}}}"
        if coeff.q != 1 or simple_den:  # \frac{1}{N} in front of what it scales
            bottom = (str(coeff.q) if coeff.q != 1 else "") + "".join(
                self._print(d) for d in simple_den
            )
            prefix = rf"\frac{{{coeff.p}}}{{{bottom}}}"
        elif coeff != 1:
            prefix = str(coeff.p)
        body = " ".join(self._wrap(f) for f in numer)
        return f"{prefix} {body}".strip() if prefix else body

    def _print_Pow(self, expr: sp.Pow, rational: bool = False) -> str:
        if expr.exp == -1:
            return rf"\frac{{1}}{{{self._print(expr.base)}}}"
        if expr.exp == Rational(1, 2):
            return rf"\sqrt{{{self._print(expr.base)}}}"
        base = self._print(expr.base)
        bracketed = (sp.Symbol, sp.Indexed, sp.Number, Max, Abs, Shorthand)  # max(...)^p
        if not isinstance(expr.base, bracketed):
            base = rf"\bigl({base}\bigr)" if "(" in base else f"({base})"
        return f"{base}^{{{self._print(expr.exp)}}}"

    def _print_Rational(self, expr: sp.Rational) -> str:
        sign = "-" if expr.p < 0 else ""
        return rf"{sign}\frac{{{abs(expr.p)}}}{{{expr.q}}}" if expr.q != 1 else str(expr.p)

    # -- relations and cases
    def _print_Relational(self, expr: sp.core.relational.Relational) -> str:
        ops = {"==": "=", "<=": r"\le", ">=": r"\ge", "<": "<", ">": ">", "!=": r"\ne"}
        if (
            expr.rel_op != "==" and expr.lhs.is_Symbol and not expr.rhs.is_Symbol
        ):  # |r| <= delta, not delta >= |r|
            expr = expr.reversed
        return f"{self._print(expr.lhs)} {ops[expr.rel_op]} {self._print(expr.rhs)}"

    def _print_Option(self, expr: Option) -> str:
        if expr.name != "reduction":  # a keyword: log_input=True
            return rf"\texttt{{{expr.name.replace('_', chr(92) + '_')}={expr.value}}}"
        return rf'\texttt{{"{expr.value}"}}'

    def _print_And(self, expr: sp.Basic) -> str:  # t_i = -1,\ y_i \le m
        return r",\ ".join(self._print(arg) for arg in expr.args)

    _in_cases = False  # a fraction of sums inside cases is set full size (\dfrac)

    def _print_Piecewise(self, expr: Piecewise) -> str:
        rows = []
        for piece, cond in expr.args:
            if cond == sp.true:  # words would need translating: registry cases state conditions
                raise ValueError(f"{expr}: write the condition of the last case, not True")
            self._in_cases = True
            try:
                rows.append(rf"{self._print(piece)} & {self._print(cond)}")
            finally:
                self._in_cases = False
        return r"\begin{cases} " + r" \\ ".join(rows) + r" \end{cases}"


_SIZE_ORDER = ["N", "K", "n", "T"]  # \\frac{2}{NK}


def _canonical(expr: sp.Mul) -> bool:
    return sp.Mul(*expr.args).args == expr.args


def _term_rank(term: sp.Basic) -> tuple[int, int, int]:
    """Order of positive terms in a sum: numbers, then short ones, predictions before constants."""
    if isinstance(term, (sp.Number, sp.Symbol, sp.Indexed)):
        return (not isinstance(term, sp.Number), 0, not isinstance(term, sp.Indexed))
    return (True, int(sp.count_ops(term)), True)


def _factor_rank(factor: sp.Basic) -> int:
    """Order of factors in a product: weights, letters, bracketed sums, functions, then sums."""
    if isinstance(factor, sp.Indexed) and str(factor.base) == "w":
        return -1
    if factor == sp.pi:  # 2 pi t_i
        return -1
    if isinstance(factor, (sp.Symbol, sp.Indexed)):
        return 0
    if isinstance(factor, sp.Add):
        return 1
    if isinstance(factor, (Sum, Product)):
        return 3
    return 2


def _join(numbers: list[str], factors: list[sp.Basic], printer: HousePrinter) -> str:
    plain = all(
        isinstance(f, (sp.Symbol, sp.Indexed)) and len(printer._print(f)) == 1 for f in factors
    )
    parts = numbers + [printer._wrap(f) for f in factors]
    return ("" if plain else " ").join(parts)


_ONE_CHARACTER_GROUP = re.compile(r"([_^])\{([A-Za-z0-9])\}")


def render(expr: sp.Basic) -> str:
    r"""``expr`` as TeX in the house style (``y_k``, not ``y_{k}``)."""
    return _ONE_CHARACTER_GROUP.sub(r"\1\2", HousePrinter().doprint(expr))


# --------------------------------------------------------------------------- checking

Inputs = dict[str, Any]
Sampler = Callable[[np.random.Generator], Inputs]
Reference = Callable[..., Any]
_FREE_ORDER = ("n", "i", "t", "k", "j")  # axis order of free indices: samples, then classes


@dataclass
class Formula:
    """One formula: sympy definition, generated TeX, and a numeric check against losskit."""

    expr: sp.Eq
    against: str
    sample: Sampler
    reference: Reference
    docstrings: tuple[str, ...] = ()  # losskit functions whose docstring shows this formula
    tex: str = field(init=False)

    def __post_init__(self) -> None:
        self.tex = render(self.expr)

    def settings(self) -> Iterator[dict[str, str]]:
        """Every combination of the options the formula's cases state."""
        options: dict[str, list[str]] = {}
        for atom in sorted(self.expr.atoms(Option), key=str):
            options.setdefault(atom.name, []).append(atom.value)
        names = sorted(options)
        for values in itertools.product(*(options[name] for name in names)):
            yield dict(zip(names, values, strict=True))

    def evaluate(self, inputs: Inputs, setting: Mapping[str, str]) -> np.ndarray:
        """The right-hand side, lambdified now, at ``inputs``; one axis per free index."""
        rhs = self.expr.rhs.replace(
            lambda e: isinstance(e, Option),
            lambda e: sp.true if setting.get(e.name) == e.value else sp.false,
        )
        while rhs.has(Shorthand):  # unfolded first: a shorthand's summed index is not free
            rhs = rhs.replace(lambda e: isinstance(e, Shorthand), lambda e: e.unfold())
        free = sorted(
            (s for s in rhs.free_symbols if isinstance(s, Idx)),
            key=lambda s: _FREE_ORDER.index(str(s.label)),
        )
        rhs = rhs.replace(lambda e: isinstance(e, Product), lambda e: e.rewrite(Sum))  # exp sum log
        args = sorted(
            (
                s
                for s in rhs.free_symbols
                if isinstance(s, (IndexedBase, sp.Symbol)) and not isinstance(s, Idx)
            ),
            key=str,
        )
        sizes = {sym: inputs[str(sym)] for sym in (N, K, T, A, n_el) if str(sym) in inputs}
        grids = []
        for axis, index in enumerate(free):
            length = int(index.upper.subs(sizes)) + 1
            shape = [1] * len(free)
            shape[axis] = length
            grids.append(np.arange(length).reshape(shape))
        function = sp.lambdify(args + free, rhs, modules=[_NUMPY_FUNCTIONS, "numpy"])
        with np.errstate(divide="ignore", invalid="ignore"):  # cases evaluate every branch
            out = function(*(inputs[str(arg)] for arg in args), *grids)
        out = np.asarray(out, dtype=np.float64)
        shape = np.broadcast_shapes(out.shape, tuple(g.size for g in grids))
        return np.broadcast_to(out, shape)

    def check(self, rng: np.random.Generator) -> float:
        """Largest relative difference between the formula and losskit, over every option."""
        worst = 0.0
        for setting in self.settings():
            inputs = self.sample(rng)
            try:
                got = self.evaluate(inputs, setting)
            except (IndexError, ValueError):  # e.g. an index out of its range: a wrong formula
                return float("inf")
            want = np.asarray(self.reference(inputs, **setting), dtype=np.float64)
            if got.shape != want.shape:
                return float("inf")
            scale = np.maximum(np.abs(want), 1e-300)
            worst = max(worst, float(np.max(np.abs(got - want) / scale)))
        return worst


# --------------------------------------------------------------------------- inputs


def _probabilities(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Rows on the simplex, none tiny (softmax of standard normals, by NumPy)."""
    logits = rng.normal(size=shape)
    e = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _pair(rng: np.random.Generator) -> Inputs:
    """Element-wise predictions and targets, flat (a loss over "every element")."""
    size = int(rng.integers(3, 9))
    return {"y": rng.normal(size=size), "t": rng.normal(size=size), "n": size}


def _vector_pair(rng: np.random.Generator) -> Inputs:
    """One output y of K dimensions and its target (the article's 1-D case)."""
    size = int(rng.integers(3, 8))
    return {"y": rng.uniform(0.05, 1, size), "t": rng.uniform(0, 1, size), "K": size}


def _batch_pair(rng: np.random.Generator) -> Inputs:
    rows, cols = int(rng.integers(2, 5)), int(rng.integers(2, 6))
    return {
        "y": rng.uniform(0.05, 1, (rows, cols)),
        "t": rng.uniform(0, 1, (rows, cols)),
        "N": rows,
        "K": cols,
    }


def _distribution(rng: np.random.Generator) -> Inputs:
    """y a probability vector, t a soft target vector (the article's 1-D classification)."""
    size = int(rng.integers(3, 8))
    return {"y": _probabilities(rng, (size,)), "t": _probabilities(rng, (size,)), "K": size}


def _distributions(rng: np.random.Generator) -> Inputs:
    """Predicted rows y (N, K), also named p, and soft target rows t."""
    rows, cols = int(rng.integers(2, 5)), int(rng.integers(2, 6))
    predicted = _probabilities(rng, (rows, cols))
    return {
        "y": predicted,
        "p": predicted,
        "t": _probabilities(rng, (rows, cols)),
        "N": rows,
        "K": cols,
    }


def _logits_and_targets(rng: np.random.Generator) -> Inputs:
    """Logits z (N, K), soft targets t, and y = softmax(z) computed by NumPy."""
    rows, cols = int(rng.integers(2, 5)), int(rng.integers(2, 6))
    logits = 3 * rng.normal(size=(rows, cols))
    return {
        "z": logits,
        "t": _probabilities(rng, (rows, cols)),
        "y": _probabilities_of(logits),
        "N": rows,
        "K": cols,
    }


def _logit_vector(rng: np.random.Generator) -> Inputs:
    size = int(rng.integers(3, 8))
    logits = 3 * rng.normal(size=size)
    return {
        "z": logits,
        "t": _probabilities(rng, (size,)),
        "y": _probabilities_of(logits),
        "K": size,
    }


def _sigmoid(logits: np.ndarray) -> np.ndarray:
    return np.asarray(1 / (1 + np.exp(-logits)))


def _probabilities_of(logits: np.ndarray) -> np.ndarray:
    e = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _label(rng: np.random.Generator) -> Inputs:
    """One probability vector y (K,) and its integer label c."""
    inputs = _distribution(rng)
    return {**inputs, "c": int(rng.integers(0, inputs["K"]))}


def _labels(rng: np.random.Generator) -> Inputs:
    """Probabilities y (N, K), integer labels c (N,), and the logits z behind y."""
    rows, cols = int(rng.integers(2, 5)), int(rng.integers(2, 6))
    logits = 3 * rng.normal(size=(rows, cols))
    predicted = _probabilities_of(logits)
    return {
        "z": logits,
        "y": predicted,
        "p": predicted,
        "c": rng.integers(0, cols, rows),
        "N": rows,
        "K": cols,
    }


def _binary(rng: np.random.Generator) -> Inputs:
    """Probabilities y in (0, 1) with their logits z, soft targets t in [0, 1]."""
    size = int(rng.integers(3, 9))
    logits = 3 * rng.normal(size=size)
    predicted = _sigmoid(logits)
    return {"z": logits, "y": predicted, "p": predicted, "t": rng.uniform(0, 1, size), "n": size}


def _scalar_logits(rng: np.random.Generator) -> Inputs:
    """An array of logits bound to the scalar symbols z, t (element-wise formulas)."""
    return {"z": rng.uniform(-8, 8, 7), "t": rng.uniform(0, 1, 7)}  # log(1 + e^-8): no cancellation


def _huber(rng: np.random.Generator) -> Inputs:
    """Residuals on both sides of delta (the samples straddle the kink)."""
    inputs = _pair(rng)
    inputs["y"] = inputs["t"] + 2 * rng.normal(size=inputs["n"])
    inputs["delta"] = float(rng.uniform(0.5, 1.5))
    return inputs


def _several(rng: np.random.Generator) -> Inputs:
    size = int(rng.integers(2, 6))
    return {"L": rng.uniform(0, 3, size), "w": rng.uniform(0.1, 2, size), "n": size}


def _collapse(path: tuple[int, ...], blank: int) -> tuple[int, ...]:
    """B: merge repeated symbols, then remove blanks."""
    merged = [s for pos, s in enumerate(path) if pos == 0 or s != path[pos - 1]]
    return tuple(s for s in merged if s != blank)


def _alignments(label: tuple[int, ...], frames_: int, classes: int, blank: int = 0) -> np.ndarray:
    """The brute-force evaluator of CTC: B^{-1}(l), every path of ``frames_`` classes onto l."""
    paths = [
        p for p in itertools.product(range(classes), repeat=frames_) if _collapse(p, blank) == label
    ]
    return np.array(paths, dtype=np.int64).reshape(len(paths), frames_)


def _ctc(rng: np.random.Generator) -> Inputs:
    """Frame probabilities y^t_k (T, C) and the alignments of a random label sequence."""
    frames_, classes = int(rng.integers(3, 6)), 3
    label = tuple(int(s) for s in rng.integers(1, classes, int(rng.integers(1, 3))))
    paths = _alignments(label, frames_, classes)
    probs = _probabilities(rng, (frames_, classes))
    return {"Y": probs, "pi": paths, "A": len(paths), "T": frames_, "K": classes, "label": label}


def _ctc_batch(rng: np.random.Generator) -> Inputs:
    """Per-sample CTC losses (brute force) and target lengths of a batch, for the reduction."""
    frames_, classes, batch = 4, 3, int(rng.integers(2, 4))
    probs = _probabilities(rng, (frames_, batch, classes))
    labels = [
        tuple(int(s) for s in rng.integers(1, classes, int(rng.integers(1, 3))))
        for _ in range(batch)
    ]
    per = []
    for b, label in enumerate(labels):
        paths = _alignments(label, frames_, classes)
        per.append(-np.log(np.prod(probs[np.arange(frames_)[:, None], b, paths.T], axis=0).sum()))
    return {
        "CTC": np.array(per),
        "U": np.array([len(x) for x in labels]),
        "N": batch,
        "probs": probs,
        "labels": labels,
    }


def _with_max(inputs: Inputs) -> Inputs:
    """``inputs`` plus m = max_k z_k (a shift formula holds for any m; this is losskit's)."""
    return {**inputs, "m": float(np.max(inputs["z"]))}


def _with_ell(inputs: Inputs, per: Callable[[Inputs], np.ndarray]) -> Inputs:
    """``inputs`` plus the per-item losses ell, computed by NumPy, for a reduction formula."""
    return {**inputs, "ell": per(inputs)}


# ---- inputs of the catalogue (issue 10)


def _weighted_labels(rng: np.random.Generator) -> Inputs:
    """``_labels`` plus class weights w (K,) and a label smoothing eps in (0, 0.5)."""
    inputs = _labels(rng)
    return {
        **inputs,
        "w": rng.uniform(0.2, 3, inputs["K"]),
        "eps": float(rng.uniform(0.05, 0.5)),
    }


def _weighted_distributions(rng: np.random.Generator) -> Inputs:
    """``_distributions`` plus class weights w (K,) and a label smoothing eps."""
    inputs = _distributions(rng)
    return {
        **inputs,
        "w": rng.uniform(0.2, 3, inputs["K"]),
        "eps": float(rng.uniform(0.05, 0.5)),
    }


def _weighted_binary(rng: np.random.Generator) -> Inputs:
    """``_binary`` plus element weights w and positive weights pw, one per element."""
    inputs = _binary(rng)
    size = inputs["n"]
    return {**inputs, "w": rng.uniform(0.2, 3, size), "pw": rng.uniform(0.2, 5, size)}


def _focal(rng: np.random.Generator) -> Inputs:
    """Probabilities p in (0, 1), 0/1 and soft targets, alpha in (0, 1), gamma in [0, 4]."""
    inputs = _binary(rng)
    targets = inputs["t"]
    targets[: inputs["n"] // 2] = np.round(targets[: inputs["n"] // 2])  # hard and soft
    return {
        **inputs,
        "alpha": float(rng.uniform(0.05, 0.95)),
        "gamma_focal": float(rng.uniform(0.5, 4)),
    }


def _hard_focal(rng: np.random.Generator) -> Inputs:
    """``_focal`` with 0/1 targets only (where p_t and alpha_t are defined)."""
    inputs = _focal(rng)
    return {**inputs, "t": np.round(inputs["t"])}


def _margin_labels(rng: np.random.Generator) -> Inputs:
    """Scores y (N, K), labels c, class weights w, a margin Delta, a power p of 1 or 2."""
    inputs = _labels(rng)
    return {
        **inputs,
        "y": 2 * rng.normal(size=(inputs["N"], inputs["K"])),
        "w": rng.uniform(0.2, 3, inputs["K"]),
        "Delta": float(rng.uniform(0.5, 2)),
        "power": int(rng.integers(1, 3)),
    }


def _multilabel(rng: np.random.Generator) -> Inputs:
    """Logits y (N, K), 0/1 targets t, weights w (K,), and torch's -1-terminated class lists."""
    rows, cols = int(rng.integers(2, 5)), int(rng.integers(3, 6))
    chosen = rng.uniform(size=(rows, cols)) < 0.5
    chosen[:, 0] = True  # every row holds a label
    lists = np.full((rows, cols), -1)
    for row in range(rows):
        labels = rng.permutation(np.flatnonzero(chosen[row]))
        lists[row, : len(labels)] = labels
    return {
        "y": 2 * rng.normal(size=(rows, cols)),
        "t": chosen.astype(np.float64),
        "J": chosen.astype(np.float64),
        "lists": lists,
        "w": rng.uniform(0.2, 3, cols),
        "N": rows,
        "K": cols,
    }


def _signed(rng: np.random.Generator) -> Inputs:
    """Scores y, ±1 labels t, and a margin m; t·y kept 0.05 away from the margin's kink."""
    inputs = _pair(rng)
    signs = rng.choice([-1.0, 1.0], inputs["n"])
    margin = float(rng.uniform(0.5, 1.5))
    gap = rng.uniform(0.05, 1.5, inputs["n"]) * rng.choice([-1.0, 1.0], inputs["n"])
    return {**inputs, "t": signs, "y": signs * (margin + gap), "m": margin}


def _distances(rng: np.random.Generator) -> Inputs:
    """Distances y >= 0, ±1 labels t, a margin m (kept 0.05 away from y = m)."""
    inputs = _signed(rng)
    return {**inputs, "y": np.abs(inputs["m"] + inputs["y"] * inputs["t"] - inputs["m"])}


def _ranked(rng: np.random.Generator) -> Inputs:
    """Two scores y1, y2, ±1 labels t and a margin m, away from the kink."""
    inputs = _signed(rng)
    second = rng.normal(size=inputs["n"])
    return {**inputs, "y1": second + inputs["y"], "y2": second}


def _embedding_pairs(rng: np.random.Generator) -> Inputs:
    """Rows y1, y2 (n, K), ±1 labels t, a margin m, PyTorch's eps 1e-12."""
    size, dim = int(rng.integers(3, 7)), int(rng.integers(2, 6))
    return {
        "y1": rng.normal(size=(size, dim)),
        "y2": rng.normal(size=(size, dim)),
        "t": rng.choice([-1.0, 1.0], size),
        "m": float(rng.uniform(-0.5, 0.5)),
        "eps": 1e-12,
        "n": size,
        "K": dim,
    }


def _triplets(rng: np.random.Generator) -> Inputs:
    """Anchors, positives, negatives (n, K), a margin m, a p-norm p >= 1, eps."""
    size, dim = int(rng.integers(3, 7)), int(rng.integers(2, 6))
    anchors = rng.normal(size=(size, dim))
    return {
        "anc": anchors,
        "pos": anchors + rng.normal(0, 0.6, (size, dim)),
        "neg": anchors + rng.normal(0, 1.0, (size, dim)),
        "m": float(rng.uniform(0.5, 1.5)),
        "power": float(rng.choice([1.0, 1.5, 2.0, 3.0])),
        "eps": 1e-6,
        "n": size,
        "K": dim,
    }


def _regression(rng: np.random.Generator) -> Inputs:
    """``_pair`` with residuals at least 0.05 from 0 and from ±beta, alpha, beta."""
    inputs = _pair(rng)
    beta_ = float(rng.uniform(0.5, 1.5))
    size = inputs["n"]
    residual = rng.choice([-1.0, 1.0], size) * rng.uniform(0.05, 3, size)
    residual[np.abs(np.abs(residual) - beta_) < 0.05] += 0.1
    return {
        **inputs,
        "y": inputs["t"] + residual,
        "alpha": float(rng.uniform(0.05, 0.95)),
        "beta": beta_,
    }


def _counts(rng: np.random.Generator) -> Inputs:
    """Predictions y (log-rates, or rates for log_input=False), counts t (some 0 and 1), eps."""
    inputs = _pair(rng)
    return {
        **inputs,
        "y": rng.uniform(0.3, 2, inputs["n"]),  # a rate, or a log-rate
        "t": rng.poisson(3.0, inputs["n"]).astype(np.float64),
        "eps": 1e-8,
    }


def _gaussian(rng: np.random.Generator) -> Inputs:
    """Means y, targets t, variances v (some below eps, where the clamp acts), eps."""
    inputs = _pair(rng)
    variances = rng.uniform(0.2, 2, inputs["n"])
    variances[0] = 1e-8
    return {**inputs, "v": variances, "eps": 1e-6}


def _gaussian_unclamped(rng: np.random.Generator) -> Inputs:
    """``_gaussian`` with every variance above eps (the gradients of the unclamped loss)."""
    inputs = _gaussian(rng)
    return {**inputs, "v": rng.uniform(0.2, 2, inputs["n"])}


def _flag(value: str) -> bool:
    return value == "True"


# --------------------------------------------------------------------------- references


def _grad(loss: Callable[..., Any], first: Any, *rest: Any, **kwargs: Any) -> Any:
    return losskit.value_and_grad(loss, first, *rest, **kwargs)[1]


def _ctc_arguments(inputs: Inputs) -> tuple[np.ndarray, np.ndarray, int, int]:
    """ctc_loss's positional arguments for one unbatched sequence of ``_ctc``."""
    return np.log(inputs["Y"]), np.array(inputs["label"]), inputs["T"], len(inputs["label"])


def _through_log_softmax(probs: np.ndarray, grad_log_probs: np.ndarray) -> np.ndarray:
    """Chain rule through log_softmax, by NumPy: g - softmax(u) * sum_k g."""
    return grad_log_probs - probs * grad_log_probs.sum(axis=-1, keepdims=True)


def _log_probs_and_targets(inputs: Inputs) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    labels = inputs["labels"]
    width = max(len(x) for x in labels)
    padded = np.array([list(x) + [1] * (width - len(x)) for x in labels])
    n_frames = inputs["probs"].shape[0]
    return (
        np.log(inputs["probs"]),
        padded,
        np.full(len(labels), n_frames),
        np.array([len(x) for x in labels]),
    )


# --------------------------------------------------------------------------- the registry


def _sum(body: sp.Basic, index: Idx) -> Sum:
    """Sum over the whole range of ``index`` (printed ``\\sum_k``)."""
    return Sum(body, (index, index.lower, index.upper))


def _lse(term: sp.Basic, index: Idx) -> sp.Basic:
    """``\\log \\sum_j e^{term}``."""
    return log(_sum(exp(term), index))


# the reductions, as losskit documents them: "mean" over elements or samples, or "sum"
_per_element = Piecewise((_sum(ell[i], i) / n_el, MEAN), (_sum(ell[i], i), SUM))
_per_sample = Piecewise((_sum(ell[n], n) / N, MEAN), (_sum(ell[n], n), SUM))


def _eq(lhs: sp.Basic, rhs: sp.Basic) -> sp.Eq:
    return Eq(lhs, rhs, evaluate=False)


def _d(of: sp.Basic, var: sp.Basic) -> sp.Derivative:
    return sp.Derivative(of, var, evaluate=False)


def _ell(name: str) -> Name:
    """The per-element loss of one regression loss, ``\\ell_i^{\\text{MSE}}``."""
    return Name(rf"\ell_i^{{\text{{{name}}}}}")


def _abs(x: sp.Basic) -> sp.Basic:
    """|x| as written (sympy would print |t_i - y_i|)."""
    return Abs(x, evaluate=False)


FORMULAS: dict[str, Formula] = {
    # ---- the article's functions
    "mean_squared_error": Formula(
        _eq(E_sym, Rational(1, 2) * _sum((y[k] - t[k]) ** 2, k)),
        against="mean_squared_error",
        sample=_vector_pair,
        reference=lambda d: losskit.mean_squared_error(d["y"], d["t"]),
        docstrings=("mean_squared_error",),
    ),
    "mean_squared_error_batch": Formula(
        _eq(E_sym, _sum(Rational(1, 2) * _sum((y[n, k] - t[n, k]) ** 2, k), n) / N),
        against="mean_squared_error",
        sample=_batch_pair,
        reference=lambda d: losskit.mean_squared_error(d["y"], d["t"]),
    ),
    "mean_squared_error_grad": Formula(
        _eq(_d(E_sym, y[k]), y[k] - t[k]),
        against="mean_squared_error",
        sample=_vector_pair,
        reference=lambda d: _grad(losskit.mean_squared_error, d["y"], d["t"]),
    ),
    "cross_entropy_error": Formula(
        _eq(E_sym, -_sum(t[k] * log(y[k] + delta), k)),
        against="cross_entropy_error",
        sample=lambda rng: {**_distribution(rng), "delta": 1e-7},
        reference=lambda d: losskit.cross_entropy_error(d["y"], d["t"]),
        docstrings=("cross_entropy_error",),
    ),
    "mse_vector": Formula(
        _eq(MSE_sym, _sum((y[k] - t[k]) ** 2, k) / K),
        against="mse",
        sample=_vector_pair,
        reference=lambda d: losskit.mse(d["y"], d["t"]),
    ),
    "cross_entropy": Formula(
        _eq(E_sym, -_sum(t[k] * log(y[k]), k)),
        against="categorical_cross_entropy",
        sample=_distribution,
        reference=lambda d: losskit.categorical_cross_entropy(d["y"], d["t"]),
    ),
    "cross_entropy_label": Formula(
        _eq(E_sym, -log(y[label])),
        against="sparse_categorical_cross_entropy",
        sample=_label,
        reference=lambda d: losskit.sparse_categorical_cross_entropy(d["y"], d["c"]),
    ),
    "cross_entropy_batch": Formula(
        _eq(E_sym, -_sum(_sum(t[n, k] * log(y[n, k]), k), n) / N),
        against="categorical_cross_entropy",
        sample=_distributions,
        reference=lambda d: losskit.categorical_cross_entropy(d["y"], d["t"]),
    ),
    "softmax_ce_grad": Formula(
        _eq(_d(E_sym, z[j]), y[j] - t[j]),
        against="categorical_cross_entropy",
        sample=_logit_vector,
        reference=lambda d: _grad(
            losskit.categorical_cross_entropy, d["z"], d["t"], from_logits=True, reduction="sum"
        ),
    ),
    "softmax_ce_batch_grad": Formula(
        _eq(_d(L_sym, z[n, k]), (y[n, k] - t[n, k]) / N),
        against="categorical_cross_entropy",
        sample=_logits_and_targets,
        reference=lambda d: _grad(
            losskit.categorical_cross_entropy, d["z"], d["t"], from_logits=True
        ),
    ),
    # ---- regression
    "mse": Formula(
        _eq(_ell("MSE"), (y[i] - t[i]) ** 2),
        against="mse",
        sample=_pair,
        reference=lambda d: losskit.mse(d["y"], d["t"], reduction="none"),
        docstrings=("mse",),
    ),
    "mae": Formula(
        _eq(_ell("MAE"), _abs(y[i] - t[i])),
        against="mae",
        sample=_pair,
        reference=lambda d: losskit.mae(d["y"], d["t"], reduction="none"),
        docstrings=("mae",),
    ),
    "huber": Formula(
        _eq(
            _ell("Huber"),
            Piecewise(
                (Rational(1, 2) * (y[i] - t[i]) ** 2, _abs(y[i] - t[i]) <= delta),
                (delta * (_abs(y[i] - t[i]) - Rational(1, 2) * delta), _abs(y[i] - t[i]) > delta),
                evaluate=False,  # keep the last condition (sympy would make it True)
            ),
        ),
        against="huber",
        sample=_huber,
        reference=lambda d: losskit.huber(d["y"], d["t"], delta=d["delta"], reduction="none"),
        docstrings=("huber",),
    ),
    "elementwise_reduction": Formula(
        _eq(L_sym, _per_element),
        against="mse",
        sample=lambda rng: _with_ell(_pair(rng), lambda d: (d["y"] - d["t"]) ** 2),
        reference=lambda d, reduction: losskit.mse(d["y"], d["t"], reduction=reduction),
        docstrings=(
            "mse",
            "mae",
            "huber",
            "binary_cross_entropy",
            "binary_focal_loss",
            "smooth_l1",
            "log_cosh",
            "pinball",
            "poisson_nll",
            "gaussian_nll",
            "hinge",
            "soft_margin",
            "hinge_embedding",
            "margin_ranking",
            "cosine_embedding",
            "triplet_margin",
        ),
    ),
    "mse_grad": Formula(
        _eq(_d(MSE_sym, y[n, k]), sp.Mul(2, y[n, k] - t[n, k], 1 / (N * K))),
        against="mse",
        sample=_batch_pair,
        reference=lambda d: _grad(losskit.mse, d["y"], d["t"]),
    ),
    "mse_elementwise_grad": Formula(
        _eq(_d(_ell("MSE"), y[i]), sp.Mul(2, y[i] - t[i], evaluate=False)),
        against="mse",
        sample=_pair,
        reference=lambda d: _grad(losskit.mse, d["y"], d["t"], reduction="sum"),
    ),
    "mae_grad": Formula(
        _eq(_d(_ell("MAE"), y[i]), sp.sign(y[i] - t[i])),
        against="mae",
        sample=_pair,
        reference=lambda d: _grad(losskit.mae, d["y"], d["t"], reduction="sum"),
    ),
    "huber_grad": Formula(
        _eq(
            _d(_ell("Huber"), y[i]),
            Piecewise(
                (y[i] - t[i], _abs(y[i] - t[i]) <= delta),
                (delta * sp.sign(y[i] - t[i]), _abs(y[i] - t[i]) > delta),
                evaluate=False,
            ),
        ),
        against="huber",
        sample=_huber,
        reference=lambda d: _grad(losskit.huber, d["y"], d["t"], delta=d["delta"], reduction="sum"),
    ),
    # ---- classification
    "binary_cross_entropy": Formula(
        _eq(ell[i], sp.Mul(-1, t[i] * log(p[i]) + (1 - t[i]) * log(1 - p[i]), evaluate=False)),
        against="binary_cross_entropy",
        sample=_binary,
        reference=lambda d: losskit.binary_cross_entropy(d["y"], d["t"], reduction="none"),
        docstrings=("binary_cross_entropy",),
    ),
    "binary_cross_entropy_logits": Formula(
        _eq(ell[i], softplus(z[i]) - t[i] * z[i]),
        against="binary_cross_entropy",
        sample=_binary,
        reference=lambda d: losskit.binary_cross_entropy(
            d["z"], d["t"], from_logits=True, reduction="none"
        ),
        docstrings=("binary_cross_entropy",),
    ),
    "sigmoid_bce_grad": Formula(
        _eq(
            _d(
                sp.Mul(-1, t_scalar * log(sigma(z_scalar)), evaluate=False)
                - (1 - t_scalar) * log(1 - sigma(z_scalar)),
                z_scalar,
            ),
            sigma(z_scalar) - t_scalar,
        ),
        against="binary_cross_entropy",
        sample=_scalar_logits,
        reference=lambda d: _grad(
            losskit.binary_cross_entropy, d["z"], d["t"], from_logits=True, reduction="sum"
        ),
    ),
    "sigmoid_mse_grad": Formula(
        _eq(
            _d((sigma(z_scalar) - t_scalar) ** 2, z_scalar),
            sp.Mul(
                2, sigma(z_scalar) - t_scalar, sigma(z_scalar), 1 - sigma(z_scalar), evaluate=False
            ),
        ),
        against="mse",
        sample=_scalar_logits,
        reference=lambda d: (
            _grad(losskit.mse, _sigmoid(d["z"]), d["t"], reduction="sum")
            * _sigmoid(d["z"])
            * (1 - _sigmoid(d["z"]))
        ),  # chain rule: mse's gradient times sigma'(z)
    ),
    "categorical_cross_entropy": Formula(
        _eq(ell[n], -_sum(t[n, k] * log(p[n, k]), k)),
        against="categorical_cross_entropy",
        sample=_distributions,
        reference=lambda d: losskit.categorical_cross_entropy(d["y"], d["t"], reduction="none"),
        docstrings=("categorical_cross_entropy",),
    ),
    "categorical_cross_entropy_logits": Formula(
        _eq(ell[n], _sum(t[n, k] * (logsumexp(z, n) - z[n, k]), k)),
        against="categorical_cross_entropy",
        sample=_logits_and_targets,
        reference=lambda d: losskit.categorical_cross_entropy(
            d["z"], d["t"], from_logits=True, reduction="none"
        ),
        docstrings=("categorical_cross_entropy",),
    ),
    "sparse_categorical_cross_entropy": Formula(
        _eq(ell[n], -log(p[n, c[n]])),
        against="sparse_categorical_cross_entropy",
        sample=_labels,
        reference=lambda d: losskit.sparse_categorical_cross_entropy(
            d["y"], d["c"], reduction="none"
        ),
        docstrings=("sparse_categorical_cross_entropy",),
    ),
    "sparse_categorical_cross_entropy_logits": Formula(
        _eq(ell[n], logsumexp(z, n) - z[n, c[n]]),
        against="sparse_categorical_cross_entropy",
        sample=_labels,
        reference=lambda d: losskit.sparse_categorical_cross_entropy(
            d["z"], d["c"], from_logits=True, reduction="none"
        ),
        docstrings=("sparse_categorical_cross_entropy",),
    ),
    "kl_divergence": Formula(
        _eq(ell[n], _sum(t[n, k] * (log(t[n, k]) - log(y[n, k])), k)),
        against="kl_divergence",
        sample=_distributions,
        reference=lambda d: losskit.kl_divergence(d["y"], d["t"], reduction="none"),
        docstrings=("kl_divergence",),
    ),
    "kl_divergence_vector": Formula(
        _eq(Name(r"\operatorname{KL}(t \,\|\, y)"), _sum(t[k] * (log(t[k]) - log(y[k])), k)),
        against="kl_divergence",
        sample=_distribution,
        reference=lambda d: losskit.kl_divergence(d["y"], d["t"]),
    ),
    "sample_reduction": Formula(
        _eq(L_sym, _per_sample),
        against="categorical_cross_entropy",
        sample=lambda rng: _with_ell(
            _distributions(rng), lambda d: -(d["t"] * np.log(d["y"])).sum(axis=-1)
        ),
        reference=lambda d, reduction: losskit.categorical_cross_entropy(
            d["y"], d["t"], reduction=reduction
        ),
        docstrings=(
            "categorical_cross_entropy",
            "sparse_categorical_cross_entropy",
            "kl_divergence",
            "multilabel_soft_margin",
            "multi_margin",
            "multilabel_margin",
        ),
    ),
    # ---- activations
    "sigmoid": Formula(
        _eq(sigma(z_scalar), 1 / (1 + exp(-z_scalar))),
        against="sigmoid",
        sample=_scalar_logits,
        reference=lambda d: losskit.sigmoid(d["z"]),
        docstrings=("sigmoid",),
    ),
    "log_sigmoid": Formula(
        _eq(log(sigma(z_scalar)), -softplus(-z_scalar)),
        against="log_sigmoid",
        sample=_scalar_logits,
        reference=lambda d: losskit.log_sigmoid(d["z"]),
        docstrings=("log_sigmoid",),
    ),
    "softplus": Formula(
        _eq(softplus(z_scalar), Max(z_scalar, 0) + log(1 + exp(-Abs(z_scalar)))),
        against="binary_cross_entropy",
        sample=_scalar_logits,
        reference=lambda d: losskit.binary_cross_entropy(
            d["z"], np.zeros_like(d["z"]), from_logits=True, reduction="none"
        ),  # BCE from logits with t = 0 is softplus(z)
        docstrings=("log_sigmoid", "binary_cross_entropy"),
    ),
    "softmax": Formula(
        _eq(Name(r"\operatorname{softmax}(z)_k"), exp(z[k]) / _sum(exp(z[j]), j)),
        against="softmax",
        sample=_logit_vector,
        reference=lambda d: losskit.softmax(d["z"]),
        docstrings=("softmax",),
    ),
    "softmax_shift": Formula(
        _eq(
            Name(r"\operatorname{softmax}(z)_k"),
            exp(z[k] - m) / _sum(exp(z[j] - m), j),
        ),
        against="softmax",
        sample=lambda rng: _with_max(_logit_vector(rng)),
        reference=lambda d: losskit.softmax(d["z"]),
        docstrings=("softmax",),
    ),
    "log_softmax": Formula(
        _eq(Name(r"\log \operatorname{softmax}(z)_k"), z[k] - _lse(z[j], j)),
        against="log_softmax",
        sample=_logit_vector,
        reference=lambda d: losskit.log_softmax(d["z"]),
        docstrings=("log_softmax",),
    ),
    "log_softmax_shift": Formula(
        _eq(Name(r"\log \operatorname{softmax}(z)_k"), z[k] - m - _lse(z[j] - m, j)),
        against="log_softmax",
        sample=lambda rng: _with_max(_logit_vector(rng)),
        reference=lambda d: losskit.log_softmax(d["z"]),
        docstrings=("log_softmax",),
    ),
    "logsumexp": Formula(
        _eq(Name(r"\operatorname{logsumexp}(z)"), _lse(z[k], k)),
        against="logsumexp",
        sample=_logit_vector,
        reference=lambda d: losskit.logsumexp(d["z"]),
        docstrings=("logsumexp",),
    ),
    "logsumexp_shift": Formula(
        _eq(Name(r"\operatorname{logsumexp}(z)"), m + log(_sum(exp(z[k] - m), k))),
        against="logsumexp",
        sample=lambda rng: {**_logit_vector(rng), "m": float(rng.normal(scale=5))},
        reference=lambda d: losskit.logsumexp(d["z"]),  # any m: the identity holds for all
        docstrings=("logsumexp",),
    ),
    # ---- sequences
    "ctc_loss": Formula(
        _eq(
            Name(r"\operatorname{CTC}(x, l)"),
            -log(Sum(Product(frames[tt, alignment[a, tt]], (tt, 0, T - 1)), (a, 0, A - 1))),
        ),
        against="ctc_loss",
        sample=_ctc,
        reference=lambda d: losskit.ctc_loss(*_ctc_arguments(d), reduction="sum"),
        docstrings=("ctc_loss",),
    ),
    "ctc_grad": Formula(
        _eq(_d(Name(r"\operatorname{CTC}"), Name(r"\log y^t_k")), -gamma(tt, k)),
        against="ctc_loss",
        sample=_ctc,
        reference=lambda d: _grad(losskit.ctc_loss, *_ctc_arguments(d), reduction="sum"),
    ),
    "ctc_logits_grad": Formula(
        _eq(_d(Name(r"\operatorname{CTC}"), Name(r"u^t_k")), frames[tt, k] - gamma(tt, k)),
        against="ctc_loss",
        sample=_ctc,
        reference=lambda d: _through_log_softmax(
            d["Y"], _grad(losskit.ctc_loss, *_ctc_arguments(d), reduction="sum")
        ),
    ),
    "ctc_reduction": Formula(
        _eq(
            L_sym,
            Piecewise(
                (_sum(ctc_n[n] / Max(U[n], 1), n) / N, MEAN),
                (_sum(ctc_n[n], n), SUM),
            ),
        ),
        against="ctc_loss",
        sample=_ctc_batch,
        reference=lambda d, reduction: losskit.ctc_loss(
            *_log_probs_and_targets(d), reduction=reduction
        ),
        docstrings=("ctc_loss",),
    ),
    # ---- several outputs
    "combine_losses": Formula(
        _eq(
            L_sym,
            Piecewise(
                (Sum(w[i] * L_part[i], (i, 0, n_el - 1)) / Sum(w[i], (i, 0, n_el - 1)), MEAN),
                (Sum(w[i] * L_part[i], (i, 0, n_el - 1)), SUM),
            ),
        ),
        against="combine_losses",
        sample=_several,
        reference=lambda d, reduction: losskit.combine_losses(
            list(d["L"]), list(d["w"]), reduction=reduction
        ),
        docstrings=("combine_losses",),
    ),
}


def _cases(*pieces: tuple[sp.Basic, Boolean]) -> Piecewise:
    """Cases exactly as written (sympy would turn the last condition into True)."""
    return Piecewise(*pieces, evaluate=False)


def _half(x: sp.Basic) -> sp.Basic:
    r"""``\frac{1}{2} x`` with x kept in brackets (sympy would distribute the half)."""
    return sp.Mul(Rational(1, 2), x, evaluate=False)


def _flagged(name: str) -> tuple[Option, Option]:
    return Option(name, "True"), Option(name, "False")


LOG_INPUT, RATE_INPUT = _flagged("log_input")
SQUARED, NOT_SQUARED = _flagged("squared")

_r = y[i] - t[i]  # the residual of an element-wise regression loss
_label_log = w[c[n]] * log(p[n, c[n]])  # w_{c_n} log p_{n,c_n}
_weight_of_labels = Sum(w[c[other_sample]], (other_sample, 0, N - 1))
_smoothed = (1 - eps) * t[n, k] + eps / K
_smoothed_label_log = (1 - eps) * _label_log + eps / K * _sum(w[k] * log(p[n, k]), k)
_focal_bracket = t[i] * log(p[i]) + (1 - t[i]) * log(1 - p[i])
_cos = cosine(i)
ignored = sp.Symbol("iota", integer=True)  # ignore_index


def _kept(index: Idx) -> sp.Basic:
    """1 where sample ``index``'s label is not ignore_index, else 0."""
    return 1 - indicator(c[index], ignored)


def _ignoring(rng: np.random.Generator) -> Inputs:
    """``_weighted_labels`` with ignore_index = class 0: the first label kept, the last ignored."""
    inputs = _weighted_labels(rng)
    labels = inputs["c"].copy()
    labels[0], labels[-1] = 1, 0
    return {**inputs, "c": labels, "iota": 0}  # a class: every index stays in range


_CATALOGUE: dict[str, Formula] = {
    # ---- class weights, ignore_index, label smoothing (categorical)
    "nll_loss": Formula(
        _eq(
            L_sym,
            _cases(
                (-_sum(w[c[n]] * log_probs[n, c[n]], n) / _weight_of_labels, MEAN),
                (-_sum(w[c[n]] * log_probs[n, c[n]], n), SUM),
            ),
        ),
        against="nll_loss",
        sample=lambda rng: (lambda d: {**d, "x": np.log(d["p"])})(_weighted_labels(rng)),
        reference=lambda d, reduction: losskit.nll_loss(
            d["x"], d["c"], weight=d["w"], reduction=reduction
        ),
        docstrings=("nll_loss",),
    ),
    "class_weighted_mean": Formula(
        _eq(
            L_sym,
            _cases(
                (-_sum(_label_log, n) / _weight_of_labels, MEAN),
                (-_sum(_label_log, n), SUM),
            ),
        ),
        against="sparse_categorical_cross_entropy",
        sample=_weighted_labels,
        reference=lambda d, reduction: losskit.sparse_categorical_cross_entropy(
            d["p"], d["c"], weight=d["w"], reduction=reduction
        ),
        docstrings=("sparse_categorical_cross_entropy",),
    ),
    "ignore_index_mean": Formula(
        _eq(
            L_sym,
            -SumWhere(_label_log, n, _kept(n), Name(r"n:\, c_n \ne \iota"))
            / SumWhere(
                w[c[other_sample]], other_sample, _kept(other_sample), Name(r"m:\, c_m \ne \iota")
            ),
        ),
        against="sparse_categorical_cross_entropy",
        sample=_ignoring,
        reference=lambda d: losskit.sparse_categorical_cross_entropy(
            d["p"], d["c"], weight=d["w"], ignore_index=d["iota"]
        ),
    ),
    "class_weighted_grad": Formula(
        _eq(_d(L_sym, z[n, k]), w[c[n]] * (y[n, k] - indicator(k, c[n])) / _weight_of_labels),
        against="sparse_categorical_cross_entropy",
        sample=_weighted_labels,
        reference=lambda d: _grad(
            losskit.sparse_categorical_cross_entropy,
            d["z"],
            d["c"],
            from_logits=True,
            weight=d["w"],
        ),
    ),
    "label_smoothing": Formula(
        _eq(ell[n], -_sum(w[k] * _smoothed * log(p[n, k]), k)),
        against="categorical_cross_entropy",
        sample=_weighted_distributions,
        reference=lambda d: losskit.categorical_cross_entropy(
            d["p"], d["t"], weight=d["w"], label_smoothing=d["eps"], reduction="none"
        ),
        docstrings=("categorical_cross_entropy",),
    ),
    "label_smoothing_weighted_mean": Formula(
        _eq(
            L_sym,
            _cases(
                (-_sum(_smoothed_label_log, n) / _weight_of_labels, MEAN),
                (-_sum(_smoothed_label_log, n), SUM),
            ),
        ),
        against="sparse_categorical_cross_entropy",
        sample=_weighted_labels,
        reference=lambda d, reduction: losskit.sparse_categorical_cross_entropy(
            d["p"], d["c"], weight=d["w"], label_smoothing=d["eps"], reduction=reduction
        ),
        docstrings=("sparse_categorical_cross_entropy",),
    ),
    "label_smoothing_grad": Formula(
        _eq(_d(ell[n], z[n, k]), y[n, k] - (1 - eps) * indicator(k, c[n]) - eps / K),
        against="sparse_categorical_cross_entropy",
        sample=_weighted_labels,
        reference=lambda d: _grad(
            losskit.sparse_categorical_cross_entropy,
            d["z"],
            d["c"],
            from_logits=True,
            label_smoothing=d["eps"],
            reduction="sum",
        ),
    ),
    # ---- weight and pos_weight (binary), focal loss, multilabel soft margin
    "binary_cross_entropy_weighted": Formula(
        _eq(
            ell[i],
            sp.Mul(-1, w[i], pos_w[i] * t[i] * log(p[i]) + (1 - t[i]) * log(1 - p[i])),
        ),
        against="binary_cross_entropy",
        sample=_weighted_binary,
        reference=lambda d: losskit.binary_cross_entropy(
            d["p"], d["t"], weight=d["w"], pos_weight=d["pw"], reduction="none"
        ),
        docstrings=("binary_cross_entropy",),
    ),
    "binary_cross_entropy_logits_weighted": Formula(
        _eq(
            ell[i],
            w[i] * (pos_w[i] * t[i] * softplus(-z[i]) + (1 - t[i]) * softplus(z[i])),
        ),
        against="binary_cross_entropy",
        sample=_weighted_binary,
        reference=lambda d: losskit.binary_cross_entropy(
            d["z"], d["t"], from_logits=True, weight=d["w"], pos_weight=d["pw"], reduction="none"
        ),
        docstrings=("binary_cross_entropy",),
    ),
    "pos_weight_grad": Formula(
        _eq(
            _d(ell[i], z[i]),
            w[i] * ((1 - t[i]) * sigma(z[i]) - pos_w[i] * t[i] * sigma(-z[i])),
        ),
        against="binary_cross_entropy",
        sample=_weighted_binary,
        reference=lambda d: _grad(
            losskit.binary_cross_entropy,
            d["z"],
            d["t"],
            from_logits=True,
            weight=d["w"],
            pos_weight=d["pw"],
            reduction="sum",
        ),
    ),
    "binary_focal_loss": Formula(
        _eq(
            ell[i],
            sp.Mul(-1, focal_alpha(i), (1 - focal_pt(i)) ** focus, _focal_bracket, evaluate=False),
        ),
        against="binary_focal_loss",
        sample=_focal,
        reference=lambda d: losskit.binary_focal_loss(
            d["p"], d["t"], alpha=d["alpha"], gamma=d["gamma_focal"], reduction="none"
        ),
        docstrings=("binary_focal_loss",),
    ),
    "focal_p_t": Formula(
        _eq(focal_pt(i), focal_pt(i).unfold()),
        against="binary_focal_loss",
        sample=_hard_focal,
        reference=lambda d: np.exp(  # gamma = 0, no alpha: BCE = -log p_t
            -losskit.binary_focal_loss(d["p"], d["t"], alpha=None, gamma=0.0, reduction="none")
        ),
        docstrings=("binary_focal_loss",),
    ),
    "focal_alpha_t": Formula(
        _eq(focal_alpha(i), focal_alpha(i).unfold()),
        against="binary_focal_loss",
        sample=_hard_focal,
        reference=lambda d: (
            losskit.binary_focal_loss(d["p"], d["t"], alpha=d["alpha"], gamma=0.0, reduction="none")
            / losskit.binary_cross_entropy(d["p"], d["t"], reduction="none")
        ),  # with gamma = 0 the focal loss is alpha_t times BCE
        docstrings=("binary_focal_loss",),
    ),
    "focal_positive_grad": Formula(
        _eq(
            _d(Name(r"\ell"), z_scalar),
            sp.Mul(
                alpha,
                (1 - sigma(z_scalar)) ** focus,
                sp.Add(
                    sp.Mul(focus, sigma(z_scalar), log(sigma(z_scalar)), evaluate=False),
                    sp.Mul(-1, 1 - sigma(z_scalar), evaluate=False),
                    evaluate=False,
                ),
                evaluate=False,
            ),
        ),
        against="binary_focal_loss",
        sample=lambda rng: {
            **_scalar_logits(rng),
            "alpha": float(rng.uniform(0.05, 0.95)),
            "gamma_focal": float(rng.uniform(0, 4)),
        },
        reference=lambda d: _grad(
            losskit.binary_focal_loss,
            d["z"],
            np.ones_like(d["z"]),
            alpha=d["alpha"],
            gamma=d["gamma_focal"],
            from_logits=True,
            reduction="sum",
        ),
    ),
    "multilabel_soft_margin": Formula(
        _eq(
            ell[n],
            _sum(w[k] * (t[n, k] * softplus(-y[n, k]) + (1 - t[n, k]) * softplus(y[n, k])), k) / K,
        ),
        against="multilabel_soft_margin",
        sample=_multilabel,
        reference=lambda d: losskit.multilabel_soft_margin(
            d["y"], d["t"], weight=d["w"], reduction="none"
        ),
        docstrings=("multilabel_soft_margin",),
    ),
    # ---- multiclass margins
    "multi_margin": Formula(
        _eq(
            ell[n],
            SumWhere(
                w[c[n]] * Max(0, Delta - y[n, c[n]] + y[n, k]) ** power,
                k,
                1 - indicator(k, c[n]),
                Name(r"k \ne c_n"),
            )
            / K,
        ),
        against="multi_margin",
        sample=_margin_labels,
        reference=lambda d: losskit.multi_margin(
            d["y"], d["c"], p=d["power"], margin=d["Delta"], weight=d["w"], reduction="none"
        ),
        docstrings=("multi_margin",),
    ),
    "multilabel_margin": Formula(
        _eq(
            ell[n],
            SumWhere(
                SumWhere(
                    Max(0, 1 - (y[n, j] - y[n, k])),
                    k,
                    1 - member[n, k],
                    Name(r"k \notin J_n"),
                ),
                j,
                member[n, j],
                Name(r"j \in J_n"),
            )
            / K,
        ),
        against="multilabel_margin",
        sample=_multilabel,
        reference=lambda d: losskit.multilabel_margin(d["y"], d["lists"], reduction="none"),
        docstrings=("multilabel_margin",),
    ),
    # ---- robust and probabilistic regression
    "smooth_l1": Formula(
        _eq(
            _ell("SmoothL1"),
            _cases(
                (_r**2 / (2 * beta), _abs(_r) < beta),
                (_abs(_r) - beta / 2, _abs(_r) >= beta),
            ),
        ),
        against="smooth_l1",
        sample=_regression,
        reference=lambda d: losskit.smooth_l1(d["y"], d["t"], beta=d["beta"], reduction="none"),
        docstrings=("smooth_l1",),
    ),
    "smooth_l1_grad": Formula(
        _eq(
            _d(_ell("SmoothL1"), y[i]),
            _cases((_r / beta, _abs(_r) < beta), (sp.sign(_r), _abs(_r) >= beta)),
        ),
        against="smooth_l1",
        sample=_regression,
        reference=lambda d: _grad(
            losskit.smooth_l1, d["y"], d["t"], beta=d["beta"], reduction="sum"
        ),
    ),
    "log_cosh": Formula(
        _eq(_ell("log-cosh"), log(sp.cosh(_r, evaluate=False))),
        against="log_cosh",
        sample=_regression,
        reference=lambda d: losskit.log_cosh(d["y"], d["t"], reduction="none"),
        docstrings=("log_cosh",),
    ),
    "log_cosh_grad": Formula(
        _eq(_d(_ell("log-cosh"), y[i]), sp.tanh(_r, evaluate=False)),
        against="log_cosh",
        sample=_regression,
        reference=lambda d: _grad(losskit.log_cosh, d["y"], d["t"], reduction="sum"),
    ),
    "pinball": Formula(
        _eq(
            ell[i],
            _cases((alpha * (t[i] - y[i]), y[i] <= t[i]), ((1 - alpha) * _r, y[i] > t[i])),
        ),
        against="pinball",
        sample=_regression,
        reference=lambda d: losskit.pinball(d["y"], d["t"], alpha=d["alpha"], reduction="none"),
        docstrings=("pinball",),
    ),
    "pinball_grad": Formula(
        _eq(_d(ell[i], y[i]), _cases((-alpha, y[i] < t[i]), (1 - alpha, y[i] > t[i]))),
        against="pinball",
        sample=_regression,
        reference=lambda d: _grad(
            losskit.pinball, d["y"], d["t"], alpha=d["alpha"], reduction="sum"
        ),
    ),
    "poisson_nll": Formula(
        _eq(
            ell[i],
            _cases(
                (exp(y[i]) - t[i] * y[i], LOG_INPUT),
                (y[i] - t[i] * log(y[i] + eps), RATE_INPUT),
            ),
        ),
        against="poisson_nll",
        sample=_counts,
        reference=lambda d, log_input: losskit.poisson_nll(
            d["y"], d["t"], log_input=_flag(log_input), reduction="none"
        ),
        docstrings=("poisson_nll",),
    ),
    "poisson_nll_full": Formula(
        _eq(
            Name(r"\ell_i^{\text{full}}"),
            ell[i]
            + _cases(
                (t[i] * log(t[i]) - t[i] + _half(log(2 * sp.pi * t[i])), t[i] > 1),
                (0, t[i] <= 1),
            ),
        ),
        against="poisson_nll",
        sample=lambda rng: _with_ell(_counts(rng), lambda d: np.exp(d["y"]) - d["t"] * d["y"]),
        reference=lambda d: losskit.poisson_nll(d["y"], d["t"], full=True, reduction="none"),
        docstrings=("poisson_nll",),
    ),
    "poisson_nll_grad": Formula(
        _eq(_d(ell[i], y[i]), exp(y[i]) - t[i]),
        against="poisson_nll",
        sample=_counts,
        reference=lambda d: _grad(losskit.poisson_nll, d["y"], d["t"], reduction="sum"),
    ),
    "gaussian_nll": Formula(
        _eq(
            ell[i],
            _half(log(Max(v[i], eps)) + _r**2 / Max(v[i], eps)),
        ),
        against="gaussian_nll",
        sample=_gaussian,
        reference=lambda d: losskit.gaussian_nll(d["y"], d["t"], d["v"], reduction="none"),
        docstrings=("gaussian_nll",),
    ),
    "gaussian_nll_full": Formula(
        _eq(Name(r"\ell_i^{\text{full}}"), ell[i] + _half(log(2 * sp.pi))),
        against="gaussian_nll",
        sample=lambda rng: _with_ell(
            _gaussian(rng),
            lambda d: (
                0.5
                * (
                    np.log(np.maximum(d["v"], d["eps"]))
                    + (d["y"] - d["t"]) ** 2 / np.maximum(d["v"], d["eps"])
                )
            ),
        ),
        reference=lambda d: losskit.gaussian_nll(
            d["y"], d["t"], d["v"], full=True, reduction="none"
        ),
        docstrings=("gaussian_nll",),
    ),
    "gaussian_nll_grad": Formula(
        _eq(_d(ell[i], y[i]), _r / v[i]),
        against="gaussian_nll",
        sample=_gaussian_unclamped,
        reference=lambda d: _grad(losskit.gaussian_nll, d["y"], d["t"], d["v"], reduction="sum"),
    ),
    "gaussian_nll_var_grad": Formula(
        _eq(_d(ell[i], v[i]), _half(1 / v[i] - _r**2 / v[i] ** 2)),
        against="gaussian_nll",
        sample=_gaussian_unclamped,
        reference=lambda d: losskit.value_and_grad(
            losskit.gaussian_nll, d["y"], d["t"], d["v"], argnums=2, reduction="sum"
        )[1],
    ),
    # ---- margins, ranking and embeddings
    "hinge": Formula(
        _eq(
            ell[i],
            _cases(
                (Max(0, m - t[i] * y[i]), NOT_SQUARED),
                (Max(0, m - t[i] * y[i]) ** 2, SQUARED),
            ),
        ),
        against="hinge",
        sample=_signed,
        reference=lambda d, squared: losskit.hinge(
            d["y"], d["t"], margin=d["m"], squared=_flag(squared), reduction="none"
        ),
        docstrings=("hinge",),
    ),
    "hinge_grad": Formula(
        _eq(_d(ell[i], y[i]), _cases((-t[i], t[i] * y[i] <= m), (0, t[i] * y[i] > m))),
        against="hinge",
        sample=_signed,
        reference=lambda d: _grad(losskit.hinge, d["y"], d["t"], margin=d["m"], reduction="sum"),
    ),
    "soft_margin": Formula(
        _eq(ell[i], log(1 + exp(-t[i] * y[i]))),
        against="soft_margin",
        sample=_signed,
        reference=lambda d: losskit.soft_margin(d["y"], d["t"], reduction="none"),
        docstrings=("soft_margin",),
    ),
    "soft_margin_grad": Formula(
        _eq(_d(ell[i], y[i]), -t[i] * sigma(-t[i] * y[i])),
        against="soft_margin",
        sample=_signed,
        reference=lambda d: _grad(losskit.soft_margin, d["y"], d["t"], reduction="sum"),
    ),
    "hinge_embedding": Formula(
        _eq(ell[i], _cases((y[i], Eq(t[i], 1)), (Max(0, m - y[i]), Eq(t[i], -1)))),
        against="hinge_embedding",
        sample=_distances,
        reference=lambda d: losskit.hinge_embedding(
            d["y"], d["t"], margin=d["m"], reduction="none"
        ),
        docstrings=("hinge_embedding",),
    ),
    "hinge_embedding_grad": Formula(
        _eq(
            _d(ell[i], y[i]),
            _cases(
                (1, Eq(t[i], 1)),
                (-1, sp.And(Eq(t[i], -1), y[i] <= m, evaluate=False)),
                (0, sp.And(Eq(t[i], -1), y[i] > m, evaluate=False)),
            ),
        ),
        against="hinge_embedding",
        sample=_distances,
        reference=lambda d: _grad(
            losskit.hinge_embedding, d["y"], d["t"], margin=d["m"], reduction="sum"
        ),
    ),
    "margin_ranking": Formula(
        _eq(ell[i], Max(0, m - t[i] * (y1[i] - y2[i]))),
        against="margin_ranking",
        sample=_ranked,
        reference=lambda d: losskit.margin_ranking(
            d["y1"], d["y2"], d["t"], margin=d["m"], reduction="none"
        ),
        docstrings=("margin_ranking",),
    ),
    "margin_ranking_grad": Formula(
        _eq(
            _d(ell[i], y1[i]),
            _cases((-t[i], t[i] * (y1[i] - y2[i]) < m), (0, t[i] * (y1[i] - y2[i]) >= m)),
        ),
        against="margin_ranking",
        sample=_ranked,
        reference=lambda d: _grad(
            losskit.margin_ranking, d["y1"], d["y2"], d["t"], margin=d["m"], reduction="sum"
        ),
    ),
    "cosine_embedding": Formula(
        _eq(ell[i], _cases((1 - _cos, Eq(t[i], 1)), (Max(0, _cos - m), Eq(t[i], -1)))),
        against="cosine_embedding",
        sample=_embedding_pairs,
        reference=lambda d: losskit.cosine_embedding(
            d["y1"], d["y2"], d["t"], margin=d["m"], reduction="none"
        ),
        docstrings=("cosine_embedding",),
    ),
    "cosine_similarity": Formula(
        _eq(_cos, _cos.unfold()),
        against="cosine_embedding",
        sample=_embedding_pairs,
        reference=lambda d: (
            1  # with t = +1 the loss is 1 - cos
            - losskit.cosine_embedding(d["y1"], d["y2"], np.ones(d["n"]), reduction="none")
        ),
        docstrings=("cosine_embedding",),
    ),
    "triplet_margin": Formula(
        _eq(
            ell[i],
            Max(0, m + pnorm(anchor, positive, i) - pnorm(anchor, negative, i)),
        ),
        against="triplet_margin",
        sample=_triplets,
        reference=lambda d: losskit.triplet_margin(
            d["anc"],
            d["pos"],
            d["neg"],
            margin=d["m"],
            p=d["power"],
            eps=d["eps"],
            reduction="none",
        ),
        docstrings=("triplet_margin",),
    ),
}
FORMULAS.update(_CATALOGUE)

# --------------------------------------------------------------------------- pages

_LINE = re.compile(r"^\s*(?P<id>[A-Za-z0-9_]+)(?P<tail>.*)$")


class UnknownFormulaError(ValueError):
    """A page names a formula id that FORMULAS does not hold."""


def fence_tex(source: str) -> tuple[list[str], str]:
    """The ids and the display TeX of a ``formula`` fence: one id per line, then optional TeX."""
    ids, parts = [], []
    for line in source.strip().splitlines():
        match = _LINE.match(line)
        if match is None or match["id"] not in FORMULAS:
            known = ", ".join(sorted(FORMULAS))
            raise UnknownFormulaError(f"formula fence line {line!r}: expected an id of {known}")
        ids.append(match["id"])
        parts.append(FORMULAS[match["id"]].tex + match["tail"].rstrip())
    tex = "\n".join(parts)
    if any(part.endswith(r"\\") for part in parts):  # one formula per line, centred
        tex = "\\begin{gathered}\n" + tex + "\n\\end{gathered}"
    return ids, tex


def fence(source: str, language: str, class_name: str, options: Any, md: Any, **kwargs: Any) -> str:
    """pymdownx.superfences formatter: arithmatex's own display element, plus ``data-formula``."""
    try:
        ids, tex = fence_tex(source)
    except UnknownFormulaError as error:  # fail the build, not a silent code block
        raise SuperFencesException(str(error)) from error
    display = arithmatex_fenced_format(mode="generic", tag="div")
    return display(  # type: ignore[no-any-return]
        tex,
        language,
        class_name,
        options,
        md,
        classes=[],
        id_value="",
        attrs={"data-formula": " ".join(ids)},
    )
