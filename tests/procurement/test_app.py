"""The application factory, configuration and the health page."""

from __future__ import annotations

import pytest

from procurement import create_app
from procurement.config import ConfigurationError


def test_health_page_answers_from_the_database(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


@pytest.mark.parametrize("secret", ["", "dev", "changeme", "short-secret-0123"])
def test_production_refuses_a_weak_secret_key(tmp_path, monkeypatch, secret):
    monkeypatch.setenv("TIBAO_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(ConfigurationError, match="TIBAO_SECRET_KEY"):
        create_app({"ENV": "production", "SECRET_KEY": secret})


def test_production_starts_with_a_strong_secret_key_and_secure_cookies(tmp_path, monkeypatch):
    monkeypatch.setenv("TIBAO_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("TIBAO_SECRET_KEY", "x" * 48)
    app = create_app()
    assert app.config["ENV"] == "production"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_configuration_order_instance_file_then_environment(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text("PAGE_SIZE = 7\nLOGIN_MAX_FAILURES_PER_ACCOUNT = 9\n")
    monkeypatch.setenv("TIBAO_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("TIBAO_ENV", "development")
    monkeypatch.setenv("TIBAO_PAGE_SIZE", "11")
    app = create_app()
    assert app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"] == 9  # from instance/config.py
    assert app.config["PAGE_SIZE"] == 11  # the environment wins over the file
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'tibao.sqlite3'}"
    # development keeps a generated key in instance/, the same on the next start
    assert (tmp_path / "secret_key").read_text() == app.config["SECRET_KEY"]
    assert create_app().config["SECRET_KEY"] == app.config["SECRET_KEY"]


def test_database_url_from_the_environment_gets_the_psycopg_driver(tmp_path, monkeypatch):
    monkeypatch.setenv("TIBAO_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("TIBAO_ENV", "development")
    monkeypatch.setenv("TIBAO_DATABASE_URL", "postgresql://u@db.example/tibao")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example/tibao"


def test_sqlite_runs_with_foreign_keys_and_wal(tmp_path, monkeypatch):
    from procurement.extensions import db

    monkeypatch.setenv("TIBAO_INSTANCE_PATH", str(tmp_path))
    app = create_app({"ENV": "testing"})
    with app.app_context():
        assert db.session.execute(db.text("PRAGMA foreign_keys")).scalar() == 1
        assert db.session.execute(db.text("PRAGMA journal_mode")).scalar() == "wal"
        db.engine.dispose()


def test_starting_the_app_does_not_import_heavy_libraries():
    import subprocess
    import sys

    code = (
        "import os, sys; os.environ['TIBAO_ENV']='testing'; "
        "import tempfile; os.environ['TIBAO_INSTANCE_PATH']=tempfile.mkdtemp(); "
        "from procurement import create_app; create_app(); "
        "print(sorted(m for m in ('skcriteria','pandas','matplotlib','weasyprint','numpy','openpyxl','python_calamine') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_error_pages_are_in_chinese_and_a_crash_loses_nothing(backend, fresh_database, tmp_path):
    from flask_migrate import upgrade

    from procurement.accounts.models import Role, User
    from procurement.extensions import db
    from procurement.security import SIGNED_IN, roles
    from tests.conftest import IsolatedClient, make_app, submit
    from tests.factories import make_user

    app = make_app(fresh_database(backend).url, str(tmp_path), PROPAGATE_EXCEPTIONS=False)

    @roles(SIGNED_IN)
    def crash():
        user = db.session.scalar(db.select(User).where(User.username == "before_crash"))
        user.display_name = "half-written"
        db.session.flush()
        raise RuntimeError("a bug in a view")

    app.add_url_rule("/test-crash", "test_crash", crash)
    app.test_client_class = IsolatedClient
    with app.app_context():
        upgrade()
        make_user(Role.OFFICER, username="before_crash")
        client = app.test_client()
        assert "页面不存在" in client.get("/no-such-page").get_data(as_text=True)
        submit(client, "/login", {"username": "before_crash", "password": "Correct-horse-42"})
        response = client.get("/test-crash")
        assert response.status_code == 500
        assert "服务器错误" in response.get_data(as_text=True)
        assert "您已保存的内容不会丢失" in response.get_data(as_text=True)
        user = db.session.scalar(db.select(User).where(User.username == "before_crash"))
        assert user.display_name != "half-written"  # the half-done change was rolled back
        db.session.remove()
        db.engine.dispose()
