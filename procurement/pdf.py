"""The one PDF renderer: WeasyPrint, imported only when a PDF is made (it is slow to import).

The URL fetcher allows only inline `data:` URLs, so a template or user-supplied text can never make
the renderer read a local file or reach the network. Fonts come from the system (Debian's
fonts-noto-cjk: "Noto Sans CJK SC").
"""

from __future__ import annotations

from typing import Any

from flask import current_app, has_request_context, render_template


def safe_fetcher() -> Any:
    """WeasyPrint's fetcher restricted to `data:` URLs: file:, http:, https: and the rest are refused."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False)


def render_pdf(template: str, **context: Any) -> bytes:
    from weasyprint import HTML

    if has_request_context():
        html = render_template(template, **context)
    else:  # from the command line: templates still expect a request for their helpers
        with current_app.test_request_context():
            html = render_template(template, **context)
    document: bytes = HTML(string=html, url_fetcher=safe_fetcher(), base_url=None).write_pdf()
    return document
