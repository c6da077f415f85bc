import matplotlib.pyplot as plt
import numpy as np
from _plotting import to_svg

import losskit

LABELS = {
    "en": {
        "title": "Binary cross-entropy: from logits vs from probabilities",
        "x": "logit z",
        "y": "binary cross-entropy for target t = 0",
        "logits": "from_logits=True (exact: softplus(z))",
        "p64": "from probabilities, float64",
        "p32": "from probabilities, float32",
    },
    "zh": {
        "title": "二元交叉熵：直接用 logits 与先算概率的对比",
        "x": "logit z",
        "y": "目标 t = 0 时的二元交叉熵",
        "logits": "from_logits=True（精确值：softplus(z)）",
        "p64": "先算概率，float64",
        "p32": "先算概率，float32",
    },
}


def draw_stability(lang: str) -> str:
    text = LABELS[lang]
    z = np.linspace(0.0, 60.0, 601)
    t = np.zeros_like(z)
    exact = losskit.binary_cross_entropy(z, t, from_logits=True, reduction="none")
    p64 = losskit.binary_cross_entropy(losskit.sigmoid(z), t, reduction="none")
    z32, t32 = z.astype(np.float32), t.astype(np.float32)
    p32 = losskit.binary_cross_entropy(losskit.sigmoid(z32), t32, reduction="none")

    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(z, exact, color="black", linewidth=2.5, label=text["logits"])
    ax.plot(z, p64, color="tab:blue", linestyle="--", label=text["p64"])
    ax.plot(z, p32, color="tab:orange", linestyle=":", linewidth=2, label=text["p32"])
    ax.set_title(text["title"])
    ax.set_xlabel(text["x"])
    ax.set_ylabel(text["y"])
    ax.set_ylim(0, 150)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left")
    return to_svg(fig)
