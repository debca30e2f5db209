"""Checking an uploaded PDF of the programme (statements, evidence, procedures, vote results)."""

from __future__ import annotations

from procurement.bids.operations import looks_like_pdf
from procurement.shaoguan.errors import ShaoguanError

MAX_FILE_BYTES = 20 * 1024 * 1024


def checked_pdf(data: bytes | None, field: str) -> bytes | None:
    """The file if it is a PDF within the limit, None if nothing was sent; refused otherwise."""
    if not data:
        return None
    if len(data) > MAX_FILE_BYTES:
        raise ShaoguanError("too_large", field)
    if not looks_like_pdf(data):
        raise ShaoguanError("not_pdf", field)
    return data
