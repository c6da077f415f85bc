"""Content of the loss-family pages: what each of their snippets prints is right.

Pages: logits-and-stability, regression, classification, ctc, ctc-algorithm, conventions,
training-demo (and api, which has no snippet). Each snippet runs in a fresh namespace
(``runpy``) with its stdout captured; the printed values are checked against PyTorch,
scikit-learn and NumPy computed here, never against pasted numbers. Draw functions must
return inline SVG with the labels of the requested language. The generic checks (every
snippet runs, every page's blocks run page by page, the site builds) live in
``tests/test_docs.py`` and ``tests/test_site.py``.
"""

from __future__ import annotations

import itertools
import math
import re
from typing import Any

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from conftest import ROOT
from sklearn.datasets import load_digits
from sklearn.metrics import log_loss, mean_absolute_error, mean_squared_error
from sklearn.model_selection import train_test_split
from snippet_support import array_of, floats, run_snippet

import losskit

DOCS = ROOT / "docs"


def t64(a: Any) -> torch.Tensor:
    return torch.tensor(np.asarray(a, dtype=np.float64))


def svg_text(svg: str) -> str:
    """The text drawn in an inline SVG (svg.fonttype none keeps labels as <text>)."""
    return " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))


# --- the pages themselves ----------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".md", ".zh.md"])
def test_api_pages_document_every_public_name_once_on_its_family_page(suffix: str) -> None:
    # docs/api/<family>.md documents the public names of the modules it names
    # ("losskit/<module>.py"); every public name once, on the page of its module
    pages = [p for p in sorted((DOCS / "api").glob(f"*{suffix}")) if "".join(p.suffixes) == suffix]
    documented = {
        page.name.removesuffix(suffix): re.findall(
            r"^::: losskit\.(\w+)$", page.read_text(encoding="utf-8"), re.M
        )
        for page in pages
    }
    names = [name for found in documented.values() for name in found]
    assert sorted(names) == sorted(losskit.__all__), f"documented {sorted(names)}"
    for family, found in documented.items():
        text = (DOCS / "api" / f"{family}{suffix}").read_text(encoding="utf-8")
        modules = set(re.findall(r"`losskit/(\w+)\.py`", text))
        wrong = {name: where for name in found if (where := _module_of(name)) not in modules}
        assert not wrong, (
            f"docs/api/{family}{suffix} documents names of modules it does not name: {wrong}"
        )
    overview = (DOCS / f"api{suffix}").read_text(encoding="utf-8")
    linked = [m for m in documented if f"(api/{m}.md)" not in overview]
    assert not linked, f"api{suffix} does not link the family pages {linked}"


def _module_of(name: str) -> str:
    """The losskit module that defines a public name (constants: the module holding them)."""
    obj = getattr(losskit, name)
    module = getattr(obj, "__module__", None)
    if isinstance(module, str) and module.startswith("losskit.") and not isinstance(obj, tuple):
        return module.removeprefix("losskit.")
    modules = [m for m in vars(losskit).values() if isinstance(m, type(losskit))]
    return next(m.__name__.removeprefix("losskit.") for m in modules if vars(m).get(name) is obj)


# --- logits and numerical stability ------------------------------------------------------


def test_stability_overflow_naive_fails_and_losskit_does_not() -> None:
    lines, _ = run_snippet("stability_overflow")
    assert float(lines[0]) == pytest.approx(math.log(np.finfo(np.float64).max))
    assert floats(lines[1]) == [math.inf] * 3
    assert all(math.isnan(v) for v in floats(lines[2]))
    assert lines[3] == "inf"
    z = torch.tensor([1000.0, 999.0, 998.0], dtype=torch.float64)
    np.testing.assert_allclose(array_of(lines[4]), torch.softmax(z, 0).numpy(), rtol=1e-7)
    np.testing.assert_allclose(array_of(lines[5]), torch.log_softmax(z, 0).numpy(), rtol=1e-7)
    assert float(lines[6]) == pytest.approx(torch.logsumexp(z, 0).item(), rel=1e-15)


def test_stability_logsumexp_trick_matches_torch() -> None:
    lines, _ = run_snippet("stability_logsumexp")
    expected = torch.logsumexp(torch.tensor([1000.0, 999.0, 998.0], dtype=torch.float64), 0)
    assert float(lines[0]) == pytest.approx(expected.item(), rel=1e-15)
    assert lines[0] == lines[1]
    assert lines[2] != lines[3]


