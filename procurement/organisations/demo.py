"""The demo's divisions and offices: a Chongqing district that buys, the city's regulator, and
Shaoguan's housing bureau with its two pilot districts (浈江区, 武江区)."""

from __future__ import annotations

import sqlalchemy as sa

from procurement.extensions import db
from procurement.organisations.districts import BUILT_IN
from procurement.organisations.models import District, Organisation, OrganisationKind
from procurement.organisations.operations import load_districts

# name, kind, district code; the first one is the demo officers' office.
OFFICES = [
    ("重庆市江北区住房和城乡建设委员会", OrganisationKind.DISTRICT_HOUSING, "500105"),
    ("重庆市市场监督管理局", OrganisationKind.CITY_MARKET, "500000"),
    ("重庆市江北区市场监督管理局", OrganisationKind.DISTRICT_MARKET, "500105"),
    ("国家金融监督管理总局重庆监管局", OrganisationKind.FINANCIAL, "500000"),
    ("韶关市住房和城乡建设管理局", OrganisationKind.CITY_HOUSING, "440200"),
    ("韶关市浈江区住房和城乡建设局", OrganisationKind.DISTRICT_HOUSING, "440204"),
    ("韶关市武江区住房和城乡建设局", OrganisationKind.DISTRICT_HOUSING, "440203"),
]


def load_organisations() -> dict[str, Organisation]:
    """Load the shipped divisions and create the demo offices; return them by name."""
    for path in BUILT_IN:
        load_districts(path.read_bytes(), path.name)
    districts = {d.code: d for d in db.session.scalars(sa.select(District))}
    offices = {}
    for name, kind, code in OFFICES:
        office = Organisation(name=name, kind=kind, district=districts[code])
        db.session.add(office)
        offices[name] = office
    db.session.flush()
    return offices


def buying_office() -> Organisation:
    return db.session.scalars(
        sa.select(Organisation).where(Organisation.name == OFFICES[0][0])
    ).one()
