import matplotlib.pyplot as plt
import numpy as np
from _plotting import to_svg

from losskit import gaussian_nll, huber, log_cosh, pinball, smooth_l1, value_and_grad

LABELS = {
    "en": {
        "var": "predicted variance v",
        "nll": "Gaussian NLL per element",
        "error": "error |y − t| = {d}",
        "gaussian_title": "Each curve is lowest at v = (y − t)²",
        "residual": "residual r = y − t",
        "pinball": "pinball loss per element",
        "pinball_title": "Under-prediction (r < 0) costs α per unit",
        "loss_title": "Loss",
        "grad_title": "Gradient",
        "loss": "loss per element",
        "grad": "gradient ∂loss/∂y",
        "smooth_l1": "smooth L1 (β = 1)",
        "huber": "Huber (δ = 1)",
        "log_cosh": "log-cosh",
    },
    "zh": {
        "var": "预测的方差 v",
        "nll": "单个元素的高斯负对数似然",
        "error": "误差 |y − t| = {d}",
        "gaussian_title": "每条曲线在 v = (y − t)² 处最低",
        "residual": "残差 r = y − t",
        "pinball": "单个元素的分位数损失",
        "pinball_title": "预测偏低（r < 0）时每单位代价为 α",
        "loss_title": "损失",
        "grad_title": "梯度",
        "loss": "单个元素的损失",
        "grad": "梯度 ∂loss/∂y",
        "smooth_l1": "smooth L1（β = 1）",
        "huber": "Huber（δ = 1）",
        "log_cosh": "log-cosh",
    },
}


def draw_gaussian_nll(lang: str) -> str:
    text = LABELS[lang]
    v = np.linspace(0.05, 5.0, 400)
    fig, ax = plt.subplots(figsize=(6, 3.6))
    for d, color in ((0.5, "tab:blue"), (1.0, "tab:orange"), (2.0, "tab:green")):
        y, t = np.zeros_like(v), np.full_like(v, d)
        ax.plot(
            v, gaussian_nll(y, t, v, reduction="none"), color=color, label=text["error"].format(d=d)
        )
        ax.plot([d * d], [gaussian_nll([0.0], [d], [d * d])], "o", color=color)
    ax.set_xlabel(text["var"])
    ax.set_ylabel(text["nll"])
    ax.set_ylim(-1.5, 4)
    ax.set_title(text["gaussian_title"])
    ax.grid(alpha=0.3)
    ax.legend(frameon=False)
    fig.tight_layout()
    return to_svg(fig)


def draw_pinball(lang: str) -> str:
    text = LABELS[lang]
    r = np.linspace(-2.0, 2.0, 401)
    fig, ax = plt.subplots(figsize=(6, 3.6))
    for alpha, color in ((0.1, "tab:blue"), (0.5, "tab:orange"), (0.9, "tab:green")):
        ax.plot(
            r,
            pinball(r, np.zeros_like(r), alpha=alpha, reduction="none"),
            color=color,
            label=f"α = {alpha}",
        )
    ax.set_xlabel(text["residual"])
    ax.set_ylabel(text["pinball"])
    ax.set_title(text["pinball_title"])
    ax.grid(alpha=0.3)
    ax.legend(frameon=False)
    fig.tight_layout()
    return to_svg(fig)


def draw_robust(lang: str) -> str:
    text = LABELS[lang]
    r = np.linspace(-3.0, 3.0, 301)
    t = np.zeros_like(r)
    curves = [
        (text["huber"], huber, {"delta": 1.0}, "tab:green", "-"),
        (text["smooth_l1"], smooth_l1, {"beta": 1.0}, "tab:purple", "--"),
        (text["log_cosh"], log_cosh, {}, "tab:red", "-"),
    ]
    fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.8))
    for label, loss, options, color, style in curves:
        left.plot(r, loss(r, t, reduction="none", **options), style, color=color, label=label)
        _, grad = value_and_grad(loss, r, t, reduction="sum", **options)
        right.plot(r, grad, style, color=color, label=label)
    left.set_title(text["loss_title"])
    right.set_title(text["grad_title"])
    left.set_ylabel(text["loss"])
    right.set_ylabel(text["grad"])
    for ax in (left, right):
        ax.set_xlabel(text["residual"])
        ax.grid(alpha=0.3)
    fig.tight_layout(rect=(0, 0.1, 1, 1))
    handles, labels = left.get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(labels), frameon=False)
    return to_svg(fig)
