"""Issue 13 item 15: bid content and downloads are never stored; the SQLite file is private; HSTS
behind a proxy that terminates TLS."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from procurement.config import ConfigurationError
from tests.conftest import make_app
from tests.factories import make_insurer, make_opened_tender, make_tender


def test_pages_of_bid_content_are_never_stored(client, db, login_as):
    tender = make_tender()
    login_as(make_insurer())
    bid_page = client.get(f"/bids/{tender.reference}")
    assert bid_page.status_code == 200 and bid_page.headers["Cache-Control"] == "no-store"
    client.delete_cookie("session")
    opened = make_opened_tender(reference="CQ-2026-0500")
    login_as(opened.created_by)
    for url in (f"/tenders/{opened.id}/opening-record", f"/evaluation/{opened.id}/committee"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url


def test_public_pages_may_be_stored(client, db):
    tender = make_tender()
    assert "Cache-Control" not in client.get(f"/tenders/{tender.reference}").headers


def test_every_download_is_never_stored(client, db):
    from tests.procurement.publication.test_publication import evaluated

    tender = evaluated(db)
    from procurement.publication import operations as publication

    publication.publish_candidates(tender, tender.created_by)
    db.session.commit()
    response = client.get(f"/tenders/{tender.reference}/ranking.xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["Cache-Control"] == "no-store"


def test_a_new_sqlite_database_is_readable_by_its_owner_only(tmp_path):
    database = tmp_path / "tibao.sqlite3"
    app = make_app(f"sqlite:///{database}", str(tmp_path / "instance"))
    from procurement.extensions import db

    with app.app_context():
        db.session.execute(db.text("CREATE TABLE t (x INTEGER)"))
        db.session.commit()
        db.engine.dispose()
    for path in [database, *Path(tmp_path).glob("tibao.sqlite3-*")]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_an_existing_database_keeps_its_mode(tmp_path):
    database = tmp_path / "tibao.sqlite3"
    database.touch(mode=0o640)
    database.chmod(0o640)
    app = make_app(f"sqlite:///{database}", str(tmp_path / "instance"))
    from procurement.extensions import db

    with app.app_context():
        db.session.execute(db.text("SELECT 1"))
        db.engine.dispose()
    assert stat.S_IMODE(database.stat().st_mode) == 0o640


def ping(app, **headers):
    return app.test_client().get("/ping", headers=headers, environ_base={"REMOTE_ADDR": "10.0.0.2"})


def test_hsts_behind_a_trusted_proxy_that_terminated_tls(tmp_path):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    proxied = make_app(url, str(tmp_path / "a"), TRUSTED_PROXIES=1)
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    response = ping(proxied, **forwarded)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in ping(proxied).headers  # plain HTTP to the proxy
    direct = make_app(url, str(tmp_path / "b"))
    assert "Strict-Transport-Security" not in ping(direct, **forwarded).headers  # not trusted


@pytest.mark.parametrize(("proxies", "seen"), [(1, "203.0.113.9"), (0, "10.0.0.2")])
def test_the_client_address_comes_from_a_trusted_proxy_only(tmp_path, proxies, seen):
    from werkzeug.test import EnvironBuilder

    app = make_app(
        f"sqlite:///{tmp_path / 'db.sqlite3'}", str(tmp_path / "i"), TRUSTED_PROXIES=proxies
    )
    builder = EnvironBuilder(
        path="/ping",
        headers={"X-Forwarded-For": "203.0.113.9"},
        environ_base={"REMOTE_ADDR": "10.0.0.2"},
    )
    environ = builder.get_environ()
    body = app.wsgi_app(environ, lambda status, headers, exc_info=None: None)
    b"".join(body)
    getattr(body, "close", lambda: None)()
    builder.close()
    assert environ["REMOTE_ADDR"] == seen  # what the rate limits count


@pytest.mark.parametrize("value", [-1, "one", True])
def test_a_wrong_number_of_proxies_is_refused(tmp_path, value):
    with pytest.raises(ConfigurationError, match="TRUSTED_PROXIES"):
        make_app(f"sqlite:///{tmp_path / 'db.sqlite3'}", str(tmp_path / "i"), TRUSTED_PROXIES=value)
