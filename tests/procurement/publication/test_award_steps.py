"""Issue 12 §6: a shared first place is settled before the award; the winner's 中标/成交通知书 and
every other bidder's 结果通知书; notifications in the app for every step."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
import sqlalchemy as sa
from sqlalchemy.orm.attributes import flag_modified

from procurement.audit.models import AuditEvent
from procurement.bids.models import Bid
from procurement.publication import letters, queries
from procurement.publication import operations as publication
from procurement.publication.models import Notification, TieSettlement
from procurement.tenders.models import TenderMethod, TenderStatus
from tests.conftest import submit
from tests.factories import make_insurer
from tests.procurement.publication.test_publication import evaluated


def publicised_with_a_tie(db, frozen_clock):
    """An evaluated tender publicised with its first two bids sharing first place, its objection
    window over."""
    tender = evaluated(db)
    notice = publication.publish_candidates(tender, tender.created_by)
    ranking = [dict(entry) for entry in notice.result["ranking"]]
    ranking[1]["rank"] = 1
    ranking[0]["tie"] = ranking[1]["tie"] = True
    notice.result = {**notice.result, "ranking": ranking}
    flag_modified(notice, "result")
    db.session.commit()
    frozen_clock.advance(days=30)
    return tender, notice, [entry["bid"] for entry in ranking]


def test_award_is_refused_while_first_place_is_tied_until_the_tie_is_settled(db, frozen_clock):
    tender, notice, keys = publicised_with_a_tie(db, frozen_clock)
    officer = tender.created_by
    assert queries.award_blockers(tender) == ["tied_first"]
    with pytest.raises(publication.PublicationError, match="tied_first"):
        publication.award(tender, officer)
    with pytest.raises(publication.PublicationError, match="not_tied_bid"):
        publication.settle_tie(tender, keys[2], "抽签", "", officer)
    with pytest.raises(publication.PublicationError, match="reason_required"):
        publication.settle_tie(tender, keys[1], "  ", "", officer)
    publication.settle_tie(
        tender, keys[1], "2027年3月1日10时当众抽签，第二名抽中", "公证员张某", officer
    )
    with pytest.raises(publication.PublicationError, match="settled"):
        publication.settle_tie(tender, keys[0], "再次抽签", "", officer)
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "publication.settle_tie")
    )
    assert event.details["winner"] == keys[1] and event.details["tied"] == keys[:2]
    publication.award(tender, officer)
    db.session.commit()
    winner = db.session.get(Bid, int(keys[1][1:]))
    won = db.session.scalars(
        sa.select(Notification.user_id).where(Notification.message.contains("贵公司中标"))
    ).all()
    assert won == [user.id for user in winner.insurer.users]


def test_a_republished_notice_needs_a_new_settlement(db, frozen_clock):
    tender, notice, keys = publicised_with_a_tie(db, frozen_clock)
    publication.settle_tie(tender, keys[0], "抽签", "", tender.created_by)
    notice.published_at = frozen_clock.moment  # publicised again after a re-evaluation
    db.session.flush()
    assert queries.award_blockers(tender) == ["tied_first"]


def test_the_officer_settles_the_tie_on_the_objections_page(client, db, login_as, frozen_clock):
    tender, _notice, keys = publicised_with_a_tie(db, frozen_clock)
    login_as(tender.created_by)
    url = f"/tenders/{tender.id}/objections"
    page = client.get(url).get_data(as_text=True)
    assert "多家投标并列第一" in page and "处理并列第一" in page
    manage = client.get(f"/tenders/{tender.id}/manage").get_data(as_text=True)
    assert "下一步" in manage and "处理并列第一" in manage
    response = submit(
        client,
        f"/tenders/{tender.id}/settle-tie",
        {"winner": keys[1], "reason": "当众抽签", "witnesses": "监督人李某"},
        form_page=url,
    )
    assert response.status_code == 302
    assert db.session.scalar(sa.select(TieSettlement.winner)) == keys[1]
    assert submit(client, f"/tenders/{tender.id}/award", {}, form_page=url).status_code == 302
    assert tender.status is TenderStatus.AWARDED


def test_the_winner_and_the_others_read_their_letters(client, db, login_as, frozen_clock):
    tender = evaluated(db)
    notice = publication.publish_candidates(tender, tender.created_by)
    frozen_clock.advance(days=30)
    publication.award(tender, tender.created_by)
    db.session.commit()
    bids = {f"B{bid.id}": bid for bid in queries.opening_record(tender)}
    winner = bids[notice.result["ranking"][0]["bid"]]
    loser = bids[notice.result["ranking"][1]["bid"]]
    url = f"/tenders/{tender.reference}/letter"
    login_as(winner.insurer.users[0])
    response = client.get(url)
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    disposition = unquote(response.headers["Content-Disposition"])
    assert disposition.startswith("inline") and "中标通知书" in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    client.delete_cookie("session")
    login_as(loser.insurer.users[0])
    assert "结果通知书" in unquote(client.get(url).headers["Content-Disposition"])
    client.delete_cookie("session")
    login_as(make_insurer())
    assert client.get(url).status_code == 404  # a company that did not bid has no letter
    text = letters.letter_for(tender, notice, winner, [winner])
    assert text.title == "中标通知书" and "确定贵公司为中标人" in text.paragraphs[0]
    tender.method = TenderMethod.COMPETITIVE_CONSULTATION
    other = letters.letter_for(tender, notice, loser, [winner])
    assert other.title == "结果通知书" and winner.insurer.name in other.paragraphs[0]
    assert "成交供应商" in other.paragraphs[0]
    assert letters.letter_for(tender, notice, winner, [winner]).title == "成交通知书"
    db.session.rollback()


def test_every_bidder_is_told_of_the_publicity_with_the_objection_window(db):
    tender = evaluated(db)
    publication.publish_candidates(tender, tender.created_by)
    db.session.commit()
    for bid in queries.opening_record(tender):
        messages = db.session.scalars(
            sa.select(Notification.message).where(Notification.user_id == bid.insurer.users[0].id)
        ).all()
        assert any("中标候选人已公示" in m and "异议" in m for m in messages)


def test_letters_are_archival_pdfs_with_their_title_issuer_and_date(
    client, db, login_as, frozen_clock
):
    import io

    import pypdf

    tender = evaluated(db)
    notice = publication.publish_candidates(tender, tender.created_by)
    frozen_clock.advance(days=30)
    publication.award(tender, tender.created_by)
    db.session.commit()
    bids = {f"B{bid.id}": bid for bid in queries.opening_record(tender)}
    winner = bids[notice.result["ranking"][0]["bid"]]
    loser = bids[notice.result["ranking"][1]["bid"]]
    for bid, title in ((winner, "中标通知书"), (loser, "结果通知书")):
        login_as(bid.insurer.users[0])
        reader = pypdf.PdfReader(io.BytesIO(client.get(f"/tenders/{tender.reference}/letter").data))
        client.delete_cookie("session")
        assert reader.metadata.title == f"{title} {tender.reference}"
        assert reader.metadata.author == tender.procuring_entity
        assert reader.metadata.creation_date is not None
        xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
        assert 'pdfaid:part="2"' in xmp and 'pdfaid:conformance="B"' in xmp
        assert notice.awarded_at.isoformat()[:10] in xmp
        text = "".join(page.extract_text() for page in reader.pages)
        assert title in text and bid.insurer.name in text and tender.reference in text
