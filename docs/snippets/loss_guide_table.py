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
# When the frameworks disagree, "none" means: the loss takes the raw scores itself.
NONE_LOGITS = {"en": "none — logits", "zh": "无，直接输出 logits"}
LIBRARIES = {"en": " ({})", "zh": "（{}）"}
LIST_SEP = {"en": ", ", "zh": "、"}
OR = {"en": " or ", "zh": " 或 "}
NONE_BUILT_IN = "—"  # the framework has no such loss: a dash, not code


def code_list(names, lang: str) -> str:
    """`a` or `b`, with the word "or" in the page's language."""
    return OR[lang].join(name if name == NONE_BUILT_IN else f"`{name}`" for name in names)


def activation_cell(row, lang: str) -> str:
    """What the model's last layer applies, per library when the libraries disagree."""
    routes = {"losskit": row.activation, "Keras": row.keras_activation}
    routes["PyTorch"] = row.pytorch_activation
    groups: dict[str | None, list[str]] = {}
    for library, activation in routes.items():
        groups.setdefault(activation, []).append(library)
    if len(groups) == 1:
        (activation,) = groups
        return f"`{activation}`" if activation else NO_ACTIVATION[lang]
    parts = []
    for activation, libraries in groups.items():
        name = f"`{activation}`" if activation else NONE_LOGITS[lang]
        parts.append(name + LIBRARIES[lang].format(LIST_SEP[lang].join(libraries)))
    return " · ".join(parts)


def guide_table(lang: str) -> str:
    """The article's lost table, generated from losskit.LOSS_GUIDE."""
    header = HEADERS[lang]
    rows = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in LOSS_GUIDE:
        problem = row.problem_en if lang == "en" else row.problem_zh
        names = [fn.__name__ for fn in row.losses]
        losses = OR[lang].join(f"[`{n}`][losskit.{n}]" for n in names)
        keras = code_list(row.keras.split(" or "), lang)
        pytorch = code_list(row.pytorch.split(" or "), lang)
        cells = (problem, activation_cell(row, lang), losses, keras, pytorch)
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)
