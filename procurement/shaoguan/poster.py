"""The printable poster of a notice to owners, A4 or A3, with a QR code to its public page
("在住宅小区明显部位、电梯轿厢等位置张贴")."""

from __future__ import annotations

from typing import Any

import segno

from procurement.pdf import render_pdf

SIZES = ("A4", "A3")


def qr_data_url(url: str) -> str:
    """A PNG QR code of `url` as a data: URL (the only kind the PDF renderer fetches)."""
    scale = 8
    return str(segno.make(url, error="m", micro=False).png_data_uri(scale=scale, border=4))


def poster_pdf(size: str, url: str, **context: Any) -> bytes:
    return render_pdf("shaoguan/print/poster.html", size=size, url=url, qr=qr_data_url(url),
                      **context)  # fmt: skip
