"""Words that carry legal meaning (issue 12 §4): every state of every enum in Chinese and English,
no two meanings sharing Chinese words, and no raw code in the visible text of any page."""

from __future__ import annotations

import enum
import re
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from flask_babel import force_locale

import procurement.models  # noqa: F401  # every model, so every enum is defined
from procurement.accounts.models import Role
from procurement.bids import operations as bids
from procurement.bids.models import BidStatus
from procurement.evaluation.models import FlagResolution
from procurement.labels import LABELS, SAME_MEANING, ReviewOutcome, SeatState, label
from procurement.organisations.models import OrganisationKind
from procurement.publication import operations as publication
from procurement.publication.models import ObjectionStatus
from procurement.tenders.models import TenderStatus
from tests.factories import bid_content, make_insurer, make_tender, make_user, submit_bid
from tests.procurement.publication.test_publication import evaluated


def _all_enums(base: type[enum.Enum] = enum.Enum) -> set[type[enum.Enum]]:
    found = set()
    for sub in base.__subclasses__():
        if sub.__module__.startswith("procurement"):
            found.add(sub)
        found |= _all_enums(sub)
    return found


# States of different enums are equal when their codes are (StrEnum): key them by (enum, state).
Key = tuple[type[enum.Enum], str]


def _rendered(locale: str) -> dict[Key, str]:
    with force_locale(locale):
        return {(kind, m.value): label(m) for kind, members in LABELS.items() for m in members}


def _meaning(key: Key) -> object:
    for group in SAME_MEANING:
        if key in {(type(m), m.value) for m in group}:
            return frozenset((type(m), m.value) for m in group)
    return key


def _key(member: enum.Enum) -> Key:
    return type(member), member.value


def test_every_enum_of_the_application_has_words_for_every_state():
    assert _all_enums() - set(LABELS) == set()
    for kind, words in LABELS.items():
        assert set(words) == set(kind), kind


@pytest.mark.parametrize("locale", ["zh", "en"])
def test_no_state_shows_its_code_and_states_of_one_enum_differ(app, locale):
    with app.test_request_context():
        rendered = _rendered(locale)
    for (kind, code), text in rendered.items():
        assert text and "_" not in text, (kind, code, text)
        if locale == "zh":
            assert re.search(r"[\u4e00-\u9fff]", text), (kind, code, text)
    for kind in LABELS:
        texts = [rendered[kind, m.value] for m in kind]
        assert len(set(texts)) == len(texts), (kind, texts)


def test_different_meanings_never_share_chinese_words(app):
    with app.test_request_context():
        rendered = _rendered("zh")
    meanings: dict[str, set[object]] = defaultdict(set)
    for key, text in rendered.items():
        meanings[text].add(_meaning(key))
    clashes = {text: found for text, found in meanings.items() if len(found) > 1}
    assert clashes == {}


def test_the_legal_words(app):
    with app.test_request_context():
        zh = _rendered("zh")
        en = _rendered("en")
    assert zh[_key(TenderStatus.FAILED)] == "流标"
    assert (
        "流标" not in zh[_key(ReviewOutcome.FAILED)] and "未通过" in zh[_key(ReviewOutcome.FAILED)]
    )
    assert (
        "流标" not in zh[_key(FlagResolution.REJECTED)]
        and "投标无效" in zh[_key(FlagResolution.REJECTED)]
    )
    assert zh[_key(BidStatus.WITHDRAWN)] == "已撤回" and zh[_key(SeatState.RECUSED)] == "已回避"
    assert (
        en[_key(BidStatus.WITHDRAWN)] == en[_key(SeatState.RECUSED)] == "Withdrawn"
    )  # one English word
    assert zh[_key(SeatState.DECLARATION_DUE)] == "待声明"
    assert (
        zh[_key(ObjectionStatus.UPHELD)] == "成立"
        and zh[_key(ObjectionStatus.REJECTED)]
        == "已驳回"  # as an insurer's registration: a request turned down
    )


def test_a_due_date_is_a_deadline_and_a_failed_review_is_not_a_failed_tender(app):
    from flask import render_template_string

    with app.test_request_context(), force_locale("zh"):
        due = render_template_string('{{ pgettext("deadline", "Due") }}')
        declaration = render_template_string('{{ pgettext("declaration", "Due") }}')
        review = render_template_string('{{ pgettext("review", "Failed") }}')
        tender = render_template_string('{{ _("Failed") }}')
    assert due == "截止时间" and declaration == "待声明"
    assert review == "未通过审查" and tender == "流标"


# --- the crawl -----------------------------------------------------------------------------------

# Codes that must never reach a reader: every stored state of every enum. (Criterion ids such as
# `claims_plan` in the flags of the overview belong to issue 12 §3, the flags' own change.)
RAW_CODES = {
    member.value
    for kind in LABELS
    for member in kind
    # user names such as "officer" or "insurer3" are a person's own words
    if kind not in (Role, OrganisationKind)
} | {"qualification", "compliance", "publicised", "withdrawn"}
# The audit log shows each event's payload as recorded, codes included, on purpose.
SKIPPED = (
    "/audit/",
    "?year=",
    "/logout",
    "/language/",
    "/api/",
    "/static/",
    "download",
    ".pdf",
    ".xlsx",
    ".csv",
)


class VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._hidden += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def _crawl(client, starts: list[str], limit: int = 80) -> dict[str, set[str]]:
    """Follow same-site links from `starts`; the raw codes found in each page's visible text."""
    seen, queue, found = set(), list(starts), {}
    while queue and len(seen) < limit:
        url = queue.pop(0)
        path = urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else "")
        if path in seen or any(skip in path for skip in SKIPPED):
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.content_type:
            continue
        parser = VisibleText()
        parser.feed(response.get_data(as_text=True))
        words = set(re.findall(r"[a-z_]+", " ".join(parser.parts)))
        if words & RAW_CODES:
            found[path] = words & RAW_CODES
        for link in parser.links:
            target = urljoin(path, link)
            if not urlsplit(target).netloc and target not in seen:
                queue.append(target)
    return found


@pytest.fixture
def every_state(db):
    """Tenders in many states: publicised with an answered objection, open with a withdrawn bid,
    failed and cancelled."""
    tender = evaluated(db, outlier=True)  # with a flag decision to show
    publication.publish_candidates(tender, tender.created_by)
    for title, status in (
        ("流标的项目", TenderStatus.FAILED),
        ("取消的项目", TenderStatus.CANCELLED),
    ):
        make_tender(title=title).status = status
    open_tender = make_tender(title="接受投标的项目")
    withdrawing = make_insurer(name="撤回投标的保险公司")
    submit_bid(open_tender, withdrawing, bid_content("2500.00"))  # sealed as the browser does
    bids.withdraw_bid(open_tender, withdrawing)
    db.session.commit()
    return tender, withdrawing


def test_no_page_shows_a_raw_code(client, db, login_as, every_state):
    tender, withdrawing = every_state
    chair = tender.seats[0].user
    visits = [(None, ["/", "/tenders/", f"/tenders/{tender.reference}"])]
    visits.append((tender.created_by, ["/", f"/tenders/{tender.id}/manage"]))
    visits.append((withdrawing, ["/", "/bids/"]))
    visits.append((make_user(Role.ADMIN), ["/", "/accounts/", "/accounts/insurers"]))
    visits.append((chair, ["/"]))
    problems = {}
    for user, starts in visits:
        client.delete_cookie("session")
        client.delete_cookie("remember_token")
        if user is not None:
            login_as(user)
        problems.update(_crawl(client, starts))
    assert problems == {}
