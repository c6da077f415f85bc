"""losskit.guide: LOSS_GUIDE (the article's table as data) and recommend_loss."""

import re

import numpy as np
import pytest

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
    assert LossGuideRow._fields == fields


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
        "'imbalanced_multiclass', 'counts', 'regression_uncertainty', "
        "'quantile', 'ranking', 'similarity'"
    )
    with pytest.raises(ValueError, match=re.escape(msg)):
        recommend_loss(key)
