"""Checked by mypy in `make lint` (not a test): the reduction decides the return type.

``assert_type`` fails the type check when mypy infers another type. The checks sit in a
function that nothing calls: pytest imports this module (for doctests), never runs them.
"""

from __future__ import annotations

from typing import Any, assert_type

import numpy as np
import numpy.typing as npt

import losskit as lk

Array = npt.NDArray[np.floating[Any]]


def reductions_decide_the_return_type(reduction: str) -> None:
    y, t, labels = [[2.0, 0.5, -1.0]], [[1.0, 0.0, 0.0]], [0]

    assert_type(lk.mse(y, t), float)
    assert_type(lk.mse(y, t, reduction="sum"), float)
    assert_type(lk.mse(y, t, reduction="none"), Array)
    assert_type(lk.mse(y, t, reduction=reduction), float | Array)
    assert_type(lk.mae(y, t, reduction="none"), Array)
    assert_type(lk.huber(y, t, delta=0.5), float)
    assert_type(lk.binary_cross_entropy(y, t, from_logits=True, reduction="none"), Array)
    assert_type(lk.categorical_cross_entropy(y, t, from_logits=True), float)
    assert_type(lk.sparse_categorical_cross_entropy(y, labels, reduction="none"), Array)
    assert_type(lk.kl_divergence(y, t), float)
    assert_type(lk.mean_squared_error(y, t), float)
    assert_type(lk.cross_entropy_error(y, t), float)
    assert_type(lk.value_and_grad(lk.mse, y, t), tuple[float, Array])
    assert_type(lk.value_and_grad(lk.mse, y, t, argnums=(0,)), tuple[float, tuple[Array, ...]])
    # cat-class: the options keep the overloads
    assert_type(lk.binary_cross_entropy(y, t, pos_weight=[2.0, 1.0, 1.0]), float)
    assert_type(lk.sparse_categorical_cross_entropy(y, labels, ignore_index=-100), float)
    assert_type(lk.categorical_cross_entropy(y, t, label_smoothing=0.1, reduction="none"), Array)
    assert_type(lk.nll_loss(y, labels, weight=[1.0, 2.0, 1.0]), float)
    assert_type(lk.binary_focal_loss(y, t, reduction="none"), Array)
    assert_type(lk.multilabel_soft_margin(y, t), float)
    assert_type(lk.multi_margin(y, labels, p=2, reduction="none"), Array)
    assert_type(lk.multilabel_margin(y, [[0, -1, 0]]), float)
