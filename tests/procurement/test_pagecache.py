"""The shared page cache: served to anonymous visitors only, stale after any change or deadline."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from procurement.accounts.models import Role
from procurement.pagecache import CachedPage
from procurement.tenders import operations
from tests.factories import make_tender, make_user


def cached_rows(db):
    return db.session.scalar(sa.select(sa.func.count()).select_from(CachedPage))


def test_anonymous_pages_are_stored_once_and_served_from_the_cache(client, db):
    tender = make_tender()
    first = client.get(f"/tenders/{tender.reference}")
    assert first.status_code == 200 and "Set-Cookie" not in first.headers
    assert cached_rows(db) == 1
    # Change the stored copy behind the app's back: the next anonymous visit is served from it.
    db.session.execute(sa.update(CachedPage).values(body=b"from the cache"))
    db.session.commit()
    second = client.get(f"/tenders/{tender.reference}")
    assert second.get_data() == b"from the cache"
    assert second.headers["X-Content-Type-Options"] == "nosniff"  # headers still added


def test_any_state_change_makes_cached_pages_stale(client, db):
    tender = make_tender()
    assert "3000.00" in client.get(f"/tenders/{tender.reference}").get_data(as_text=True)
    operations.amend_tender(
        tender, {"ceiling_price": 3300}, None, "调整最高限价", make_user(Role.OFFICER)
    )
    db.session.commit()
    assert "3300.00" in client.get(f"/tenders/{tender.reference}").get_data(as_text=True)


def test_a_cached_page_expires_when_the_deadline_passes(client, db, frozen_clock):
    tender = make_tender(deadline_in=timedelta(hours=1))
    assert "正在接受投标" in client.get(f"/tenders/{tender.reference}").get_data(as_text=True)
    frozen_clock.advance(minutes=61)
    assert "已截止，待开标" in client.get(f"/tenders/{tender.reference}").get_data(as_text=True)
    assert "已截止，待开标" in client.get("/tenders/").get_data(as_text=True)


def test_signed_in_users_neither_read_nor_fill_the_cache(client, db, login_as):
    tender = make_tender()
    officer = login_as(make_user(Role.OFFICER, display_name="王经办"))
    page = client.get(f"/tenders/{tender.reference}").get_data(as_text=True)
    assert officer.display_name in page
    assert cached_rows(db) == 0
    client.delete_cookie("session")
    anonymous = client.get(f"/tenders/{tender.reference}").get_data(as_text=True)
    assert officer.display_name not in anonymous


def test_each_language_has_its_own_cached_copy(client, db):
    tender = make_tender()
    chinese = client.get(f"/tenders/{tender.reference}").get_data(as_text=True)
    client.get("/language/en")
    english = client.get(f"/tenders/{tender.reference}").get_data(as_text=True)
    assert "采购人" in chinese and "Procuring entity" in english
    assert cached_rows(db) == 2
