"""People in notice text: common surnames, the titles a name stands next to, and where a sentence
names someone (``党组书记杨兰田率队``, ``段书林处长一行``, ``王丽珍同志``).

A notice names people three ways: after a title (``队长黄志高实名信访``), before one, right after an
organisation (``巡察办段书林处长``), or before ``同志``. A candidate is a common surname and one or
two characters; it is not a name when it is anonymised (``陈某``, ``周某某``) or an everyday word
(``单位``, ``高度``: frequent in jieba's dictionary, which holds few personal names). A role may
name its body (``区委书记``: the 省委书记 is someone else, as is a deputy). ``names_company`` tells a
firm's name (诚乾公司) from a kind of firm (关联企业).
"""

from __future__ import annotations

import re
from functools import cache

SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
    "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌"
    "毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦"
    "麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩"
    "明佘池查麻苑迟邝"
)
"""Common surnames."""
SURNAME_CLASS = "[" + "".join(sorted(SURNAMES)) + "]"

TITLES = (
    "党组书记|党委书记|副书记|书记|副局长|局长|副主任|主任|副组长|组长|副部长|部长|副厅长|厅长|副处长|处长|副科长|科长|"
    "副校长|校长|副院长|院长|行长|副主席|主席|检察长|署长|馆长|站长|所长|镇长|乡长|区长|县长|市长|省长|副经理|总经理|"
    "经理|董事长|理事长|监事长|秘书长|队长|支队长|大队长|调研员|主任科员|科员|干事|会计|出纳|委员|教授|专家|法定代表人|"
    "负责人|老师|医生|护士长|同志"
)
"""Titles a person's name stands next to (longer forms first)."""

_HAN = "\u4e00-\u9fff"
_CANDIDATE = rf"{SURNAME_CLASS}[{_HAN}]{{1,2}}?"
_END = r"(?=同志|先生|女士|老师|[任担为牵主带负参作对率多亲专等到赴在与和讲召约领实向就于从已将及被因的一、,.;:(）)]|$)"
"""What may follow a name: a verb or preposition of the clause it acts in, or a stop."""
_AFTER_TITLE_RE = re.compile(rf"(?:{TITLES})[,:、]?({_CANDIDATE}){_END}")
_ORG_EDGE = r"(?:(?<=[办局部委处科室院会司厅队组站所社校中,.;:、(])|^)"
"""Right after an organisation or a stop: where a name standing before its title begins."""
_BEFORE_TITLE_RE = re.compile(rf"{_ORG_EDGE}({_CANDIDATE})(?:{TITLES})")
_COMRADE_RE = re.compile(rf"({SURNAME_CLASS}[{_HAN}]{{1,2}})同志")
_NOT_IN_NAME = frozenset("某组委局处科部会院厅办室所队站社校市县区省镇乡村单位")
"""Characters no personal name of a notice holds after its surname (党组书记 is not 党组 + 书记)."""
_COMMON = 50
"""A dictionary word this frequent is an everyday word, not a name (单位 17532; 陈志刚 3)."""


