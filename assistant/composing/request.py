"""Reading a drafting request: the task, the user's facts, and the instructions on form.

A request mixes three things that must never be confused. "帮我起草一段关于“X”问题的整改情况，
单位是某某区市场监督管理局党组，写成“整改情况：一是……二是……”的格式" holds the **task** (a
整改情况 paragraph on problem X), a **fact** (the unit) and a **format instruction**. Facts become
content; instructions shape the output and never become content.

The request is cut into clauses (never inside quotes or brackets), and each clause is read as
one role, in this order: ``format`` (格式, 写成, 分条, 三条即可, 300字左右, 要简洁…),
``requirement`` (要有/要写明/要体现…: specifics to carry as placeholders, or points to cover),
``unit`` (单位是…, 我单位是…, 单位：…), ``fact`` (what the user says was done: 已…, …了…,
dates, figures, 《titles》), ``task`` (起草/写/列出… the 整改情况/措施/成效/下一步/通报) or
``problem`` (the rest: how the problem is put). A unit may also open a clause ("为X起草…",
"X理论学习…不深入") and is taken out of it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from assistant.composing.requirements import asked
from core.normalize import to_search
from core.numerals import cn_to_int
from core.unitnames import ORG_SUFFIXES, alternation

Form = Literal["situation", "measures", "results", "next", "notice", "rewrite"]
"""The form asked: a 整改情况 paragraph, a 整改措施 list, 整改成效, 下一步打算, a notice, a rewrite."""
Role = Literal["format", "requirement", "unit", "fact", "task", "problem"]

_PARTY = "机关党委|党工委|党总支|党支部|党组|党委"
_ORG = f"{_PARTY}|{alternation(ORG_SUFFIXES)}"
_OPEN, _CLOSE = "“‘「『（(《", "”’」』）)》"
_BREAKS = "，,。；;！!？?\n"
_LABEL_RE = re.compile(
    r"^(单位(?:名称|全称)?|任务|要求|格式|题目|问题|主题|字数|篇幅|事实|材料|情况)\s*[：:]\s*"
)
_FORMAT_RE = re.compile(
    r"格式|样式|体例|写成(?!立)|写为|按照.{0,8}(?:结构|模板)|分条|逐条|分点|分[一二三四五六七八九十两\d]+(?:点|条|段)|"
    r"[一二三四五六七八九十两\d]+(?:条|点)(?:即可|就行|就可以|左右|以内)|^(?:写|列|分|共)?[一二三四五六七八九十两\d]+(?:条|点|项)$|编号|序号|每条|[一二三]是.{0,4}[二三四]是|……|\.\.\.|字数|"
    r"\d+\s*字|[一二三四五六七八九十百千]+字(?:左右|以内)|篇幅|简洁|简短|简要|精炼|精简|详细|具体一些|详实|语气|控制在"
)
_REQUIRE_RE = re.compile(
    r"^(?:并|同时|另外)?(?:(?:要求|需要|必须|务必|应当|应该|应|要|须|需|重点|注意)(?:要)?"
    r"(?:有|包含|包括|含有|写明|写出|写清楚?|注明|体现|突出|涵盖|提到|提及|列明|写上|写|反映|交代)"
    r"|请(?:写明|注明|列明|体现|突出|包含|包括|涵盖)|围绕|聚焦|侧重|突出)"
)
_UNIT_CLAUSE_RE = re.compile(
    r"^(?:我们?|本)?单位(?:名称|全称)?(?:是|为|：|:)\s*(.+)$|^(?:我们|本单位)(?:是|为)(.+)$|^以(.+?)(?:的)?名义$"
)
_OWN_UNIT_RE = re.compile(r"(?:帮|为|给|替)?(?:我们|我|本)单位[（(]([^（）()]{2,30})[）)]")
"""``帮我们单位（X）写…``: the unit in brackets after 我们单位."""
_FOR_UNIT_RE = re.compile(
    rf"(?:^|请|麻烦|帮忙)(?:为|给|替|帮)((?:某某|某)?[\u4e00-\u9fff]{{1,26}}?(?:{_ORG}))"
    r"(?=起草|草拟|拟写|撰写|拟|写|列|整理|准备|做)"
)
_LEAD_UNIT_RE = re.compile(
    rf"^((?:某某|某)?[\u4e00-\u9fff]{{0,10}}?(?:省|市|县|区|州|旗|镇|乡)[\u4e00-\u9fff]{{1,16}}?(?:{_PARTY}))"
)
_FACT_RE = re.compile(
    r"^(?:我们|我局|我委|我办|我院|我部|我镇|我单位|本单位|局里|单位里)|已经|^已|已[于经]|^今年|^去年|了|"
    r"(?:19|20)\d{2}\s*年|\d+(?:\.\d+)?\s*(?:次|项|条|个|人|名|元|万元|场|期|份)|《"
)
_OWN_RE = re.compile(r"^(?:我们|我局|我委|我办|我院|我部|我镇|我单位|本单位|局里|单位里)(?:已经|已)?")
_TASK_RE = re.compile(
    r"起草|草拟|拟写|撰写|拟定|列出|生成|整理|写|提供|给我|整改(?:落实)?(?:情况|措施|成效|进展)|下一?步|打算|通报|框架|模板|提纲"
)
_STRIP_RE = re.compile(
    r"^(?:请|麻烦|帮忙|帮我|帮|给我|给|替)+|"
    r"(?:起草|草拟|拟写|撰写|拟定|列出|生成|整理|提供|准备|写|拟)(?:一下|一段|一份|一篇|一个|个|段)?|怎么写|如何写|"
    r"据此|依此|按此|根据以上|结合上述|"
    r"(?:的|方面的)?(?:问题)?(?:的)?(?:整改(?:落实)?(?:情况|措施|成效|进展|结果)|下一?步(?:工作)?打算|下步打算)"
    r"(?:的)?(?:段落|部分|材料|内容|说明|表述)?|(?:段落|部分)$"
)
_LEAD_RE = re.compile(r"^(?:关于|针对|对于|就|对|(?:巡察|巡视)(?:组)?(?:指出|发现|反馈)(?:的)?)")
_TAIL_RE = re.compile(r"(?:的问题|问题|的|方面|(?:的)?(?:工作)?情况)$")
_GENRE_ONLY_RE = re.compile(r"^(?:(?:巡察|巡视)?(?:整改)?(?:工作)?|一段|一份)$")
_QUOTED_RE = re.compile(r"^[“\"]([^“”\"]{2,60})[”\"](?:的)?(?:问题)?$")
_TEMPLATE_RE = re.compile(
    r"(整改情况|整改措施|整改成效|整改结果|整改进展|整改落实情况)\s*[：:]\s*(?=[一二三]是|[（(]一|1)"
)
_KIND_RES: tuple[tuple[Form, re.Pattern[str]], ...] = (
    ("rewrite", re.compile(r"润色|改写|规范表述|修改.{0,6}(?:文字|表述|草稿)|改成.{0,4}公文|公文语言")),
    (
        "notice",
        re.compile(r"框架|全文|整篇|通报稿|提纲|模板|(?:一份|一篇|整份).{0,12}通报|的通报$|情况通报$"),
    ),
    ("next", re.compile(r"下一?步|工作打算|下步打算")),
    ("results", re.compile(r"整改成效|成效部分|整改效果|取得.{0,4}成效")),
    ("measures", re.compile(r"措施")),
)
_COUNT_RE = re.compile(r"(?:分)?([一二三四五六七八九十两\d]+)(?:条|点|段)(?:即可|就行|就可以|写)?")
_LENGTH_RE = re.compile(r"(\d{2,4}|[一二三四五六七八九十百千]+)\s*字")
_ITEM_SPLIT_RE = re.compile(r"、|以及|及|和|与|，")
_POINT_VERB_RE = re.compile(r"^(?:具体的?|明确的?|相关的?)")


@dataclass(frozen=True)
class Clause:
    """One clause of a request and how it reads."""

    text: str
    """The clause, as written (a label such as 单位： removed)."""
    role: Role
    """What it is."""


@dataclass(frozen=True)
class Reading:
    """What a request says, sorted into the task, the user's facts and the instructions."""

    form: Form
    """The form asked."""
    unit: str
    """The unit as the user wrote it ('' when not given)."""
    phrase: str
    """The problem as the user put it ('' when none), e.g. 意识形态工作责任制落实不到位."""
    facts: tuple[str, ...] = ()
    """What the user says was done, verbatim but for a leading 我们/我局 (已经)."""
    points: tuple[str, ...] = ()
    """Content the user wants covered (要体现以案促改 → 以案促改)."""
    required: tuple[str, ...] = ()
    """Specifics asked for (``requirements`` names): placeholders unless the facts give them."""
    label: str = ""
    """The lead label asked by a format template (整改情况：一是……), '' when none."""
    template: bool = False
    """A format template was given: the draft is exactly that paragraph."""
    numbered: bool = False
    """Items numbered 1. 2. 3. on their own lines."""
    count: int = 0
    """How many items were asked (0: not said)."""
    length: int = 0
    """About how many characters were asked (0: not said)."""
    size: Literal["brief", "normal", "detailed"] = "normal"
    """简洁 or 详细, when said."""
    level: Literal["巡察", "巡视"] = "巡察"
    """The inspection the request speaks of."""
    text: str = ""
    """For a rewrite: the user's text."""
    clauses: tuple[Clause, ...] = ()
    """Every clause with its role."""

    @property
    def instructions(self) -> tuple[str, ...]:
        """The clauses that shape the draft and must never appear in it (format and requirements)."""
        return tuple(c.text for c in self.clauses if c.role in ("format", "requirement"))


