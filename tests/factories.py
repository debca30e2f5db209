"""Factories that build real rows through the real operations and return the objects."""

from __future__ import annotations

import itertools
from datetime import timedelta
from decimal import Decimal
from typing import Any

from procurement.accounts import operations as accounts
from procurement.accounts.models import Insurer, InsurerStatus, Role, User
from procurement.accounts.uscc import check_character
from procurement.extensions import db
from procurement.organisations.models import Organisation, OrganisationKind
from procurement.organisations.operations import organisation_for

PASSWORD = "Correct-horse-42"
HOLDER_PASSPHRASE = "Open-together-2026"  # every factory key holder's passphrase
_serial = itertools.count(1)


def make_uscc(serial: int | None = None) -> str:
    """A well-formed unified social credit code, different for each call."""
    number = next(_serial) if serial is None else serial
    first17 = f"91500000MA{number:07d}"
    return first17 + check_character(first17)


TEST_OFFICE = "测试区住房和城乡建设委员会"


def make_office(
    name: str = TEST_OFFICE,
    kind: OrganisationKind = OrganisationKind.DISTRICT_HOUSING,
    district: Any = None,
) -> Organisation:
    """The organisation of this name, created the first time (officers' default test office)."""
    import sqlalchemy as sa

    office = db.session.scalar(sa.select(Organisation).where(Organisation.name == name))
    if office is None:
        office = Organisation(name=name, kind=kind, district=district)
        db.session.add(office)
        db.session.flush()
    return office


def make_user(role: Role = Role.OFFICER, username: str | None = None, **fields: Any) -> User:
    """An account; an officer belongs to the default test office unless told otherwise."""
    username = username or f"{role.value}{next(_serial)}"
    if role is Role.OFFICER and "organisation" not in fields:
        fields["organisation"] = make_office()
    user = accounts.create_account(
        role=role,
        username=username,
        display_name=fields.pop("display_name", f"{username} 测试"),
        email=fields.pop("email", f"{username}@example.com"),
        password=fields.pop("password", PASSWORD),
        insurer=fields.pop("insurer", None),
        organisation=fields.pop("organisation", None),
    )
    db.session.commit()
    return user


def make_insurer(status: InsurerStatus = InsurerStatus.APPROVED, **fields: Any) -> User:
    """An insurer company with one user account; approved unless told otherwise."""
    number = next(_serial)
    insurer = Insurer(
        name=fields.pop("name", f"测试财产保险股份有限公司第{number}分公司"),
        uscc=fields.pop("uscc", make_uscc(number)),
        licence_number=f"L{number:08d}",
        contact_name="联系人",
        contact_phone="023-60000000",
        contact_email=f"insurer{number}@example.com",
    )
    insurer.organisation = organisation_for(OrganisationKind.INSURER, insurer.name, insurer.uscc)
    db.session.add(insurer)
    user = make_user(
        Role.INSURER, username=fields.pop("username", f"insurer{number}"), insurer=insurer
    )
    if status is not InsurerStatus.PENDING:
        admin = make_user(Role.ADMIN)
        if status is InsurerStatus.APPROVED:
            accounts.approve_insurer(insurer, admin)
        else:
            accounts.reject_insurer(insurer, admin, "资料不全")
        db.session.commit()
    return user


def make_holder(user: User) -> User:
    """Give an officer or administrator a key-holder key (passphrase HOLDER_PASSPHRASE)."""
    from procurement.keyholders import operations as keyholders
    from procurement.keyholders.queries import has_key

    if not has_key(user):
        keyholders.set_passphrase(user, HOLDER_PASSPHRASE, HOLDER_PASSPHRASE)
        db.session.commit()
    return user


def make_holders(officer: User) -> list[User]:
    """The default three key holders of a tender: its officer, a second officer, a supervisor
    (reused from earlier tenders of the same test when they exist)."""
    from procurement.keyholders.queries import ready_holders

    ready = [u for u in ready_holders() if u.id != officer.id]
    second = next((u for u in ready if u.role is Role.OFFICER), None)
    supervisor = next((u for u in ready if u.role is Role.ADMIN), None)
    return [
        make_holder(officer),
        second or make_holder(make_user(Role.OFFICER)),
        supervisor or make_holder(make_user(Role.ADMIN)),
    ]