@cache
def dictionary() -> tuple[dict[str, int], dict[str, str]]:
    """jieba's word frequencies and part-of-speech tags."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba.dt.FREQ, jieba.posseg.dt.word_tag_tab  # type: ignore[return-value]


def everyday(word: str, proper: tuple[str, ...] = ("nr",)) -> bool:
    """Whether ``word`` is an everyday word: frequent in jieba's dictionary and not tagged as a
    proper name (``proper``: the tags that make one; nr for people, ns/nt/nz for places and firms)."""
    freq, tags = dictionary()
    return freq.get(word, 0) >= _COMMON and not tags.get(word, "").startswith(proper)


def _is_name(word: str) -> bool:
    """Not an everyday word, nor one followed by a character (严格落 of 严格落实; 刘家义 is a name:
    刘家 is tagged as one)."""
    return not any(c in _NOT_IN_NAME for c in word[1:]) and not everyday(word) and not everyday(word[:2])


def person_names(form: str) -> list[str]:
    """The personal names ``form`` (a compact, simplified sentence) gives, in order.

    >>> person_names("党组书记杨兰田率队专程赴西江旅游发展公司督促协调。")
    ['杨兰田']
    >>> person_names("11月25日,市委巡察办段书林处长一行来我会督导。"), person_names("由局四级调研员林坤东负责稽查局工作")
    (['段书林'], ['林坤东'])
    >>> person_names("由党组书记对周某某进行约谈提醒"), person_names("局党组书记高度重视,组长单位为办公室")
    ([], [])
    >>> person_names("党组书记、检察长严格落实第一责任人要求"), person_names("省委书记刘家义同志的讲话要求")
    ([], ['刘家义'])
    """
    found: list[tuple[int, str]] = []
    for rx in (_AFTER_TITLE_RE, _BEFORE_TITLE_RE, _COMRADE_RE):
        found += [(m.start(1), m.group(1)) for m in rx.finditer(form) if _is_name(m.group(1))]
    return list(dict.fromkeys(name for _, name in sorted(found)))


def names_holder(form: str, title: str) -> bool:
    """Whether ``form`` names the person holding ``title`` next to it (``组长张三``, ``张三任组长``,
    ``张三处长``): a name elsewhere in the sentence belongs to someone else.

    >>> names_holder("成立以党组书记、主任刘用全为组长的领导小组", "组长"), names_holder("组长单位为办公室", "组长")
    (True, False)
    >>> names_holder("党组书记,局长王芳主持会议", "书记")  # two titles of one person
    True
    """
    t = re.escape(title)
    patterns = (
        rf"{t}(?:[,、]?[^,.;:]{{0,4}}(?:{TITLES}))?[,:、]?(?:为|是|由)?(?!任|为|关于|担|成员|组员|常务|牵头|分管|主要|全体|其他)({_CANDIDATE}){_END}",
        rf"({SURNAME_CLASS}[{_HAN}]{{1,2}})(?:同志)?(?:任|担任|为)[^,.;:]{{0,12}}{t}",
        rf"{_ORG_EDGE}({_CANDIDATE}){t}",
    )
    return any(_is_name(m.group(1)) for p in patterns for m in re.finditer(p, form))


ROLE_BODIES = ("省委", "市委", "县委", "区委", "州委", "工委", "党组", "党委")
"""Bodies a role belongs to (``区委书记``); the role of one body is not that of another."""
_ROLE_BODY_RE = re.compile(rf"({'|'.join(ROLE_BODIES)})?(.*)")


def names_role_holder(form: str, role: str) -> bool:
    """``names_holder`` for a role that may name its body (``区委书记``, ``党组书记``, ``院长``).

    The same title held by a deputy or in another body is someone else's:

    >>> names_role_holder("总医院副院长陈钦力带队", "院长"), names_role_holder("学习省委书记李国华的讲话", "区委书记")
    (False, False)
    >>> names_role_holder("区委书记张立新主持", "区委书记"), names_role_holder("书记张立新主持", "区委书记")
    (True, True)
    """
    body, title = _ROLE_BODY_RE.match(role).groups()  # type: ignore[union-attr]
    others = "|".join(b for b in ROLE_BODIES if b != body)
    deputy = "" if title.startswith("副") else "副|"
    form = re.sub(rf"(?:{deputy}{others}){re.escape(title)}", lambda m: "□" * len(m.group(0)), form)
    return names_holder(form, title)


_COMPANY_RE = re.compile(r"([\u4e00-\u9fff]{2,}?)(?:有限公司|有限责任公司|公司|集团|厂|银行|事务所)")
_GENERIC_OWNER = ("关联", "相关", "有关", "涉事", "国有", "民营", "下属", "企业", "这家", "该", "各", "合作")


def names_company(form: str) -> bool:
    """Whether ``form`` names a company (诚乾公司, 上海科江电子信息技术有限公司), not a kind of one
    (关联企业, 国有公司, 合资农业服务公司, 某影视公司)."""
    return any(
        not m.group(1).endswith(_GENERIC_OWNER) and "某" not in m.group(1) and _proper_before(m.group(1))
        for m in _COMPANY_RE.finditer(form)
    )


_NAME_STOP_TAGS = ("v", "p", "c", "u", "d", "r", "m", "q", "f")
"""Tags that end a firm's name read backwards from its suffix (成立|合资农业服务公司, 由|上海科江…公司)."""


def _proper_before(before: str) -> bool:
    """Whether the words right before a firm's suffix hold a proper name: a place or a word that is
    not an everyday one (科江, 瑞善, 广东), not only common words (合资 农业 服务)."""
    import jieba.posseg

    words = list(jieba.posseg.cut(before[-12:]))
    name: list[str] = []
    for w in reversed(words):
        if (
            name
            and w.flag.startswith(_NAME_STOP_TAGS)
            and (len(w.word) >= 2 or w.flag.startswith(("p", "c", "u")))
        ):
            break  # a one-character verb or adverb may be part of a name (信达: 信 达)
        name.append(w.word)
    return any(not everyday(w, ("nr", "ns", "nt", "nz")) for w in name)
