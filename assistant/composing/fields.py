"""Fields of work (市场监管, 公安, 教育, …) and the words that belong to one field only.

A unit's field is read from its name. A measure borrowed from a unit of another field may name
that field's people and objects (全体民警, 教职工, 患者, 食品安全): ``generalize`` turns the people
into the words any unit uses (干部职工, 服务对象) and reports a measure that rests on another
field's objects as unusable (``None``), so a 市场监管局 draft never organizes 民警. A draft for a
unit of unknown field is kept free of every field's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.normalize import to_search


@dataclass(frozen=True)
class Field:
    """One field of work."""

    name: str
    """Its name, e.g. 市场监管."""
    marker: re.Pattern[str]
    """Finds the field in a unit name (simplified)."""
    terms: dict[str, str]
    """Words of this field only → the general word ('' when a measure naming it cannot be reused)."""


def _f(name: str, marker: str, terms: str = "") -> Field:
    pairs = (t.partition("=") for t in terms.split())
    return Field(name, re.compile(marker), {k: v for k, _, v in pairs})


FIELDS: tuple[Field, ...] = (
    _f("公安", r"公安|派出所|交警|看守所", "全体民警=全体干部职工 民辅警=干部职工 民警=干部职工 辅警=工作人员 全警=全体干部职工 "
       "警务=业务 公安机关=机关 公安工作=业务工作 警营=机关 执法办案= 刑侦= 治安= 警情= 派出所= 警大队= 巡防= 特警= 交警="),
    _f("检察法院", r"检察|法院|审判", "检察干警=干部职工 检察官=干部职工 法官=干部职工 干警=干部职工 检察工作=业务工作 "
       "审判工作=业务工作 司法办案="),
    _f("医疗卫生", r"医院|卫生健康|卫健|卫生院|疾控|医疗|妇幼保健",
       "医务人员=干部职工 医护人员=干部职工 医务工作者=干部职工 患者=服务对象 就医=办事 临床科室=科室 临床= "
       "医疗服务=服务 医德医风=行风 院长办公会=办公会议 公立医院= 医院=单位 医疗= 诊疗= 药品= 医保="),
    _f("教育", r"教育|学校|中学|小学|学院|大学|幼儿园|职校|学校",
       "教职员工=干部职工 教职工=干部职工 教师=干部职工 师生=干部职工 全校=全体 学校=单位 学生= 教学= 校园= 课堂= "
       "二级学院=下属单位 二级党组织=下属党组织 院系=内设机构 学科= 科研= 结题= 招生="),
    _f("市场监管", r"市场监督管理|市场监管|质监|食药监", "市场主体=服务对象 食品安全= 特种设备= 抽检= 药品= 餐饮= 计量= 知识产权="),
    _f("农业农村", r"农业农村|农业|农村|乡村振兴|畜牧|农机|水产|扶贫",
       "农民群众=群众 农户=群众 农民=群众 涉农资金=专项资金 惠农= 种植= 养殖= 耕地= 农产品="),
    _f("群团", r"工会|团委|共青团|妇联|科协|侨联|台联|残联|文联|红十字|社科联",
       "职工群众=群众 归侨侨眷=服务对象 侨界= 台胞= 科技工作者=服务对象 会员= 妇女儿童= 青少年= 理事会="),
    _f("国企", r"集团|公司|银行|国资", "员工=干部职工 董事会= 监事会= 生产经营=业务工作 经营= 营收= 客户=服务对象"),
    _f("交通运输", r"交通|公路|港航|机场|运输", "机场= 航班= 旅客= 公路= 路政= 运管= 航空="),
    _f("自然资源", r"自然资源|国土|规划局|测绘", "国土空间= 不动产登记= 用地= 矿产= 耕地="),
    _f("住建", r"住房和城乡建设|住房城乡建设|住建|公积金|城建", "工程建设= 公积金= 建筑市场= 物业="),
    _f("水利", r"水利|水务", "水利工程= 河长= 水资源= 防汛="),
    _f("林业", r"林业|林草|绿化|园林", "林地= 森林防火= 林木= 绿化="),
    _f("生态环境", r"生态环境|环保|环境保护", "环境执法= 污染= 排污= 环评="),
    _f("司法", r"司法局|司法厅", "律师= 社区矫正= 公证= 人民调解="),
    _f("财政", r"财政"),
    _f("审计", r"审计局|审计厅", "审计项目= 审计对象="),
    _f("统计", r"统计", "统计数据= 统计调查="),
    _f("人社", r"人力资源和社会保障|人社|社会保障", "社保= 就业="),
    _f("文旅", r"文化和旅游|文旅|文化旅游|文广|文化馆|图书馆|博物馆", "景区= 游客= 文物="),
    _f("城市管理", r"城市管理|城管|综合行政执法|执法局", "占道经营= 违法建设= 渣土= 市容="),
    _f("宣传", r"融媒体|宣传部|广播电视|广电|新闻", "新闻采编= 播出= 节目="),
    _f("政务服务", r"政务服务|行政审批|大数据", "审批事项= 政务数据="),
    _f("机关事务", r"机关事务"),
    _f("发改", r"发展和改革|发展改革|发改", "项目审批= 价格="),
    _f("人大政协", r"人大|政协", "人大代表= 人大机关=机关 州人大= 市人大= 县人大= 区人大= 省人大= 政协委员= 提案="),
    _f("乡镇", r"(?:镇|乡|街道)(?:人民政府|政府)?(?:党委|党工委|党组)?$", "村民=群众 村干部=基层干部 村级=基层 村（社区）=基层 全镇= 全乡= 镇村="),
)  # fmt: skip
"""The fields, in the order a unit name is matched against them."""


def field_of(unit: str) -> str:
    """The field of a unit, '' when its name tells none.

    >>> field_of("某某区市场监督管理局党组"), field_of("云栖市人民医院党委"), field_of("青崖镇党委")
    ('市场监管', '医疗卫生', '乡镇')
    >>> field_of("某市机关工委")
    ''
    """
    s = to_search(unit)
    for f in FIELDS:
        if f.marker.search(s):
            return f.name
    return ""


def foreign_terms(target: str) -> dict[str, str]:
    """Every field word a draft for a unit of field ``target`` must not carry ('' = every field's)."""
    out: dict[str, str] = {}
    for f in FIELDS:
        if f.name != target:
            out.update(f.terms)
    return out


def generalize(text: str, target: str, source: str = "") -> str | None:
    """``text`` (a measure of a unit of field ``source``) made fit for a unit of field ``target``.

    People of another field become the general words; a measure resting on another field's
    objects gives None. Nothing changes when both fields are the same and known.

    >>> generalize("组织全体民警开展警示教育", "市场监管", "公安")
    '组织全体干部职工开展警示教育'
    >>> generalize("开展校园食品安全专项整治", "财政") is None
    True
    >>> generalize("组织全体民警学习", "公安", "公安")
    '组织全体民警学习'
    """
    if target and target == source:
        return text
    terms = foreign_terms(target)
    out = text
    for term in sorted(terms, key=len, reverse=True):
        if term not in out:
            continue
        if not terms[term]:
            return None
        out = out.replace(term, terms[term])
    return out
