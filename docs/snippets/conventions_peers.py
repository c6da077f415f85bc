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
ctc_log_probs = losskit.log_softmax(rng.normal(size=(8, 2, 4)))  # (T, N, C)
ctc_args = (np.array([[1, 2, 2], [3, 1, 0]]), np.array([8, 7]), np.array([3, 2]))


def as_torch(a):
    return torch.tensor(a) if a.dtype.kind == "i" else torch.tensor(a, dtype=torch.float64)


def torch_kl(log_y, target, reduction):
    if reduction == "none":  # torch keeps every element; losskit sums over the classes
        return F.kl_div(log_y, target, reduction="none").sum(-1)
    return F.kl_div(log_y, target, reduction="batchmean" if reduction == "mean" else reduction)


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
    (losskit.mse, y_real, (t_real,), {}, "MSELoss", lambda y, t, r: F.mse_loss(y, t, reduction=r)),
    (losskit.mae, y_real, (t_real,), {}, "L1Loss", lambda y, t, r: F.l1_loss(y, t, reduction=r)),
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
        lambda y, t, r: F.nll_loss(torch.log(y), torch.tensor(labels), reduction=r),
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
        lambda y, t, r: F.nll_loss(torch.log(y), t, reduction=r),
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


def compare(loss, y, args, options, reference):
    """Largest |losskit - torch| over the reductions: of the values, then of the gradients."""
    textbook = loss in (losskit.mean_squared_error, losskit.cross_entropy_error)
    value_diff = grad_diff = 0.0
    for reduction in ("mean",) if textbook else ("none", "sum", "mean"):
        kw = {} if textbook else {"reduction": reduction}
        y_torch = torch.tensor(y, requires_grad=True)
        theirs = reference(y_torch, *map(as_torch, args), r=reduction)
        ours = loss(y, *args, **options, **kw)
        value_diff = max(value_diff, np.max(np.abs(ours - theirs.detach().numpy())))
        if reduction == "none":
            continue
        _, grad = losskit.value_and_grad(loss, y, *args, **options, **kw)
        if loss is losskit.ctc_loss:  # compare where both are right: after log_softmax
            grad = grad - np.exp(y) * grad.sum(axis=-1, keepdims=True)
            y_torch = torch.tensor(y, requires_grad=True)
            theirs = reference(y_torch.log_softmax(-1), *map(as_torch, args), r=reduction)
        (their_grad,) = torch.autograd.grad(theirs, y_torch)
        grad_diff = max(grad_diff, np.max(np.abs(grad - their_grad.numpy())))
    return value_diff, grad_diff


HEADERS = {
    "en": ["losskit", "PyTorch", "max abs difference, values", "max abs difference, gradients"],
    "zh": ["losskit", "PyTorch", "损失值的最大绝对差", "梯度的最大绝对差"],
}


def peer_table(lang: str) -> str:
    lines = ["| " + " | ".join(HEADERS[lang]) + " |", "|---|---|--:|--:|"]
    for loss, y, args, options, torch_name, reference in ROWS:
        value_diff, grad_diff = compare(loss, y, args, options, reference)
        settings = ", ".join(f"{k}={v!r}" for k, v in options.items())
        call = f"{loss.__name__}({settings})" if settings else loss.__name__
        cells = [f"`{call}`", f"`{torch_name}`", f"{value_diff:.1e}", f"{grad_diff:.1e}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
