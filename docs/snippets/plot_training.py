import matplotlib.pyplot as plt
from _plotting import to_svg
from threadpoolctl import threadpool_limits
from training_demo import train

LABELS = {
    "en": {
        "title": "Loss during training",
        "x": "gradient-descent step",
        "y": "categorical cross-entropy",
        "train": "training set",
        "test": "test set",
    },
    "zh": {
        "title": "训练过程中的损失",
        "x": "梯度下降步数",
        "y": "分类交叉熵",
        "train": "训练集",
        "test": "测试集",
    },
}


def draw_training(lang: str) -> str:
    text = LABELS[lang]
    with threadpool_limits(limits=1):
        history, _, _ = train()  # cached: the very run whose numbers the page prints
    steps, train_loss, test_loss = zip(*history, strict=True)
    fig, ax = plt.subplots(figsize=(7, 3.8))
    ax.plot(steps, train_loss, label=text["train"])
    ax.plot(steps, test_loss, linestyle="--", label=text["test"])
    ax.set_yscale("log")
    ax.set_title(text["title"])
    ax.set_xlabel(text["x"])
    ax.set_ylabel(text["y"])
    ax.grid(alpha=0.3, which="both")
    ax.legend()
    return to_svg(fig)
