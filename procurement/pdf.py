"""The one PDF renderer: WeasyPrint, imported only when a PDF is made (it is slow to import).

The URL fetcher allows only inline `data:` URLs, so a template or user-supplied text can never make
the renderer read a local file or reach the network. Fonts come from the system (Debian's
fonts-noto-cjk: "Noto Sans CJK SC").
"""

from __future__ import annotations

import warnings
from typing import Any

from flask import current_app, has_request_context, render_template


def safe_fetcher() -> Any:
    """WeasyPrint's fetcher restricted to `data:` URLs: file:, http:, https: and the rest are refused."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False)


def render_pdf(template: str, *, archival: bool = False, **context: Any) -> bytes:
    """Render a print template. `archival` (published documents: notices, results) makes a PDF/A-2b
    file for long-term archiving; its title, author (the issuing organisation) and date come from
    the template's <title> and <meta> elements (print/_base.html)."""
    from weasyprint import HTML

    if has_request_context():
        html = render_template(template, **context)
    else:  # from the command line: templates still expect a request for their helpers
        with current_app.test_request_context():
            html = render_template(template, **context)
    options: dict[str, Any] = {"pdf_variant": "pdf/a-2b"} if archival else {}
    with warnings.catch_warnings():
        # WeasyPrint 70 opens its sRGB output-intent profile for PDF/A and never closes the file;
        # the profile is read at once, so the unclosed handle is harmless. Only that warning is hidden.
        warnings.filterwarnings("ignore", message=r".*sRGB2014\.icc", category=ResourceWarning)
        html_document = HTML(string=html, url_fetcher=safe_fetcher(), base_url=None)
        document: bytes = html_document.write_pdf(**options)
    return document