def split_clauses(text: str) -> list[str]:
    """The clauses of ``text``: cut at ，。；！？ and line breaks, never inside quotes or brackets.

    >>> split_clauses("写成“整改情况：一是……，二是……”的格式，单位是某局。")
    ['写成“整改情况：一是……，二是……”的格式', '单位是某局']
    """
    out: list[str] = []
    buf: list[str] = []
    depth = 0
    straight = False
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch == '"':
            straight = not straight
        if ch in _BREAKS and depth == 0 and not straight:
            out.append("".join(buf))
            buf = []
            continue
        buf.append(ch)
    out.append("".join(buf))
    return [c.strip() for c in out if c.strip()]


def _role(clause: str, label: str) -> Role:
    if label.startswith("单位"):
        return "unit"
    if label in ("要求", "格式", "字数", "篇幅"):
        return (
            "format" if _FORMAT_RE.search(clause) or not _REQUIRE_RE.search("要" + clause) else "requirement"
        )
    if label == "任务":
        return "task"
    if _FORMAT_RE.search(clause) or re.match(r"^[一二三四五六七八九十]是", clause):
        return "format"
    if _REQUIRE_RE.search(clause):
        return "requirement"
    if _UNIT_CLAUSE_RE.search(clause):
        return "unit"
    if label in ("事实", "情况", "材料") or (_FACT_RE.search(clause) and not _TASK_RE.search(clause)):
        return "fact"
    return "task" if _TASK_RE.search(clause) else "problem"


