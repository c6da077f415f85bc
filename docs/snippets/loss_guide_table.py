from losskit import LOSS_GUIDE

HEADERS = {
    "en": (
        "Problem",
        "Last-layer activation",
        "Loss (losskit)",
        "Keras",
        "PyTorch",
    ),
    "zh": (
        "问题类型",
        "最后一层激活函数",
        "损失函数（losskit）",
        "Keras",
        "PyTorch",
    ),
}
NO_ACTIVATION = {"en": "none", "zh": "无"}
OR = {"en": " or ", "zh": " 或 "}
NONE_BUILT_IN = "—"  # the framework has no such loss: a dash, not code


def code_list(names, lang: str) -> str:
    """`a` or `b`, with the word "or" in the page's language."""
    return OR[lang].join(name if name == NONE_BUILT_IN else f"`{name}`" for name in names)


def guide_table(lang: str) -> str:
    """The article's lost table, generated from losskit.LOSS_GUIDE."""
    header = HEADERS[lang]
    rows = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in LOSS_GUIDE:
        problem = row.problem_en if lang == "en" else row.problem_zh
        activation = NO_ACTIVATION[lang]
        if row.activation:
            activation = f"`{row.activation}`"
        names = [fn.__name__ for fn in row.losses]
        losses = OR[lang].join(f"[`{n}`][losskit.{n}]" for n in names)
        keras = code_list(row.keras.split(" or "), lang)
        pytorch = code_list(row.pytorch.split(" or "), lang)
        cells = (problem, activation, losses, keras, pytorch)
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)