def test_stability_log_sigmoid_identities() -> None:
    lines, _ = run_snippet("stability_log_sigmoid")
    x = t64([-800.0, -30.0, 0.0, 30.0, 800.0])
    naive, stable, log_one_minus, softplus = (array_of(line) for line in lines)
    assert naive[0] == -math.inf
    np.testing.assert_allclose(stable, F.logsigmoid(x).numpy(), rtol=1e-12)
    np.testing.assert_allclose(log_one_minus, F.logsigmoid(-x).numpy(), rtol=1e-12)
    np.testing.assert_allclose(softplus, np.logaddexp(0.0, x.numpy()), rtol=1e-12)
    assert naive[3] != stable[3]  # the naive route loses digits near sigma(z) = 1


def test_stability_bce_logits_is_finite_and_equals_torch() -> None:
    lines, _ = run_snippet("stability_bce_logits")
    z, t = t64([-800.0, -5.0, 0.0, 5.0, 800.0]), t64([1.0, 0.0, 1.0, 1.0, 0.0])
    expected = F.binary_cross_entropy_with_logits(z, t, reduction="none").numpy()
    ours, theirs = array_of(lines[0]), array_of(lines[1])
    assert np.isfinite(ours).all()
    np.testing.assert_allclose(ours, expected, rtol=1e-12)
    np.testing.assert_allclose(theirs, expected, rtol=1e-15)
    assert float(lines[2]) == pytest.approx(np.max(np.abs(ours - expected)), abs=1e-15)
    assert float(lines[2]) < 1e-12


def test_stability_bce_clamp_matches_torch_bceloss() -> None:
    lines, _ = run_snippet("stability_bce_clamp")
    p, t = t64([0.0, 1.0, 1e-50, 0.5]), t64([1.0, 0.0, 1.0, 1.0])
    expected = F.binary_cross_entropy(p, t, reduction="none").numpy()
    np.testing.assert_allclose(array_of(lines[0]), expected, rtol=1e-8)
    np.testing.assert_allclose(array_of(lines[1]), expected, rtol=1e-8)
    assert array_of(lines[0])[0] == -losskit.classification.LOG_CLAMP


def test_stability_dtypes_float32_stays_float32() -> None:
    lines, _ = run_snippet("stability_dtypes")
    assert lines[0] == f"{np.finfo(np.float32).eps!s} {np.finfo(np.float64).eps!s}"
    assert lines[1:3] == ["float32", "float32"]
    kind, value = lines[3].split()
    z = torch.tensor([[2.0, 1.0, 0.1]], dtype=torch.float32)
    assert kind == "float"
    assert float(value) == pytest.approx(F.cross_entropy(z, torch.tensor([0])).item(), rel=1e-6)
    assert lines[4:] == ["float float32", "float64"]


def test_plot_stability_labels_per_language() -> None:
    from plot_stability import draw_stability

    zh, en = svg_text(draw_stability("zh")), svg_text(draw_stability("en"))
    assert "二元交叉熵" in zh and "先算概率" in zh and "probabilities" not in zh
    assert "binary cross-entropy" in en and "logit z" in en


# --- regression ----------------------------------------------------------------------------

Y_REG, T_REG = t64([2.5, 0.0, 2.0, 8.0]), t64([3.0, -0.5, 2.0, 3.0])
TORCH_REGRESSION = {"mse": F.mse_loss, "mae": F.l1_loss, "huber": F.huber_loss}


def test_regression_reductions_match_torch() -> None:
    lines, _ = run_snippet("regression_reductions")
    assert [line.split()[0] for line in lines] == ["mse", "mae", "huber"]
    for line in lines:
        values = floats(line)
        reference = TORCH_REGRESSION[line.split()[0]]
        assert values[0] == pytest.approx(reference(Y_REG, T_REG).item())
        assert values[1] == pytest.approx(reference(Y_REG, T_REG, reduction="sum").item())
        np.testing.assert_allclose(values[2:], reference(Y_REG, T_REG, reduction="none"))


def test_regression_peers_agree_with_torch_and_sklearn() -> None:
    lines, _ = run_snippet("regression_peers")
    y, t = Y_REG.numpy(), T_REG.numpy()
    expected = [
        [F.mse_loss(Y_REG, T_REG).item(), mean_squared_error(t, y)],
        [F.l1_loss(Y_REG, T_REG).item(), mean_absolute_error(t, y)],
        [F.huber_loss(Y_REG, T_REG, delta=2.0).item()],
    ]
    for line, values in zip(lines, expected, strict=True):
        assert floats(line) == pytest.approx([values[0], *values])


def test_regression_huber_is_delta_times_smooth_l1() -> None:
    lines, _ = run_snippet("regression_smooth_l1")
    expected = F.huber_loss(Y_REG, T_REG, delta=2.0).item()
    assert [float(line) for line in lines] == pytest.approx([expected, expected])


