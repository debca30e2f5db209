"""The one PDF renderer: WeasyPrint, imported only when a PDF is made (it is slow to import).

The URL fetcher refuses every URL except inline `data:` ones, so a template or user-supplied text can
never make the renderer read a local file or reach the network. Fonts come from the system (Debian's
fonts-noto-cjk: "Noto Sans CJK SC").
"""

from __future__ import annotations

from typing import Any

from flask import current_app, has_request_context, render_template


class FetchRefused(Exception):
    pass


def refuse_fetch(url: str, timeout: int = 10, ssl_context: Any = None) -> dict[str, Any]:
    if url.startswith("data:"):
        from weasyprint.urls import default_url_fetcher

        result: dict[str, Any] = default_url_fetcher(url, timeout=timeout, ssl_context=ssl_context)
        return result
    raise FetchRefused(f"PDF rendering may not fetch {url[:60]}")


def render_pdf(template: str, **context: Any) -> bytes:
    from weasyprint import HTML

    if has_request_context():
        html = render_template(template, **context)
    else:  # from the command line: templates still expect a request for their helpers
        with current_app.test_request_context():
            html = render_template(template, **context)
    document: bytes = HTML(string=html, url_fetcher=refuse_fetch, base_url=None).write_pdf()
    return document
