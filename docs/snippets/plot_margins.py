import matplotlib.pyplot as plt
import numpy as np
from _plotting import to_svg

from losskit import hinge, soft_margin, triplet_margin

LABELS = {
    "en": {
        "x": "signed score t·y",
        "loss": "loss per element",
        "title": "Correct beyond the margin (t·y ≥ 1) costs nothing",
        "zero_one": "0–1 loss (misclassified)",
        "hinge": "hinge",
        "squared": "squared hinge",
        "soft": "soft margin (logistic)",
        "gap": "d(a, n) − d(a, p): how much nearer the positive is",
        "triplet": "triplet loss",
        "triplet_title": "The hinge on the gap: zero once the gap reaches the margin",
        "margin": "margin m = {m}",
    },
    "zh": {
        "x": "带符号的得分 t·y",
        "loss": "单个元素的损失",
        "title": "越过间隔（t·y ≥ 1）的正确预测不再产生损失",
        "zero_one": "0–1 损失（是否分错）",
        "hinge": "合页损失",
        "squared": "平方合页损失",
        "soft": "软间隔（logistic）损失",
        "gap": "d(a, n) − d(a, p)：正样本比负样本近多少",
        "triplet": "三元组损失",
        "triplet_title": "差距上的合页：差距达到间隔后损失为零",
        "margin": "间隔 m = {m}",
    },
}


def draw_margins(lang: str) -> str:
    text = LABELS[lang]
    z = np.linspace(-2.0, 3.0, 501)
    ones = np.ones_like(z)  # t = +1, so t·y = y
    fig, ax = plt.subplots(figsize=(6, 3.8))
    ax.plot(z, (z <= 0).astype(float), color="tab:gray", label=text["zero_one"])
    ax.plot(z, hinge(z, ones, reduction="none"), color="tab:blue", label=text["hinge"])
    ax.plot(
        z,
        hinge(z, ones, squared=True, reduction="none"),
        "--",
        color="tab:purple",
        label=text["squared"],
    )
    ax.plot(z, soft_margin(z, ones, reduction="none"), color="tab:orange", label=text["soft"])
    ax.axvline(1.0, color="black", lw=0.8, ls=":")
    ax.set_ylim(0, 4)
    ax.set_xlabel(text["x"])
    ax.set_ylabel(text["loss"])
    ax.set_title(text["title"])
    ax.grid(alpha=0.3)
    ax.legend(frameon=False)
    fig.tight_layout()
    return to_svg(fig)


def draw_triplet(lang: str) -> str:
    """One anchor at 0, the positive at distance 1, the negative moved along a line."""
    text = LABELS[lang]
    d_neg = np.linspace(0.0, 3.5, 351)
    n = d_neg.size
    anchor, positive = np.zeros((n, 2)), np.tile([1.0, 0.0], (n, 1))
    negative = np.stack([np.zeros(n), d_neg], axis=1)
    fig, ax = plt.subplots(figsize=(6, 3.6))
    for m, color in ((1.0, "tab:blue"), (0.5, "tab:orange")):
        loss = triplet_margin(anchor, positive, negative, margin=m, eps=0.0, reduction="none")
        ax.plot(d_neg - 1.0, loss, color=color, label=text["margin"].format(m=m))
    ax.set_xlabel(text["gap"])
    ax.set_ylabel(text["triplet"])
    ax.set_title(text["triplet_title"])
    ax.grid(alpha=0.3)
    ax.legend(frameon=False)
    fig.tight_layout()
    return to_svg(fig)
