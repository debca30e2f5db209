"""Shamir's secret sharing: any k shares give the secret; fewer, or a wrong one, do not."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from procurement.keyholders import envelope, shamir

secrets_ = st.integers(min_value=1, max_value=shamir.PRIME - 1)


@st.composite
def schemes(draw):
    count = draw(st.integers(min_value=2, max_value=7))
    threshold = draw(st.integers(min_value=2, max_value=count))
    return draw(secrets_), threshold, count


@given(schemes(), st.randoms(use_true_random=False))
def test_any_k_shares_give_the_secret(scheme, random):
    secret, threshold, count = scheme
    shares = shamir.split(secret, threshold, count)
    chosen = random.sample(shares, random.randint(threshold, count))
    assert shamir.combine(chosen) == secret


@settings(max_examples=50)
@given(schemes())
def test_every_subset_of_k_agrees(scheme):
    secret, threshold, count = scheme
    shares = shamir.split(secret, threshold, count)
    for subset in itertools.combinations(shares, threshold):
        assert shamir.combine(list(subset)) == secret


def _lagrange_at(points, x):
    total = 0
    for xi, yi in points:
        term = yi
        for xj, _ in points:
            if xj != xi:
                term = term * (x - xj) * pow(xi - xj, -1, shamir.PRIME) % shamir.PRIME
        total = (total + term) % shamir.PRIME
    return total


@given(schemes(), secrets_)
def test_k_minus_1_shares_fit_any_secret(scheme, candidate):
    """k-1 shares say nothing structural: whatever the candidate secret, one polynomial of degree
    k-1 passes through it and the k-1 shares, so a k-th share completing them to it exists (and
    each candidate is equally likely)."""
    secret, threshold, count = scheme
    shares = shamir.split(secret, threshold, count)
    known = shares[: threshold - 1]
    points = [(0, candidate)] + [(s.x, s.y) for s in known]
    forged = shamir.Share(count, _lagrange_at(points, count))
    assert shamir.combine([*known, forged]) == candidate


@given(schemes(), st.integers(min_value=1, max_value=shamir.PRIME - 1))
def test_a_wrong_share_fails_the_public_key_check(scheme, error):
    secret, threshold, count = scheme
    shares = shamir.split(secret, threshold, count)[:threshold]
    bad = [shamir.Share(shares[0].x, (shares[0].y + error) % shamir.PRIME), *shares[1:]]
    result = shamir.combine(bad)
    assert result != secret
    public = envelope.public_bytes(envelope.private_from_scalar(secret).public_key())
    if 0 < result < shamir.PRIME:
        assert envelope.public_bytes(envelope.private_from_scalar(result).public_key()) != public


def test_shares_are_uniform_and_fresh():
    secret = 12345
    first = shamir.split(secret, 2, 3)
    second = shamir.split(secret, 2, 3)
    assert [s.y for s in first] != [s.y for s in second]  # new random coefficients each time
    assert all(s.y != secret for s in first)


def test_bytes_round_trip_and_bad_input():
    share = shamir.split(7, 2, 2)[1]
    assert shamir.Share.from_bytes(share.to_bytes()) == share
    for bad in (b"", b"\x00" + bytes(32), b"\x01" + b"\xff" * 32, share.to_bytes()[:-1]):
        with pytest.raises(ValueError, match="share"):
            shamir.Share.from_bytes(bad)
    for args in ((0, 2, 3), (shamir.PRIME, 2, 3), (5, 4, 3), (5, 0, 3), (5, 2, 256)):
        with pytest.raises(ValueError):
            shamir.split(*args)
    with pytest.raises(ValueError, match="distinct"):
        shamir.combine([share, share])
