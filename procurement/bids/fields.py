"""The structured fields of a bid, and the values the objective criteria read from them.

A tender's objective criterion names a *source*: one of the numeric values or checklists below. Some
sources are entered by the insurer as they are (solvency ratio, vehicles…); others are derived from
several entered fields (the total of the three time commitments, the number of required coverage
items missing). The derivation is here, in one place, so that the bid form, the opening record and the
engine's input agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Field:
    key: str
    label: Any
    unit: Any = ""
    kind: str = "number"  # number | integer | checklist | text | choice (one of items)
    minimum: float = 0
    maximum: float | None = None
    items: tuple[tuple[str, Any], ...] = ()
    hint: Any = ""


COVERAGE_ITEMS = (
    ("parts_and_labour", _l("Parts and labour for repairs")),
    ("entrapment_compensation", _l("Compensation of trapped passengers")),
    ("third_party_liability", _l("Third-party liability")),
    ("vandalism_subrogation", _l("Vandalism, with subrogation")),
    ("replacement_contribution", _l("Contribution to replacement")),
)
PLATFORM_ITEMS = (
    ("iot", _l("IoT monitoring (GB/T 24476-2017)")),
    ("hotline_96333", _l("Link to the 96333 emergency platform")),
    ("online_claims", _l("Online claims with progress tracking")),
    ("paperless", _l("Paperless-maintenance data")),
)
# Clauses and rates "经批准或者备案" (issue 14 §5): the bid says which, with the numbers and document.
APPROVAL_ITEMS = (
    ("filed", _l("Filed with the regulator (备案)")),
    ("approved", _l("Approved by the regulator (批准)")),
)
REPORT_ITEMS = (
    ("monthly_risk_report", _l("Monthly risk report to the regulator")),
    ("quarterly_owner_report", _l("Quarterly report to owners")),
)

# What the insurer enters. Order is the order of the form.
ENTERED: tuple[Field, ...] = (
    Field("solvency_ratio", _l("Overall solvency ratio"), "%", maximum=10000),
    Field(
        "penalties",
        _l("Regulatory penalties in the last 3 years"),
        _l("count"),
        "integer",
        maximum=1000,
    ),
    Field(
        "track_record",
        _l("Elevator or pooled-liability insurance projects"),
        _l("projects"),
        "integer",
        maximum=100000,
    ),
    Field("outlets", _l("Service outlets in the city"), _l("outlets"), "integer", maximum=10000),
    Field("survey_hours", _l("On-site survey within"), _l("hours"), maximum=720),
    Field("assessment_hours", _l("Loss assessment within"), _l("hours"), maximum=720),
    Field("payment_hours", _l("Payment within"), _l("hours"), maximum=2160),
    Field("onsite_staff", _l("Dedicated on-site staff"), _l("people"), "integer", maximum=100000),
    Field("engineers", _l("Elevator engineers"), _l("people"), "integer", maximum=100000),
    Field("vehicles", _l("Survey vehicles"), _l("vehicles"), "integer", maximum=100000),
    Field("coverage", _l("Coverage"), kind="checklist", items=COVERAGE_ITEMS),
    Field("annual_limit", _l("Annual limit per elevator"), _l("10,000 yuan"), maximum=100000),
    Field("deductible", _l("Deductible per claim"), _l("yuan"), maximum=1000000),
    Field("platform", _l("Platform"), kind="checklist", items=PLATFORM_ITEMS),
    Field("reports", _l("Reports"), kind="checklist", items=REPORT_ITEMS),
    Field("clause_approval", _l("Clauses and rates are"), kind="choice", items=APPROVAL_ITEMS),
    Field(
        "clause_filing_numbers",
        _l("Approval or filing numbers of the clauses"),
        kind="text",
        hint=_l(
            "条款批准文号或备案号, with the document that approved or recorded them; one per line"
        ),
    ),
    Field("rate_filing_number", _l("Approval or filing number of the rates"), kind="text"),
)
ENTERED_BY_KEY = {field.key: field for field in ENTERED}


@dataclass(frozen=True)
class Source:
    """A value an objective criterion can score."""

    key: str
    label: Any
    kind: str  # number | checklist
    items: tuple[tuple[str, Any], ...] = ()


SOURCES: tuple[Source, ...] = (
    Source("price", _l("Price (yuan per elevator per year)"), "number"),
    Source("solvency_ratio", _l("Overall solvency ratio (%)"), "number"),
    Source("penalties", _l("Regulatory penalties (count)"), "number"),
    Source("track_record", _l("Insurance projects (count)"), "number"),
    Source("outlets", _l("Service outlets (count)"), "number"),
    Source("commitment_hours", _l("Survey + assessment + payment commitments (hours)"), "number"),
    Source("team_size", _l("On-site staff + engineers + vehicles"), "number"),
    Source("vehicles", _l("Survey vehicles (count)"), "number"),
    Source("coverage_missing", _l("Required coverage items missing (count)"), "number"),
    Source("annual_limit", _l("Annual limit per elevator (10,000 yuan)"), "number"),
    Source("deductible", _l("Deductible per claim (yuan)"), "number"),
    Source("platform", _l("Platform checklist"), "checklist", PLATFORM_ITEMS),
    Source("reports", _l("Reports checklist"), "checklist", REPORT_ITEMS),
    # Past performance, filled in at the opening from the pilot register (procurement.register.past)
    Source(
        "register_survey_p90",
        _l("Register: 90th percentile hours to survey, last 12 months"),
        "number",
    ),
    Source(
        "register_assessment_p90",
        _l("Register: 90th percentile hours to assessment, last 12 months"),
        "number",
    ),
    Source(
        "register_payment_p90",
        _l("Register: 90th percentile hours to payment, last 12 months"),
        "number",
    ),
    Source(
        "register_payment_median", _l("Register: median hours to payment, last 12 months"), "number"
    ),
    Source(
        "register_satisfaction", _l("Register: mean satisfaction (%), last 12 months"), "number"
    ),
)
SOURCES_BY_KEY = {source.key: source for source in SOURCES}
# The register's sources: (claim step or "satisfaction", percentile).
REGISTER_SOURCES = {
    "register_survey_p90": ("survey", 90),
    "register_assessment_p90": ("assessment", 90),
    "register_payment_p90": ("payment", 90),
    "register_payment_median": ("payment", 50),
    "register_satisfaction": ("satisfaction", 0),
}
# How a criterion taking a register figure scores a bidder without a record (its "no_record"; absent:
# the worst figure), procurement.register.past.
NO_RECORD_LABELS = {
    "worst": _l("The worst figure among bidders with a record"),
    "median": _l("The median of bidders with a record"),
    "fixed": _l("A fixed figure stated in the criterion"),
}


def source_value(source: str, content: dict[str, Any]) -> Any:
    """The value of `source` for a bid's decrypted content (fields as entered, plus the price)."""
    fields = content.get("fields", {})
    if source in REGISTER_SOURCES:  # filled in at the opening (procurement.register.past)
        return float(content["register"][source]["value"])
    if source == "price":
        return float(Decimal(str(content["price"])))
    if source == "commitment_hours":
        return float(sum(fields[k] for k in ("survey_hours", "assessment_hours", "payment_hours")))
    if source == "team_size":
        return float(sum(fields[k] for k in ("onsite_staff", "engineers", "vehicles")))
    if source == "coverage_missing":
        covered = set(fields.get("coverage", []))
        return float(sum(1 for key, _label in COVERAGE_ITEMS if key not in covered))
    if SOURCES_BY_KEY[source].kind == "checklist":
        return list(fields.get(source, []))
    return float(fields[source])


