"""The demo bids' contents (`demo_content`) and attachments: real PDFs whose content differs per
bidder, so that a newcomer can score the judged criteria (理赔方案, 风险减量服务, 费率方案)
from documents, as a committee would.

Each demo insurer gets three PDFs made from its own bid content with the one PDF renderer; the demo renders
them once per insurer and seals them to each tender's key like the browser seals them.
"""

from __future__ import annotations

from typing import Any

from procurement.accounts.models import User
from procurement.bids.fields import AGE_BANDS, COVERAGE_ITEMS, PLATFORM_ITEMS, REPORT_ITEMS
from procurement.tenders.models import Tender

# (file name, title, what it sets out), one PDF each
KINDS = (
    ("理赔方案.pdf", "理赔服务方案", "claims"),
    ("风险减量服务方案.pdf", "风险减量服务方案", "risk"),
    ("费率方案及备案证明.pdf", "费率方案及条款费率备案证明", "rates"),
)

# Rendered PDFs by demo username: a demo insurer's content is the same on every tender, and
# rendering is the slow part of seeding (a process renders each insurer's files once).
_RENDERED: dict[str, tuple[tuple[str, bytes], ...]] = {}


def attach_demo_files(tender: Tender, user: User, content: dict[str, Any]) -> None:
    """Add the bidder's PDFs to its bid on `tender`, sealed to the tender's key as the browser does."""
    from procurement.bids import operations as bid_ops
    from procurement.bids.sealed import attachment_context
    from procurement.keyholders import envelope
    from procurement.keyholders.queries import tender_key_of

    tender_key = tender_key_of(tender)
    assert tender_key is not None and user.insurer is not None  # noqa: S101  # published demo tender
    files = _RENDERED.get(user.username)
    if files is None:
        files = _RENDERED[user.username] = demo_attachments(user.insurer.name, content)
    context = attachment_context(tender.id, user.insurer.id)
    for filename, data in files:
        bid_ops.add_attachment(
            tender, user, filename, envelope.seal(tender_key.public_key, data, context)
        )


def demo_attachments(insurer: str, content: dict[str, Any]) -> tuple[tuple[str, bytes], ...]:
    """The insurer's three PDFs (file name, bytes), made from its bid content."""
    from procurement.pdf import render_pdf

    labels = {
        "coverage": dict(COVERAGE_ITEMS),
        "platform": dict(PLATFORM_ITEMS),
        "reports": dict(REPORT_ITEMS),
    }
    rates = [(label, content["rate_table"][band]) for band, label in AGE_BANDS]
    return tuple(
        (
            filename,
            render_pdf(
                "print/demo_attachment.html",
                insurer=insurer,
                title=title,
                kind=kind,
                fields=content["fields"],
                rates=rates,
                labels=labels,
            ),
        )
        for filename, title, kind in KINDS
    )


def demo_content(index: int) -> dict[str, object]:
    """Plausible, varied bid contents (DOMAIN.md §5: repair-type cover about 2,000–3,000 yuan)."""
    coverage = ["parts_and_labour", "entrapment_compensation", "third_party_liability",
                "vandalism_subrogation", "replacement_contribution"]  # fmt: skip
    platform = ["iot", "hotline_96333", "online_claims", "paperless"]
    return {
        "price": f"{2180 + 170 * ((index * 3) % 5):.2f}",
        "fields": {
            "solvency_ratio": [238.6, 212.4, 187.9, 256.1, 201.3][index % 5],
            "penalties": [0, 1, 2, 0, 1][index % 5],
            "track_record": [7, 4, 3, 9, 5][index % 5],
            "outlets": [12, 8, 5, 15, 6][index % 5],
            "survey_hours": [2, 4, 2, 1, 3][index % 5],
            "assessment_hours": [24, 48, 36, 24, 48][index % 5],
            "payment_hours": [72, 120, 96, 48, 120][index % 5],
            "onsite_staff": [8, 6, 4, 10, 5][index % 5],
            "engineers": [4, 3, 2, 5, 2][index % 5],
            "vehicles": [3, 2, 2, 4, 1][index % 5],
            "coverage": coverage[: 5 - index % 3],
            "annual_limit": [50, 40, 30, 60, 35][index % 5],
            "deductible": 0,
            "platform": platform[: 4 - index % 4],
            "reports": ["monthly_risk_report", "quarterly_owner_report"][: 2 - index % 2],
            "clause_approval": "approved" if index % 3 == 0 else "filed",
            "clause_filing_numbers": f"C{20230000 + index:08d}",
            "rate_filing_number": f"R{20230000 + index:08d}",
        },
        "rate_table": {"0-5": "1680.00", "6-10": "2150.00", "11-15": "2580.00", "16+": "2960.00"},
    }
