"""Configuration defaults and the checks made once the configuration is assembled."""

from __future__ import annotations

import json
import secrets
from datetime import timedelta
from pathlib import Path

from flask import Flask

WEAK_SECRETS = {"", "dev", "secret", "changeme", "change-me", "development", "test"}
MIN_SECRET_LENGTH = 32


class ConfigurationError(RuntimeError):
    """The configuration is unsafe or incomplete; the app refuses to start."""


class Defaults:
    # "production" unless told otherwise: a forgotten setting must fail safe.
    ENV = "production"
    SECRET_KEY = ""
    DATABASE_URL = ""
    # JSON columns keep Chinese text as it is (searchable with LIKE), not as \u escapes.
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, object] = {
        "json_serializer": lambda value: json.dumps(value, ensure_ascii=False)
    }
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024
    BABEL_DEFAULT_LOCALE = "zh_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = {"zh_CN": "中文", "en": "English"}
    # How many reverse proxies stand in front of the app (0: none, the X-Forwarded-* headers are
    # ignored). With 1, nginx or another proxy that terminates TLS must set X-Forwarded-For and
    # X-Forwarded-Proto; the app then sees the client's address and sends HSTS.
    TRUSTED_PROXIES = 0
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    PERMANENT_SESSION_LIFETIME = timedelta(hours=8)
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    LOGIN_MAX_FAILURES_PER_ACCOUNT = 5
    LOGIN_MAX_FAILURES_PER_ADDRESS = 20
    LOGIN_FAILURE_WINDOW = timedelta(minutes=15)
    PAGE_SIZE = 20
    # The OCDS release packages (procurement/api/ocds.py): who publishes, under which licence and policy.
    OCDS_PUBLISHER = "tibao 梯保"
    OCDS_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
    # Empty: the API description (/api/v1/openapi.json), whose info.description states the policy.
    OCDS_PUBLICATION_POLICY = ""
    # Public pages for anonymous visitors are cached in the database (procurement.pagecache);
    # 0 turns the cache off.
    PAGE_CACHE_SECONDS = 60
    # At most this many cached pages are kept; past it pages are served uncached until rows expire.
    PAGE_CACHE_MAX_ROWS = 10000
    # The price weights allowed, the lawful periods, the candidates and the handling of abnormal
    # scores are rule data with their citations, chosen per tender: procurement/rulesets.
    # Evaluation: committee size (odd, at least this), outlier and abnormally-low thresholds
    # (flags only; DOMAIN.md §1), weight perturbations of the robustness analysis.
    COMMITTEE_MIN_MEMBERS = 3
    OUTLIER_RATIO = 0.3
    ABNORMALLY_LOW_RATIO = 0.5
    SENSITIVITY_SAMPLES = 10000
    MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
    # Anonymous writes, per client address and POST (procurement.ratelimit; "N per minute;M per hour").
    RATE_LIMITS = {
        "auth.login": "20 per minute;200 per hour",
        "auth.register": "5 per hour;20 per day",
        "publication.object_to": "5 per hour;20 per day",
        "shaoguan.object_to": "5 per hour;20 per day",
    }
    # memory:// counts per process; several workers or servers need redis://host:6379/0.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True  # Redis down: count in memory, refuse no one
    RATELIMIT_HEADERS_ENABLED = True  # Retry-After on a 429
    # argon2id cost of the key holders' passphrases (stored with each key; the tests lower it).
    KEYHOLDER_KDF = {"time_cost": 3, "memory_cost": 65536, "parallelism": 4}
    # Email of the notifications (procurement/publication/notifications.py): sent through this SMTP
    # server when SMTP_HOST is set, written to the log otherwise.
    SMTP_HOST = ""
    SMTP_PORT = 25
    SMTP_USER = ""
    SMTP_PASSWORD = ""
    SMTP_STARTTLS = False
    SMTP_SENDER = "tibao@localhost"
    # The job queue (procurement/jobs): empty, SQLite in instance/jobs.sqlite3 (no service to run);
    # postgresql://…, queue tables huey_* in that database (app servers and workers on several
    # machines). Immediate: a job runs when the transaction that asked for it commits, in that
    # process, with no worker (None: on under TIBAO_ENV=testing, off otherwise).
    JOBS_BROKER = ""
    JOBS_IMMEDIATE: bool | None = None
    JOBS_RETRIES = 2  # a failing job is tried this many more times before it is shown failed
    JOBS_RETRY_DELAY = 30  # seconds
    JOBS_STALE_AFTER = 600  # seconds queued or running after which `recover` queues a job again
    # Threads of numpy's BLAS in each app server and worker process (procurement/threads.py);
    # 0 leaves the library's default (one per core).
    BLAS_THREADS = 1
    # The site's external address (scheme, host, any path prefix), for what a worker renders with
    # no request to take it from: the QR code of a Shaoguan notice's poster. Development:
    # http://127.0.0.1:5000 when empty; production must set it (a poster's job fails without it).
    PUBLIC_URL = ""


def finalise(app: Flask) -> None:
    """Derive what depends on other settings and refuse unsafe production settings."""
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    env = app.config["ENV"]
    if env not in {"production", "development", "testing"}:
        raise ConfigurationError(
            f"TIBAO_ENV must be production, development or testing, not {env!r}"
        )

    proxies = app.config["TRUSTED_PROXIES"]
    if not isinstance(proxies, int) or isinstance(proxies, bool) or proxies < 0:
        raise ConfigurationError(
            f"TIBAO_TRUSTED_PROXIES must be the number of proxies (0 or more), not {proxies!r}"
        )

    url = app.config.get("DATABASE_URL") or f"sqlite:///{instance / 'tibao.sqlite3'}"
    app.config["SQLALCHEMY_DATABASE_URI"] = _with_driver(url)

    secret = app.config.get("SECRET_KEY") or ""
    if env == "production":
        if secret.lower() in WEAK_SECRETS or len(secret) < MIN_SECRET_LENGTH:
            raise ConfigurationError(
                "TIBAO_SECRET_KEY must be set to a random string of at least "
                f"{MIN_SECRET_LENGTH} characters in production "
                '(python -c "import secrets; print(secrets.token_urlsafe(48))")'
            )
    elif not secret:
        app.config["SECRET_KEY"] = _local_secret(instance / "secret_key")

    if not app.config["PUBLIC_URL"] and env == "development":
        app.config["PUBLIC_URL"] = "http://127.0.0.1:5000"

    if app.config["JOBS_IMMEDIATE"] is None:
        app.config["JOBS_IMMEDIATE"] = env == "testing"

    if env != "production":
        # The development server and the tests speak plain HTTP.
        app.config["SESSION_COOKIE_SECURE"] = False
        app.config["REMEMBER_COOKIE_SECURE"] = False


def _with_driver(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs given without a driver."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _local_secret(path: Path) -> str:
    """A per-installation key kept in instance/, so development sessions survive restarts."""
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key
