"""docs/formulas.py: each formula agrees with losskit, is generated TeX, reaches pages and docs.

The mutation tests break a formula the way formulas break in print (a flipped sign, a lost
half, a wrong index, swapped arguments, the wrong normaliser) and require the numeric check
to notice, so a check that passes cannot be a check that compares nothing.
"""

from __future__ import annotations

import copy
import html
import importlib.util
import inspect
import re
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
import sympy as sp

import losskit
from losskit._registry import REGISTRY

DOCS = Path(__file__).resolve().parent.parent / "docs"
sys.path.insert(0, str(DOCS))

import formulas  # noqa: E402
from formulas import FORMULAS, render  # noqa: E402

SEEDS = range(5)
TOLERANCE = 1e-10
NOT_LOSSES = {  # public names that are tools, not losses or activations
    "LOSS_GUIDE",
    "LossGuideRow",
    "numerical_gradient",
    "recommend_loss",
    "value_and_grad",
}
LOSS_PAGES = (
    "mean-squared-error",
    "cross-entropy",
    "mini-batch",
    "regression",
    "classification",
    "ctc",
    "ctc-algorithm",
    "logits-and-stability",
    "choosing-a-loss",
    "conventions",
    "imbalance",
    "probabilistic-regression",
    "margins",
)


def _public_losses() -> list[str]:
    return sorted(name for name in losskit.__all__ if name not in NOT_LOSSES)


# --------------------------------------------------------------------------- registry


@pytest.mark.parametrize("formula_id", sorted(FORMULAS))
def test_formula_agrees_with_losskit(formula_id: str) -> None:
    formula = FORMULAS[formula_id]
    worst = max(formula.check(np.random.default_rng(seed)) for seed in SEEDS)
    assert worst < TOLERANCE, (
        f"{formula_id} ({formula.tex}) is off {formula.against} by {worst:.3g}"
    )


@pytest.mark.parametrize("formula_id", sorted(FORMULAS))
def test_tex_is_the_house_printer_output(formula_id: str) -> None:
    formula = FORMULAS[formula_id]
    assert render(formula.expr) == formula.tex


@pytest.mark.parametrize("formula_id", sorted(FORMULAS))
def test_formula_names_a_public_losskit_function(formula_id: str) -> None:
    assert FORMULAS[formula_id].against in _public_losses()


@pytest.mark.parametrize("name", _public_losses())
def test_every_loss_and_activation_has_a_formula(name: str) -> None:
    assert any(f.against == name for f in FORMULAS.values()), (
        f"losskit.{name} has no formula in docs/formulas.py; add one (recipe in its docstring)"
    )


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_registered_loss_names_its_formula(name: str) -> None:
    formula_id = REGISTRY[name].formula
    assert formula_id in FORMULAS, (
        f"{name} is registered with formula={formula_id!r}: not in FORMULAS"
    )
    assert FORMULAS[formula_id].against == name
    assert name in FORMULAS[formula_id].docstrings


@pytest.mark.parametrize(
    "formula_id",
    [
        "mean_squared_error_grad",  # MSE: y - t
        "softmax_ce_grad",  # softmax + CE: y - t
        "sigmoid_bce_grad",  # sigmoid + BCE: sigma(z) - t
        "huber_grad",  # Huber: the clipped residual
        "mse_grad",
        "mae_grad",
        "softmax_ce_batch_grad",
        "sigmoid_mse_grad",
        "ctc_grad",  # CTC: minus the alignment posterior
        "ctc_logits_grad",
        "class_weighted_grad",  # the catalogue's pages (issue 10)
        "label_smoothing_grad",
        "pos_weight_grad",
        "focal_positive_grad",
        "poisson_nll_grad",
        "gaussian_nll_grad",
        "gaussian_nll_var_grad",
        "pinball_grad",
        "log_cosh_grad",
        "smooth_l1_grad",
        "hinge_grad",
        "soft_margin_grad",
        "margin_ranking_grad",
    ],
)
def test_stated_gradients_are_registered(formula_id: str) -> None:
    assert r"\partial" in FORMULAS[formula_id].tex


