"""Flags on the ranking: the chair records, changes and withdraws decisions until every member has
signed the report (audited, the ranking recomputed), and the overview shows them in words, never as codes."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from procurement.audit.models import AuditEvent
from procurement.evaluation import operations as evaluation
from procurement.evaluation import queries
from procurement.evaluation.models import FlagDecision, FlagKind, FlagResolution
from tests.conftest import submit
from tests.procurement.evaluation.test_evaluation_operations import scored_tender

# The last price is far below half of the others' mean: an abnormally low price to decide on.
PRICES = ("2400.00", "2600.00", "2200.00", "2800.00", "900.00")


@pytest.fixture
def flagged(db):
    """A scored tender whose third member gave 0 on the first bid's claims plan."""
    tender, seats = scored_tender(db, outlier=True, prices=PRICES)
    evaluation.compute_result(tender)
    db.session.commit()
    return tender, seats, queries.compliant_bids(tender)[0]


def decide(tender, seats, bid, resolution, votes_for=None, explanation="书面说明"):
    return evaluation.decide_flag(
        tender,
        kind=FlagKind.OUTLIER,
        bid=bid,
        seat=seats[2],
        resolution=resolution,
        explanation=explanation,
        votes_for=votes_for,
        chair=seats[0].user,
    )


def claims_plan_points(tender, bid):
    ranking = queries.result_of(tender).result["ranking"]
    return next(r for r in ranking if r["bid"] == f"B{bid.id}")["points"]["claims_plan"]


def events(db, action):
    query = sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
    return db.session.scalars(query).all()


def test_the_chair_changes_a_decision_audited_with_before_and_after(db, flagged):
    tender, seats, first = flagged
    before_points = claims_plan_points(tender, first)  # (6 + 6 + 0) / 3
    decide(tender, seats, first, FlagResolution.EXPLAINED, explanation="成员已书面说明")
    decide(tender, seats, first, FlagResolution.REPLACED, votes_for=2, explanation="两名同意替换")
    decisions = db.session.scalars(sa.select(FlagDecision)).all()
    assert len(decisions) == 1  # changed in place, not a second decision
    assert decisions[0].resolution is FlagResolution.REPLACED and decisions[0].votes_for == 2
    assert before_points == 4.0 and claims_plan_points(tender, first) == 6.0  # recomputed
    first_event, change = (e.details for e in events(db, "evaluation.decide_flag"))
    assert first_event["before"] is None
    assert change["before"] == {
        "resolution": "explained",
        "votes_for": None,
        "explanation": "成员已书面说明",
    }
    assert change["after"] == {
        "resolution": "replaced",
        "votes_for": 2,
        "explanation": "两名同意替换",
    }
    assert change["kind"] == "outlier" and change["member"] == seats[2].user_id


def test_withdrawing_a_decision_reopens_the_flag_and_restores_the_points(db, flagged):
    tender, seats, first = flagged
    decide(tender, seats, first, FlagResolution.REPLACED, votes_for=2)
    state = queries.EvaluationState(tender)
    pending = state.undecided_flags(state.result.result)
    evaluation.withdraw_flag(
        tender, kind=FlagKind.OUTLIER, bid=first, seat=seats[2], chair=seats[0].user
    )
    assert db.session.scalars(sa.select(FlagDecision)).all() == []
    assert claims_plan_points(tender, first) == 4.0  # the member's own 0 counts again
    state = queries.EvaluationState(tender)
    assert state.undecided_flags(state.result.result) == pending + 1
    (event,) = events(db, "evaluation.withdraw_flag")
    assert event.details["before"]["resolution"] == "replaced"
    assert event.details["by"] == seats[0].user_id


def test_withdrawing_what_was_never_decided_is_refused(db, flagged):
    tender, seats, first = flagged
    with pytest.raises(evaluation.EvaluationError, match="no_decision"):
        evaluation.withdraw_flag(
            tender, kind=FlagKind.OUTLIER, bid=first, seat=seats[2], chair=seats[0].user
        )


def decide_everything(tender, seats):
    result = queries.result_of(tender).result
    seat_of = {queries.member_key(seat): seat for seat in seats}
    bids = {queries.bid_key(bid): bid for bid in queries.compliant_bids(tender)}
    for member, bid in sorted({(o["member"], o["bid"]) for o in result["outliers"]}):
        evaluation.decide_flag(
            tender,
            kind=FlagKind.OUTLIER,
            bid=bids[bid],
            seat=seat_of[member],
            resolution=FlagResolution.EXPLAINED,
            explanation="成员已书面说明",
            votes_for=None,
            chair=seats[0].user,
        )
    for row in result["ranking"]:
        if "abnormally_low" in row["flags"]:
            evaluation.decide_flag(
                tender,
                kind=FlagKind.ABNORMALLY_LOW,
                bid=bids[row["bid"]],
                seat=None,
                resolution=FlagResolution.ACCEPTED,
                explanation="成本测算合理",
                votes_for=None,
                chair=seats[0].user,
            )


def test_once_every_member_signed_decisions_can_neither_change_nor_be_withdrawn(app, db, flagged):
    tender, seats, first = flagged
    decide_everything(tender, seats)
    evaluation.finalise(tender, seats[0].user)
    db.session.commit()  # a job renders the draft as this commits
    sha256 = queries.current_draft(tender).sha256
    for seat in seats:
        evaluation.sign_report(seat, "", sha256)
    db.session.commit()
    with pytest.raises(evaluation.EvaluationError, match="decisions_final") as refused:
        decide(tender, seats, first, FlagResolution.REPLACED, votes_for=3)
    with app.test_request_context(headers={"Accept-Language": "zh"}):
        assert refused.value.message == "全体成员已签署评标报告：提示事项的决定不能再修改或撤销。"
    with pytest.raises(evaluation.EvaluationError, match="decisions_final"):
        evaluation.withdraw_flag(
            tender, kind=FlagKind.OUTLIER, bid=first, seat=seats[2], chair=seats[0].user
        )
    assert queries.flag_decisions(tender)[0].resolution is FlagResolution.EXPLAINED


