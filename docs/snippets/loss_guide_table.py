from losskit import LOSS_GUIDE

HEADERS = {
    "en": ("Problem", "Last-layer activation", "Loss (losskit)", "Keras", "PyTorch"),
    "zh": ("问题类型", "最后一层激活函数", "损失函数（losskit）", "Keras", "PyTorch"),
}
NO_ACTIVATION = {"en": "none", "zh": "无"}
OR = {"en": " or ", "zh": " 或 "}


def guide_table(lang: str) -> str:
    """The article's lost table, as a Markdown table generated from losskit.LOSS_GUIDE."""
    rows = [
        "| " + " | ".join(HEADERS[lang]) + " |",
        "|" + "---|" * len(HEADERS[lang]),
    ]
    for row in LOSS_GUIDE:
        problem = row.problem_en if lang == "en" else row.problem_zh
        activation = f"`{row.activation}`" if row.activation else NO_ACTIVATION[lang]
        losses = OR[lang].join(f"[`{fn.__name__}`][losskit.{fn.__name__}]" for fn in row.losses)
        keras = OR[lang].join(f"`{name}`" for name in row.keras.split(" or "))
        pytorch = OR[lang].join(f"`{name}`" for name in row.pytorch.split(" or "))
        rows.append(f"| {problem} | {activation} | {losses} | {keras} | {pytorch} |")
    return "\n".join(rows)
