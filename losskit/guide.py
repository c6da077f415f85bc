"""Which loss for which problem: the classic table as data, in English and Chinese.

Problem type -> last-layer activation -> loss, with the names Keras and PyTorch use. The
site's "choosing a loss" table is generated from `LOSS_GUIDE`, in each language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from losskit.binary import binary_focal_loss
from losskit.classification import (
    binary_cross_entropy,
    categorical_cross_entropy,
    sparse_categorical_cross_entropy,
)
from losskit.embedding import cosine_embedding, margin_ranking, triplet_margin
from losskit.probabilistic import gaussian_nll, pinball, poisson_nll
from losskit.regression import huber, mae, mse
from losskit.sequence import ctc_loss

__all__ = ["LOSS_GUIDE", "LossGuideRow", "recommend_loss"]


class LossGuideRow(NamedTuple):
    """One row of `LOSS_GUIDE`: a problem type and the losses that fit it.

    Attributes
    ----------
    key : str
        Short identifier, the argument of [`recommend_loss`][losskit.recommend_loss].
    problem_en, problem_zh : str
        The problem type in English and in Chinese.
    activation : str or None
        The last layer's activation (``None``: a plain linear output).
    losses : tuple of callable
        losskit losses that fit, the recommended one first.
    keras : str
        The Keras loss identifier, as passed to ``model.compile(loss=...)`` ("—": none
        built in).
    pytorch : str
        The matching ``torch.nn`` loss class ("—": none built in).
    """

    key: str
    problem_en: str
    problem_zh: str
    activation: str | None
    losses: tuple[Callable[..., Any], ...]
    keras: str
    pytorch: str


LOSS_GUIDE: tuple[LossGuideRow, ...] = (
    LossGuideRow(
        key="binary",
        problem_en="Binary classification",
        problem_zh="二分类",
        activation="sigmoid",
        losses=(binary_cross_entropy,),
        keras="binary_crossentropy",
        pytorch="BCEWithLogitsLoss",
    ),
    LossGuideRow(
        key="multiclass",
        problem_en="Multiclass, single-label classification",
        problem_zh="多分类（单标签）",
        activation="softmax",
        losses=(categorical_cross_entropy, sparse_categorical_cross_entropy),
        keras="categorical_crossentropy",
        pytorch="CrossEntropyLoss",
    ),
    LossGuideRow(
        key="multilabel",
        problem_en="Multilabel classification",
        problem_zh="多标签分类",
        activation="sigmoid",
        losses=(binary_cross_entropy,),
        keras="binary_crossentropy",
        pytorch="BCEWithLogitsLoss",
    ),
    LossGuideRow(
        key="regression",
        problem_en="Regression to arbitrary values",
        problem_zh="回归（任意值）",
        activation=None,
        losses=(mse, mae, huber),
        keras="mse",
        pytorch="MSELoss",
    ),
    LossGuideRow(
        key="regression_0_1",
        problem_en="Regression to values between 0 and 1",
        problem_zh="回归（0 到 1 之间的值）",
        activation="sigmoid",
        losses=(mse, binary_cross_entropy),
        keras="mse or binary_crossentropy",
        pytorch="MSELoss or BCELoss",
    ),
    LossGuideRow(
        key="sequence",
        problem_en="Sequence labelling without alignment (speech, handwriting)",
        problem_zh="序列学习（无需逐帧对齐，如语音识别、手写识别）",
        activation="log_softmax",
        losses=(ctc_loss,),
        keras="ctc",
        pytorch="CTCLoss",
    ),
    LossGuideRow(
        key="imbalanced_binary",
        problem_en="Binary or multilabel classification with rare positives",
        problem_zh="正例稀少的二分类或多标签分类",
        activation="sigmoid",
        losses=(binary_cross_entropy, binary_focal_loss),
        keras="binary_crossentropy or binary_focal_crossentropy",
        pytorch="BCEWithLogitsLoss(pos_weight=...) or torchvision sigmoid_focal_loss",
    ),
    LossGuideRow(
        key="imbalanced_multiclass",
        problem_en="Multiclass classification with imbalanced classes or noisy labels",
        problem_zh="类别不均衡或标签含噪声的多分类",
        activation="softmax",
        losses=(sparse_categorical_cross_entropy, categorical_cross_entropy),
        keras="sparse_categorical_crossentropy",
        pytorch="CrossEntropyLoss(weight=..., label_smoothing=...)",
    ),
    LossGuideRow(
        key="counts",
        problem_en="Counts (events per interval: visits, clicks)",
        problem_zh="计数（单位时间内的事件数，如访问量、点击数）",
        activation=None,
        losses=(poisson_nll,),
        keras="poisson",
        pytorch="PoissonNLLLoss",
    ),
    LossGuideRow(
        key="regression_uncertainty",
        problem_en="Regression with uncertainty (a mean and its variance)",
        problem_zh="带不确定性的回归（同时预测均值与方差）",
        activation=None,
        losses=(gaussian_nll,),
        keras="—",
        pytorch="GaussianNLLLoss",
    ),
    LossGuideRow(
        key="quantile",
        problem_en="Quantile regression (prediction intervals)",
        problem_zh="分位数回归（预测区间）",
        activation=None,
        losses=(pinball,),
        keras="—",
        pytorch="—",
    ),
    LossGuideRow(
        key="ranking",
        problem_en="Ranking pairs of items",
        problem_zh="排序（成对比较）",
        activation=None,
        losses=(margin_ranking,),
        keras="—",
        pytorch="MarginRankingLoss",
    ),
    LossGuideRow(
        key="similarity",
        problem_en="Similarity learning (embeddings)",
        problem_zh="相似度学习（嵌入向量）",
        activation=None,
        losses=(triplet_margin, cosine_embedding),
        keras="—",
        pytorch="TripletMarginLoss or CosineEmbeddingLoss",
    ),
)
"""The table, one immutable [`LossGuideRow`][losskit.LossGuideRow] per problem type."""


def recommend_loss(key: str) -> LossGuideRow:
    """The `LOSS_GUIDE` row for one problem type.

    Parameters
    ----------
    key : str
        The problem type: ``"binary"``, ``"multiclass"``, ``"multilabel"``,
        ``"regression"``, ``"regression_0_1"``, ``"sequence"``, ``"imbalanced_binary"``,
        ``"imbalanced_multiclass"``, ``"counts"``, ``"regression_uncertainty"``,
        ``"quantile"``, ``"ranking"`` or ``"similarity"`` (the ``key`` of a
        [`LOSS_GUIDE`][losskit.LOSS_GUIDE] row).

    Returns
    -------
    LossGuideRow
        Its activation, losskit losses (recommended first) and Keras / PyTorch names.

    Raises
    ------
    ValueError
        `key` is not one of the keys above.

    See Also
    --------
    - [`LOSS_GUIDE`][losskit.LOSS_GUIDE]: every row.

    Notes
    -----
    For classification, prefer the fused, logit-taking form in practice: drop the last
    sigmoid / softmax and pass ``from_logits=True`` (PyTorch's ``BCEWithLogitsLoss`` and
    ``CrossEntropyLoss`` work that way); it is exact where the probabilities round to 0
    or 1.

    Examples
    --------
    >>> row = recommend_loss("binary")
    >>> row.activation, row.keras, row.pytorch
    ('sigmoid', 'binary_crossentropy', 'BCEWithLogitsLoss')
    >>> [loss.__name__ for loss in recommend_loss("regression").losses]
    ['mse', 'mae', 'huber']
    """
    for row in LOSS_GUIDE:
        if isinstance(key, str) and row.key == key:
            return row
    keys = ", ".join(repr(row.key) for row in LOSS_GUIDE)
    raise ValueError(f"key is {key!r}; expected one of {keys}")
