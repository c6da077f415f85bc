"""losskit.guide: LOSS_GUIDE (the article's table as data) and recommend_loss."""

import re

import numpy as np
import pytest
import torch

import losskit
from losskit import LOSS_GUIDE, LossGuideRow, recommend_loss
from losskit._registry import lookup

KEYS = ("binary", "multiclass", "multilabel", "regression", "regression_0_1", "sequence")
KEYS += ("imbalanced_binary", "imbalanced_multiclass")
KEYS += ("counts", "regression_uncertainty", "quantile", "ranking", "similarity")


def test_the_table_has_the_contracts_rows_in_order():
    assert isinstance(LOSS_GUIDE, tuple)
    assert tuple(row.key for row in LOSS_GUIDE) == KEYS


def test_rows_have_the_contracts_fields():
    fields = ("key", "problem_en", "problem_zh", "activation", "losses", "keras", "pytorch")
    assert LossGuideRow._fields[: len(fields)] == fields  # the contract's fields come first
    assert LossGuideRow._fields[len(fields) :] == ("keras_activation", "pytorch_activation")


@pytest.mark.parametrize(
    ("key", "activation", "first_loss", "keras", "pytorch"),
    [
        ("binary", "sigmoid", "binary_cross_entropy", "binary_crossentropy", "BCEWithLogitsLoss"),
        (
            "multiclass",
            "softmax",
            "categorical_cross_entropy",
            "categorical_crossentropy",
            "CrossEntropyLoss",
        ),
        (
            "multilabel",
            "sigmoid",
            "binary_cross_entropy",
            "binary_crossentropy",
            "BCEWithLogitsLoss",
        ),
        ("regression", None, "mse", "mse", "MSELoss"),
        ("regression_0_1", "sigmoid", "mse", "mse or binary_crossentropy", "MSELoss or BCELoss"),
        ("sequence", "log_softmax", "ctc_loss", "ctc", "CTCLoss"),
    ],
)
def test_each_row_follows_the_classic_table(key, activation, first_loss, keras, pytorch):
    row = recommend_loss(key)
    assert row.activation == activation
    assert row.losses[0].__name__ == first_loss
    assert (row.keras, row.pytorch) == (keras, pytorch)


def test_regression_to_0_1_offers_both_losses_of_the_article():
    assert recommend_loss("regression_0_1").losses == (losskit.mse, losskit.binary_cross_entropy)


def test_multiclass_offers_the_sparse_form_second():
    losses = recommend_loss("multiclass").losses
    assert losses == (losskit.categorical_cross_entropy, losskit.sparse_categorical_cross_entropy)


@pytest.mark.parametrize("row", LOSS_GUIDE, ids=KEYS)
def test_every_listed_loss_is_a_public_losskit_loss_with_a_gradient(row):
    assert row.losses, "a row without losses"
    for loss in row.losses:
        assert getattr(losskit, loss.__name__) is loss
        assert lookup(loss) is not None


@pytest.mark.parametrize(
    ("key", "term"),
    [
        ("binary", "二分类"),
        ("multiclass", "多分类"),
        ("multilabel", "多标签分类"),
        ("regression", "回归"),
        ("regression_0_1", "回归"),
        ("sequence", "序列"),
        ("imbalanced_binary", "二分类"),
        ("imbalanced_multiclass", "多分类"),
        ("regression_uncertainty", "回归"),
        ("quantile", "分位数"),
    ],
)
def test_chinese_problem_names_use_the_glossary_terms(key, term):
    assert term in recommend_loss(key).problem_zh


@pytest.mark.parametrize("row", LOSS_GUIDE, ids=KEYS)
def test_text_fields_are_non_empty_strings(row):
    for text in (row.key, row.problem_en, row.problem_zh, row.keras, row.pytorch):
        assert isinstance(text, str) and text.strip() == text and text


def test_rows_are_immutable():
    row = recommend_loss("binary")
    with pytest.raises(AttributeError):
        row.keras = "mse"  # type: ignore[misc]
    with pytest.raises(TypeError):
        LOSS_GUIDE[0] = row  # type: ignore[index]
    assert isinstance(row.losses, tuple)


@pytest.mark.parametrize("key", KEYS)
def test_recommend_loss_returns_the_table_row(key):
    row = recommend_loss(key)
    assert row in LOSS_GUIDE and row.key == key


