import numpy as np
from _plotting import to_svg
from matplotlib.figure import Figure

LABELS = {
    "en": {
        "curve": "y = ln x",
        "negative": "0 < x < 1: ln x < 0",
        "point": "article: y₂ = 0.6, −ln 0.6 ≈ {:.4f}",
        "title": "The natural logarithm",
    },
    "zh": {
        "curve": "y = ln x",
        "negative": "0 < x < 1 时 ln x < 0",
        "point": "原文示例：y₂ = 0.6，−ln 0.6 ≈ {:.4f}",
        "title": "自然对数",
    },
}


def draw_ln(lang: str) -> str:
    """ln x on (0, 1.5]; 0 < x < 1 shaded; the article's y_2 = 0.6 marked."""
    text = LABELS[lang]
    x = np.linspace(0.005, 1.5, 600)
    fig = Figure(figsize=(6.4, 4.0))
    ax = fig.add_subplot()
    ax.axvspan(0, 1, color="tab:red", alpha=0.08, label=text["negative"])
    ax.plot(x, np.log(x), color="tab:blue", linewidth=2, label=text["curve"])
    ax.axhline(0, color="black", linewidth=0.8)
    ax.axvline(1, color="gray", linewidth=0.8, linestyle=":")
    p = 0.6
    ax.plot([p, p], [0, np.log(p)], color="tab:orange", linewidth=2)
    point = text["point"].format(-np.log(p))
    ax.plot([p], [np.log(p)], "o", color="tab:orange", label=point)
    ax.set_xlim(0, 1.5)
    ax.set_ylim(-5.5, 1)
    ax.set_xlabel("x")
    ax.set_ylabel("ln x")
    ax.set_title(text["title"])
    ax.legend(loc="lower right")
    ax.grid(True, alpha=0.3)
    fig.tight_layout()
    return to_svg(fig)