def holder_passphrases(tender: Any, count: int | None = None) -> dict[int, str]:
    """{holder id: passphrase} for the first `count` holders of the tender (its threshold)."""
    from procurement.keyholders.queries import tender_key_of

    tender_key = tender_key_of(tender)
    holders = tender_key.holders[: count or tender_key.threshold]
    return {holder.id: HOLDER_PASSPHRASE for holder in holders}


def make_tender(
    *,
    status: str = "published",
    officer: User | None = None,
    deadline_in: timedelta = timedelta(days=20),
    opening_after_deadline: timedelta = timedelta(hours=1),
    **values: Any,
) -> Any:
    """A tender from the built-in template; published (the default) or left as a draft.

    The deadline is `deadline_in` from now; pass a negative value (with a frozen clock moved
    afterwards if needed) for a tender whose deadline has passed.
    """
    from procurement import clock
    from procurement.tenders import operations as tenders
    from procurement.tenders.models import LegalRoute, TenderMethod

    officer = officer or make_user(Role.OFFICER)
    number = next(_serial)
    now = clock.now()
    deadline = values.pop("submission_deadline", now + deadline_in)
    fields = {
        "reference": f"CQ-2026-{number:04d}",
        "title": f"老旧住宅电梯保险服务采购项目（第{number}批）",
        "procuring_entity": "重庆市某区住房和城乡建设委员会",
        "method": TenderMethod.OPEN_TENDER,
        "route": LegalRoute.GOVERNMENT_PROCUREMENT,
        "districts": ["渝中区", "江北区"],
        "elevator_count": 1200,
        "ceiling_price": Decimal("3000.00"),
        "min_bids": 3,
        "submission_deadline": deadline,
        "opening_time": deadline + opening_after_deadline,
        "notice_days": 3,
        "description": "为老旧住宅电梯购买维修保险。",
    }
    fields.update(values)
    # A tender whose deadline has passed was created and published while it was still ahead.
    with clock.travel_to(min(now, deadline - timedelta(days=30))):
        tender = tenders.create_tender(fields, officer)
        if status != "draft":
            tenders.publish_tender(tender, make_holders(officer))
    db.session.commit()
    return tender


def bid_content(price: str = "2400.00", **fields: Any) -> dict[str, Any]:
    """A complete bid content as the bid form produces it (bids.fields.ENTERED)."""
    values: dict[str, Any] = {
        "solvency_ratio": 231.5,
        "penalties": 1,
        "track_record": 4,
        "outlets": 8,
        "survey_hours": 2,
        "assessment_hours": 24,
        "payment_hours": 72,
        "onsite_staff": 6,
        "engineers": 3,
        "vehicles": 2,
        "coverage": ["parts_and_labour", "entrapment_compensation", "third_party_liability"],
        "annual_limit": 40,
        "deductible": 0,
        "platform": ["iot", "paperless"],
        "reports": ["monthly_risk_report"],
        "clause_filing_numbers": "C00001234567890123",
        "rate_filing_number": "R00001234567890123",
    }
    values.update(fields)
    return {
        "price": price,
        "fields": values,
        "rate_table": {"0-5": "1800.00", "6-10": "2200.00", "11-15": "2600.00", "16+": "2900.00"},
        "salt": "00",
    }


def seal_bid(tender: Any, user: User, content: dict[str, Any]) -> bytes:
    """The bid as the insurer's browser seals it (the Python twin of static/seal.js)."""
    from procurement.bids.sealed import seal_content
    from procurement.keyholders.queries import tender_key_of

    public_key = tender_key_of(tender).public_key
    return seal_content(public_key, tender.id, user.insurer_id, content)


def submit_bid(tender: Any, user: User, content: dict[str, Any] | None = None) -> Any:
    """Submit `content` (a complete bid by default) as the browser would: sealed."""
    from procurement.bids import operations as bids

    return bids.submit_bid(tender, user, seal_bid(tender, user, content or bid_content()))


def add_attachment(tender: Any, user: User, filename: str, data: bytes) -> Any:
    """Upload a file as the browser would: sealed to the tender's key."""
    from procurement.bids import operations as bids
    from procurement.bids.sealed import attachment_context
    from procurement.keyholders import envelope
    from procurement.keyholders.queries import tender_key_of

    public_key = tender_key_of(tender).public_key
    sealed = envelope.seal(public_key, data, attachment_context(tender.id, user.insurer_id))
    return bids.add_attachment(tender, user, filename, sealed)