# --------------------------------------------------------------------------- printer


def test_house_printer_writes_the_page_style() -> None:
    y, t, k, n = formulas.y, formulas.t, formulas.k, formulas.n
    half_sum = sp.Rational(1, 2) * sp.Sum((y[k] - t[k]) ** 2, (k, k.lower, k.upper))
    assert render(half_sum) == r"\frac{1}{2} \sum_k (y_k - t_k)^2"
    batch = -sp.Sum(t[n, k] * sp.log(y[n, k]), (k, k.lower, k.upper), (n, n.lower, n.upper))
    assert render(batch / formulas.N) == r"-\frac{1}{N} \sum_n \sum_k t_{nk} \log y_{nk}"
    assert render(sp.log(y[k] + formulas.delta)) == r"\log(y_k + \delta)"


def test_house_printer_writes_explicit_limits_for_part_of_a_range() -> None:
    y, k = formulas.y, formulas.k
    assert render(sp.Sum(y[k], (k, 1, formulas.K - 1))) == r"\sum_{k=1}^{K - 1} y_k"


@pytest.mark.parametrize("formula_id", sorted(FORMULAS))
def test_generated_tex_has_no_sympy_noise(formula_id: str) -> None:
    tex = FORMULAS[formula_id].tex
    for noise in (r"\left", r"\right", r"{\left(", r"\text{for}", "_{k}", "^{2}", r"\cdot"):
        assert noise not in tex, f"{formula_id}: {noise!r} in {tex}"


def test_case_without_a_condition_is_refused() -> None:
    x = formulas.z_scalar
    with pytest.raises(ValueError, match="write the condition of the last case"):
        render(sp.Piecewise((x, x > 0), (0, True)))


# --------------------------------------------------------------------------- mutants

_y, _t, _p, _z = formulas.y, formulas.t, formulas.p, formulas.z
_n, _k, _j, _i = formulas.n, formulas.k, formulas.j, formulas.i
Mutation = Callable[[sp.Basic], sp.Basic]


def _flip_sign(expr: sp.Basic) -> sp.Basic:
    return sp.Eq(expr.lhs, -expr.rhs, evaluate=False)


def _replace(old: sp.Basic, new: sp.Basic) -> Mutation:
    return lambda expr: expr.xreplace({old: new})


MUTANTS: dict[str, tuple[str, Mutation]] = {
    "flipped sign, MSE gradient t - y": ("mean_squared_error_grad", _flip_sign),
    "flipped sign, softmax + CE gradient t - y": ("softmax_ce_grad", _flip_sign),
    "flipped sign, sigmoid + BCE gradient t - sigma(z)": ("sigmoid_bce_grad", _flip_sign),
    "flipped sign, cross-entropy without the minus": ("cross_entropy", _flip_sign),
    "missing 1/2, article's squared error": (
        "mean_squared_error",
        _replace(sp.Rational(1, 2), sp.Integer(1)),
    ),
    "missing 1/2, Huber's quadratic part": ("huber", _replace(sp.Rational(1, 2), sp.Integer(1))),
    "missing 2, framework MSE gradient": ("mse_grad", _replace(sp.Integer(2), sp.Integer(1))),
    "wrong index, label of sample 0 for every sample": (
        "sparse_categorical_cross_entropy",
        _replace(formulas.c[_n], formulas.c[0]),
    ),
    "wrong index, target row 0 for every row": (
        "categorical_cross_entropy",
        _replace(_t[_n, _k], _t[0, _k]),
    ),
    "wrong index, softmax normalised over the wrong class index": (
        "softmax",
        _replace(sp.exp(_z[_j]), sp.exp(_z[_k])),
    ),
    "wrong normaliser, 1/K instead of 1/N": (
        "cross_entropy_batch",
        _replace(1 / formulas.N, 1 / formulas.K),
    ),
    "swapped arguments, KL(y || t)": (
        "kl_divergence",
        lambda e: e.xreplace({_t: _y, _y: _t}),
    ),
    "missing clip, Huber's gradient unclipped": (
        "huber_grad",
        _replace(formulas.delta * sp.sign(_y[_i] - _t[_i]), _y[_i] - _t[_i]),
    ),
    "mean and sum swapped in the reduction": (
        "sample_reduction",
        lambda e: e.xreplace({formulas.MEAN: formulas.SUM, formulas.SUM: formulas.MEAN}),
    ),
    "flipped sign, CTC gradient +gamma": ("ctc_grad", _flip_sign),
    "one frame for all frames, CTC": (
        "ctc_loss",
        _replace(
            formulas.frames[formulas.tt, formulas.alignment[formulas.a, formulas.tt]],
            formulas.frames[0, formulas.alignment[formulas.a, formulas.tt]],
        ),
    ),
}

