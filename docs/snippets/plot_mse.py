import numpy as np
from _plotting import to_svg
from matplotlib.figure import Figure

import losskit

LABELS = {
    "en": {
        "half_sum": "article: E = ½ Σ (y_k − t_k)²",
        "mean": "frameworks: (1/K) Σ (y_k − t_k)²",
        "point": "article's y₂ = 0.6",
        "x": "y₂ (output for the true class 2; other outputs fixed)",
        "y": "loss",
        "title": "Two squared-error losses, one minimum",
    },
    "zh": {
        "half_sum": "原文：E = ½ Σ (y_k − t_k)²",
        "mean": "各框架：(1/K) Σ (y_k − t_k)²",
        "point": "原文示例：y₂ = 0.6",
        "x": "y₂（真实类别 2 的输出；其余输出不变）",
        "y": "损失",
        "title": "两种平方误差，同一个最小值",
    },
}


def draw_mse(lang: str) -> str:
    """Both losses as functions of y_2, the rest of the article's output held fixed."""
    text = LABELS[lang]
    t = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0], dtype=float)
    y = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
    grid = np.linspace(0, 1.4, 141)
    half_sum, mean = [], []
    for value in grid:
        v = y.copy()
        v[2] = value
        half_sum.append(losskit.mean_squared_error(v, t))
        mean.append(losskit.mse(v, t))
    fig = Figure(figsize=(6.4, 3.8))
    ax = fig.add_subplot()
    ax.plot(grid, half_sum, color="tab:blue", linewidth=2, label=text["half_sum"])
    ax.plot(grid, mean, color="tab:green", linewidth=2, label=text["mean"])
    ax.axvline(1, color="gray", linewidth=0.8, linestyle=":")
    e, m = losskit.mean_squared_error(y, t), losskit.mse(y, t)
    ax.plot([0.6, 0.6], [e, m], "o", color="tab:orange", label=text["point"])
    ax.set_xlabel(text["x"])
    ax.set_ylabel(text["y"])
    ax.set_title(text["title"])
    ax.set_ylim(bottom=0)
    ax.legend(loc="upper right")
    ax.grid(True, alpha=0.3)
    fig.tight_layout()
    return to_svg(fig)
