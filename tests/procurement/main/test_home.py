"""The public finds what is published (issue 12 §7): the home page's short lists, every public state
in the list's filter, a tender's links to its opening record and notice, an insurer's stages."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from procurement import clock
from procurement.pagecache import CachedPage
from procurement.publication import operations as publication
from procurement.publication import queries as notices
from procurement.tenders.models import TenderStatus
from tests.factories import bid_content, make_insurer, make_opened_tender, make_tender, submit_bid
from tests.procurement.publication.test_publication import evaluated


def publicised(db):
    tender = evaluated(db)
    publication.publish_candidates(tender, tender.created_by)
    db.session.commit()
    return tender


def awarded(db):
    """A tender whose result was announced (set directly: the award's own rules are tested in
    tests/procurement/publication)."""
    tender = publicised(db)
    tender.status = TenderStatus.AWARDED
    notices.notice_of(tender).awarded_at = clock.now()
    db.session.commit()
    return tender


def test_an_empty_home_page_says_so_in_chinese(client, db):
    page = client.get("/").get_data(as_text=True)
    assert "目前没有正在接受投标的项目。" in page
    assert "目前没有正在公示的中标候选人。" in page
    assert "暂无结果公告。" in page
    for status in ("open", "publicised", "awarded", "failed"):
        assert f'href="/tenders/?status={status}"' in page


def test_the_home_page_lists_open_tenders_notices_and_results(client, db):
    open_tender = make_tender(title="正在招标的电梯保险项目")
    make_tender(title="草稿项目", status="draft")
    notice = publicised(db)
    failed = make_tender(title="流标的电梯保险项目")
    failed.status = TenderStatus.FAILED
    db.session.commit()
    page = client.get("/").get_data(as_text=True)
    assert f'href="/tenders/{open_tender.reference}"' in page and "草稿项目" not in page
    assert f'href="/tenders/{notice.reference}/notice"' in page and "异议截止" in page
    assert "流标的电梯保险项目" in page and f'href="/tenders/{failed.reference}"' in page
    assert "暂无结果公告。" not in page


def forget_cached_pages(db):
    """Render the next page again: the counts below are the rendering's, not a cache hit's."""
    db.session.execute(sa.delete(CachedPage))
    db.session.commit()


def test_the_home_page_costs_the_same_few_queries_however_many_tenders(client, db, count_queries):
    publicised(db)
    make_tender()
    client.get("/")  # warm up (first request of the app: translations, templates)
    forget_cached_pages(db)
    with count_queries() as few:
        assert client.get("/").status_code == 200
    for n in range(6):
        make_tender(title=f"更多项目{n}")
    forget_cached_pages(db)
    with count_queries() as many:
        assert client.get("/").status_code == 200
    # the three lists of tenders and the Shaoguan programmes, nothing per tender; the rest is the
    # page cache's own (looking the page up, the expiry sources, storing it)
    rendering = [q for q in many.statements if "page_cache" not in q and "min(CASE" not in q]
    assert len(many) == len(few), many.report()
    assert len(rendering) == 4 + 1, (
        many.report()
    )  # + the audit chain's length the page is stored at


@pytest.mark.parametrize(
    "status",
    ["open", "closed", "opened", "evaluated", "publicised", "awarded", "failed", "cancelled"],
)
def test_the_list_filters_by_every_public_status(client, db, status):
    page = client.get(f"/tenders/?status={status}")
    assert page.status_code == 200
    assert f'<option selected value="{status}">' in page.get_data(as_text=True) or (
        f'value="{status}" selected' in page.get_data(as_text=True)
    )


def test_the_list_finds_a_tender_under_notice_and_an_awarded_one(client, db):
    under_notice = publicised(db)
    assert under_notice.title in client.get("/tenders/?status=publicised").get_data(as_text=True)
    assert under_notice.title not in client.get("/tenders/?status=awarded").get_data(as_text=True)


def test_a_tender_page_links_its_opening_record_and_its_notice(client, db):
    tender = make_tender()
    assert "开标记录与结果" not in client.get(f"/tenders/{tender.reference}").get_data(as_text=True)
    opened = make_opened_tender()
    page = client.get(f"/tenders/{opened.reference}").get_data(as_text=True)
    assert 'href="#opening"' in page and 'id="opening"' in page
    assert "第1财产保险股份有限公司重庆分公司" in page and "2400.00" in page  # as the API shows
    assert "/notice" not in page
    under_notice = publicised(db)
    page = client.get(f"/tenders/{under_notice.reference}").get_data(as_text=True)
    assert f'href="/tenders/{under_notice.reference}/notice"' in page and "中标候选人公示" in page


def test_an_awarded_tender_links_its_result(client, db):
    tender = awarded(db)
    page = client.get(f"/tenders/{tender.reference}").get_data(as_text=True)
    assert f'href="/tenders/{tender.reference}/notice"' in page and "中标结果公告" in page
    assert "最新结果" in client.get("/").get_data(as_text=True)


def test_my_bids_show_each_tenders_stage_with_its_links(client, db, login_as):
    tender = make_tender(title="投标中的项目")
    insurer = make_insurer()
    submit_bid(tender, insurer, bid_content("2500.00"))  # sealed as the browser does
    db.session.commit()
    login_as(insurer)
    page = client.get("/bids/").get_data(as_text=True)
    assert "项目进度" in page and "正在接受投标" in page
    assert f'href="/tenders/{tender.reference}"' in page
    under_notice = publicised(db)
    client.delete_cookie("session")
    login_as(under_notice.bids[0].insurer.users[0])
    page = client.get("/bids/").get_data(as_text=True)
    assert "中标候选人公示中" in page
    assert f'href="/tenders/{under_notice.reference}/notice"' in page