def _strip_task(clause: str) -> str:
    """The problem words of a task or problem clause (request words, lead and tail removed)."""
    s = clause
    for _ in range(3):
        s = _STRIP_RE.sub("", s).strip("，,、:： ")
        s = _LEAD_RE.sub("", s)
        s = _TAIL_RE.sub("", s)
    if _GENRE_ONLY_RE.match(s):
        return ""
    quoted = _QUOTED_RE.match(s)
    return quoted.group(1) if quoted else s


def _form(task: str) -> Form:
    s = to_search(task)
    for form, pattern in _KIND_RES:
        if pattern.search(s):
            return form
    return "situation"


def _number(text: str) -> int:
    return int(text) if text.isdigit() else (cn_to_int(text) or 0)


def _format(clauses: Sequence[str]) -> dict[str, object]:
    joined = "，".join(clauses)
    out: dict[str, object] = {}
    if m := _TEMPLATE_RE.search(joined):
        out["label"], out["template"] = m.group(1), True
        ordinals = re.findall(r"[一二三四五六七八九十]是", joined)
        out["count"] = len(ordinals) if len(ordinals) >= 3 else 0
    elif len(re.findall(r"[一二三四五六七八九十]是", joined)) >= 3:
        out["count"] = len(re.findall(r"[一二三四五六七八九十]是", joined))
    listed = re.findall(r"(?<![\d.])(\d)\s*[.．、]|[（(](\d)[)）]", joined)
    if re.search(r"编号|分条|逐条|序号", joined) or len(listed) >= 2:
        out["numbered"] = True
        if len(listed) >= 3:
            out["count"] = len(listed)
    for clause in clauses:
        if (m := _COUNT_RE.search(clause)) and not re.search(r"[一二三]是", clause) and "编号" not in clause:
            out["count"] = _number(m.group(1))
        if m := _LENGTH_RE.search(clause):
            out["length"] = _number(m.group(1))
    if re.search(r"简洁|简短|简要|精炼|精简", joined):
        out["size"] = "brief"
    elif re.search(r"详细|具体一些|详实|充实", joined):
        out["size"] = "detailed"
    return out


