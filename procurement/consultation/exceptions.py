"""The lawful exceptions to the minimum of suppliers in a competitive consultation, as data.

The rule set says how many suppliers a consultation needs (`consultation_suppliers`, 3, with its
citation: procurement/rulesets/data). Fewer may continue only in these cases, which the committee
records with its explanation when it invites the final offers; otherwise the invitation is refused,
and an opening of final offers with fewer valid offers ends the procedure (第三十四条).
`wording` is the text as read (docs/tenders.md names where): the notice 财库〔2015〕124号 was read in
full as published by government sites, so that case is confirmed; 214号's own articles were found
only as quoted by secondary sources, so the research case stays unconfirmed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class LawfulException:
    code: str
    label: Any
    minimum: int  # suppliers (and valid final offers) the case allows
    citation: str
    wording: str = ""
    source: str = ""
    confirmed: bool = False


EXCEPTIONS: tuple[LawfulException, ...] = (
    LawfulException(
        "purchased_service",
        _l("A government-purchased service with only 2 qualified suppliers"),
        2,
        "《财政部关于政府采购竞争性磋商采购方式管理暂行办法有关问题的补充通知》（财库〔2015〕124号）",
        wording="采用竞争性磋商采购方式采购的政府购买服务项目（含政府和社会资本合作项目），在采购过程中"
        "符合要求的供应商（社会资本）只有2家的，竞争性磋商采购活动可以继续进行。采购过程中符合要求的"
        "供应商（社会资本）只有1家的，采购人（项目实施机构）或者采购代理机构应当终止竞争性磋商采购活动，"
        "发布项目终止公告并说明原因，重新开展采购活动。",
        source="财政部2015年6月30日通知全文，见营口市政府采购网（ccgp.yingkou.net.cn）及国家税务总局"
        "天津市税务局2015年7月24日转发件（tianjin.chinatax.gov.cn）",
        confirmed=True,
    ),
    LawfulException(
        "research",
        _l("Research with insufficient competition, or a supported transfer of research results"),
        2,
        "《政府采购竞争性磋商采购方式管理暂行办法》（财库〔2014〕214号）第三条第四项、第二十一条第三款",
        wording="第三条第四项：“市场竞争不充分的科研项目，以及需要扶持的科技成果转化项目”；第二十一条"
        "第三款：“符合本办法第三条第四项情形的，提交最后报价的供应商可以为2家”。",
        source="二手资料的引文（招标代理机构文章、条文转载），未见财政部原文：待核对",
    ),
)
BY_CODE = {case.code: case for case in EXCEPTIONS}
