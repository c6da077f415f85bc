"""Content of the foundation pages: what each of their snippets prints is right.

Each snippet runs in a fresh namespace (``runpy``) with its stdout captured; the printed
values are checked against losskit, NumPy, scikit-learn and PyTorch computed here, and the
article's two numbers against the literals the article prints. The generic checks (every
snippet runs, every page's blocks run page by page, the site builds) live in
``tests/test_docs.py`` and ``tests/test_site.py``.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch
from conftest import ROOT
from sklearn.metrics import mean_squared_error as sklearn_mean_squared_error
from snippet_support import array_of, floats, run_snippet

import losskit

DOCS = ROOT / "docs"

T_ARTICLE = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
Y_ARTICLE = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
ARTICLE_MSE = "0.09750000000000003"  # printed by the article; a requirement of the site
ARTICLE_CEE = "0.510825457099338"  # idem

PAGES = ["index", "notation", "mean-squared-error", "cross-entropy", "mini-batch"]
PAGES += ["choosing-a-loss", "glossary"]


# --- the article's numbers --------------------------------------------------------------


def test_mse_article_prints_the_articles_number_exactly() -> None:
    lines, _ = run_snippet("mse_article")
    expected = repr(losskit.mean_squared_error(Y_ARTICLE, T_ARTICLE))
    assert lines == [expected]
    assert lines == [ARTICLE_MSE]


def test_ce_article_prints_the_articles_number_exactly() -> None:
    lines, _ = run_snippet("ce_article")
    expected = repr(losskit.cross_entropy_error(Y_ARTICLE, T_ARTICLE))
    assert lines == [expected]
    assert lines == [ARTICLE_CEE]


def test_quickstart_prints_both_article_numbers() -> None:
    lines, _ = run_snippet("quickstart")
    assert lines == [ARTICLE_MSE, ARTICLE_CEE]


# --- mean squared error -----------------------------------------------------------------


def test_mse_frameworks_agrees_with_sklearn_and_torch() -> None:
    lines, _ = run_snippet("mse_frameworks")
    values = [floats(line)[-1] for line in lines]
    half_sum = losskit.mean_squared_error(Y_ARTICLE, T_ARTICLE)
    sk = float(sklearn_mean_squared_error(T_ARTICLE, Y_ARTICLE))
    pt = torch.nn.MSELoss()(torch.tensor(Y_ARTICLE), torch.tensor(T_ARTICLE.astype(float)))
    assert lines[0].endswith(repr(half_sum))
    assert lines[1].endswith(repr(losskit.mse(Y_ARTICLE, T_ARTICLE)))
    assert lines[2].endswith(repr(sk))
    assert lines[3].endswith(repr(pt.item()))
    assert values[4] == pytest.approx(2 * half_sum / Y_ARTICLE.size, rel=1e-15)
    assert values[1] == pytest.approx(sk, rel=1e-15)
    assert lines[5].endswith(repr(round(sk, 4)))
    # the framework MSE is 2E/K, not the article's half sum
    assert values[1] != pytest.approx(half_sum)


def test_mse_gradient_is_y_minus_t() -> None:
    lines, _ = run_snippet("mse_gradient")
    analytic = array_of(lines[0])
    np.testing.assert_allclose(analytic, Y_ARTICLE - T_ARTICLE, atol=1e-12)
    y = torch.tensor(Y_ARTICLE, requires_grad=True)
    (0.5 * ((y - torch.tensor(T_ARTICLE.astype(float))) ** 2).sum()).backward()
    assert y.grad is not None
    np.testing.assert_allclose(analytic, y.grad.numpy(), atol=1e-12)
    assert floats(lines[2])[0] < 1e-8


# --- cross-entropy error ----------------------------------------------------------------


def test_ce_equals_minus_log_of_the_true_class() -> None:
    lines, _ = run_snippet("ce_what_it_equals")
    assert lines[0] == ARTICLE_CEE
    assert lines[1] == repr(float(-np.log(0.6 + 1e-7)))
    assert lines[2] == repr(float(-np.log(0.6)))
    assert floats(lines[1])[0] < floats(lines[2])[0]


def test_ce_log_zero_shows_inf_nan_and_the_delta_cap() -> None:
    lines, ns = run_snippet("ce_log_zero")
    assert lines[:3] == ["-inf", "inf", "nan"]
    cap = float(-np.log(1e-7))
    assert lines[3] == repr(losskit.cross_entropy_error(ns["y"], ns["t"]))
    assert floats(lines[3])[0] == pytest.approx(cap, rel=1e-12)
    assert lines[4] == repr(cap)


def test_ce_wrong_class_costs_more() -> None:
    lines, ns = run_snippet("ce_wrong_class")
    right, wrong = (floats(line)[0] for line in lines)
    assert lines[0] == ARTICLE_CEE
    assert wrong == pytest.approx(float(-np.log(0.1 + 1e-7)), rel=1e-12)
    assert lines[1] == repr(losskit.cross_entropy_error(ns["wrong"], ns["t"]))
    assert wrong > right


def test_ce_one_hot_label_and_soft_targets() -> None:
    lines, ns = run_snippet("ce_labels_and_soft")
    assert lines[0] == lines[1] == ARTICLE_CEE
    soft = -(0.9 * np.log(0.6 + 1e-7) + 0.1 * np.log(0.1 + 1e-7))
    assert floats(lines[2])[0] == pytest.approx(soft, rel=1e-12)
    assert floats(lines[3])[0] == pytest.approx(soft, rel=1e-12)
    # without δ, the soft target is torch's probability-target cross-entropy
    nonzero = ns["y"] > 0
    logits = torch.log(torch.tensor(ns["y"][nonzero]))
    target = torch.tensor(ns["soft"][nonzero])
    torch_value = torch.nn.functional.cross_entropy(logits, target).item()
    assert floats(lines[2])[0] == pytest.approx(torch_value, abs=1e-6)


def test_ln_plot_has_real_text_in_each_language() -> None:
    _, ns = run_snippet("plot_ln")
    svg_en, svg_zh = ns["draw_ln"]("en"), ns["draw_ln"]("zh")
    texts_zh = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg_zh))
    texts_en = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg_en))
    assert "自然对数" in texts_zh
    assert "原文示例" in texts_zh
    assert "时 ln x" in texts_zh
    assert "The natural logarithm" in texts_en
    assert not re.search(r"[\u4e00-\u9fff]", svg_en)
    assert f"{-np.log(0.6):.4f}" in texts_zh
    assert ns["draw_ln"]("zh") == svg_zh  # reproducible


def test_mse_plot_has_real_text_in_each_language() -> None:
    _, ns = run_snippet("plot_mse")
    texts_zh = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", ns["draw_mse"]("zh")))
    svg_en = ns["draw_mse"]("en")
    for label in ns["LABELS"]["zh"].values():
        assert label in texts_zh
    assert "Two squared-error losses, one minimum" in svg_en
    assert not re.search(r"[\u4e00-\u9fff]", svg_en)


# --- mini-batch -------------------------------------------------------------------------


def test_minibatch_ce_is_the_mean_of_per_sample_losses() -> None:
    lines, ns = run_snippet("minibatch_ce")
    y, t, labels = ns["y"], ns["t"], ns["labels"]
    batch = losskit.cross_entropy_error(y, t)
    assert lines[3] == repr(batch)
    assert lines[4] == repr(losskit.cross_entropy_error(y, labels))
    per_sample = floats(lines[5])
    assert len(per_sample) == len(y)
    assert sum(per_sample) / len(y) == pytest.approx(batch, rel=1e-12)
    nll = torch.nn.functional.nll_loss(torch.log(torch.tensor(y) + 1e-7), torch.tensor(labels))
    assert floats(lines[6])[0] == pytest.approx(nll.item(), rel=1e-12)
    half_sums = 0.5 * ((y - t) ** 2).sum(axis=1)
    assert floats(lines[7])[0] == pytest.approx(half_sums.mean(), rel=1e-12)


def test_minibatch_sampling_draws_distinct_indices_and_averages() -> None:
    lines, ns = run_snippet("minibatch_sampling")
    shown = [int(x) for x in floats(lines[0])]
    batch_mask = ns["batch_mask"]
    assert shown == batch_mask[: len(shown)].tolist()
    assert len(set(batch_mask.tolist())) == ns["batch_size"]
    y, t = ns["y_train"], ns["t_train"]
    full = torch.nn.functional.nll_loss(torch.log(torch.tensor(y) + 1e-7), torch.tensor(t))
    assert floats(lines[2])[0] == pytest.approx(full.item(), rel=1e-10)
    part = torch.nn.functional.nll_loss(
        torch.log(torch.tensor(y[batch_mask]) + 1e-7), torch.tensor(t[batch_mask])
    )
    assert floats(lines[1])[0] == pytest.approx(part.item(), rel=1e-10)


def test_minibatch_reduction_mean_is_sum_over_n() -> None:
    lines, _ = run_snippet("minibatch_reduction")
    rows = [floats(line) for line in lines[1:]]
    assert [int(r[0]) for r in rows] == [10, 100, 1000]
    for n, total, mean, sum_over_n, textbook, nll in rows:
        assert total / n == pytest.approx(mean, abs=6e-5)
        assert sum_over_n == mean == textbook == nll
    # "sum" grows with N, "mean" does not
    assert rows[2][1] > 50 * rows[0][1]
    assert rows[2][2] < 2 * rows[0][2]


def test_notation_shapes() -> None:
    lines, ns = run_snippet("notation_shapes")
    np.testing.assert_array_equal(array_of(lines[0]), np.eye(10)[2])
    assert lines[1] == "(3,) (3, 10) (3, 10) (3, 10)"
    np.testing.assert_allclose(array_of(lines[2]), np.ones(3))
    a, b = floats(lines[3])
    y = ns["y"]
    expected = torch.nn.functional.nll_loss(
        torch.log(torch.tensor(y) + 1e-7), torch.tensor(ns["labels"])
    ).item()
    assert a == b == pytest.approx(expected, rel=1e-12)
    torch_softmax = torch.softmax(torch.tensor(ns["z"]), dim=-1).numpy()
    np.testing.assert_allclose(y, torch_softmax, rtol=1e-12)


# --- choosing a loss --------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_guide_table_holds_every_loss_guide_row(lang: str) -> None:
    _, ns = run_snippet("loss_guide_table")
    table = ns["guide_table"](lang)
    lines = table.splitlines()
    assert len(lines) == len(losskit.LOSS_GUIDE) + 2
    for row, line in zip(losskit.LOSS_GUIDE, lines[2:], strict=True):
        assert (row.problem_en if lang == "en" else row.problem_zh) in line
        if row.activation is None:
            assert ("| none |" if lang == "en" else "| 无 |") in line
        else:
            assert f"`{row.activation}`" in line
        for fn in row.losses:
            assert f"[`{fn.__name__}`][losskit.{fn.__name__}]" in line
        for name in row.keras.split(" or ") + row.pytorch.split(" or "):
            assert (name if name == "—" else f"`{name}`") in line
    if lang == "zh":
        assert " or " not in table
        assert not re.search(r"Problem|activation|none", table)


def test_recommend_loss_rows_are_the_table_rows() -> None:
    for row in losskit.LOSS_GUIDE:
        assert losskit.recommend_loss(row.key) == row


def test_imdb_bce_beats_mse_on_confident_mistakes() -> None:
    lines, _ = run_snippet("imdb_bce_vs_mse")
    rows = [floats(line) for line in lines[1:]]
    for p, bce, sq, d_bce, d_sq in rows:
        z = torch.tensor([np.log(p / (1 - p))], dtype=torch.float64, requires_grad=True)
        target = torch.ones(1, dtype=torch.float64)
        torch_bce = torch.nn.BCEWithLogitsLoss()(z, target)
        (g_bce,) = torch.autograd.grad(torch_bce, z)
        torch_sq = torch.nn.MSELoss()(torch.sigmoid(z), target)
        (g_sq,) = torch.autograd.grad(torch_sq, z)
        assert bce == pytest.approx(torch_bce.item(), abs=5e-5)
        assert sq == pytest.approx(torch_sq.item(), abs=5e-5)
        assert d_bce == pytest.approx(g_bce.item(), abs=5e-5)
        assert d_sq == pytest.approx(g_sq.item(), abs=5e-5)
    confident_wrong = rows[0]
    assert confident_wrong[0] == 0.01
    assert abs(confident_wrong[3]) > 10 * abs(confident_wrong[4])
    assert confident_wrong[1] > confident_wrong[2]


def test_combine_outputs_matches_hand_computation() -> None:
    lines, ns = run_snippet("combine_outputs")
    losses, weights = ns["losses"], ns["weights"]
    values = [floats(line)[0] for line in lines]
    names = list(losses)
    plain_sum = sum(losses[k] for k in names)
    weighted_sum = sum(weights[k] * losses[k] for k in names)
    assert values[0] == pytest.approx(plain_sum / len(names), rel=1e-15)
    assert values[1] == pytest.approx(plain_sum, rel=1e-15)
    assert values[2] == pytest.approx(weighted_sum, rel=1e-15)
    assert values[3] == pytest.approx(weighted_sum / sum(weights.values()), rel=1e-15)
    assert values[4] == pytest.approx(values[0], rel=1e-15)  # weights 1/n = the average
    assert values[5] == values[2]


def test_custom_objective_gradient_matches_autograd() -> None:
    lines, ns = run_snippet("custom_objective")
    y = torch.tensor(ns["y"], requires_grad=True)
    t = torch.tensor(ns["t"])
    d = y - t
    w = torch.where(d < 0, ns["ALPHA"], 1.0)
    loss = (w * d**2).mean()
    loss.backward()
    assert y.grad is not None
    assert floats(lines[0])[0] == pytest.approx(loss.item(), rel=1e-12)
    np.testing.assert_allclose(array_of(lines[1]), y.grad.numpy(), atol=1e-12)
    np.testing.assert_allclose(array_of(lines[2]), y.grad.numpy(), atol=1e-6)
    assert floats(lines[3])[0] < 1e-8


# --- the pages themselves ---------------------------------------------------------------


def snippet_includes(text: str) -> list[str]:
    return re.findall(r'--8<-- "docs/snippets/([^"]+)"', text)


def test_article_numbers_are_printed_on_their_pages() -> None:
    for page, snippet in [
        ("index", "quickstart.py"),
        ("mean-squared-error", "mse_article.py"),
        ("cross-entropy", "ce_article.py"),
    ]:
        for suffix in (".md", ".zh.md"):
            assert snippet in snippet_includes((DOCS / f"{page}{suffix}").read_text("utf-8"))


@pytest.mark.parametrize("page", PAGES)
def test_chinese_pages_give_english_for_glossary_terms(page: str) -> None:
    zh = (DOCS / f"{page}.zh.md").read_text(encoding="utf-8")
    for term, english in [
        ("损失函数", "loss function"),
        ("均方误差", "mean squared error"),
        ("交叉熵误差", "cross-entropy error"),
        ("梯度", "gradient"),
    ]:
        if term in zh and page != "glossary":
            assert f"{term}（{english}）" in zh or f"{term}**（{english}）" in zh, term
