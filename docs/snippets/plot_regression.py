import matplotlib.pyplot as plt
import numpy as np
from _plotting import to_svg

from losskit import huber, mae, mse, value_and_grad

LABELS = {
    "en": {
        "loss_title": "Loss",
        "grad_title": "Gradient",
        "x": "residual r = y − t",
        "loss": "loss per element",
        "grad": "gradient ∂loss/∂y",
        "huber": "Huber (δ = 1)",
    },
    "zh": {
        "loss_title": "损失",
        "grad_title": "梯度",
        "x": "残差 r = y − t",
        "loss": "单个元素的损失",
        "grad": "梯度 ∂loss/∂y",
        "huber": "Huber（δ = 1）",
    },
}


def draw_regression(lang: str) -> str:
    text = LABELS[lang]
    r = np.linspace(-3.0, 3.0, 301)
    t = np.zeros_like(r)
    curves = [("MSE", mse, {}, "tab:blue"), ("MAE", mae, {}, "tab:orange")]
    curves.append((text["huber"], huber, {"delta": 1.0}, "tab:green"))

    fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.8))
    for label, loss, options, color in curves:
        left.plot(r, loss(r, t, reduction="none", **options), color=color, label=label)
        # Per-element gradient: d(sum of per-element losses)/dy.
        _, grad = value_and_grad(loss, r, t, reduction="sum", **options)
        right.plot(r, grad, color=color, label=label)
    left.set_title(text["loss_title"])
    right.set_title(text["grad_title"])
    left.set_ylim(0, 4)
    left.set_ylabel(text["loss"])
    right.set_ylim(-3.2, 3.2)
    right.set_ylabel(text["grad"])
    for ax in (left, right):
        ax.set_xlabel(text["x"])
        ax.grid(alpha=0.3)
    # One legend for both panels, below them: inside, it covered the steep MSE curves.
    fig.tight_layout(rect=(0, 0.1, 1, 1))
    handles, labels = left.get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(labels), frameon=False)
    return to_svg(fig)
