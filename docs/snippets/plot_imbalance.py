import matplotlib.pyplot as plt
import numpy as np
from _plotting import to_svg

from losskit import binary_focal_loss, sparse_categorical_cross_entropy, value_and_grad

LABELS = {
    "en": {
        "loss_title": "Focal loss",
        "grad_title": "Its gradient",
        "p_t": "probability of the true class p_t",
        "loss": "loss per element",
        "grad": "|∂loss/∂logit|",
        "gamma": "γ = {}",
        "ls_title": "Label smoothing",
        "margin": "margin of the true logit over the others",
        "ls_grad": "∂loss/∂z_true",
        "eps": "ε = {}",
    },
    "zh": {
        "loss_title": "焦点损失",
        "grad_title": "它的梯度",
        "p_t": "真实类别的概率 p_t",
        "loss": "单个元素的损失",
        "grad": "|∂loss/∂logit|",
        "gamma": "γ = {}",
        "ls_title": "标签平滑",
        "margin": "真实类别 logit 领先其余类别的幅度",
        "ls_grad": "∂loss/∂z_true",
        "eps": "ε = {}",
    },
}


def draw_focal(lang: str) -> str:
    text = LABELS[lang]
    p_t = np.linspace(0.01, 0.99, 197)
    z = np.log(p_t / (1 - p_t))  # logits of positives with these probabilities
    t = np.ones_like(z)
    fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.6))
    for gamma, color in [
        (0.0, "tab:blue"),
        (0.5, "tab:orange"),
        (2.0, "tab:green"),
        (5.0, "tab:red"),
    ]:
        options = {"alpha": None, "gamma": gamma, "from_logits": True}
        left.plot(
            p_t,
            binary_focal_loss(z, t, reduction="none", **options),
            color=color,
            label=text["gamma"].format(gamma),
        )
        _, grad = value_and_grad(binary_focal_loss, z, t, reduction="sum", **options)
        right.plot(p_t, np.abs(grad), color=color, label=text["gamma"].format(gamma))
    left.set_title(text["loss_title"])
    right.set_title(text["grad_title"])
    left.set_ylim(0, 4)
    left.set_ylabel(text["loss"])
    right.set_ylabel(text["grad"])
    for ax in (left, right):
        ax.set_xlabel(text["p_t"])
        ax.grid(alpha=0.3)
    fig.tight_layout(rect=(0, 0.1, 1, 1))
    handles, labels = left.get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(labels), frameon=False)
    return to_svg(fig)


def draw_label_smoothing(lang: str) -> str:
    text = LABELS[lang]
    margins = np.linspace(-2.0, 10.0, 241)
    fig, ax = plt.subplots(figsize=(5.5, 3.4))
    for eps, color in [(0.0, "tab:blue"), (0.1, "tab:orange"), (0.2, "tab:green")]:
        grads = []
        for m in margins:  # one sample, 4 classes, the true class 0 ahead by m
            _, g = value_and_grad(
                sparse_categorical_cross_entropy,
                np.array([m, 0.0, 0.0, 0.0]),
                0,
                from_logits=True,
                label_smoothing=eps,
            )
            grads.append(g[0])
        ax.plot(margins, grads, color=color, label=text["eps"].format(eps))
    ax.axhline(0.0, color="black", linewidth=0.8)
    ax.set_title(text["ls_title"])
    ax.set_xlabel(text["margin"])
    ax.set_ylabel(text["ls_grad"])
    ax.grid(alpha=0.3)
    ax.legend(frameon=False)
    fig.tight_layout()
    return to_svg(fig)
