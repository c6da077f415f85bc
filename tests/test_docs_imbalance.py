"""Content of the Imbalance and noisy labels page and of the conventions table of torch.nn
loss classes: what their snippets print is right, checked against PyTorch here."""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from conftest import ROOT
from snippet_support import array_of, floats, run_snippet

import losskit

DOCS = ROOT / "docs"
PAGE_SNIPPET = re.compile(r'--8<-- "docs/snippets/([\w]+)\.py"')


def headings(text: str) -> list[int]:
    body = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    return [len(m) for m in re.findall(r"^(#+) ", body, flags=re.MULTILINE)]


def test_imbalance_pages_mirror_headings_and_snippets():
    en = (DOCS / "imbalance.md").read_text(encoding="utf-8")
    zh = (DOCS / "imbalance.zh.md").read_text(encoding="utf-8")
    assert headings(en) == headings(zh)
    assert PAGE_SNIPPET.findall(en) == PAGE_SNIPPET.findall(zh)
    assert 'draw_focal("zh")' in zh and 'draw_label_smoothing("zh")' in zh


def test_class_weight_snippet_matches_torch_and_moves_the_gradient():
    lines, ns = run_snippet("imbalance_class_weight")
    z, labels, weight = ns["z"], ns["labels"], ns["weight"]
    np.testing.assert_allclose(array_of(lines[0])[3:], np.round(weight, 4))
    ce = torch.nn.CrossEntropyLoss(weight=torch.tensor(weight))
    zt = torch.tensor(z, requires_grad=True)
    loss = ce(zt, torch.tensor(labels))
    loss.backward()
    assert floats(lines[1])[1] == pytest.approx(loss.item(), abs=5e-5)
    np.testing.assert_allclose(array_of(lines[2])[-3:], zt.grad[7].numpy(), atol=5e-5)
    plain, weighted = floats(lines[4])
    assert weighted > 2 * plain * 0.9  # the rare sample's share about doubles
    assert floats(lines[5])[0] == pytest.approx(loss.item(), abs=5e-5)


def test_pos_weight_snippet_scales_only_the_positive_gradient():
    lines, ns = run_snippet("imbalance_pos_weight")
    before, after = floats(lines[1])
    assert after == pytest.approx(5 * before, rel=1e-3)
    before, after = floats(lines[2])
    assert after == before
    ours, theirs = floats(lines[3])
    bce = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(ns["pos_weight"]))
    assert theirs == pytest.approx(
        bce(torch.tensor(ns["z"]), torch.tensor(ns["t"])).item(), abs=1e-6
    )
    assert ours == theirs


def test_ignore_index_snippet_agrees_with_torch_and_zeroes_padding():
    lines, ns = run_snippet("imbalance_ignore_index")
    z, labels = ns["z"], ns["labels"]
    want = F.cross_entropy(torch.tensor(z).movedim(-1, 1), torch.tensor(labels)).item()
    assert floats(lines[0])[0] == pytest.approx(want, abs=1e-6)
    assert floats(lines[1]) == [0.0]
    for line in lines[-3:]:
        assert floats(line)[0] == pytest.approx(want, abs=1e-6)


def test_label_smoothing_snippet_gradient_changes_sign_at_the_smoothed_target():
    lines, _ = run_snippet("imbalance_label_smoothing")
    for line in lines[:4]:
        margin, _, g0, _, g1 = floats(line)
        z = torch.tensor([margin, 0.0, 0.0, 0.0], dtype=torch.float64, requires_grad=True)
        F.cross_entropy(z[None], torch.tensor([0]), label_smoothing=0.1).backward()
        assert g1 == pytest.approx(z.grad[0].item(), abs=1e-6)
        assert g0 < 0
    target, crossing = floats(lines[4])
    assert target == 0.925
    assert crossing == pytest.approx(np.log(3 * 0.925 / 0.075), abs=1e-4)


def test_focal_snippet_matches_torchvision_formula_and_fades_easy_examples():
    lines, _ = run_snippet("imbalance_focal")
    ratio_bce, ratio_focal = floats(lines[0])[-1], floats(lines[1])[-1]
    assert ratio_focal < ratio_bce / 100
    ours, theirs = floats(lines[2])
    assert ours == pytest.approx(theirs, abs=1e-8)
    np.testing.assert_allclose(array_of(lines[3]), [0.95, 0.9, 0.3, 0.1])


def test_multi_margin_snippet_reproduces_cs231n_and_torch():
    lines, ns = run_snippet("imbalance_multi_margin")
    np.testing.assert_allclose(array_of(lines[0]), [2.9, 0.0, 12.9], atol=1e-4)
    ours_t, ours = floats(lines[5])
    want = F.multi_margin_loss(torch.tensor(ns["scores"]), torch.tensor(ns["labels"])).item()
    assert ours_t == pytest.approx(want, abs=1e-6) and ours == pytest.approx(want, abs=1e-6)
    value = floats(lines[6])[0]
    y = torch.tensor([[0.1, 0.2, 0.4, 0.8]], dtype=torch.float64)
    assert value == pytest.approx(F.multilabel_margin_loss(y, torch.tensor([[3, 0, -1, 1]])).item())


# --------------------------------------------------------------------------- torch.nn classes


def test_every_torch_loss_class_has_a_row():
    _, ns = run_snippet("conventions_torch_classes")
    rows = {row.torch for row in ns["ROWS"]}
    classes = set(ns["loss_classes"]())
    assert rows == classes


def test_torch_classes_table_shows_agreement_for_every_row():
    _, ns = run_snippet("conventions_torch_classes")
    table = ns["torch_classes_table"]("en").splitlines()
    assert len(table) == 2 + len(ns["ROWS"])
    for line in table[2:]:
        value_diff, grad_diff = floats(line.split("|")[-3] + " " + line.split("|")[-2])
        assert value_diff < 1e-13 and grad_diff < 1e-13, line
    assert re.fullmatch(
        r"The table covers \d+ of the \d+ loss classes .*", ns["coverage_line"]("en")
    )


def test_imbalance_rows_of_the_loss_guide():
    row = losskit.recommend_loss("imbalanced_binary")
    assert losskit.binary_focal_loss in row.losses
    row = losskit.recommend_loss("imbalanced_multiclass")
    assert row.losses[0] is losskit.sparse_categorical_cross_entropy


def test_exercise_label_smoothing_minimum_is_the_entropy_of_the_smoothed_target() -> None:
    lines, ns = run_snippet("exercise_imbalance_3")
    loss, entropy = floats(lines[0])
    z = torch.tensor(ns["z"]).requires_grad_()
    expected = F.cross_entropy(z, torch.tensor([0]), label_smoothing=ns["eps"])
    expected.backward()
    assert z.grad is not None
    assert loss == pytest.approx(expected.item(), abs=1e-6)
    smoothed = torch.softmax(torch.tensor(ns["z"]), dim=1)
    assert entropy == pytest.approx(
        torch.distributions.Categorical(smoothed).entropy().item(), abs=1e-6
    )
    assert lines[1] == str(bool(z.grad.abs().max() < 1e-12))
