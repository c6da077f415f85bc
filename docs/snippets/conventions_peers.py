import numpy as np
import torch
import torch.nn.functional as F

import losskit

rng = np.random.default_rng(0)
N, K = 4, 5
scores = rng.normal(size=(N, K))  # logits
probs = losskit.softmax(scores)  # probabilities; each row sums to 1
soft = losskit.softmax(rng.normal(size=(N, K)))  # soft targets
labels = rng.integers(0, K, size=N)
onehot = np.eye(K)[labels]
binary = rng.random(size=(N, K))  # soft binary targets in [0, 1]
y_real, t_real = rng.normal(size=(N, K)), rng.normal(size=(N, K))
# CTC: log_probs (T, N, C), padded targets, input and target lengths
ctc_log_probs = losskit.log_softmax(rng.normal(size=(8, 2, 4)))
ctc_targets = np.array([[1, 2, 2], [3, 1, 0]])
ctc_args = (ctc_targets, np.array([8, 7]), np.array([3, 2]))


def as_torch(a):
    if a.dtype.kind == "i":
        return torch.tensor(a)
    return torch.tensor(a, dtype=torch.float64)


def torch_kl(log_y, target, reduction):
    if reduction == "none":  # torch keeps every element; sum the classes
        return F.kl_div(log_y, target, reduction="none").sum(-1)
    if reduction == "mean":  # losskit's "mean" for (N, K) is "batchmean"
        reduction = "batchmean"
    return F.kl_div(log_y, target, reduction=reduction)


def nll_of_log(y, t, r):
    return F.nll_loss(torch.log(y), torch.tensor(labels), reduction=r)


# (losskit loss, its y, extra arguments, options, PyTorch name, PyTorch call)
ROWS = [
    (
        losskit.mean_squared_error,
        probs,
        (onehot,),
        {},
        "0.5 * MSELoss(sum) / N",
        lambda y, t, r: 0.5 * F.mse_loss(y, t, reduction="sum") / N,
    ),
    (
        losskit.cross_entropy_error,
        probs,
        (onehot,),
        {},
        "NLLLoss(log(y + 1e-7))",
        lambda y, t, r: F.nll_loss(torch.log(y + 1e-7), torch.tensor(labels)),
    ),
    (
        losskit.mse,
        y_real,
        (t_real,),
        {},
        "MSELoss",
        lambda y, t, r: F.mse_loss(y, t, reduction=r),
    ),
    (
        losskit.mae,
        y_real,
        (t_real,),
        {},
        "L1Loss",
        lambda y, t, r: F.l1_loss(y, t, reduction=r),
    ),
    (
        losskit.huber,
        y_real,
        (t_real,),
        {"delta": 0.5},
        "HuberLoss(delta=0.5)",
        lambda y, t, r: F.huber_loss(y, t, reduction=r, delta=0.5),
    ),
    (
        losskit.binary_cross_entropy,
        probs,
        (binary,),
        {},
        "BCELoss",
        lambda y, t, r: F.binary_cross_entropy(y, t, reduction=r),
    ),
    (
        losskit.binary_cross_entropy,
        y_real,
        (binary,),
        {"from_logits": True},
        "BCEWithLogitsLoss",
        lambda y, t, r: F.binary_cross_entropy_with_logits(y, t, reduction=r),
    ),
    (
        losskit.categorical_cross_entropy,
        scores,
        (soft,),
        {"from_logits": True},
        "CrossEntropyLoss",
        lambda y, t, r: F.cross_entropy(y, t, reduction=r),
    ),
    (
        losskit.categorical_cross_entropy,
        probs,
        (onehot,),
        {},
        "NLLLoss(log y)",
        nll_of_log,
    ),
    (
        losskit.sparse_categorical_cross_entropy,
        scores,
        (labels,),
        {"from_logits": True},
        "CrossEntropyLoss",
        lambda y, t, r: F.cross_entropy(y, t, reduction=r),
    ),
    (
        losskit.sparse_categorical_cross_entropy,
        probs,
        (labels,),
        {},
        "NLLLoss(log y)",
        nll_of_log,
    ),
    (
        losskit.kl_divergence,
        probs,
        (soft,),
        {},
        "KLDivLoss(log y, t)",
        lambda y, t, r: torch_kl(torch.log(y), t, r),
    ),
    (
        losskit.ctc_loss,
        ctc_log_probs,
        ctc_args,
        {},
        "ctc_loss",
        lambda y, *a, r: F.ctc_loss(y, *a, reduction=r),
    ),
]

TEXTBOOK = (losskit.mean_squared_error, losskit.cross_entropy_error)


def compare(loss, y, args, options, reference):
    """Largest |losskit - torch| over the reductions: values, gradients."""
    textbook = loss in TEXTBOOK
    value_diff = grad_diff = 0.0
    for reduction in ("mean",) if textbook else ("none", "sum", "mean"):
        kw = dict(options) if textbook else {**options, "reduction": reduction}
        targets = [as_torch(a) for a in args]
        y_torch = torch.tensor(y, requires_grad=True)
        theirs = reference(y_torch, *targets, r=reduction)
        ours = loss(y, *args, **kw)
        diff = np.abs(ours - theirs.detach().numpy())
        value_diff = max(value_diff, np.max(diff))
        if reduction == "none":
            continue
        _, grad = losskit.value_and_grad(loss, y, *args, **kw)
        if loss is losskit.ctc_loss:  # compare after log_softmax (see CTC)
            grad = grad - np.exp(y) * grad.sum(axis=-1, keepdims=True)
            y_torch = torch.tensor(y, requires_grad=True)
            log_probs = y_torch.log_softmax(-1)
            theirs = reference(log_probs, *targets, r=reduction)
        (their_grad,) = torch.autograd.grad(theirs, y_torch)
        diff = np.abs(grad - their_grad.numpy())
        grad_diff = max(grad_diff, np.max(diff))
    return value_diff, grad_diff


HEADERS = {
    "en": [
        "losskit",
        "PyTorch",
        "max abs difference, values",
        "max abs difference, gradients",
    ],
    "zh": ["losskit", "PyTorch", "损失值的最大绝对差", "梯度的最大绝对差"],
}


def peer_table(lang: str) -> str:
    lines = ["| " + " | ".join(HEADERS[lang]) + " |", "|---|---|--:|--:|"]
    for loss, y, args, options, torch_name, reference in ROWS:
        value_diff, grad_diff = compare(loss, y, args, options, reference)
        settings = ", ".join(f"{k}={v!r}" for k, v in options.items())
        name = loss.__name__
        call = f"{name}({settings})" if settings else name
        cells = [f"`{call}`", f"`{torch_name}`"]
        cells += [f"{value_diff:.1e}", f"{grad_diff:.1e}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