def _requirements(clauses: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Specifics asked for (requirement names) and points to cover, from requirement clauses."""
    required: list[str] = []
    points: list[str] = []
    for clause in clauses:
        body = _REQUIRE_RE.sub("", clause)
        for item in _ITEM_SPLIT_RE.split(body):
            item = _POINT_VERB_RE.sub("", item.strip())
            if len(item) < 2:
                continue
            names = [r.name for r in asked(item)]
            if names:
                required += [n for n in names if n not in required]
            else:
                points.append(_TAIL_RE.sub("", item) or item)
    return tuple(required), tuple(dict.fromkeys(points))


def read_request(request: str) -> Reading:
    """Sort a drafting request into its task, the user's facts and the instructions.

    >>> r = read_request("帮我起草一段关于“意识形态工作责任制落实不到位”问题的整改情况，"
    ...                  "单位是某某区市场监督管理局党组，写成“整改情况：一是……二是……”的格式。")
    >>> r.form, r.unit, r.phrase, r.label, r.template
    ('situation', '某某区市场监督管理局党组', '意识形态工作责任制落实不到位', '整改情况', True)
    >>> r = read_request("请起草党风廉政建设主体责任落实不到位问题的整改措施，单位为某县农业农村局党组，要有具体学习次数和制度名称。")
    >>> r.form, r.unit, r.required
    ('measures', '某县农业农村局党组', ('学习次数', '制度名称'))
    """
    head, text = request.strip(), ""
    if _KIND_RES[0][1].search(to_search(re.split(r"[:：]", head, maxsplit=1)[0])):
        head, _, text = head.partition("：") if "：" in head else head.partition(":")
    unit = ""
    clauses: list[Clause] = []
    for raw in split_clauses(head):
        m = _LABEL_RE.match(raw)
        label, clause = (m.group(1), raw[m.end() :]) if m else ("", raw)
        role = _role(clause, label)
        if role == "unit":
            found = _UNIT_CLAUSE_RE.search(clause)
            named = next((g for g in found.groups() if g), clause) if found and not label else clause
            unit = unit or named.strip().removesuffix("的")
        elif role in ("task", "problem", "fact"):
            for pattern in (_OWN_UNIT_RE, _FOR_UNIT_RE, _LEAD_UNIT_RE):
                if (found := pattern.search(clause)) is not None:
                    unit = unit or found.group(1)
                    start = found.start(1) - (pattern is _FOR_UNIT_RE)  # with its 为/给/替/帮
                    if pattern is _OWN_UNIT_RE:
                        start, end = found.span()
                        clause = (clause[:start] + clause[end:]).strip()
                        break
                    clause = (clause[:start] + clause[found.end(1) :]).strip()
                    break
        clauses.append(Clause(clause, role))
    tasks = [c.text for c in clauses if c.role == "task"] or [c.text for c in clauses if c.role == "problem"]
    form: Form = "rewrite" if text else _form("，".join(tasks))
    phrase_parts = [_strip_task(c.text) for c in clauses if c.role in ("task", "problem")]
    facts = tuple(_OWN_RE.sub("", c.text) for c in clauses if c.role == "fact")
    required, points = _requirements([c.text for c in clauses if c.role == "requirement"])
    fmt = _format([c.text for c in clauses if c.role == "format"])
    return Reading(
        form=form,
        unit=unit,
        phrase="，".join(p for p in phrase_parts if p) if form not in ("notice", "rewrite") else "",
        facts=tuple(f for f in facts if f),
        points=points,
        required=required,
        level="巡视" if "巡视" in request else "巡察",
        text=text.strip(),
        clauses=tuple(clauses),
        **fmt,  # type: ignore[arg-type]
    )
