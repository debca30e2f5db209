"""Demo data for a newcomer: one account per role and a few insurer companies.

Passwords are random per installation, kept in instance/demo-accounts.txt and printed by `seed-demo`.
Later features add their tenders and results here.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from procurement.accounts import operations as accounts
from procurement.accounts.models import Insurer, InsurerStatus, Role, User
from procurement.accounts.uscc import check_character
from procurement.extensions import db


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    display_name: str
    note: str = ""


STAFF = [
    DemoAccount("admin", Role.ADMIN, "系统管理员"),
    DemoAccount("officer", Role.OFFICER, "王采购"),
    *[
        DemoAccount(f"member{n}", Role.MEMBER, name)
        for n, name in enumerate(["李评审", "张评审", "刘评审", "陈评审", "杨评审"], start=1)
    ],
]

# Fictional companies; the first five are approved, the last waits for review.
INSURERS = [
    ("insurer1", "渝安财产保险股份有限公司重庆分公司", "000001"),
    ("insurer2", "长江梯安财产保险有限公司重庆分公司", "000002"),
    ("insurer3", "山城联合财产保险股份有限公司重庆分公司", "000003"),
    ("insurer4", "巴渝保险股份有限公司重庆市分公司", "000004"),
    ("insurer5", "嘉陵财产保险股份有限公司重庆分公司", "000005"),
    ("insurer6", "两江新安财产保险有限公司重庆分公司", "000006"),
]


def demo_uscc(serial: str) -> str:
    """A well-formed code (valid check character) for a fictional Chongqing company."""
    # 9 (registered by the market regulator) 1 (company) 500000 (Chongqing) + a 9-character body.
    first17 = f"91500000MA6{serial}"
    return first17 + check_character(first17)


def _password() -> str:
    return "Tb-" + secrets.token_urlsafe(9)


def load(accounts_file: Path) -> list[tuple[str, str, str]]:
    """Create the demo accounts if the database has no user yet; return (username, role, password)."""
    if db.session.scalar(sa.select(sa.func.count()).select_from(User)):
        return []
    created: list[tuple[str, str, str]] = []
    for account in STAFF:
        password = _password()
        accounts.create_account(
            role=account.role,
            username=account.username,
            display_name=account.display_name,
            email=f"{account.username}@demo.tibao.invalid",
            password=password,
        )
        created.append((account.username, account.role.value, password))
    admin = db.session.scalar(sa.select(User).where(User.username == "admin"))
    for index, (username, company, serial) in enumerate(INSURERS):
        insurer = Insurer(
            name=company,
            uscc=demo_uscc(serial),
            licence_number=f"000{index + 1:03d}500000800",
            contact_name=f"联系人{index + 1}",
            contact_phone=f"023-6{index + 1:03d}0000",
            contact_email=f"{username}@demo.tibao.invalid",
        )
        db.session.add(insurer)
        password = _password()
        accounts.create_account(
            role=Role.INSURER,
            username=username,
            display_name=f"{company[:6]}投标专员",
            email=f"{username}@demo.tibao.invalid",
            password=password,
            insurer=insurer,
        )
        if index < len(INSURERS) - 1:
            accounts.approve_insurer(insurer, admin)
        created.append(
            (username, Role.INSURER.value + ("" if index < 5 else " (pending)"), password)
        )
    accounts_file.write_text("".join(f"{u}\t{r}\t{p}\n" for u, r, p in created), encoding="utf-8")
    accounts_file.chmod(0o600)
    assert all(  # noqa: S101  # a self-check of the demo data, not input validation
        i.status is not InsurerStatus.REJECTED for i in db.session.scalars(sa.select(Insurer))
    )
    return created