def test_regression_gradients_are_clipped_residuals() -> None:
    lines, _ = run_snippet("regression_gradients")
    y = Y_REG.clone().requires_grad_()
    loss = F.huber_loss(y, T_REG, delta=1.0, reduction="sum")
    loss.backward()
    assert float(lines[0]) == pytest.approx(loss.item())
    np.testing.assert_allclose(array_of(lines[1]), y.grad.numpy())
    np.testing.assert_allclose(array_of(lines[2]), y.grad.numpy(), atol=1e-6)


def test_plot_regression_labels_per_language() -> None:
    from plot_regression import draw_regression

    zh, en = svg_text(draw_regression("zh")), svg_text(draw_regression("en"))
    assert "残差" in zh and "梯度" in zh and "residual" not in zh
    assert "residual" in en and "Gradient" in en


# --- classification ------------------------------------------------------------------------


def test_classification_bce_probabilities_logits_multilabel() -> None:
    lines, _ = run_snippet("classification_bce")
    z, t = t64([2.0, -1.0, 0.5]), t64([1.0, 0.0, 0.8])
    expected = F.binary_cross_entropy_with_logits(z, t).item()
    assert float(lines[0]) == pytest.approx(expected, rel=1e-12)
    assert float(lines[1]) == pytest.approx(expected, rel=1e-12)
    z2 = t64([[3.0, -2.0, 0.1, -4.0], [-1.0, 2.5, 2.0, -0.3]])
    t2 = t64([[1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 1.0, 0.0]])
    unreduced = F.binary_cross_entropy_with_logits(z2, t2, reduction="none").numpy()
    np.testing.assert_allclose(array_of(lines[2] + lines[3]), unreduced.ravel(), atol=5e-5)
    assert float(lines[4]) == pytest.approx(unreduced.mean(), rel=1e-12)


def test_classification_categorical_matches_torch_cross_entropy() -> None:
    lines, _ = run_snippet("classification_categorical")
    z = t64([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])
    per_sample = F.cross_entropy(z, torch.tensor([0, 1]), reduction="none").numpy()
    np.testing.assert_allclose(array_of(lines[0]), per_sample, rtol=1e-7)
    np.testing.assert_allclose(array_of(lines[1]), per_sample, rtol=1e-7)
    soft = t64([[0.9, 0.05, 0.05], [0.1, 0.8, 0.1]])
    assert float(lines[2]) == pytest.approx(F.cross_entropy(z, soft).item(), rel=1e-12)
    assert lines[3] == "(2, 4)"


def test_classification_sparse_matches_torch_cross_entropy() -> None:
    lines, _ = run_snippet("classification_sparse")
    z = t64([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3], [0.0, 0.0, 3.0]])
    expected = F.cross_entropy(z, torch.tensor([0, 1, 2])).item()
    assert [float(line) for line in lines] == pytest.approx([expected] * 3, rel=1e-12)


def test_classification_kl_and_cross_entropy_identity() -> None:
    lines, _ = run_snippet("classification_kl")
    y, t = t64([0.2, 0.3, 0.5]), t64([0.0, 0.6, 0.4])
    kl = F.kl_div(torch.log(y), t, reduction="sum").item()
    assert float(lines[0]) == pytest.approx(kl, rel=1e-12)
    cross_entropy, entropy_plus_kl = floats(lines[1])
    assert cross_entropy == pytest.approx(-(t * torch.log(y)).sum().item(), rel=1e-12)
    assert entropy_plus_kl == pytest.approx(cross_entropy, rel=1e-12)
    assert lines[2] == "0.0"


def test_classification_kl_batchmean_differs_for_1d_and_3d() -> None:
    lines, _ = run_snippet("classification_kl_torch")
    two_d, one_d, three_d, flattened = lines
    assert two_d.startswith("(4, 5) ")
    ours, theirs, total_over_size0 = floats(two_d)[2:]
    assert ours == pytest.approx(theirs) and theirs == pytest.approx(total_over_size0)
    assert one_d.startswith("(5,) ")
    ours, theirs, total_over_size0 = floats(one_d)[1:]
    assert theirs == pytest.approx(ours / 5) and theirs == pytest.approx(total_over_size0)
    assert three_d.startswith("(2, 3, 5) ")
    ours, theirs, total_over_size0 = floats(three_d)[3:]
    assert theirs == pytest.approx(ours * 3) and theirs == pytest.approx(total_over_size0)
    assert floats(flattened)[0] == pytest.approx(floats(flattened)[1])


# --- CTC -----------------------------------------------------------------------------------


