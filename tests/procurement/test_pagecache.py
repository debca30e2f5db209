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


def test_the_home_page_is_cached_and_leaves_a_tender_out_once_its_deadline_passes(
    client, db, frozen_clock
):
    tender = make_tender(deadline_in=timedelta(hours=1))
    assert tender.title in client.get("/").get_data(as_text=True)
    assert cached_rows(db) == 1
    frozen_clock.advance(minutes=61)
    assert tender.title not in client.get("/").get_data(as_text=True)


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


# Issue 13 item 10: anonymous visitors cannot fill the disk through the cache.


def test_query_parameters_a_page_does_not_read_make_no_new_rows(client, db):
    tender = make_tender()
    for junk in ("a=1", "a=2", "b=3&c=4", "utm_source=x" * 3):
        page = client.get(f"/tenders/{tender.reference}?{junk}")
        assert page.status_code == 200
        assert "utm_source" not in page.get_data(as_text=True)  # nor into a stored page's links
    assert cached_rows(db) == 1


def test_parameters_a_page_reads_still_choose_the_page(client, db):
    make_tender(title="渝中区电梯保险")
    make_tender(reference="CQ-2026-0777", title="江北区电梯保险")
    first = client.get("/tenders/?q=渝中&junk=1").get_data(as_text=True)
    second = client.get("/tenders/?q=江北").get_data(as_text=True)
    assert "渝中区电梯保险" in first and "江北区电梯保险" not in first
    assert "江北区电梯保险" in second and "渝中区电梯保险" not in second
    assert "junk" not in first
    client.get("/tenders/?junk=2&q=渝中")  # the same key: parameters in a fixed order
    assert cached_rows(db) == 2


def test_every_cached_view_names_the_parameters_it_reads(app):
    named = {
        endpoint: view.cached_parameters
        for endpoint, view in app.view_functions.items()
        if hasattr(view, "cached_parameters")
    }
    assert named["tenders.index"] >= {"q", "status", "page"}
    assert named["tenders.announcement"] == frozenset()
    assert len(named) >= 14


def test_dead_rows_are_deleted_on_write(client, db, frozen_clock):
    first, second = make_tender(), make_tender(reference="CQ-2026-0778")
    client.get(f"/tenders/{first.reference}")
    frozen_clock.advance(minutes=5)  # past PAGE_CACHE_SECONDS
    client.get(f"/tenders/{second.reference}")
    keys = db.session.scalars(sa.select(CachedPage.key)).all()
    assert len(keys) == 1
    operations.amend_tender(second, {"ceiling_price": 3300}, None, "调整", make_user(Role.OFFICER))
    db.session.commit()  # every stored page is now stale ...
    client.get(f"/tenders/{first.reference}")  # ... and goes with the next write
    assert db.session.scalars(sa.select(CachedPage.key)).all() != keys
    assert cached_rows(db) == 1


def test_the_cache_keeps_at_most_its_row_limit(client, db, app, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_CACHE_MAX_ROWS", 2)
    for n in range(4):
        assert client.get(f"/tenders/?q={n}").status_code == 200
    assert cached_rows(db) == 2


def test_purge_command_deletes_every_dead_row(runner, client, db, frozen_clock):
    for n in range(3):
        client.get(f"/tenders/?q={n}")
    assert cached_rows(db) == 3
    frozen_clock.advance(minutes=5)
    result = runner.invoke(args=["pagecache", "purge"])
    assert result.exit_code == 0 and "3 dead pages deleted, 0 kept" in result.output
    assert cached_rows(db) == 0


def test_a_notice_ending_expires_the_cached_page(app, db, frozen_clock):
    from procurement import pagecache
    from procurement.publication import queries as publication_queries
    from procurement.tenders import queries as tender_queries

    sources = app.extensions[pagecache.EXTENSION]
    assert tender_queries.next_clock_change in sources
    assert publication_queries.next_clock_change in sources
    tender = make_tender(deadline_in=timedelta(hours=3))
    with app.test_request_context():
        assert pagecache._next_boundary(frozen_clock()) == tender.submission_deadline


def test_the_page_cache_imports_no_feature_package():
    import ast
    from pathlib import Path

    from procurement import pagecache

    tree = ast.parse(Path(pagecache.__file__).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {
        a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names
    }
    features = {"tenders", "publication", "bids", "evaluation", "maintenance", "opening", "api"}
    assert not {m for m in imported if m and m.split(".")[1:2] and m.split(".")[1] in features}
