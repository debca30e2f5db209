"""Rate limits on what anonymous visitors write: sign-in attempts, registrations, objections.

Each is a POST that anyone can send and that costs the server a password hash, a row or a stored file.
The limits are counted per client address (behind a proxy, the address ProxyFix takes from
`X-Forwarded-For`; see TIBAO_TRUSTED_PROXIES) by Flask-Limiter, and set in one table, RATE_LIMITS, by
endpoint, so the views carry no decorator of their own. A request over a limit gets a 429 page.

Counts are kept in memory unless TIBAO_RATELIMIT_STORAGE_URI names Redis (`redis://host:6379/0`);
in-memory counts are per process, so several workers or app servers need Redis to share them. If Redis
cannot be reached, counting falls back to memory rather than refusing everyone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

EXTENSION = "tibao.limiter"


def init_app(app: Flask) -> None:
    """Limit the endpoints of RATE_LIMITS; call once the blueprints are registered."""
    if app.config["ENV"] == "production" and app.config["RATELIMIT_STORAGE_URI"] == "memory://":
        app.logger.warning(
            "rate limits are counted per process (memory://); with several workers or servers set "
            "TIBAO_RATELIMIT_STORAGE_URI=redis://host:6379/0"
        )
    limiter = Limiter(get_remote_address)
    limiter.init_app(app)
    app.extensions[EXTENSION] = limiter
    for endpoint, limit in app.config["RATE_LIMITS"].items():
        # A KeyError here names an endpoint that no longer exists.
        view: Callable[..., Any] = app.view_functions[endpoint]
        # functools.wraps inside keeps the view's roles and upload limit (procurement.security).
        app.view_functions[endpoint] = limiter.limit(limit, methods=["POST"])(view)


def limiter_of(app: Flask) -> Limiter:
    limiter: Limiter = app.extensions[EXTENSION]
    return limiter
