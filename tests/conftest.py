"""Fixtures shared by the whole suite.

Every test that uses `app` runs once per database backend: SQLite always, PostgreSQL as well when
TEST_DATABASE_URL is set (then in a fresh schema created for the session and dropped after it).
The schema is built by the real Alembic migrations; after each test every table is emptied.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher, profiles
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import settings

from procurement import clock, create_app
from procurement.auth import passwords
from procurement.config import Defaults, _with_driver
from procurement.extensions import db as _db
from procurement.ratelimit import limiter_of

IN_CI = os.environ.get("CI", "").lower() == "true"

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])

# Hypothesis (the engine's invariants, the schemathesis fuzz of the API) draws the same examples on
# every CI run, and keeps no example database there: a red build is reproducible, never flaky.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if IN_CI:
    settings.load_profile("ci")

# Real argon2id with the cheapest parameters: the suite hashes hundreds of passwords.
passwords._hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)

PASSWORD = "Correct-horse-42"


def postgres_schema_url(base_url: str, schema: str) -> str:
    url = sa.make_url(_with_driver(base_url))
    return url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False
    )


class FreshDatabase:
    """A database nobody else uses: a temporary SQLite file, or a new PostgreSQL schema."""

    def __init__(self, backend: str, tmp_dir: Any) -> None:
        self.backend = backend
        if backend == "sqlite":
            self.url = f"sqlite:///{tmp_dir / f'tibao-{uuid.uuid4().hex[:8]}.sqlite3'}"
            self._admin = None
        else:
            assert POSTGRES_URL
            self.schema = f"tibao_test_{uuid.uuid4().hex[:12]}"
            self._admin = sa.create_engine(_with_driver(POSTGRES_URL), poolclass=sa.pool.NullPool)
            with self._admin.begin() as connection:
                connection.execute(sa.text(f'CREATE SCHEMA "{self.schema}"'))
            self.url = postgres_schema_url(POSTGRES_URL, self.schema)

    def drop(self) -> None:
        if self._admin is not None:
            with self._admin.begin() as connection:
                connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE'))
            self._admin.dispose()


@pytest.fixture(scope="session")
def fresh_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A factory of fresh databases, dropped at the end of the session."""
    made: list[FreshDatabase] = []

    def make(backend: str) -> FreshDatabase:
        database = FreshDatabase(backend, tmp_path_factory.mktemp("db"))
        made.append(database)
        return database

    yield make
    for database in made:
        database.drop()


def make_app(database_url: str, instance_path: str, **overrides: Any) -> Flask:
    config: dict[str, Any] = {
        "ENV": "testing",
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "DATABASE_URL": database_url,
        "SERVER_NAME": None,
        "PUBLIC_URL": "http://localhost",  # what a worker writes into a poster's QR code
        # A cheap argon2id for the key holders' passphrases (the default costs 64 MiB and ~0.2 s).
        "KEYHOLDER_KDF": {"time_cost": 1, "memory_cost": 256, "parallelism": 1},
    }
    if database_url.startswith("postgresql"):
        # No idle connections kept in pools: the suite runs in several pytest-xdist workers, each with
        # its apps, live servers and worker processes, and PostgreSQL allows 100 connections in all.
        # The server also ends a connection left idle outside a transaction for a minute, so a test
        # that forgets one cannot use them up (a session in use is "idle in transaction").
        search_path = sa.make_url(database_url).query.get("options", "")
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            **Defaults.SQLALCHEMY_ENGINE_OPTIONS,
            "poolclass": sa.pool.NullPool,
            "connect_args": {"options": f"{search_path} -c idle_session_timeout=60000".strip()},
        }
    config.update(overrides)
    os.environ["TIBAO_INSTANCE_PATH"] = instance_path
    try:
        return create_app(config)
    finally:
        del os.environ["TIBAO_INSTANCE_PATH"]


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def app(
    backend: str, fresh_database: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    from flask_migrate import upgrade

    database = fresh_database(backend)
    application = make_app(database.url, str(tmp_path_factory.mktemp("instance")))
    with application.app_context():
        upgrade()
    yield application
    with application.app_context():
        _db.engine.dispose()


def empty_all_tables() -> None:
    tables = [table for table in reversed(_db.metadata.sorted_tables)]
    if _db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{table.name}"' for table in tables)
        _db.session.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        # users and insurers refer to each other: check the keys at commit, when both are empty.
        _db.session.execute(sa.text("PRAGMA defer_foreign_keys = ON"))
        for table in tables:
            _db.session.execute(table.delete())
    _db.session.commit()


@pytest.fixture
def db(app: Flask) -> Iterator[Any]:
    """The database inside an application context; emptied after the test."""
    limiter_of(app).reset()  # each test starts with no request counted against the rate limits
    with app.app_context():
        yield _db
        _db.session.rollback()
        empty_all_tables()
        _db.session.remove()


class IsolatedClient(FlaskClient):
    """Each request in an application context of its own, as on a real server.

    Tests hold an application context (for `db.session`), and Flask reuses it for requests made
    inside it: without this, `g` (the CSRF token, the signed-in user) would leak between requests.
    After the request, the test's own session forgets what it had loaded, so it reads fresh rows.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        _db.session.expire_all()
        return response


@pytest.fixture
def client(app: Flask, db: Any) -> FlaskClient:
    app.test_client_class = IsolatedClient
    return app.test_client()


@pytest.fixture
def runner(app: Flask, db: Any) -> Any:
    return app.test_cli_runner()


CSRF_PATTERN = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client: FlaskClient, url: str) -> str:
    page = client.get(url)
    match = CSRF_PATTERN.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {url} (status {page.status_code})"
    return match.group(1)


def submit(
    client: FlaskClient,
    url: str,
    data: dict[str, Any],
    *,
    form_page: str | None = None,
    follow_redirects: bool = False,
) -> Any:
    """POST a form the way a browser does: with the CSRF token of the page that shows it."""
    token = csrf_token(client, form_page or url)
    return client.post(url, data={**data, "csrf_token": token}, follow_redirects=follow_redirects)


@pytest.fixture
def login_as(client: FlaskClient) -> Any:
    """Sign in through the real sign-in form."""

    def sign_in(user: Any, password: str = PASSWORD) -> Any:
        response = submit(client, "/login", {"username": user.username, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        return user

    return sign_in


class FrozenClock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return clock._travelled_to or self.moment  # honour clock.travel_to, as the real clock does

    def advance(self, **delta: float) -> None:
        from datetime import timedelta

        self.moment = self.moment + timedelta(**delta)


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> FrozenClock:
    frozen = FrozenClock(clock.now().replace(microsecond=0))
    monkeypatch.setattr(clock, "now", frozen)
    return frozen


class QueryCounter:
    """The SQL statements run on the app's engine while counting (indico's `count_queries`)."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __len__(self) -> int:
        return len(self.statements)

    def _record(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "PRAGMA")):
            self.statements.append(statement)

    def report(self) -> str:
        return "\n".join(
            f"{i + 1}: {s.splitlines()[0][:160]}" for i, s in enumerate(self.statements)
        )


@pytest.fixture
def count_queries(app: Flask, db: Any) -> Any:
    """A context manager counting the statements a block runs: `with count_queries() as q: ...`."""
    from contextlib import contextmanager

    @contextmanager
    def counting() -> Iterator[QueryCounter]:
        counter = QueryCounter()
        engine = _db.engine
        sa.event.listen(engine, "before_cursor_execute", counter._record)
        try:
            yield counter
        finally:
            sa.event.remove(engine, "before_cursor_execute", counter._record)

    return counting