def open_tender(tender: Any, officer: User | None = None) -> Any:
    """Open with the passphrases of the first k key holders (all factory holders share one)."""
    from procurement.opening import operations as opening

    return opening.open_tender(tender, officer or tender.created_by, holder_passphrases(tender))


def make_opened_tender(
    prices: tuple[str, ...] = ("2400.00", "2600.00", "2200.00", "2800.00", "2500.00"),
    **tender_values: Any,
) -> Any:
    """A tender already opened, with one opened bid per price from as many approved insurers.

    Builds the opened state directly (sealed content, receipt, decrypted copy), as the opening
    leaves it, so evaluation tests do not depend on the submission pages.
    """
    from procurement import clock
    from procurement.bids.models import Bid, BidStatus
    from procurement.bids.operations import receipt_hash
    from procurement.tenders.models import TenderStatus

    tender = make_tender(
        deadline_in=timedelta(days=-1), opening_after_deadline=timedelta(hours=1), **tender_values
    )
    for index, price in enumerate(prices):
        insurer_user = make_insurer(name=f"第{index + 1}财产保险股份有限公司重庆分公司")
        content = bid_content(price, solvency_ratio=180 + 20 * index, vehicles=1 + index)
        bid = Bid(
            tender=tender,
            insurer=insurer_user.insurer,
            status=BidStatus.SUBMITTED,
            updated_by=insurer_user,
            revision=1,
        )
        db.session.add(bid)
        db.session.flush()
        bid.sealed_content = seal_bid(tender, insurer_user, content)
        bid.receipt_hash = receipt_hash(bid)
        bid.submitted_at = tender.submission_deadline - timedelta(hours=10 - index)
        bid.opened_price = Decimal(price)
        bid.opened_content = content
        bid.hash_verified = True
    tender.status = TenderStatus.OPENED
    tender.opened_at = clock.now()
    tender.opened_by = tender.created_by
    db.session.commit()
    return tender


# --- maintenance-company evaluation --------------------------------------------------------------------


def make_period(code: str = "2025", name: str = "2025年度", **fields: Any) -> Any:
    from datetime import date

    from procurement.maintenance import operations as mops

    period = mops.create_period(
        code,
        name,
        fields.pop("starts_on", date(2025, 1, 1)),
        fields.pop("ends_on", date(2025, 12, 31)),
        fields.pop("organisation", None) or make_office(),
    )
    db.session.commit()
    return period


def register_companies(count: int, seed: int = 5, first_serial: int = 1) -> list[Any]:
    """Generated companies, entered in the registry through the registry import."""
    from procurement.maintenance import generate, sheets
    from procurement.maintenance import operations as mops
    from procurement.maintenance.models import ImportKind

    items = generate.companies(count, seed=seed, first_serial=first_serial)
    data = generate.upload_file(sheets.REGISTRY_HEADERS, generate.registry_rows(items), "csv")
    mops.apply_file(ImportKind.COMPANIES, None, "registry.csv", data)
    db.session.commit()
    return items


def fill_period(period: Any, items: list[Any], elevators: int = 400, seed: int = 3) -> None:
    """Generated elevator records and company indicators, imported into the period."""
    from procurement.maintenance import generate, sheets
    from procurement.maintenance import operations as mops
    from procurement.maintenance.models import ImportKind

    rows = generate.record_rows(items, elevators, period.starts_on, period.months, seed=seed)
    mops.apply_file(ImportKind.RECORDS, period, "records.csv", generate.records_file(rows))
    values = generate.indicator_rows(items, period.template, seed=seed)
    data = generate.upload_file(sheets.indicator_headers(period.template), values, "csv")
    mops.apply_file(ImportKind.INDICATORS, period, "indicators.csv", data)
    db.session.commit()


def make_published_period(code: str = "2025", companies: int = 8, **fields: Any) -> Any:
    from procurement.maintenance import operations as mops

    items = fields.pop("items", None) or register_companies(companies)
    period = make_period(code, fields.pop("name", f"{code}年度"), **fields)
    fill_period(period, items)
    mops.publish(period, None)
    db.session.commit()
    return period
