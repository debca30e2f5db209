"""The one download helper: every file tibao hands out goes through `send_download`.

Werkzeug's `send_file` writes `Content-Disposition` with an ASCII fallback and `filename*=UTF-8''…`
(RFC 6266/5987), so Chinese file names work under any server. Downloads are never stored by
browsers or proxies (`no-store`) and never sniffed into another type (`nosniff`).
"""

from __future__ import annotations

import io
import mimetypes
from collections.abc import Mapping

from flask import Response, send_file

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
JSON = "application/json"


def send_download(
    data: bytes,
    filename: str,
    *,
    mimetype: str | None = None,
    inline: bool = False,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """`data` as a file named `filename`; `inline` lets the browser show it (its PDF viewer)."""
    if mimetype is None:
        mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = send_file(
        io.BytesIO(data),
        mimetype=mimetype,
        as_attachment=not inline,
        download_name=filename,
        conditional=False,
        etag=False,
        last_modified=None,
        max_age=None,
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response
