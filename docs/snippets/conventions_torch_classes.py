import warnings
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

import numpy as np
import torch

import losskit as lk

rng = np.random.default_rng(7)
N, K = 4, 3
z = rng.normal(size=(N, K))
# Named inputs; a row names its arguments. Class axis last: (N, K) is the same in torch.
ARRAYS: dict[str, Any] = {
    "y": rng.normal(size=(N, K)),  # predictions
    "t": rng.normal(size=(N, K)),  # real targets
    "y2": rng.normal(size=(N, K)),  # a second prediction (ranking)
    "z": z,  # logits
    "p": lk.softmax(z),  # probabilities
    "log_p": lk.log_softmax(z),  # log-probabilities
    "soft": lk.softmax(rng.normal(size=(N, K))),  # soft targets, rows sum to 1
    "t01": rng.random(size=(N, K)),  # binary targets in [0, 1]
    "labels": rng.integers(0, K, size=N),  # class indices
    "padded": np.array([2, -100, 0, 1]),  # class indices, -100 = ignored
    "multi": np.array([[2, 0, -1], [1, -1, 0], [0, 1, 2], [-1, 0, 0]]),  # listed, -1 ends
    "pm1": rng.choice([-1, 1], size=(N, K)),  # ±1 targets, element-wise
    "pm1_n": rng.choice([-1, 1], size=N),  # ±1 targets, one per pair
    "score": rng.normal(size=N),  # one score per item (ranking)
    "score2": rng.normal(size=N),
    "counts": rng.poisson(2.0, size=(N, K)).astype(float),  # Poisson counts
    "var": rng.uniform(0.5, 2.0, size=(N, K)),  # Gaussian variances
    "positive": rng.normal(size=(N, K)),  # triplet embeddings (anchor: y)
    "negative": rng.normal(size=(N, K)),
    "w": np.array([0.5, 1.0, 2.0]),  # one weight per class or label
    "x": rng.normal(size=(N, 5)),  # features for LinearCrossEntropyLoss
    "W": rng.normal(size=(K, 5)),  # its weight: logits = x @ W.T
    "ctc": lk.log_softmax(rng.normal(size=(6, 2, 4))),  # CTC log_probs (T, N, C)
    "ctc_targets": np.array([[1, 2], [3, 0]]),
    "ctc_in": np.array([6, 5]),
    "ctc_tl": np.array([2, 1]),
}


NONE: Mapping[str, Any] = MappingProxyType({})


class Row(NamedTuple):
    torch: str  # the torch.nn class
    keras: str  # the Keras loss class, or "—"
    loss: Any  # the losskit function
    args: str  # its positional arguments, by name in ARRAYS (the first is differentiated)
    options: Mapping[str, Any] = NONE  # its keyword options (a str names an array)
    torch_options: Mapping[str, Any] = NONE  # the torch class's options (a str names an array)
    torch_first: str = ""  # "log" / "log_softmax": torch's first argument is that of ours


# One row per torch.nn loss class (a class may have several rows).
ROWS = [
    Row("L1Loss", "MeanAbsoluteError", lk.mae, "y, t"),
    Row("MSELoss", "MeanSquaredError", lk.mse, "y, t"),
    Row("HuberLoss", "Huber", lk.huber, "y, t", {"delta": 0.5}, {"delta": 0.5}),
    Row(
        "BCELoss",
        "BinaryCrossentropy",
        lk.binary_cross_entropy,
        "p, t01",
        {"weight": "w"},
        {"weight": "w"},
    ),
    Row(
        "BCEWithLogitsLoss",
        "BinaryCrossentropy(from_logits=True)",
        lk.binary_cross_entropy,
        "z, t01",
        {"from_logits": True, "pos_weight": "w"},
        {"pos_weight": "w"},
    ),
    Row(
        "CrossEntropyLoss",
        "SparseCategoricalCrossentropy(from_logits=True)",
        lk.sparse_categorical_cross_entropy,
        "z, padded",
        {"from_logits": True, "weight": "w", "ignore_index": -100, "label_smoothing": 0.1},
        {"weight": "w", "label_smoothing": 0.1},
    ),
    Row(
        "CrossEntropyLoss",
        "CategoricalCrossentropy(from_logits=True)",
        lk.categorical_cross_entropy,
        "z, soft",
        {"from_logits": True, "label_smoothing": 0.1},
        {"label_smoothing": 0.1},
    ),
    Row(
        "NLLLoss",
        "—",
        lk.nll_loss,
        "log_p, padded",
        {"weight": "w", "ignore_index": -100},
        {"weight": "w"},
    ),
    Row("NLLLoss2d", "—", lk.nll_loss, "log_p, labels"),
    Row(
        "LinearCrossEntropyLoss",
        "—",
        lk.sparse_categorical_cross_entropy,
        "z, labels",
        {"from_logits": True},
    ),
    Row("KLDivLoss", "KLDivergence", lk.kl_divergence, "p, soft", torch_first="log"),
    Row(
        "MultiLabelSoftMarginLoss",
        "—",
        lk.multilabel_soft_margin,
        "z, t01",
        {"weight": "w"},
        {"weight": "w"},
    ),
    Row(
        "MultiMarginLoss",
        "—",
        lk.multi_margin,
        "y, labels",
        {"p": 2, "margin": 0.5, "weight": "w"},
        {"p": 2, "margin": 0.5, "weight": "w"},
    ),
    Row("MultiLabelMarginLoss", "—", lk.multilabel_margin, "y, multi"),
    Row(
        "CTCLoss", "CTC", lk.ctc_loss, "ctc, ctc_targets, ctc_in, ctc_tl", torch_first="log_softmax"
    ),
]