def collapse(path: tuple[int, ...]) -> list[int]:
    merged = [k for i, k in enumerate(path) if i == 0 or k != path[i - 1]]
    return [k for k in merged if k != 0]


def torch_ctc(log_probs: np.ndarray, targets: Any, inputs: Any, lengths: Any, **kw: Any) -> Any:
    args = (torch.tensor(np.asarray(a)) for a in (targets, inputs, lengths))
    return F.ctc_loss(t64(log_probs), *args, **kw)


def test_ctc_bruteforce_lists_every_alignment_and_sums_to_exp_minus_loss() -> None:
    lines, ns = run_snippet("ctc_bruteforce")
    log_probs = ns["log_probs"]
    T, C = log_probs.shape[0], log_probs.shape[2]
    alignments = {
        "".join("-ab"[k] for k in path): math.exp(
            sum(log_probs[s, 0, k] for s, k in enumerate(path))
        )
        for path in itertools.product(range(C), repeat=T)
        if collapse(path) == [1, 2]
    }
    printed = dict(line.split() for line in lines[:-2])
    assert set(printed) == set(alignments)
    for path, probability in alignments.items():
        assert float(printed[path]) == pytest.approx(probability, abs=1e-6)
    loss = torch_ctc(log_probs, [[1, 2]], [T], [2], reduction="sum").item()
    assert float(lines[-2]) == pytest.approx(sum(alignments.values()), abs=1e-12)
    assert float(lines[-1]) == pytest.approx(math.exp(-loss), abs=1e-12)


def test_ctc_alpha_recursion_gives_exp_minus_loss() -> None:
    lines, ns = run_snippet("ctc_alpha")
    loss = torch_ctc(ns["log_probs"], [[1, 2]], [4], [2], reduction="sum").item()
    assert float(lines[-2]) == pytest.approx(math.exp(-loss), abs=1e-12)
    assert float(lines[-1]) == pytest.approx(math.exp(-loss), abs=1e-12)
    first_row = array_of(lines[0])
    y0 = np.exp(ns["log_probs"][0, 0])
    np.testing.assert_allclose(first_row, [y0[0], y0[1], 0, 0, 0], atol=1e-6)


def test_ctc_batch_padded_concatenated_and_reductions_match_torch() -> None:
    lines, ns = run_snippet("ctc_batch")
    args = (ns["padded"], ns["input_lengths"], ns["target_lengths"])
    per_sample = torch_ctc(ns["log_probs"], *args, reduction="none").numpy()
    np.testing.assert_allclose(array_of(lines[0]), per_sample, rtol=1e-7)
    assert lines[1] == lines[0]
    assert float(lines[2]) == pytest.approx(per_sample.sum(), rel=1e-12)
    mean = torch_ctc(ns["log_probs"], *args, reduction="mean").item()
    assert float(lines[3]) == pytest.approx(mean, rel=1e-12)
    assert float(lines[4]) == pytest.approx(mean, rel=1e-12)


def test_ctc_infeasible_target_is_inf_or_zero() -> None:
    lines, ns = run_snippet("ctc_infeasible")
    args = (ns["target"], *ns["lengths"])
    assert float(lines[0]) == torch_ctc(ns["log_probs"], *args, reduction="sum").item()
    assert lines[0] == "inf"
    zeroed = torch_ctc(ns["log_probs"], *args, reduction="sum", zero_infinity=True).item()
    assert float(lines[1]) == zeroed == 0.0
    assert floats(lines[2]) == [0.0, 0.0]


def test_ctc_torch_values_agree_and_gradients_agree_only_after_log_softmax() -> None:
    lines, _ = run_snippet("ctc_torch")
    assert [line.split()[0] for line in lines[:3]] == ["none", "sum", "mean"]
    assert all(floats(line)[0] < 1e-12 for line in lines[:3])
    raw_difference, explained, chained = (float(line) for line in lines[3:])
    assert raw_difference > 0.1  # torch's native gradient is not d loss / d log_probs
    assert explained < 1e-12  # ... it is exp(log_probs) + losskit's gradient
    assert chained < 1e-12  # ... and both agree through log_softmax


def test_plot_ctc_labels_per_language() -> None:
    from plot_ctc import draw_ctc

    zh, en = svg_text(draw_ctc("zh")), svg_text(draw_ctc("en"))
    assert "时间帧" in zh and "空白" in zh and "后验概率" in zh and "frame" not in zh
    assert "frame t" in en and "blank" in en


# --- conventions ---------------------------------------------------------------------------

T_ARTICLE = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
Y_ARTICLE = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])


