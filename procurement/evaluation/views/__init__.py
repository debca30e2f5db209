"""Evaluation pages, by stage: the committee and declarations, the reviews, the scoresheet, the
ranking and its flags, signatures and the report. Each module adds its routes to the one blueprint."""

from __future__ import annotations

from procurement.evaluation.blueprint import bp
from procurement.evaluation.views import committee, evidence, ranking, report, reviews, scoresheet

__all__ = ["bp", "committee", "evidence", "ranking", "report", "reviews", "scoresheet"]