def as_torch(a: Any) -> torch.Tensor:
    a = np.asarray(a)
    return torch.tensor(a) if a.dtype.kind == "i" else torch.tensor(a, dtype=torch.float64)


def resolve(options: Mapping[str, Any], convert: Any) -> dict[str, Any]:
    return {k: convert(ARRAYS[v]) if isinstance(v, str) else v for k, v in options.items()}


def torch_loss(row: Row, reduction: str) -> Any:
    """The torch.nn class itself, with losskit's reduction ("mean" of KL is batchmean)."""
    if row.torch == "KLDivLoss" and reduction == "mean":
        reduction = "batchmean"
    options = resolve(row.torch_options, as_torch)
    with warnings.catch_warnings():  # NLLLoss2d is a deprecated alias of NLLLoss
        warnings.simplefilter("ignore", FutureWarning)
        if row.torch == "LinearCrossEntropyLoss":
            module = torch.nn.LinearCrossEntropyLoss(5, K, reduction=reduction, dtype=torch.float64)
            module.linear.weight.data = as_torch(ARRAYS["W"])
            return module
        return getattr(torch.nn, row.torch)(reduction=reduction, **options)


def compare(row: Row) -> tuple[float, float]:
    """Largest |losskit − torch| over "none", "sum", "mean": values, then gradients."""
    names = [n.strip() for n in row.args.split(",")]
    arrays = [ARRAYS[n] for n in names]
    options = resolve(row.options, np.asarray)
    linear = row.torch == "LinearCrossEntropyLoss"
    if linear:  # ours takes the logits x @ W.T; its gradient goes back to x through W
        arrays[0] = ARRAYS["x"] @ ARRAYS["W"].T
    if row.torch_first == "log_softmax":  # CTC: both differentiated w.r.t. logits u,
        arrays[0] = lk.log_softmax(arrays[0])  # log-probabilities are such logits
    value_diff = grad_diff = 0.0
    for reduction in ("none", "sum", "mean"):
        leaf = as_torch(ARRAYS["x"] if linear else arrays[0]).requires_grad_(True)
        first = {"log": torch.log, "log_softmax": lambda a: a.log_softmax(-1)}.get(
            row.torch_first, lambda a: a
        )
        theirs = torch_loss(row, reduction)(first(leaf), *[as_torch(a) for a in arrays[1:]])
        if row.torch == "KLDivLoss" and reduction == "none":
            theirs = theirs.sum(-1)  # torch keeps every element; losskit one per sample
        ours = row.loss(*arrays, reduction=reduction, **options)
        value_diff = max(value_diff, float(np.max(np.abs(ours - theirs.detach().numpy()))))
        if reduction == "none":
            continue
        _, grad = lk.value_and_grad(row.loss, *arrays, reduction=reduction, **options)
        if linear:
            grad = grad @ ARRAYS["W"]
        if row.torch_first == "log_softmax":  # through log_softmax: g − softmax · Σ g
            grad = grad - np.exp(arrays[0]) * grad.sum(axis=-1, keepdims=True)
        (their_grad,) = torch.autograd.grad(theirs, leaf)
        grad_diff = max(grad_diff, float(np.max(np.abs(grad - their_grad.numpy()))))
    return value_diff, grad_diff


def call_text(row: Row) -> str:
    shown = [row.args] + [
        f"{k}={v if isinstance(v, str) else repr(v)}" for k, v in row.options.items()
    ]
    if row.torch == "LinearCrossEntropyLoss":
        shown[0] = "x @ W.T, labels"
    return f"{row.loss.__name__}({', '.join(shown)})"


HEADERS = {
    "en": [
        "torch.nn",
        "Keras",
        "losskit",
        "max abs difference, values",
        "max abs difference, gradients",
    ],
    "zh": ["torch.nn", "Keras", "losskit", "损失值的最大绝对差", "梯度的最大绝对差"],
}


def torch_classes_table(lang: str) -> str:
    lines = ["| " + " | ".join(HEADERS[lang]) + " |", "|---|---|---|--:|--:|"]
    for row in ROWS:
        value_diff, grad_diff = compare(row)
        cells = [
            f"`{row.torch}`",
            f"`{row.keras}`" if row.keras != "—" else "—",
            f"`{call_text(row)}`",
        ]
        lines.append("| " + " | ".join([*cells, f"{value_diff:.1e}", f"{grad_diff:.1e}"]) + " |")
    return "\n".join(lines)


def loss_classes() -> list[str]:
    """Every loss class of torch.nn, as torch itself lists them."""
    base = torch.nn.modules.loss._Loss
    return sorted(
        n
        for n, c in vars(torch.nn).items()
        if isinstance(c, type) and issubclass(c, base) and c is not base and not n.startswith("_")
    )


def coverage_line(lang: str) -> str:
    covered, total = len({row.torch for row in ROWS}), len(loss_classes())
    if lang == "zh":
        return f"表中列出了 `torch.nn` 定义的 {total} 个损失类中的 {covered} 个。"
    return f"The table covers {covered} of the {total} loss classes that `torch.nn` defines."
