"""Content of the pages probabilistic-regression and margins: what their snippets print.

Each snippet runs in a fresh namespace; its printed numbers are checked against torch,
scikit-learn and NumPy computed here (never pasted). The generic checks (every snippet and
page block runs, pages mirror each other, the site builds) live in tests/test_docs.py and
tests/test_site.py.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from sklearn.metrics import hinge_loss, mean_pinball_loss
from snippet_support import array_of, floats, run_snippet


def svg_text(svg: str) -> str:
    return " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))


def test_poisson_snippet_agrees_with_torch_and_its_gradient_is_rate_minus_count() -> None:
    lines, ns = run_snippet("probabilistic_poisson")
    y, t = torch.tensor(ns["log_rate"]), torch.tensor(ns["counts"], dtype=torch.float64)
    want = F.poisson_nll_loss(y, t).item()
    assert floats(lines[0])[0] == pytest.approx(want, rel=1e-14)
    assert floats(lines[1])[0] == pytest.approx(want, rel=1e-14)
    assert floats(lines[2])[0] == pytest.approx(F.poisson_nll_loss(y, t, full=True).item())
    np.testing.assert_allclose(array_of(lines[3]), np.exp(ns["log_rate"]) - ns["counts"])


def test_gaussian_snippet_agrees_with_torch() -> None:
    lines, ns = run_snippet("probabilistic_gaussian")
    y, t, var = (torch.tensor(ns[k]) for k in ("y", "t", "var"))
    assert floats(lines[0])[0] == pytest.approx(F.gaussian_nll_loss(y, t, var).item())
    per_row = F.gaussian_nll_loss(y, t, torch.tensor([0.5, 1.0, 2.0])).item()
    scalar = F.gaussian_nll_loss(y, t, 1.0).item()
    assert floats(lines[2]) == pytest.approx([per_row, scalar])
    assert floats(lines[3])[0] == pytest.approx(floats(lines[3])[1])
    v = var.clone().requires_grad_(True)
    m = y.clone().requires_grad_(True)
    F.gaussian_nll_loss(m, t, v, reduction="sum").backward()
    np.testing.assert_allclose(array_of(" ".join(lines[4:7])), m.grad.numpy().ravel())
    np.testing.assert_allclose(array_of(" ".join(lines[7:10])), v.grad.numpy().ravel())


def test_pinball_snippet_agrees_with_sklearn_and_finds_the_quantiles() -> None:
    lines, ns = run_snippet("probabilistic_pinball")
    want = mean_pinball_loss(ns["t"], ns["y"], alpha=0.9)
    assert floats(lines[0]) == pytest.approx([want, want], rel=1e-14)
    for line, alpha in zip(lines[1:], (0.1, 0.5, 0.9), strict=True):
        a, best, quantile = floats(line)
        assert a == alpha
        assert quantile == pytest.approx(np.quantile(ns["t"], alpha), abs=1e-3)
        assert abs(best - quantile) <= 0.006


def test_robust_snippet_agrees_with_torch_and_keras_formula() -> None:
    lines, ns = run_snippet("probabilistic_robust")
    y, t = torch.tensor(ns["y"]), torch.tensor(ns["t"])
    want = F.smooth_l1_loss(y, t, beta=2.0).item()
    assert floats(lines[0]) == pytest.approx([want, want])
    assert floats(lines[1])[0] == pytest.approx(F.huber_loss(y, t, delta=2.0).item())
    assert floats(lines[1])[0] == pytest.approx(floats(lines[1])[1])
    assert floats(lines[2]) == pytest.approx([F.l1_loss(y, t).item()] * 2)
    log_cosh = np.log(np.cosh(ns["y"] - ns["t"]))
    assert floats(lines[3]) == pytest.approx([log_cosh.mean()] * 2)
    np.testing.assert_allclose(array_of(lines[4]), log_cosh, rtol=1e-6)


def test_hinge_snippet_agrees_with_sklearn_and_refuses_zero_one_labels() -> None:
    lines, ns = run_snippet("margins_hinge")
    scores, labels = ns["scores"], ns["labels"]
    np.testing.assert_allclose(array_of(lines[0]), np.maximum(0, 1 - labels * scores))
    assert floats(lines[1]) == pytest.approx([hinge_loss(labels, scores)] * 2)
    assert floats(lines[2])[0] == pytest.approx(np.mean(np.maximum(0, 1 - labels * scores) ** 2))
    assert "0/1 labels" in lines[3] and "2 * t - 1" in lines[3]


def test_soft_margin_snippet_is_finite_where_torch_is_not() -> None:
    lines, ns = run_snippet("margins_soft_margin")
    z = -ns["labels"] * ns["scores"]
    want = np.logaddexp(0, z)
    numbers = array_of(" ".join(lines))  # losskit, torch, binary cross-entropy
    assert numbers.size == 3 * want.size
    np.testing.assert_allclose(numbers[: want.size], want)
    assert np.isinf(numbers[2 * want.size - 1])  # torch: log1p(exp(800))
    np.testing.assert_allclose(numbers[2 * want.size :], want)


def test_hinge_embedding_snippet_agrees_with_torch() -> None:
    lines, ns = run_snippet("margins_hinge_embedding")
    want = F.hinge_embedding_loss(
        torch.tensor(ns["distance"]), torch.tensor(ns["same"]), reduction="none"
    ).numpy()
    np.testing.assert_allclose(array_of(lines[0]), want)
    np.testing.assert_allclose(array_of(lines[1]), want)


def test_ranking_snippet_agrees_with_torch_for_both_gradients() -> None:
    lines, ns = run_snippet("margins_ranking")
    a = torch.tensor(ns["score_a"], requires_grad=True)
    b = torch.tensor(ns["score_b"], requires_grad=True)
    t = torch.tensor(ns["a_first"], dtype=torch.float64)
    F.margin_ranking_loss(a, b, t, margin=0.5, reduction="sum").backward()
    want = F.margin_ranking_loss(a, b, t, margin=0.5).item()
    assert floats(lines[1]) == pytest.approx([want, want])
    np.testing.assert_allclose(array_of(lines[2]), np.concatenate([a.grad, b.grad]))


def test_cosine_snippet_agrees_with_torch_and_torch_overflows_for_huge_vectors() -> None:
    lines, ns = run_snippet("margins_cosine")
    x1, x2 = torch.tensor(ns["x1"]), torch.tensor(ns["x2"])
    same = torch.tensor(ns["same"], dtype=torch.float64)
    want = F.cosine_embedding_loss(x1, x2, same, margin=0.2, reduction="none").numpy()
    for line in (lines[0], lines[1], lines[3]):
        np.testing.assert_allclose(array_of(line), want, rtol=1e-6)
    assert lines[4].count("nan") == 3


def test_triplet_snippet_agrees_with_torch() -> None:
    lines, ns = run_snippet("margins_triplet")
    a, p, n = (torch.tensor(ns[k]) for k in ("anchor", "positive", "negative"))
    want = F.triplet_margin_loss(a, p, n, reduction="none").numpy()
    assert want.max() > 0  # the example has triplets inside the margin
    for line in lines[:3]:
        np.testing.assert_allclose(array_of(line), want, rtol=1e-6)
    swapped = F.triplet_margin_loss(a, p, n, swap=True).item()
    assert floats(lines[3]) == pytest.approx([swapped, swapped])


@pytest.mark.parametrize(
    ("module", "draw", "en", "zh"),
    [
        ("plot_probabilistic", "draw_gaussian_nll", "predicted variance", "预测的方差"),
        ("plot_probabilistic", "draw_pinball", "pinball loss", "分位数损失"),
        ("plot_probabilistic", "draw_robust", "log-cosh", "梯度"),
        ("plot_margins", "draw_margins", "hinge", "合页损失"),
        ("plot_margins", "draw_triplet", "triplet loss", "三元组损失"),
    ],
)
def test_plots_are_labelled_in_each_language(module: str, draw: str, en: str, zh: str) -> None:
    _, ns = run_snippet(module)
    assert en in svg_text(ns[draw]("en"))
    assert zh in svg_text(ns[draw]("zh"))


def test_exercise_poisson_best_constant_rate_is_the_mean_count() -> None:
    lines, ns = run_snippet("exercise_probabilistic_regression_1")
    rate, mean = floats(lines[0])
    counts = torch.tensor(ns["counts"], dtype=torch.float64)
    assert mean == counts.mean().item()
    assert rate == pytest.approx(counts.mean().item(), abs=1e-4)
    log_rate = torch.full_like(counts, np.log(rate), requires_grad=True)
    torch.nn.PoissonNLLLoss()(log_rate, counts).backward()
    assert log_rate.grad is not None
    assert abs(log_rate.grad.sum().item()) < 1e-4


def test_exercise_hinge_gradient_is_minus_label_inside_the_margin() -> None:
    lines, ns = run_snippet("exercise_margins_1")
    scores = torch.tensor(ns["scores"], requires_grad=True)
    labels = torch.tensor(ns["labels"], dtype=torch.float64)
    torch.clamp(1 - labels * scores, min=0).sum().backward()
    assert scores.grad is not None
    np.testing.assert_array_equal(array_of(lines[0]), scores.grad.numpy())
    np.testing.assert_array_equal(array_of(lines[1]), torch.nonzero(scores.grad).flatten().numpy())