# Pages ------------------------------------------------------------------------------------------

FLAG_FORM = {"kind": "outlier", "resolution": "explained", "explanation": "成员已书面说明"}


def test_the_chair_changes_and_withdraws_a_decision_on_the_overview(client, db, login_as, flagged):
    tender, seats, first = flagged
    overview = f"/evaluation/{tender.id}/overview"
    login_as(seats[0].user)
    target = {"bid_id": first.id, "member_id": seats[2].id}
    flags = f"/evaluation/{tender.id}/flags"
    assert submit(client, flags, {**FLAG_FORM, **target}, form_page=overview).status_code == 302
    page = client.get(overview).get_data(as_text=True)
    assert "修改决定" in page and "撤销决定" in page
    changed = {**FLAG_FORM, **target, "resolution": "replaced", "votes_for": 2}
    assert submit(client, flags, changed, form_page=overview).status_code == 302
    assert queries.flag_decisions(tender)[0].resolution is FlagResolution.REPLACED
    withdraw = f"{flags}/withdraw"
    done = submit(client, withdraw, {"kind": "outlier", **target}, form_page=overview)
    assert done.status_code == 302
    assert queries.flag_decisions(tender) == []
    page = client.get(overview).get_data(as_text=True)
    assert "决定已撤销，该提示事项待重新决定，排名已重新计算。" in page
    again = submit(client, withdraw, {"kind": "outlier", **target}, form_page=overview)
    assert again.status_code == 302
    assert "该提示事项尚无可撤销的决定。" in client.get(overview).get_data(as_text=True)


def test_only_the_chair_withdraws_a_decision(client, db, login_as, flagged):
    tender, seats, first = flagged
    decide(tender, seats, first, FlagResolution.EXPLAINED)
    db.session.commit()
    login_as(seats[1].user)
    response = submit(
        client,
        f"/evaluation/{tender.id}/flags/withdraw",
        {"kind": "outlier", "bid_id": first.id, "member_id": seats[2].id},
        form_page="/",
    )
    assert response.status_code == 403
    assert len(queries.flag_decisions(tender)) == 1


CODES = ("claims_plan", "risk_service", "explained", "replaced", "accepted", "rejected")
CODES += ("abnormally_low", "outlier")


def visible_text(html):
    """The page as a reader sees it: no tags, attributes, scripts or styles."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "zh",
            ("理赔方案", "该成员已作出书面说明，评分保留", "评标委员会认可投标人的说明", "中位数"),
        ),
        (
            "en",
            (
                "The member explained in writing; the scores stand",
                "The committee accepts the bidder's explanation",
                "the other members' median",
            ),
        ),
    ],
)
def test_the_overview_shows_flags_in_words_never_codes(
    client, db, login_as, flagged, language, words
):
    tender, seats, first = flagged
    decide_everything(tender, seats)
    db.session.commit()
    login_as(seats[0].user)
    client.get(f"/language/{language}?next=/")
    html = client.get(f"/evaluation/{tender.id}/overview").get_data(as_text=True)
    page = visible_text(html)
    for word in words:
        assert word in page
    criterion_name = next(c["name"] for c in tender.criteria if c["id"] == "claims_plan")
    assert criterion_name in page
    for code in CODES:
        assert not re.search(rf">\s*{code}\s*<", html), code  # never a code as an element's text
        if "_" in code or language == "zh":  # in English, "explained" is also a plain word
            assert not re.search(rf"\b{code}\b", page), code


def test_a_result_stored_before_the_median_still_shows(client, db, login_as, flagged):
    tender, seats, first = flagged
    row = queries.result_of(tender)
    result = dict(row.result)
    result["outliers"] = [
        {**{k: v for k, v in flag.items() if k != "others_median"}, "others_mean": 3.0}
        for flag in result["outliers"]
    ]
    row.result = result
    db.session.commit()
    login_as(seats[0].user)
    page = client.get(f"/evaluation/{tender.id}/overview").get_data(as_text=True)
    assert "其他成员平均 3.00 分" in page


def test_a_decision_on_a_score_no_longer_flagged_stays_visible_and_withdrawable(
    client, db, login_as, flagged
):
    # A replacement recorded when the mean flagged the member who agreed with the majority
    tender, seats, first = flagged
    decision = FlagDecision(
        tender_id=tender.id,
        kind=FlagKind.OUTLIER,
        bid_id=queries.compliant_bids(tender)[1].id,
        member_id=seats[1].id,
        resolution=FlagResolution.EXPLAINED,
        explanation="旧规则下的说明",
        decided_by_id=seats[0].user_id,
    )
    db.session.add(decision)
    db.session.commit()
    login_as(seats[0].user)
    overview = f"/evaluation/{tender.id}/overview"
    page = client.get(overview).get_data(as_text=True)
    assert "已不再提示的评分的决定" in page and "旧规则下的说明" in page
    target = {"kind": "outlier", "bid_id": decision.bid_id, "member_id": seats[1].id}
    done = submit(client, f"/evaluation/{tender.id}/flags/withdraw", target, form_page=overview)
    assert done.status_code == 302
    assert "已不再提示的评分的决定" not in client.get(overview).get_data(as_text=True)
