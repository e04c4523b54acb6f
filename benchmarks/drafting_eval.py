"""Draft every request of ``tests/data/drafting/requests.json`` and print what the checks find.

Usage (the index of ``ASSISTANT_STORE``; ``--mode llm`` drafts with ``copying_reply``, a model
that misbehaves in every way the issue saw, so the figures measure the post-check)::

    ASSISTANT_STORE=/tmp/store python -m benchmarks.drafting_eval [--mode extractive|llm|both]
        [--show ID ...] [--json OUT]

One line per request and mode (the findings), then the totals: requests with an echo, with a
foreign name, with an unsupplied figure, with something missing or forbidden, with the unit
wrong, with the form wrong, clean drafts, and the mean coverage of the topic's usual elements.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.llm.chat import ChatModel, Message
from benchmarks.drafting_checks import REQUESTS_FILE, Review, load, review
from core.types import Mode

_PASSAGES_RE = re.compile(r"<<<摘录开始>>>\n(.*?)\n<<<摘录结束>>>", re.DOTALL)
_TASK_RE = re.compile(r"^写作任务：(.*)$", re.MULTILINE)
_ASKS_RE = re.compile(r"^写作要求[^\n]*\n(.*?)\n\n", re.MULTILINE | re.DOTALL)
_HEADER_RE = re.compile(r"^\[(\d{1,3})\] .*$", re.MULTILINE)


def copying_reply(user: str) -> str:
    """A reply to a drafting prompt (its user message) doing everything a weak model did.

    It opens with a notice outline heading, turns the request's instructions (the task line and
    every line under 写作要求) into measures, copies each exemplar's first two sentences verbatim
    (names, dates, figures, documents and all) with its ``[n]``, and signs with 【单位名称】
    whatever unit was given.
    """
    task = _TASK_RE.search(user)
    asks = _ASKS_RE.search(user)
    clauses = [c for c in re.split(r"[，,。；;]", task.group(1) if task else "") if len(c) >= 4]
    clauses += [ln.lstrip("- ").strip() for ln in (asks.group(1).splitlines() if asks else []) if len(ln) > 4]
    copied = []
    block = _PASSAGES_RE.search(user)
    for m in _HEADER_RE.finditer(block.group(1) if block else ""):
        body = block.group(1)[m.end() :].lstrip("\n").split("\n[", 1)[0] if block else ""
        sentences = [s for s in re.split(r"(?<=。)", body.replace("\n", "")) if len(s) > 6][:2]
        copied.append("".join(sentences).rstrip("。") + f"[{m.group(1)}]")
    items = [*clauses[:3], *copied][:6]
    ordinals = "一二三四五六七八九十"
    measures = "；".join(f"{ordinals[i]}是{x}" for i, x in enumerate(items))
    return (
        f"一、整改工作组织情况\n【单位名称】高度重视。\n整改措施：{measures}。\n\n【单位名称】\n2023年9月1日"
    )


class CopyingModel(ChatModel):
    """``copying_reply`` as a chat model (no network)."""

    name = "copying"
    mode: Mode = "llm"

    def complete(self, messages: Sequence[Message]) -> str:
        """The misbehaving reply."""
        return copying_reply(messages[-1].content)


def run(
    mode: str, entries: Sequence[dict[str, Any]], show: Sequence[str]
) -> list[tuple[Review, dict[str, Any]]]:
    """Draft and check every entry in ``mode`` (``extractive`` or ``llm``)."""
    from assistant.factory import make_assistant
    from core.config import Settings

    data = load()
    assistant = make_assistant(Settings.from_env(), chat=CopyingModel() if mode == "llm" else None)
    units = [n.unit for n in assistant.notices()]
    out = []
    for entry in entries:
        draft = assistant.draft(entry["request"], unit=entry.get("unit"), kind=entry.get("kind"))
        title = getattr(draft, "title", "")
        r = review(entry, title, draft.text, units, data["topics"])
        out.append((r, {"id": entry["id"], "mode": mode, "title": title, "text": draft.text}))
        if entry["id"] in show:
            print(f"===== {entry['id']} ({mode}) =====\n{title}\n{draft.text}\n")
    return out


def reading_errors(entry: dict[str, Any]) -> dict[str, tuple[object, object]]:
    """Where the plan of ``entry``'s request differs from what its ``read`` expects."""
    from assistant.composing.plan import plan
    from core.normalize import compact

    p = plan(entry["request"], entry.get("unit"), entry.get("kind"))
    want = entry["read"]
    got = {
        "kind": p.kind,
        "form": p.form,
        "unit": p.unit,
        "field": p.field,
        "phrase": p.phrase,
        "label": p.label,
    }
    got |= {"numbered": p.numbered, "count": p.items if p.exact else 0, "required": list(p.required)}
    out: dict[str, tuple[object, object]] = {k: (v, want[k]) for k, v in got.items() if v != want[k]}
    names = [t.name for t in p.topics]
    if (want["topic"] and want["topic"] not in names) or (not want["topic"] and names):
        out["topic"] = (names, want["topic"])
    for key, have in (("facts", p.facts), ("points", p.points)):
        if any(
            not any(compact(x) in compact(g) or compact(g) in compact(x) for g in have) for x in want[key]
        ):
            out[key] = (have, want[key])
    return out


def totals(reviews: Sequence[Review]) -> dict[str, float]:
    """The figures of one mode over the request set."""
    n = len(reviews)
    scored = [r for r in reviews if r.elements]
    return {
        "requests": n,
        "echo": sum(bool(r.echoed) for r in reviews),
        "foreign": sum(bool(r.foreign) for r in reviews),
        "figures": sum(bool(r.figures) for r in reviews),
        "missing": sum(bool(r.missing) for r in reviews),
        "forbidden": sum(bool(r.forbidden) for r in reviews),
        "unit": sum(not r.unit_ok for r in reviews),
        "form": sum(bool(r.form) for r in reviews),
        "clean": sum(r.clean for r in reviews),
        "coverage": round(sum(r.covered / r.elements for r in scored) / len(scored), 3) if scored else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the request set and print findings and totals."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=("extractive", "llm", "both"), default="both")
    parser.add_argument(
        "--show", nargs="*", default=[], help="print the drafts of these ids ('all' for every one)"
    )
    parser.add_argument("--json", type=Path, default=None, help="write drafts and findings here")
    parser.add_argument(
        "--set", choices=("requests", "heldout"), default="requests", help="which request set"
    )
    parser.add_argument("--reading", action="store_true", help="also check how each request is read")
    args = parser.parse_args(argv)
    entries = load(REQUESTS_FILE.with_name(f"{args.set}.json"))["requests"]
    if args.reading:
        for entry in entries:
            wrong = reading_errors(entry)
            print(f"reading    {entry['id']:34} {'ok' if not wrong else wrong}")
    show = [e["id"] for e in entries] if "all" in args.show else args.show
    dump = []
    for mode in ("extractive", "llm") if args.mode == "both" else (args.mode,):
        results = run(mode, entries, show)
        for r, d in results:
            print(f"{mode:10} {r.id:34} {'ok' if r.clean else '; '.join(r.problems())}")
            dump.append(
                {**d, "findings": r.findings(), "unit_ok": r.unit_ok, "coverage": [r.covered, r.elements]}
            )
        print(f"{mode} totals: {json.dumps(totals([r for r, _ in results]), ensure_ascii=False)}\n")
    if args.json is not None:
        args.json.write_text(json.dumps(dump, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
