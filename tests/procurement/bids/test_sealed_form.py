"""The sealed form of a bid: the Python twin seals what the opening reads back, and the opening's
checks refuse what the browser's checks would have refused."""

from __future__ import annotations

import json

import pytest

from procurement.bids import sealed
from procurement.keyholders import envelope
from tests.factories import bid_content, make_tender

KEY = envelope.private_from_scalar(0x5EA1ED)


def _open(tender, content):
    public = envelope.public_bytes(KEY.public_key())
    ciphertext = sealed.seal_content(public, tender.id, 42, content)
    return envelope.unseal(KEY, ciphertext, sealed.context(tender.id, 42))


def test_a_complete_bid_reads_back_as_entered(db):
    tender = make_tender(status="draft")
    content = {k: v for k, v in bid_content("2400.00").items() if k != "salt"}
    read, problem, details = sealed.read(_open(tender, content), tender)
    assert problem is None and details == []
    assert read == content


@pytest.mark.parametrize(
    ("change", "problem", "details"),
    [
        (lambda c: c.update(price="3000.01"), "above_ceiling", []),
        (lambda c: c.update(price=None), "incomplete", ["price"]),
        (lambda c: c["fields"].pop("vehicles"), "incomplete", ["vehicles"]),
        (lambda c: c["rate_table"].pop("16+"), "incomplete", ["rate_16_plus"]),
        (lambda c: c["fields"].update(vehicles=-2), "malformed", ["vehicles"]),
        (lambda c: c["fields"].update(solvency_ratio="很高"), "malformed", ["solvency_ratio"]),
    ],
)
def test_the_opening_checks_again(db, change, problem, details):
    tender = make_tender(status="draft")
    content = {k: v for k, v in bid_content("2400.00").items() if k != "salt"}
    change(content)
    assert sealed.read(_open(tender, content), tender)[1:] == (problem, details)


@pytest.mark.parametrize("plaintext", [b"not json", b"[]", b'{"form": 3}', b"{}"])
def test_garbage_is_malformed(db, plaintext):
    tender = make_tender(status="draft")
    assert sealed.read(plaintext, tender) == (None, "malformed", [])


def test_the_required_and_numeric_names_are_the_form_fields():
    names = set(sealed.numeric_names()) | set(sealed.required_names())
    assert {"price", "vehicles", "rate_0_5", "clause_filing_numbers"} <= names
    assert json.dumps(sealed.form_values(bid_content()), ensure_ascii=False)