def test_conventions_half_sum_and_framework_mean() -> None:
    lines, _ = run_snippet("conventions_half_sum")
    framework = F.mse_loss(t64(Y_ARTICLE), t64(T_ARTICLE)).item()
    assert lines[0] == repr(0.5 * float(np.sum((Y_ARTICLE - T_ARTICLE) ** 2)))
    assert lines[0] == "0.09750000000000003"  # the article's number, character for character
    assert float(lines[1]) == pytest.approx(framework, rel=1e-15)
    assert lines[2] == repr(framework)
    assert lines[3] == repr(mean_squared_error(T_ARTICLE, Y_ARTICLE))
    assert lines[4] == repr(round(framework, 4))


def test_conventions_combine_average_and_weighted_sum() -> None:
    lines, _ = run_snippet("conventions_combine")
    losses = np.array([0.8, 0.2])
    expected = [losses.mean(), losses.sum(), losses @ [1.0, 0.5], losses @ [0.5, 0.5]]
    assert [float(line) for line in lines] == pytest.approx(expected)
    assert float(lines[0]) == pytest.approx(float(lines[3]))


def test_conventions_sklearn_target_first_gives_the_same_values() -> None:
    lines, ns = run_snippet("conventions_sklearn")
    expected = [
        mean_squared_error(ns["t"], ns["y"]),
        mean_absolute_error(ns["t"], ns["y"]),
        log_loss(ns["labels"], ns["probs"]),
        log_loss(ns["t_yes"], ns["p_yes"]),
    ]
    for line, value in zip(lines, expected, strict=True):
        assert floats(line) == pytest.approx([value, value], rel=1e-12)


