import matplotlib.pyplot as plt
import numpy as np
from _plotting import to_svg

from losskit import ctc_loss, log_softmax, value_and_grad

LABELS = {
    "en": {
        "alpha": "forward variables log α(t, s)",
        "posterior": "posterior of each symbol",
        "frame": "frame t",
        "state": "extended label l′",
        "probability": "probability",
        "blank": "blank",
    },
    "zh": {
        "alpha": "前向变量 log α(t, s)",
        "posterior": "各符号的后验概率",
        "frame": "时间帧 t",
        "state": "扩展标签序列 l′",
        "probability": "概率",
        "blank": "空白",
    },
}


def forward_log_alpha(log_y, ext):
    """The α recursion of the CTC page, in log space."""
    T, S = log_y.shape[0], len(ext)
    alpha = np.full((T, S), -np.inf)
    alpha[0, :2] = log_y[0, ext[:2]]
    for t in range(1, T):
        for s in range(S):
            terms = [alpha[t - 1, s]] + ([alpha[t - 1, s - 1]] if s >= 1 else [])
            if s >= 2 and ext[s] != 0 and ext[s] != ext[s - 2]:
                terms.append(alpha[t - 1, s - 2])
            alpha[t, s] = np.logaddexp.reduce(terms) + log_y[t, ext[s]]
    return alpha


def draw_ctc(lang: str) -> str:
    text = LABELS[lang]
    symbols = [text["blank"], "a", "b", "c"]
    # Scores that roughly favour "- a a - b b b - c -", plus noise: a trained network's look.
    favoured = [0, 1, 1, 0, 2, 2, 2, 0, 3, 0]
    rng = np.random.default_rng(3)
    scores = rng.normal(scale=0.5, size=(10, 1, 4))
    scores[np.arange(10), 0, favoured] += 2.5
    log_probs = log_softmax(scores)
    target = np.array([[1, 2, 3]])
    lengths = (np.array([10]), np.array([3]))
    _, grad = value_and_grad(ctc_loss, log_probs, target, *lengths, reduction="sum")
    posterior = -grad[:, 0, :]  # d(-log p(l|x)) / d log y_k^t = -(posterior of k at t)
    ext = [0, 1, 0, 2, 0, 3, 0]
    alpha = forward_log_alpha(log_probs[:, 0, :], ext)

    # Narrow enough that, scaled to the text column, the labels read at text size.
    fig, (left, right) = plt.subplots(1, 2, figsize=(7.4, 3.2))
    image = left.imshow(np.maximum(alpha.T, -30), aspect="auto", cmap="viridis")
    left.set_xticks(range(0, alpha.shape[0], 2))  # whole frames
    left.set_yticks(range(len(ext)), ["-" if k == 0 else symbols[k] for k in ext])
    left.set_title(text["alpha"])
    left.set_xlabel(text["frame"])
    left.set_ylabel(text["state"])
    fig.colorbar(image, ax=left)
    styles = ["--", "-", "-", "-"]
    for k in range(4):
        right.plot(posterior[:, k], styles[k], marker="o", label=symbols[k])
    right.set_title(text["posterior"])
    right.set_xlabel(text["frame"])
    right.set_ylabel(text["probability"])
    right.set_ylim(-0.05, 1.05)
    right.grid(alpha=0.3)
    right.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    fig.tight_layout()
    return to_svg(fig)
