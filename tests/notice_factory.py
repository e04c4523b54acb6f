"""Fictional rectification notices written on the fly, for indexing tests (no real unit is named)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from core.types import Chunk, Hit

_PROBLEMS = (
    ("选人用人工作不够规范", "修订干部选拔任用工作规程，开展专项检查，对3名干部档案进行补充完善"),
    ("财务报销审核把关不严", "出台财务报销管理办法，清理2022年以来报销凭证，追回不合规资金1.2万元"),
    ("基层党组织建设薄弱", "制定党支部标准化建设清单，落实三会一课制度，开展党员教育培训4期"),
    ("意识形态工作责任制落实不到位", "召开专题会议研究意识形态工作，建立阵地管理台账"),
)


def notice_text(
    unit: str, short: str, *, body: str = "市委第四巡察组", extra: str = "", problems: int = 3
) -> str:
    """One complete notice of ``unit`` (short name ``short``) with ``problems`` numbered problems."""
    lines = [
        f"中共{unit}党组关于巡察整改情况的通报",
        "",
        (
            f"根据市委统一部署，2023年4月1日至5月31日，{body}对{short}党组进行了巡察。"
            f"2023年7月5日，{body}向{short}党组反馈了巡察意见。按照党务公开原则和巡察工作有关要求，"
            "现将巡察整改情况予以公布。"
        ),
        "",
        "一、整改工作总体情况",
        "",
        (
            f"{short}党组把巡察整改作为重要政治任务，对反馈的{problems}个问题逐条研究，制定整改措施{problems * 3}条。"
            f"截至目前，{problems - 1}个问题已完成整改，1个问题正在推进。{extra}"
        ),
        "",
        "二、巡察反馈问题整改落实情况",
        "",
    ]
    for n, (problem, measure) in enumerate(_PROBLEMS[:problems], 1):
        status = "已完成整改。" if n < problems else "正在推进整改。"
        lines += [
            f"{n}．关于“{problem}”的问题",
            "",
            f"整改情况：一是{measure}；二是建立长效机制。{status}",
            "",
        ]
    lines += [
        "欢迎广大干部群众对巡察整改落实情况进行监督。联系电话：0000-7654321。",
        "",
        f"中共{unit}党组",
        "2023年10月8日",
        "",
    ]
    return "\n".join(lines)


UNITS = (
    ("青禾市文化旅游局", "市文旅局"),
    ("青禾市水务局", "市水务局"),
    ("青禾市统计局", "市统计局"),
)
"""Fictional units (full name, short name)."""


def without_offsets(value: object) -> object:
    """``value`` (a ``to_json`` record) without its ``start``/``end`` offsets: the same notice read from
    another format has the same facts and problems, but blank lines between paragraphs may differ."""
    if isinstance(value, dict):
        return {k: without_offsets(v) for k, v in value.items() if k not in ("start", "end")}
    if isinstance(value, list | tuple):
        return [without_offsets(v) for v in value]
    return value


def write_corpus(folder: Path, count: int = 3) -> list[Path]:
    """Write ``count`` notice files into ``folder``; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, (unit, short) in enumerate(UNITS[:count], 1):
        path = folder / f"{n:02d}_{short}.txt"
        path.write_text(notice_text(unit, short), encoding="utf-8")
        paths.append(path)
    return paths


def passage_hits(unit: str, passages: Sequence[tuple[tuple[str, ...], str]], key: str = "p") -> list[Hit]:
    """Retrieved passages of one fictional notice of ``unit``, best first: (heading path, text) each."""
    hits = []
    for i, (heading, text) in enumerate(passages):
        chunk = Chunk(f"{key}-{i}", key, unit, f"{unit}关于巡察整改情况的通报", f"{key}.txt", heading, text, 0,
                      len(text), ordinal=i)  # fmt: skip
        hits.append(Hit(chunk, 1.0 / (i + 1), i + 1))
    return hits
