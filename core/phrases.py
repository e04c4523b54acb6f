"""Sentinels and formats shared by prompts, parsers, the app and the tests. Defined once, here."""

from __future__ import annotations

import re

CANNOT_ANSWER = "根据现有通报无法回答该问题（未找到相关信息）。"
"""The refusal sentence, in both modes; prompts tell the model to reply with exactly this."""

CITATION_FORMAT = "[{n}]"
"""How a citation marker is written in answers, drafts and summaries."""

CITATION_RE = re.compile(r"\[(\d{1,3})\]")
"""Finds citation markers ``[n]``."""

PLACEHOLDER_RE = re.compile(r"【[^【】\n]{1,12}】")
"""Finds draft placeholders such as 【日期】 or 【金额】."""

MODE_LABELS = {"llm": "大模型模式", "extractive": "抽取模式（未接入大模型，仅摘录通报原文）"}
"""How each mode is named to users."""

EXTRACTIVE_NOTE = "（抽取模式：以下内容直接摘自检索到的通报原文，未经大模型改写。）"
"""Said at the head of every extractive answer, draft and summary."""

DRAFT_EXTRACTIVE_NOTE = (
    "抽取模式：措施和表述取自其他单位通报中的同类问题（见出处），其具体信息已换成【占位符】，未经大模型改写"
)
"""The mode note of an extractive draft (shown beside the draft, never in its text or its Word file)."""

GENERIC_LINES_NOTE = "{items}为通用表述（检索到的范例未涉及该项），请结合本单位实际修改"
"""Names the lines of a draft that rest on no exemplar."""

FALLBACK_NOTICE = "大模型接口调用失败（{reason}），已改用抽取模式作答。"
"""The visible notice when an endpoint fails and the extractive mode answers instead."""

UNUSABLE_REPLY_NOTICE = "大模型的回答不可用（{reason}），已改用抽取模式作答。"
"""The visible notice when the model replied but the reply cannot be used (cut at the output budget,
only citation markers, not in Chinese) and the extractive mode answers instead."""

UNKNOWN_FACT = "—"
"""Shown where a notice does not state a fact."""

UNKNOWN_UNIT = "（未识别单位）"
"""Shown where a notice's issuing unit could not be read."""

UNVERIFIED_MARK = "【待核实】"
"""Put after a claim (number, date, unit) that no cited passage contains."""
