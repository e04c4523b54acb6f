"""What a question asks of a unit's rectification ledger (整改台账): rows by status, overdue, by office.

``read_ledger_ask`` reads the ledger ask of a question, or None when it has none:

* **status** — ``还有哪些问题未完成`` / ``正在推进的有几个``: the status keys asked (未完成 covers every
  status but 已完成);
* **overdue** — ``有几个问题逾期`` / ``哪些问题超期未完成``: the time limit passed and not done;
* **office** — ``由办公室负责的问题有哪些`` / ``责任部门是财务科的问题``: the responsible office or
  person named.

It asks either which rows (``哪些``, ``列出``, ``还有``) or how many (``几个``, ``多少``). Whether the
unit has a ledger at all is for the answerer to see.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.reading.questions import status_keys
from core.normalize import compact

NOT_DONE = ("未完成", "正在推进", "基本完成", "初步成效", "长期坚持")
"""What "not finished" covers: every status but 已完成."""

_OVERDUE_RE = re.compile(
    r"逾期|超期|过期|超时|超过(?:整改)?(?:时限|期限)|过了(?:整改)?(?:时限|期限)|到期未|延期|拖期"
)
_LIST_RE = re.compile(r"哪些|哪几|哪个|什么问题|还有|有没有|分别|列出|列一下|清单|具体是|是什么")
_COUNT_RE = re.compile(r"几个|几项|几条|多少")
_LEDGER_RE = re.compile(r"台账|清单|销号")
_OFFICE_RES = (
    re.compile(r"由(?P<o>[^，。？?！!、：:的]{2,15}?)(?:负责|牵头|承办|落实|整改|来?办)"),
    re.compile(
        r"责任(?:部门|单位|科室|处室|股室|人|领导)(?:是|为|都?是)(?P<o>[^，。？?！!的]{2,15}?)(?:的|$|[，。？?])"
    ),
    re.compile(r"(?:^|[里中，,的])(?P<o>[^，。？?！!、：:的里中是有]{2,12}?)(?:负责|牵头)的"),
)
_OFFICE_NOISE_RE = re.compile(r"^(?:台账|清单|整改台账|整改清单)(?:里|中)?")


@dataclass(frozen=True)
class LedgerAsk:
    """What a question asks of a ledger."""

    statuses: tuple[str, ...] = ()
    """Status keys asked for (未完成 expanded to every status but 已完成); empty: any status."""
    overdue: bool = False
    """Only problems whose time limit has passed and which are not done."""
    office: str = ""
    """Only problems whose responsible office (or leader) includes this ('' : any)."""
    counting: bool = False
    """The question asks how many."""
    named: bool = False
    """The question says 台账 (or 清单, 销号): it asks about the ledger, whatever else the unit has."""


def read_ledger_ask(question: str) -> LedgerAsk | None:
    """The ledger ask of ``question``, or None when it asks nothing a ledger's rows answer.

    >>> read_ledger_ask("水利局还有哪些问题未完成？").statuses == NOT_DONE
    True
    >>> a = read_ledger_ask("水利局的台账里有几个问题逾期")
    >>> (a.overdue, a.counting, a.named)
    (True, True, True)
    >>> read_ledger_ask("水利局台账里由办公室负责的问题有哪些").office
    '办公室'
    >>> read_ledger_ask("青石镇责任部门是财政所的问题有哪些？").office, read_ledger_ask("水利局被巡察的时间是？")
    ('财政所', None)
    """
    q = compact(question)
    statuses = tuple(k for k in status_keys(q) if k)
    if "未完成" in statuses:
        statuses = NOT_DONE
    overdue = _OVERDUE_RE.search(q) is not None
    office = _office(q)
    counting = _COUNT_RE.search(q) is not None
    listing = _LIST_RE.search(q) is not None
    if not (statuses or overdue or office) or not (counting or listing) or "问题" not in q and not overdue:
        return None
    return LedgerAsk(statuses, overdue, office, counting and not listing, _LEDGER_RE.search(q) is not None)


def _office(q: str) -> str:
    """The office or person a question names as responsible, or ''.

    >>> _office("由局办公室牵头整改的问题"), _office("台账里财务科负责的有几个"), _office("由谁负责")
    ('局办公室', '财务科', '')
    """
    for pattern in _OFFICE_RES:
        m = pattern.search(q)
        if m:
            name = _OFFICE_NOISE_RE.sub("", m.group("o"))
            if len(name) >= 2 and not re.search(r"谁|哪|什么", name):
                return name
    return ""
