"""Detail cues: what kind of sentence answers a question about a detail of one matter.

A question about one matter often asks for a detail the question's own words do not reach: where
recovered money went (``钱交到哪了`` is answered by ``已全部上交国库``), how much is still missing
(``还有多少没追回来`` by ``尚有…未收回``), how a case was dealt with (``怎么处理的`` by the
sanctions: ``给予党内警告处分``), which document was made (``补了什么制度`` by ``《…办法》``) or
several amounts at once (``分别追回了多少`` by the sentence listing them). ``cues_of`` reads the
cues of a question; ``Cue.met`` says whether a sentence holds what the cue asks for. The
selection prefers such sentences and adds one for a cue the chosen ones leave unmet; cues never
make the answerer refuse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_AMOUNT_RE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?:万|亿)?(?:元|人次|人|名|个|项|件|起|次|家|户|批次|笔)")


@dataclass(frozen=True)
class Cue:
    """One kind of detail a question asks for, and the sentences that state it."""

    name: str
    """destination, remainder, sanctions, document or amounts."""
    asked: re.Pattern[str]
    """Matches the question (compact, numerals as digits) when it asks for this detail."""
    answers: re.Pattern[str]
    """Matches a sentence's searchable form when it states such a detail."""
    least: int = 1
    """How many matches of ``answers`` a sentence needs (amounts: two or more)."""

    def met(self, form: str) -> bool:
        """Whether the sentence form ``form`` states the detail.

        >>> cue = next(c for c in CUES if c.name == "amounts")
        >>> cue.met("收回交通费10073元,加油卡5057元"), cue.met("收回交通费10073元")
        (True, False)
        """
        if self.least <= 1:
            return self.answers.search(form) is not None
        return len(self.answers.findall(form)) >= self.least


CUES: tuple[Cue, ...] = (
    Cue(
        "destination",
        re.compile(
            r"(?:交|缴|上交|上缴|退|存|转|拨|划|汇)(?:到|至|给|回|入)(?:了)?(?:哪|什么地方|何处)"
            r"|(?:钱|资金|款|费)[^?？,，]{0,8}(?:去哪|去了哪|哪去了|去向|用到哪|用在哪|用于什么|用途|怎么处置)"
            r"|去向|去哪了"
        ),
        re.compile(
            r"上交|上缴|缴入|缴回|缴库|交回|国库|财政|专户|退还|返还|归还|退回|发还|发放给|用于|存入|转入"
        ),
    ),
    Cue(
        "remainder",
        re.compile(
            r"还(?:有|剩|差)(?:多少|几)|(?:多少|几)[^?？,，]{0,4}(?:没|未|尚未|还没)(?:有)?(?:追|收|完|到|整改|退|清|拆|办|落实)"
            r"|剩(?:下|余)(?:多少|几|的)|尚未[^?？]{0,8}(?:多少|几)"
        ),
        re.compile(r"尚有|尚未|剩余|剩下|仍有|仍未|未收回|未追回|未完成|未到位|未办结|未退还|正在"),
    ),
    Cue(
        "sanctions",
        re.compile(
            r"(?:怎么|如何|怎样|咋)(?:样)?(?:处理|处置|处分|问责|追责|惩处|处罚)|处理(?:结果|了多少|了几)"
            r"|(?:追责|问责|处分|处理)(?:了)?(?:多少|几)|(?:受到|给予|给了)(?:什么|哪些|啥)"
        ),
        re.compile(
            r"处分|警告|记过|降级|撤职|开除|留党察看|诫勉|免职|停职|调离|立案|问责|追责|批评教育|提醒谈话|谈话提醒"
            r"|约谈|通报批评|移送|组织处理|罚款"
        ),
    ),
    Cue(
        "document",
        re.compile(
            r"(?:补|建|立|订|定|制定|出台|印发|完善|修订|修改|建立|发)(?:了)?(?:什么|哪些|哪项|哪个|哪份|啥)"
            r"(?:新)?(?:制度|办法|规定|文件|方案|细则|机制|规章|规范)"
        ),
        re.compile(
            r"(?:制定|出台|印发|修订|修改|建立|完善|下发|起草|形成|编制|出台了)[^,.;]{0,30}"
            r"《[^》]{2,60}(?:制度|办法|规定|细则|方案|意见|通知|规范|机制|条例|规则|守则|须知|清单|流程|标准|规程|指引)"
            r"(?:\((?:试行|暂行|修订)\))?》"
        ),
    ),
    Cue(
        "amounts",
        re.compile(r"分别[^?？]{0,10}(?:多少|几)|哪几笔|(?:各|各自)[^?？]{0,6}多少|都(?:是)?多少"),
        _AMOUNT_RE,
        least=2,
    ),
)
"""The detail cues, each a class of question and the sentences that answer it."""


@lru_cache(maxsize=256)
def cues_of(question: str) -> tuple[Cue, ...]:
    """The cues of ``question`` (compact text, numerals as digits).

    >>> [c.name for c in cues_of("误餐费追回了多少钱,钱去哪了?")]
    ['destination']
    >>> [c.name for c in cues_of("交通费、加油卡分别追回了多少?")]
    ['amounts']
    >>> cues_of("一共制定了多少条整改措施?")
    ()
    """
    return tuple(c for c in CUES if c.asked.search(question))