@pytest.mark.parametrize("key", ["Binary", "classification", "", None, 0, np.array("binary")])
def test_recommend_loss_lists_the_valid_keys_for_an_unknown_key(key):
    msg = (
        f"key is {key!r}; expected one of 'binary', 'multiclass', 'multilabel', "
        "'regression', 'regression_0_1', 'sequence', 'imbalanced_binary', "
        "'imbalanced_multiclass', 'counts', 'regression_uncertainty', 'quantile', 'ranking', "
        "'similarity'"
    )
    with pytest.raises(ValueError, match=re.escape(msg)):
        recommend_loss(key)


# --- what each framework's loss expects from the model's last layer -----------------------

TORCH_ACTIVATIONS = {
    None: lambda z: z,
    "sigmoid": torch.sigmoid,
    "softmax": lambda z: torch.softmax(z, dim=-1),
    "log_softmax": lambda z: torch.log_softmax(z, dim=-1),
}


def _torch_value(row: LossGuideRow, scores: np.ndarray, target: np.ndarray) -> float:
    """The row's first PyTorch loss on the scores after the row's PyTorch activation."""
    out = TORCH_ACTIVATIONS[row.pytorch_activation](torch.tensor(scores))
    name = row.pytorch.split(" or ")[0].split("(")[0]  # the class, without its options
    if name == "CTCLoss":
        loss = torch.nn.CTCLoss()(out, torch.tensor(target), torch.tensor([4]), torch.tensor([2]))
        return float(loss)
    return float(getattr(torch.nn, name)()(out, torch.tensor(target)))


def _losskit_value(row: LossGuideRow, scores: np.ndarray, target: np.ndarray) -> float:
    """The row's first losskit loss, default arguments, after the row's activation."""
    out = TORCH_ACTIVATIONS[row.activation](torch.tensor(scores)).numpy()
    if row.key == "sequence":
        return float(row.losses[0](out, target, [4], [2]))
    return float(row.losses[0](out, target))


def _example(key: str) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(11)
    if key == "sequence":  # (T, N, C) frames, one target "ab" of two labels
        return rng.normal(size=(4, 1, 3)), np.array([[1, 2]])
    scores = rng.normal(size=(5, 3)) * 3
    if key == "multiclass":
        return scores, np.eye(3)[[0, 2, 1, 1, 0]]
    if key == "imbalanced_multiclass":  # its first loss takes integer labels
        return scores, np.array([0, 2, 1, 1, 0])
    if key == "regression_0_1":
        return scores, rng.uniform(size=(5, 3))
    if key == "regression":
        return scores, rng.normal(size=(5, 3))
    return scores, (rng.uniform(size=(5, 3)) > 0.5).astype(float)


# Rows whose model ends in an activation for some framework (the rest output raw values:
# counts' log-rates, a mean and a variance, quantiles, scores, embeddings).
ACTIVATION_ROWS = [r for r in LOSS_GUIDE if r.activation or r.pytorch_activation]


@pytest.mark.parametrize("row", ACTIVATION_ROWS, ids=[r.key for r in ACTIVATION_ROWS])
def test_the_pytorch_activation_is_what_the_pytorch_loss_expects(row):
    scores, target = _example(row.key)
    expected = _losskit_value(row, scores, target)
    assert _torch_value(row, scores, target) == pytest.approx(expected, rel=1e-10)


LOGIT_ROWS = [r for r in LOSS_GUIDE if r.pytorch_activation is None and r.activation]


@pytest.mark.parametrize("row", LOGIT_ROWS, ids=[r.key for r in LOGIT_ROWS])
def test_adding_the_activation_before_a_logits_loss_changes_the_value(row):
    # the classic bug the table must not invite: softmax (or sigmoid) applied twice
    scores, target = _example(row.key)
    doubled = row._replace(pytorch_activation=row.activation)
    assert _torch_value(doubled, scores, target) != pytest.approx(
        _losskit_value(row, scores, target), rel=1e-3
    )


@pytest.mark.parametrize("row", LOSS_GUIDE, ids=KEYS)
def test_keras_activation_differs_from_losskits_only_where_keras_takes_logits(row):
    # Keras 3's CTC loss takes logits; every other Keras loss takes what losskit takes
    if row.key == "sequence":
        assert (row.activation, row.keras_activation) == ("log_softmax", None)
    else:
        assert row.keras_activation == row.activation