def test_conventions_types() -> None:
    lines, _ = run_snippet("conventions_types")
    y = np.array([0.5, 1.0, 2.0], dtype=np.float32)
    t = np.array([0.0, 1.0, 1.5], dtype=np.float32)
    assert float(lines[0]) == pytest.approx(float(np.mean((y.astype(float) - t) ** 2)))
    assert "np.float" not in lines[0]
    assert lines[1:] == ["float32", "float64"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_conventions_peer_table_covers_every_loss_with_tiny_differences(lang: str) -> None:
    _, ns = run_snippet("conventions_peers")
    table = ns["peer_table"](lang)
    rows = [line.split(" | ") for line in table.splitlines()[2:]]
    names = {row[0].strip("| `").split("(")[0] for row in rows}
    losses = {"mean_squared_error", "cross_entropy_error", "mse", "mae", "huber"}
    losses |= {"binary_cross_entropy", "categorical_cross_entropy", "kl_divergence"}
    losses |= {"sparse_categorical_cross_entropy", "ctc_loss"}
    assert names == losses
    for row in rows:
        value_diff, grad_diff = float(row[2]), float(row[3].strip(" |"))
        assert value_diff < 1e-12 and grad_diff < 1e-12, row
    header = table.splitlines()[0]
    assert ("梯度的最大绝对差" in header) == (lang == "zh")

    # One row recomputed here: mse against torch over the three reductions.
    y, t = ns["y_real"], ns["t_real"]
    diff = max(
        float(
            np.max(
                np.abs(
                    losskit.mse(y, t, reduction=r) - F.mse_loss(t64(y), t64(t), reduction=r).numpy()
                )
            )
        )
        for r in ("none", "sum", "mean")
    )
    mse_row = next(row for row in rows if row[0] == "| `mse`")
    assert mse_row[2] == f"{diff:.1e}"


# --- training demo -------------------------------------------------------------------------


def torch_softmax_regression(steps: int = 300, lr: float = 0.5, seed: int = 0) -> dict[str, Any]:
    """The demo's training, re-done independently with torch (softmax, cross-entropy)."""
    X, labels = load_digits(return_X_y=True)
    X_train, X_test, l_train, l_test = train_test_split(
        X, labels, test_size=0.25, random_state=seed, stratify=labels
    )
    mean, std = X_train.mean(axis=0), X_train.std(axis=0) + 1e-8
    Xtr, Xte = t64((X_train - mean) / std), t64((X_test - mean) / std)
    ltr, lte = torch.tensor(l_train), torch.tensor(l_test)
    onehot = F.one_hot(ltr, 10).double()
    W = torch.zeros(64, 10, dtype=torch.float64)
    b = torch.zeros(10, dtype=torch.float64)
    losses = []
    for _ in range(steps + 1):
        Z = Xtr @ W + b
        losses.append((F.cross_entropy(Z, ltr).item(), F.cross_entropy(Xte @ W + b, lte).item()))
        G = (torch.softmax(Z, 1) - onehot) / len(ltr)  # d mean cross-entropy / d logits
        W -= lr * (Xtr.T @ G)
        b -= lr * G.sum(0)
    train_acc = (torch.argmax(Xtr @ W + b, 1) == ltr).double().mean().item()
    test_acc = (torch.argmax(Xte @ W + b, 1) == lte).double().mean().item()
    return {"losses": losses, "train": train_acc, "test": test_acc}


def test_training_run_learns_and_matches_an_independent_torch_run() -> None:
    lines, _ = run_snippet("training_run")
    log = [floats(line) for line in lines[:-1]]
    steps = [int(row[0]) for row in log]
    train_losses = [row[1] for row in log]
    assert steps[0] == 0
    assert train_losses[0] == pytest.approx(math.log(10), abs=1e-4)
    assert all(a > b for a, b in itertools.pairwise(train_losses))
    train_acc, test_acc = floats(lines[-1])
    assert test_acc > 0.9

    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # small matrices: threads only add contention
    try:
        reference = torch_softmax_regression()
    finally:
        torch.set_num_threads(threads)
    for step, train_loss, test_loss in log:
        ref_train, ref_test = reference["losses"][int(step)]
        assert train_loss == pytest.approx(ref_train, abs=1e-4)
        assert test_loss == pytest.approx(ref_test, abs=1e-4)
    assert train_acc == pytest.approx(reference["train"], abs=1e-4)
    assert test_acc == pytest.approx(reference["test"], abs=1e-4)


def test_training_data_shapes() -> None:
    lines, _ = run_snippet("training_data")
    X, labels = load_digits(return_X_y=True)
    assert lines[0] == f"{X.shape} {labels.shape}"
    assert floats(lines[1]) == [X.min(), X.max()]
    assert floats(lines[2]) == np.bincount(labels).tolist()
    assert int(lines[3]) == labels[0]
    assert np.array(floats(" ".join(lines[4:]))).tolist() == X[0].tolist()


def test_training_gradient_check_is_tiny() -> None:
    lines, _ = run_snippet("training_gradcheck")
    assert 0 <= float(lines[0]) < 1e-6


def test_plot_training_labels_per_language_and_same_run() -> None:
    from plot_training import draw_training
    from training_demo import train

    zh, en = svg_text(draw_training("zh")), svg_text(draw_training("en"))
    assert "训练集" in zh and "测试集" in zh and "梯度下降步数" in zh and "training" not in zh
    assert "training set" in en and "test set" in en
    assert train() is train()  # cached: the printed numbers and the plot share one run


# --- corrections of issue 11 ---------------------------------------------------------------


def test_softmax_of_finite_logits_can_be_exactly_zero_and_kl_inf() -> None:
    lines, _ = run_snippet("classification_softmax_underflow")
    z = torch.tensor([0.0, -800.0], dtype=torch.float64)
    expected = torch.softmax(z, 0)
    assert expected[1].item() == 0.0  # torch agrees: the underflow is IEEE arithmetic
    np.testing.assert_array_equal(array_of(lines[0].split("]")[0]), expected.numpy())
    assert lines[0].endswith("True")
    np.testing.assert_allclose(array_of(lines[1]), torch.log_softmax(z, 0).numpy())
    kl = F.kl_div(
        torch.log(expected), torch.tensor([0.5, 0.5], dtype=torch.float64), reduction="sum"
    )
    assert math.isinf(kl.item()) and lines[2] == "inf"
    gap = float(lines[3])
    assert torch.exp(torch.tensor(-gap - 0.01, dtype=torch.float64)).item() == 0.0
    assert torch.exp(torch.tensor(-gap + 0.01, dtype=torch.float64)).item() > 0.0


@pytest.mark.parametrize("suffix", [".md", ".zh.md"])
def test_no_page_claims_softmax_is_never_zero_or_flatter_double_softmax(suffix: str) -> None:
    for page in DOCS.glob(f"*{suffix}"):
        if suffix == ".md" and page.name.endswith(".zh.md"):
            continue
        text = page.read_text(encoding="utf-8")
        for claim in ("never exactly 0 for finite", "永远不会恰好为 0", "flatter distribution"):
            assert claim not in text, (page.name, claim)
        assert "更平坦的分布" not in text, page.name


def test_double_softmax_has_a_loss_floor_and_weak_gradients() -> None:
    lines, ns = run_snippet("conventions_double_softmax")
    k = ns["K"]
    rows = [floats(line) for line in lines[:3]]
    floor = math.log(1 + (k - 1) / math.e)
    # the loss keeps falling as p approaches one-hot: the minimiser is still one-hot
    assert rows[0][1] > rows[1][1] > rows[2][1]
    assert rows[2][1] == pytest.approx(floor, abs=5e-5)
    assert floats(lines[3])[0] == pytest.approx(floor, abs=5e-5)
    once, twice = floats(lines[4]), floats(lines[5])
    assert lines[4].startswith("once") and lines[5].startswith("twice")
    assert twice[1] < once[1] / 100  # weak gradients through the second softmax
    z = torch.zeros(1, k, dtype=torch.float64)
    z[0, 7] = 6.0
    assert once[0] == pytest.approx(F.cross_entropy(z, torch.tensor([2])).item(), abs=5e-5)


# --- the full objective, loss vs metric ----------------------------------------------------


def torch_weight_decay_run(weight_decay: float, n: int, steps: int) -> tuple[float, float, float]:
    """Full-batch gradient descent on mean CE + weight_decay/2 ||W||², written in torch."""
    X, labels = load_digits(return_X_y=True)
    Xtr, Xte, ltr, lte = train_test_split(
        X, labels, test_size=0.25, random_state=0, stratify=labels
    )
    mean, std = Xtr.mean(axis=0), Xtr.std(axis=0) + 1e-8
    Xtr, Xte = t64((Xtr - mean) / std)[:n], t64((Xte - mean) / std)
    ltr, lte = torch.tensor(ltr[:n]), torch.tensor(lte)
    W = torch.zeros(64, 10, dtype=torch.float64, requires_grad=True)
    b = torch.zeros(10, dtype=torch.float64, requires_grad=True)
    for _ in range(steps):
        objective = F.cross_entropy(Xtr @ W + b, ltr) + weight_decay / 2 * (W**2).sum()
        gW, gb = torch.autograd.grad(objective, (W, b))
        with torch.no_grad():
            W -= 0.5 * gW
            b -= 0.5 * gb
    with torch.no_grad():
        return (
            float(W.norm()),
            F.cross_entropy(Xtr @ W + b, ltr).item(),
            F.cross_entropy(Xte @ W + b, lte).item(),
        )


def test_weight_decay_shrinks_the_weights_like_an_independent_torch_run() -> None:
    lines, ns = run_snippet("training_weight_decay")
    rows = [floats(line) for line in lines[1:]]
    assert [r[0] for r in rows] == [0.0, 1e-3, 1e-2, 1e-1]
    norms, train_losses = [r[1] for r in rows], [r[2] for r in rows]
    assert all(a > b for a, b in itertools.pairwise(norms))  # a larger λ, smaller weights
    assert all(a < b for a, b in itertools.pairwise(train_losses))  # and a worse fit
    test_losses, accuracies = [r[3] for r in rows], [r[4] for r in rows]
    # what the page says: the test loss first falls, then rises; the accuracy barely moves
    assert test_losses[1] < test_losses[0] < test_losses[-1]
    assert max(accuracies) - min(accuracies) < 0.01
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        norm, train_loss, test_loss = torch_weight_decay_run(1e-2, ns["n"], 1000)
    finally:
        torch.set_num_threads(threads)
    assert rows[2][1] == pytest.approx(norm, abs=0.01)  # printed with two decimals
    assert rows[2][2:4] == pytest.approx([train_loss, test_loss], abs=1e-4)


def test_sanity_checks_and_calibration_table() -> None:
    lines, ns = run_snippet("training_sanity")
    initial, ln_k = floats(lines[0])
    assert ln_k == pytest.approx(math.log(10), abs=5e-5) and initial == ln_k
    tiny_loss, tiny_accuracy = floats(lines[1].split(":")[1])
    assert tiny_loss < 0.01 and tiny_accuracy == 1.0
    probabilities = torch.softmax(t64(ns["X_test"]) @ t64(ns["W"]) + t64(ns["b"]), 1).numpy()
    confidence = probabilities.max(axis=1)
    correct = probabilities.argmax(axis=1) == ns["l_test"]
    assert floats(lines[2])[1] == pytest.approx(correct.mean(), abs=5e-5)
    rows = [floats(line) for line in lines[4:-1]]
    assert sum(int(r[2]) for r in rows) == len(confidence)
    ece = 0.0
    for low, high, count, mean_confidence, group_accuracy in rows:
        group = (confidence > low) & (confidence <= high)
        assert count == group.sum()
        assert mean_confidence == pytest.approx(confidence[group].mean(), abs=5e-5)
        assert group_accuracy == pytest.approx(correct[group].mean(), abs=5e-5)
        ece += group.mean() * abs(confidence[group].mean() - correct[group].mean())
    assert floats(lines[-1])[0] == pytest.approx(ece, abs=5e-5)
    assert all(r[4] >= r[3] for r in rows)  # the page says: underconfident in every group


# Exercises: each executed solution checked against torch computed here.


def test_exercise_stability_sigmoid_rounds_to_one_and_logits_stay_finite() -> None:
    lines, ns = run_snippet("exercise_logits_and_stability_3")
    for line, dtype in zip(lines[:2], [torch.float32, torch.float64], strict=True):
        name, z = line.split()
        assert name == str(dtype).removeprefix("torch.")

        def sigmoid(x: int, dtype: torch.dtype = dtype) -> float:
            return (1 / (1 + torch.exp(-torch.tensor(float(x), dtype=dtype)))).item()

        assert sigmoid(int(z)) == 1.0
        assert sigmoid(int(z) - 1) < 1.0
    z64, zero = t64([float(ns["z"])]), t64([0.0])
    assert float(lines[2]) == F.binary_cross_entropy(torch.sigmoid(z64), zero).item()
    assert float(lines[3]) == pytest.approx(
        F.binary_cross_entropy_with_logits(z64, zero).item(), rel=1e-15
    )


def test_exercise_regression_best_constants_are_mean_median_and_huber_root() -> None:
    lines, ns = run_snippet("exercise_regression_2")
    best = {name: float(value) for name, value in (line.split() for line in lines)}
    t = t64(ns["t"])
    assert best["mse"] == pytest.approx(t.mean().item(), abs=1e-3)
    assert best["mae"] == pytest.approx(t.median().item(), abs=1e-3)

    def huber_slope(c: float) -> float:
        y = torch.full_like(t, c, requires_grad=True)
        F.huber_loss(y, t, delta=1.0).backward()
        assert y.grad is not None
        return float(y.grad.sum())

    assert abs(huber_slope(best["huber"])) < 1e-3
    assert huber_slope(best["huber"] - 0.01) < 0 < huber_slope(best["huber"] + 0.01)


def test_exercise_classification_gradient_is_softmax_minus_target_over_n() -> None:
    lines, ns = run_snippet("exercise_classification_2")
    z = t64(ns["z"]).requires_grad_()
    F.cross_entropy(z, t64(ns["t"])).backward()
    assert z.grad is not None
    expected = z.grad.numpy()
    np.testing.assert_allclose(array_of(" ".join(lines[:2])).reshape(2, 3), expected, atol=1e-6)
    np.testing.assert_allclose(array_of(" ".join(lines[2:])).reshape(2, 3), expected, atol=1e-6)


def test_exercise_conventions_double_softmax_floor_for_several_k() -> None:
    lines, _ = run_snippet("exercise_conventions_1")
    assert [int(floats(line)[0]) for line in lines] == [2, 10, 100]
    for line in lines:
        k, floor, formula = floats(line)
        one_hot = torch.eye(int(k), dtype=torch.float64)[:1]
        expected = F.cross_entropy(one_hot, torch.tensor([0])).item()
        assert floor == pytest.approx(expected, abs=5e-5)
        assert formula == pytest.approx(expected, abs=5e-5)


def test_exercise_training_first_bias_gradient_is_one_over_k_minus_class_share() -> None:
    lines, _ = run_snippet("exercise_training_demo_2")
    printed = array_of(" ".join(lines))
    _, _, l_train, _ = load_digits_split()
    b = torch.zeros(10, dtype=torch.float64, requires_grad=True)
    logits = torch.zeros(len(l_train), 10, dtype=torch.float64) + b
    F.cross_entropy(logits, torch.tensor(l_train)).backward()
    assert b.grad is not None
    np.testing.assert_allclose(printed[:10], b.grad.numpy(), atol=5e-6)
    np.testing.assert_allclose(printed[10:], b.grad.numpy(), atol=5e-6)


def load_digits_split() -> Any:
    X, labels = load_digits(return_X_y=True)
    return train_test_split(X, labels, test_size=0.25, random_state=0, stratify=labels)


def test_exercise_ctc_minimum_length_has_one_alignment() -> None:
    lines, _ = run_snippet("exercise_ctc_2")
    assert len(lines) == 4
    for line in lines:
        target_text, rest = line.rsplit("]", 1)
        target = [int(x) for x in floats(target_text)]
        frames, loss, count = floats(rest)
        log_probs = torch.log_softmax(torch.zeros(int(frames), 1, 3, dtype=torch.float64), dim=2)
        expected = F.ctc_loss(
            log_probs,
            torch.tensor([target]),
            torch.tensor([int(frames)]),
            torch.tensor([len(target)]),
            reduction="sum",
        ).item()
        assert loss == pytest.approx(expected, rel=1e-12) or loss == expected == math.inf
        assert count == round(math.exp(-expected) * 3 ** int(frames))
    assert [floats(line.rsplit("]", 1)[1])[2] for line in lines] == [0, 1, 0, 1]
