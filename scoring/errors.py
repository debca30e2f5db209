"""The one exception tree of the scoring engine.

Every error raised for bad input is a `SpecError`, whose message names the offending bid, member,
criterion or field, e.g. `bids[2] (id "B3"): price must be greater than 0, got -5`.
"""

from __future__ import annotations


class ScoringError(ValueError):
    """Base class of every error the engine raises on purpose."""


class SpecError(ScoringError):
    """The input does not follow the documented format (docs/scoring-format.md)."""


class ConsistencyError(ScoringError):
    """Pairwise comparisons too inconsistent to derive weights from (AHP, CR > 0.1)."""