# the catalogue (issue 10): options, margins, likelihoods, embeddings
_c, _w = formulas.c, formulas.w
_class_weights = sp.Sum(_w[_c[formulas.other_sample]], (formulas.other_sample, 0, formulas.N - 1))
MUTANTS |= {
    "wrong normaliser, class-weighted mean over N instead of the summed weights": (
        "class_weighted_mean",
        _replace(_class_weights, formulas.N),
    ),
    "wrong normaliser, nll_loss over N instead of the summed weights": (
        "nll_loss",
        _replace(_class_weights, formulas.N),
    ),
    "flipped sign, class-weighted gradient": ("class_weighted_grad", _flip_sign),
    "ignore_index ignored, every sample counted": (
        "ignore_index_mean",
        _replace(formulas.ignored, sp.Integer(-1)),
    ),
    "missing uniform part, label smoothing without eps/K": (
        "label_smoothing",
        _replace(formulas.eps / formulas.K, sp.Integer(0)),
    ),
    "missing uniform part, smoothed label's gradient": (
        "label_smoothing_grad",
        _replace(-formulas.eps / formulas.K, sp.Integer(0)),
    ),
    "smoothing weighted by the label's class only": (
        "label_smoothing_weighted_mean",
        _replace(_w[_k], _w[_c[_n]]),
    ),
    "pos_weight ignored": ("binary_cross_entropy_weighted", _replace(formulas.pos_w[_i], 1)),
    "pos_weight on the negative term": (
        "binary_cross_entropy_logits_weighted",
        lambda e: e.xreplace({_t[_i]: 1 - _t[_i]}),
    ),
    "flipped sign, pos_weight gradient": ("pos_weight_grad", _flip_sign),
    "missing modulating factor, focal loss with gamma = 0": (
        "binary_focal_loss",
        _replace(formulas.focus, sp.Integer(0)),
    ),
    "alpha and 1 - alpha swapped, focal alpha_t": (
        "focal_alpha_t",
        _replace(formulas.alpha, 1 - formulas.alpha),
    ),
    "flipped sign, focal gradient of a positive": ("focal_positive_grad", _flip_sign),
    "missing 1/K, multilabel soft margin": (
        "multilabel_soft_margin",
        _replace(1 / formulas.K, sp.Integer(1)),
    ),
    "missing margin, multiclass hinge with Delta = 0": (
        "multi_margin",
        _replace(formulas.Delta, sp.Integer(0)),
    ),
    "wrong index, multilabel margin compares a class with itself": (
        "multilabel_margin",
        _replace(_y[_n, _k], _y[_n, _j]),
    ),
    "missing half, smooth L1's linear part |r| - beta": (
        "smooth_l1",
        _replace(-formulas.beta / 2, -formulas.beta),
    ),
    "flipped sign, log-cosh gradient": ("log_cosh_grad", _flip_sign),
    "alpha and 1 - alpha swapped, pinball": (
        "pinball",
        _replace(formulas.alpha, 1 - formulas.alpha),
    ),
    "log_input cases swapped, Poisson NLL": (
        "poisson_nll",
        lambda e: e.xreplace(
            {formulas.LOG_INPUT: formulas.RATE_INPUT, formulas.RATE_INPUT: formulas.LOG_INPUT}
        ),
    ),
    "Stirling's term without pi, Poisson NLL full": (
        "poisson_nll_full",
        _replace(sp.pi, sp.Integer(1)),
    ),
    "missing variance clamp, Gaussian NLL": (
        "gaussian_nll",
        _replace(sp.Max(formulas.v[_i], formulas.eps), formulas.v[_i]),
    ),
    "missing 1/2, Gaussian NLL full constant": (
        "gaussian_nll_full",
        _replace(sp.Rational(1, 2), sp.Integer(1)),
    ),
    "flipped sign, Gaussian variance gradient": ("gaussian_nll_var_grad", _flip_sign),
    "missing margin, hinge with m = 0": ("hinge", _replace(formulas.m, sp.Integer(0))),
    "flipped sign, soft margin gradient": ("soft_margin_grad", _flip_sign),
    "missing margin, hinge embedding with m = 0": (
        "hinge_embedding",
        _replace(formulas.m, sp.Integer(0)),
    ),
    "swapped arguments, margin ranking of y2 - y1": (
        "margin_ranking",
        lambda e: e.xreplace({formulas.y1: formulas.y2, formulas.y2: formulas.y1}),
    ),
    "flipped sign, cosine similarity": ("cosine_similarity", _flip_sign),
    "cases swapped, cosine embedding": (
        "cosine_embedding",
        lambda e: e.xreplace({sp.Integer(1): sp.Integer(-1), sp.Integer(-1): sp.Integer(1)}),
    ),
    "swapped arguments, triplet with positive and negative exchanged": (
        "triplet_margin",
        lambda e: e.xreplace(
            {formulas.positive: formulas.negative, formulas.negative: formulas.positive}
        ),
    ),
}