# The elevator age bands of the rate table (费率表), in years.
AGE_BANDS = (
    ("0-5", _l("up to 5 years")),
    ("6-10", _l("6 to 10 years")),
    ("11-15", _l("11 to 15 years")),
    ("16+", _l("16 years and more")),
)


@dataclass(frozen=True)
class Section:
    """A group of the bid form, as the evidence beside each judgement shows it."""

    key: str
    title: Any
    fields: tuple[str, ...] = ()


# The groups of the bid form, in its order; "price" adds the rate table, "attachments" the files.
SECTIONS: tuple[Section, ...] = (
    Section("price", _l("Price and rate table")),
    Section(
        "figures",
        _l("Declared figures"),
        ("solvency_ratio", "penalties", "track_record", "outlets"),
    ),
    Section("times", _l("Time commitments"), ("survey_hours", "assessment_hours", "payment_hours")),
    Section("team", _l("Team"), ("onsite_staff", "engineers", "vehicles")),
    Section(
        "cover", _l("Coverage, limit and deductible"), ("coverage", "annual_limit", "deductible")
    ),
    Section("platform", _l("Platform and reports"), ("platform", "reports")),
    Section(
        "filings",
        _l("Approval or filing"),
        ("clause_approval", "clause_filing_numbers", "rate_filing_number"),
    ),
    Section("attachments", _l("Attachments")),
)
SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}
