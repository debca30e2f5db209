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

PASSWORD = "Correct-horse-42"
_serial = itertools.count(1)


def make_uscc(serial: int | None = None) -> str:
    """A well-formed unified social credit code, different for each call."""
    number = next(_serial) if serial is None else serial
    first17 = f"91500000MA{number:07d}"
    return first17 + check_character(first17)


def make_user(role: Role = Role.OFFICER, username: str | None = None, **fields: Any) -> User:
    username = username or f"{role.value}{next(_serial)}"
    user = accounts.create_account(
        role=role,
        username=username,
        display_name=fields.pop("display_name", f"{username} 测试"),
        email=fields.pop("email", f"{username}@example.com"),
        password=fields.pop("password", PASSWORD),
        insurer=fields.pop("insurer", None),
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
    if deadline <= now:
        # Created and published while the deadline was still ahead.
        real_now = clock.now
        clock.now = lambda: deadline - timedelta(days=30)  # type: ignore[assignment]
        try:
            tender = tenders.create_tender(fields, officer)
            if status != "draft":
                tenders.publish_tender(tender)
        finally:
            clock.now = real_now  # type: ignore[assignment]
    else:
        tender = tenders.create_tender(fields, officer)
        if status != "draft":
            tenders.publish_tender(tender)
    db.session.commit()
    return tender