@pytest.mark.parametrize("mutant", sorted(MUTANTS))
def test_check_catches_mutant(mutant: str) -> None:
    formula_id, mutate = MUTANTS[mutant]
    original = FORMULAS[formula_id]
    broken = copy.copy(original)
    broken.expr = mutate(original.expr)  # only expr changes: check must lambdify it anew
    assert broken.expr != original.expr, f"{mutant}: the mutation changed nothing"
    worst = max(broken.check(np.random.default_rng(seed)) for seed in SEEDS)
    assert worst > 1e-3, f"{mutant}: the check did not notice ({worst:.3g})"
    assert max(original.check(np.random.default_rng(seed)) for seed in SEEDS) < TOLERANCE


def test_check_compares_shapes() -> None:
    original = FORMULAS["mse"]
    broken = copy.copy(original)
    broken.reference = lambda d: losskit.mse(d["y"], d["t"])  # a float for an array formula
    assert broken.check(np.random.default_rng(0)) == float("inf")


# --------------------------------------------------------------------------- docstrings


def _escaped(tex: str) -> str:
    """``tex`` escaped as pymdownx.arithmatex escapes it (& < > ")."""
    return html.escape(tex, quote=False).replace('"', "&quot;")


def _normalise(tex: str) -> str:
    return " ".join(tex.split())


def _docstring_formulas(name: str) -> list[str]:
    doc = inspect.getdoc(getattr(losskit, name)) or ""
    return [_normalise(block) for block in re.findall(r"\$\$(.*?)\$\$", doc, re.DOTALL)]


@pytest.mark.parametrize("name", _public_losses())
def test_docstring_formulas_are_the_registry_tex(name: str) -> None:
    expected = sorted(_normalise(f.tex) for f in FORMULAS.values() if name in f.docstrings)
    assert expected, f"no formula of docs/formulas.py names {name} in its docstrings"
    assert sorted(_docstring_formulas(name)) == expected


# --------------------------------------------------------------------------- pages


def test_fence_renders_the_arithmatex_display_element() -> None:
    out = formulas.fence("huber ,", "formula", "arithmatex", {}, None)
    tex = _escaped(FORMULAS["huber"].tex + " ,")
    assert out == f'<div class="arithmatex" data-formula="huber">\\[\n{tex}\n\\]</div>'
    assert "&amp;" in out and "&gt;" in out  # cases and |r| > delta, escaped once


