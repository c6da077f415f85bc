"""losskit: exact, numerically stable NumPy loss functions with analytic gradients.

Naming follows the source article and the frameworks: ``*_error`` are the textbook
functions (``mean_squared_error``, ``cross_entropy_error``), the rest use PyTorch / Keras
conventions (``reduction=``, ``from_logits=``). Argument order is always prediction first,
target second: ``loss(y, t)``.
"""

from losskit._version import __version__ as __version__
from losskit.activations import log_sigmoid, log_softmax, logsumexp, sigmoid, softmax
from losskit.binary import binary_cross_entropy, binary_focal_loss, multilabel_soft_margin
from losskit.categorical import (
    categorical_cross_entropy,
    nll_loss,
    sparse_categorical_cross_entropy,
)
from losskit.combine import combine_losses
from losskit.divergence import kl_divergence
from losskit.embedding import cosine_embedding, margin_ranking, triplet_margin
from losskit.gradients import numerical_gradient, value_and_grad
from losskit.guide import LOSS_GUIDE, LossGuideRow, recommend_loss
from losskit.margin import hinge, hinge_embedding, soft_margin
from losskit.multiclass_margin import multi_margin, multilabel_margin
from losskit.probabilistic import gaussian_nll, pinball, poisson_nll
from losskit.regression import huber, mae, mse
from losskit.robust import log_cosh, smooth_l1
from losskit.sequence import ctc_loss
from losskit.textbook import cross_entropy_error, mean_squared_error

__all__ = [
    "LOSS_GUIDE",
    "LossGuideRow",
    "binary_cross_entropy",
    "binary_focal_loss",
    "categorical_cross_entropy",
    "combine_losses",
    "cosine_embedding",
    "cross_entropy_error",
    "ctc_loss",
    "gaussian_nll",
    "hinge",
    "hinge_embedding",
    "huber",
    "kl_divergence",
    "log_cosh",
    "log_sigmoid",
    "log_softmax",
    "logsumexp",
    "mae",
    "margin_ranking",
    "mean_squared_error",
    "mse",
    "multi_margin",
    "multilabel_margin",
    "multilabel_soft_margin",
    "nll_loss",
    "numerical_gradient",
    "pinball",
    "poisson_nll",
    "recommend_loss",
    "sigmoid",
    "smooth_l1",
    "soft_margin",
    "softmax",
    "sparse_categorical_cross_entropy",
    "triplet_margin",
    "value_and_grad",
]