def test_fence_lines_join_into_one_display() -> None:
    ids, tex = formulas.fence_tex("mse , \\qquad\nmae .")
    assert ids == ["mse", "mae"]
    assert tex == FORMULAS["mse"].tex + " , \\qquad\n" + FORMULAS["mae"].tex + " ."


def test_fence_lines_ending_in_a_line_break_are_gathered() -> None:
    _, tex = formulas.fence_tex("mse , \\\\\nmae .")
    assert tex.startswith("\\begin{gathered}\n") and tex.endswith("\n\\end{gathered}")


def test_fence_refuses_an_unknown_id() -> None:
    with pytest.raises(formulas.UnknownFormulaError, match="'msee'"):
        formulas.fence_tex("msee")


# A registry display in the built page: the fence's element, other attributes allowed (the
# search exclusion), its TeX typeset to SVG at build time by docs/hooks/mathjax.py.
_DISPLAY = re.compile(
    r'<div class="arithmatex"[^>]*? data-formula="([^"]+)"[^>]*>(.*?)</div>', re.DOTALL
)


def _registry_displays(page: Path) -> list[tuple[str, str]]:
    return _DISPLAY.findall(page.read_text(encoding="utf-8"))


@pytest.mark.site
@pytest.mark.parametrize("name", LOSS_PAGES)
def test_loss_pages_show_registry_formulas_in_both_languages(built_site: Path, name: str) -> None:
    english = _registry_displays(built_site / name / "index.html")
    chinese = _registry_displays(built_site / "zh" / name / "index.html")
    assert english, f"/{name}/ shows no registry formula"
    assert [ids for ids, _ in chinese] == [ids for ids, _ in english]
    # build-time MathJax (docs/hooks/mathjax.py) replaces the TeX by SVG: the TeX that each
    # fence hands over is the registry's (test_fence_renders_the_arithmatex_display_element),
    # the built page must show it typeset
    for ids, body in english + chinese:
        assert all(formula_id in FORMULAS for formula_id in ids.split()), ids
        assert "<svg" in body and "\\[" not in body, f"{ids} is not typeset"


@pytest.mark.parametrize("name", LOSS_PAGES)
def test_loss_page_sources_show_the_same_registry_formulas(name: str) -> None:
    # the TeX a fence shows is the registry's (test_fence_*); both languages fence the same ids
    # a fence may sit indented inside an admonition (the CTC gradient is in a note)
    fences = re.compile(r"^[ \t]*```formula\n(.*?)^[ \t]*```", re.DOTALL | re.MULTILINE)
    shown = {
        lang: [formulas.fence_tex(body)[0] for body in fences.findall(page.read_text("utf-8"))]
        for lang, page in (("en", DOCS / f"{name}.md"), ("zh", DOCS / f"{name}.zh.md"))
    }
    assert shown["en"], f"docs/{name}.md has no formula fence"
    assert shown["en"] == shown["zh"]


def _hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("formulas_hook", DOCS / "hooks" / "formulas.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_api_displays_that_are_registry_formulas_get_their_id() -> None:
    hook = _hook()
    tex = _escaped(FORMULAS["huber"].tex)
    page = (
        f'<div class="arithmatex">\\[{tex.replace(" ", chr(10), 3)}\\]</div>'
        '<div class="arithmatex">\\[y = (0.1, 0.05)\\]</div>'
    )
    tagged = hook.tag_registry_displays(page, {" ".join(FORMULAS["huber"].tex.split()): "huber"})
    assert tagged.count('data-formula="huber"') == 1
    assert '<div class="arithmatex">\\[y = (0.1, 0.05)\\]</div>' in tagged  # hand-written: as is


@pytest.mark.site
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_api_page_formulas_carry_their_ids(built_site: Path, lang: str) -> None:
    root = built_site / ("api" if lang == "en" else "zh/api")  # the overview and family pages
    tagged = {
        formula_id
        for page in root.glob("**/index.html")
        for formula_id in re.findall(r'data-formula="([^"]+)"', page.read_text(encoding="utf-8"))
    }
    shown = {formula_id for formula_id, f in FORMULAS.items() if f.docstrings}
    assert shown <= tagged
