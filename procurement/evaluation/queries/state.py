"""The evaluation state of one tender, read once and asked many questions.

`EvaluationState(tender)` reads each part of the evaluation — the committee with its users, the
opened bids with their insurers, the review results, the scoresheets with their points, the flag
decisions, the result and the signatures — with one or two queries the first time it is asked for,
whatever the number of bids and members. Every question a page or an operation asks (who is
excluded, is a review complete, may scoring start, the engine's input) is then answered in memory.

A state is a snapshot: an operation that writes reads a new one for what it checks afterwards.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from procurement.bids.fields import source_value
from procurement.bids.models import Bid, BidStatus
from procurement.consultation import scoring as consultation
from procurement.consultation.models import Consultation, FinalOffer
from procurement.evaluation.checks import COMPLIANCE_CHECKS
from procurement.evaluation.models import (
    CommitteeMember,
    EvaluationResult,
    FlagDecision,
    FlagKind,
    FlagResolution,
    ReportDraft,
    ReportSignature,
    ReviewKind,
    ReviewResult,
    Scoresheet,
    ScoresheetStatus,
)
from procurement.extensions import db
from procurement.opening.draw import with_drawn_k
from procurement.tenders.models import Tender, TenderMethod, TenderStatus

ReviewKey = tuple[int, ReviewKind, str]  # (bid id, kind, requirement id)

REJECTED_LOW_PRICE = "报价明显低于其他有效投标且未能证明其合理性"


def member_key(seat: CommitteeMember) -> str:
    """A member's key in the engine's input and result."""
    return f"M{seat.id}"


def bid_key(bid: Bid) -> str:
    """A bid's key in the engine's input and result."""
    return f"B{bid.id}"


def requirements(tender: Tender, kind: ReviewKind) -> list[dict[str, str]]:
    """The requirements of a review: the tender's for qualification, the checklist for compliance."""
    return tender.requirements if kind is ReviewKind.QUALIFICATION else COMPLIANCE_CHECKS


def subjective_criteria(tender: Tender) -> list[dict[str, Any]]:
    """The criteria the members score by hand."""
    return [c for c in tender.criteria if c["rule"]["type"] == "subjective"]


class EvaluationState:
    """One tender's evaluation as stored now; each part is read on first use, once."""

    def __init__(self, tender: Tender) -> None:
        self.tender = tender

    # The stored parts -----------------------------------------------------------------------

    @cached_property
    def seats(self) -> list[CommitteeMember]:
        """Every seat ever given on the committee, removed ones included, in seating order."""
        seats = list(
            db.session.scalars(
                sa.select(CommitteeMember)
                .where(CommitteeMember.tender_id == self.tender.id)
                .options(selectinload(CommitteeMember.user))
                .order_by(CommitteeMember.id)
            )
        )
        # The tender's permission methods read the same seats without asking again.
        set_committed_value(self.tender, "seats", seats)
        return seats

    @cached_property
    def bids(self) -> list[Bid]:
        """The bids read at the opening, in the order they were received."""
        return list(
            db.session.scalars(
                sa.select(Bid)
                .where(
                    Bid.tender_id == self.tender.id,
                    Bid.status == BidStatus.SUBMITTED,
                    Bid.opened_content.is_not(None),
                )
                # The evidence beside each judgement lists the attachments (their files stay deferred).
                .options(selectinload(Bid.insurer), selectinload(Bid.attachments))
                .order_by(Bid.submitted_at, Bid.id)
            )
        )

    @cached_property
    def consultation(self) -> Consultation | None:
        """A competitive consultation's stage (None for an open tender, or before it began)."""
        if self.tender.method is not TenderMethod.COMPETITIVE_CONSULTATION:
            return None
        return db.session.scalar(
            sa.select(Consultation).where(Consultation.tender_id == self.tender.id)
        )

    @cached_property
    def final_offers(self) -> dict[int, FinalOffer] | None:
        """Bid id -> final offer, once a consultation's final offers are opened (else None)."""
        if self.consultation is None or self.consultation.opened_at is None:
            return None
        rows = db.session.scalars(
            sa.select(FinalOffer).where(FinalOffer.tender_id == self.tender.id)
        )
        return {row.bid_id: row for row in rows}

    def scored_content(self, bid: Bid) -> dict[str, Any]:
        """The content the engine scores: the final offer over the bid, where there is one."""
        offers = self.final_offers
        return (
            bid.opened_content or {}
            if offers is None
            else consultation.scored_content(bid, offers.get(bid.id))
        )

    @cached_property
    def reviews(self) -> dict[ReviewKey, ReviewResult]:
        rows = db.session.scalars(
            sa.select(ReviewResult).where(ReviewResult.tender_id == self.tender.id)
        )
        return {(row.bid_id, row.kind, row.requirement_id): row for row in rows}

    @cached_property
    def sheets(self) -> dict[int, Scoresheet]:
        """Seat id -> its scoresheet, with its points."""
        rows = db.session.scalars(
            sa.select(Scoresheet)
            .where(Scoresheet.tender_id == self.tender.id)
            .options(selectinload(Scoresheet.scores))
        )
        return {row.member_id: row for row in rows}

    @cached_property
    def decisions(self) -> list[FlagDecision]:
        return list(
            db.session.scalars(
                sa.select(FlagDecision)
                .where(FlagDecision.tender_id == self.tender.id)
                .order_by(FlagDecision.id)
            )
        )

    @cached_property
    def result(self) -> EvaluationResult | None:
        return db.session.scalar(
            sa.select(EvaluationResult).where(EvaluationResult.tender_id == self.tender.id)
        )

    @cached_property
    def signature_history(self) -> list[ReportSignature]:
        """Every signature given on the report, withdrawn ones included, in the order given."""
        return list(
            db.session.scalars(
                sa.select(ReportSignature)
                .where(ReportSignature.tender_id == self.tender.id)
                .order_by(ReportSignature.id)
            )
        )

    @property
    def signatures(self) -> dict[int, ReportSignature]:
        """Seat id -> its standing signature on the report (withdrawn ones left out)."""
        return {row.member_id: row for row in self.signature_history if row.withdrawn_at is None}

    @cached_property
    def drafts(self) -> list[ReportDraft]:
        """Every version of the draft report, oldest first (their PDFs stay deferred)."""
        return list(
            db.session.scalars(
                sa.select(ReportDraft)
                .where(ReportDraft.tender_id == self.tender.id)
                .order_by(ReportDraft.version)
            )
        )

    @property
    def draft(self) -> ReportDraft | None:
        """The draft the members sign now: the latest version, unless a change made it void."""
        latest = self.drafts[-1] if self.drafts else None
        return latest if latest is not None and latest.superseded_at is None else None

    # The committee ------------------------------------------------------------------------------

    @property
    def members(self) -> list[CommitteeMember]:
        """The seated members (removed seats left out)."""
        return [seat for seat in self.seats if not seat.removed]

    def scoresheet_of(self, seat: CommitteeMember) -> Scoresheet | None:
        return self.sheets.get(seat.id)

    @property
    def scoring_started(self) -> bool:
        """A seated member has saved a score: the committee and the reviews no longer change."""
        return any(seat.id in self.sheets for seat in self.members)

    @property
    def all_submitted(self) -> bool:
        seats = self.members
        return bool(seats) and all(
            (sheet := self.sheets.get(seat.id)) is not None
            and sheet.status is ScoresheetStatus.SUBMITTED
            for seat in seats
        )

    # Reviews ------------------------------------------------------------------------------------

    def requirements(self, kind: ReviewKind) -> list[dict[str, str]]:
        return requirements(self.tender, kind)

    def review_of(self, bid: Bid, kind: ReviewKind) -> dict[str, ReviewResult]:
        """Requirement id -> the stored decision on it, for one bid in one review."""
        return {
            r["id"]: row
            for r in self.requirements(kind)
            if (row := self.reviews.get((bid.id, kind, r["id"]))) is not None
        }

    def failures(self, bid: Bid, kind: ReviewKind) -> list[ReviewResult]:
        found = []
        for requirement in self.requirements(kind):
            row = self.reviews.get((bid.id, kind, requirement["id"]))
            if row is not None and not row.passed:
                found.append(row)
        return found

    def eligible_for_review(self, kind: ReviewKind) -> list[Bid]:
        """Qualification looks at every opened bid; compliance only at the qualified ones."""
        if kind is ReviewKind.QUALIFICATION:
            return self.bids
        return [bid for bid in self.bids if not self.failures(bid, ReviewKind.QUALIFICATION)]

    def review_complete(self, kind: ReviewKind) -> bool:
        return all(
            (bid.id, kind, r["id"]) in self.reviews
            for bid in self.eligible_for_review(kind)
            for r in self.requirements(kind)
        )

    @property
    def ready_to_score(self) -> bool:
        return (
            self.tender.status is TenderStatus.OPENED
            and bool(self.members)
            and self.review_complete(ReviewKind.QUALIFICATION)
            and self.review_complete(ReviewKind.COMPLIANCE)
            and (
                self.tender.method is not TenderMethod.COMPETITIVE_CONSULTATION
                or self.final_offers is not None
            )
        )

    def _requirement_text(self, row: ReviewResult) -> str:
        for requirement in self.requirements(row.kind):
            if requirement["id"] == row.requirement_id:
                return requirement["text"]
        return row.requirement_id

    @property
    def exclusions(self) -> dict[int, list[str]]:
        """Bid id -> reasons it is excluded from scoring (failed reviews, rejected low price)."""
        excluded: dict[int, list[str]] = {}
        for bid in self.bids:
            reasons = [
                f"{self._requirement_text(row)}：{row.reason}"
                for kind in (ReviewKind.QUALIFICATION, ReviewKind.COMPLIANCE)
                for row in self.failures(bid, kind)
            ]
            if reasons:
                excluded[bid.id] = reasons
        for decision in self.decisions:
            if (
                decision.kind is FlagKind.ABNORMALLY_LOW
                and decision.resolution is FlagResolution.REJECTED
            ):
                excluded.setdefault(decision.bid_id, []).append(
                    f"{REJECTED_LOW_PRICE}：{decision.explanation}"
                )
        offers = self.final_offers or {}
        for bid in self.bids if self.final_offers is not None else []:
            reason = consultation.exclusion(offers.get(bid.id))
            if reason and bid.id not in excluded:
                excluded[bid.id] = [reason]
        return excluded

    @property
    def compliant_bids(self) -> list[Bid]:
        excluded = self.exclusions
        return [bid for bid in self.bids if bid.id not in excluded]

    # The engine ---------------------------------------------------------------------------------

    def member_points(self) -> dict[str, dict[str, dict[str, float]]]:
        """member key -> bid key -> criterion -> points, from the members' scoresheets."""
        scores: dict[str, dict[str, dict[str, float]]] = {}
        for seat in self.members:
            sheet = self.sheets.get(seat.id)
            rows: dict[str, dict[str, float]] = {}
            for score in sheet.scores if sheet else []:
                rows.setdefault(f"B{score.bid_id}", {})[score.criterion_id] = float(score.points)
            scores[member_key(seat)] = rows
        return scores

    def engine_spec(self, *, sensitivity: bool = True) -> dict[str, Any]:
        """The scoring engine's input for this tender (docs/scoring-format.md)."""
        tender, config = self.tender, current_app.config
        criteria = [
            {k: v for k, v in c.items() if k in {"id", "name", "group", "max_points", "rule"}}
            for c in with_drawn_k(tender.criteria, tender.k_draw)  # K drawn at opening
        ]
        # Measured criteria read a bid value; price rules read the bid's price itself.
        objective = [
            c
            for c in tender.criteria
            if c["rule"]["type"] not in {"subjective", "price", "price_deviation"}
        ]
        excluded = self.exclusions
        bids = []
        for bid in self.bids:
            content = self.scored_content(bid)
            entry: dict[str, Any] = {
                "id": bid_key(bid),
                "bidder": bid.insurer.name,
                "price": float(content.get("price") or bid.opened_price or 0),
                "compliant": bid.id not in excluded,
            }
            if bid.id in excluded:
                entry["reason"] = "；".join(excluded[bid.id])
            else:
                entry["values"] = {c["id"]: source_value(c["source"], content) for c in objective}
            bids.append(entry)
        replacements = [
            {"member": f"M{d.member_id}", "bid": f"B{d.bid_id}"}
            for d in self.decisions
            if d.kind is FlagKind.OUTLIER and d.resolution is FlagResolution.REPLACED
        ]
        spec: dict[str, Any] = {
            "decimals": 2,
            "criteria": criteria,
            "bids": bids,
            "scores": self.member_points(),
            "replacements": replacements,
            "outliers": {"ratio": config["OUTLIER_RATIO"]},
            "abnormally_low": {"mean_ratio": config["ABNORMALLY_LOW_RATIO"]},
            "tie_break": ["price", "subjective"],
        }
        if sensitivity:
            spec["sensitivity"] = {
                "samples": config["SENSITIVITY_SAMPLES"],
                "seed": tender.id,
                "concentration": 200,
            }
        return spec

    # Flags --------------------------------------------------------------------------------------

    def decided(self) -> dict[tuple[FlagKind, int, int | None], FlagDecision]:
        """(kind, bid id, seat id or None) -> the committee's decision on that flag."""
        return {(d.kind, d.bid_id, d.member_id): d for d in self.decisions}

    def undecided_flags(self, result: dict[str, Any]) -> int:
        """Flags of a result that the committee has not decided yet."""
        seats = {member_key(seat): seat.id for seat in self.members}
        pending: set[tuple[FlagKind, int, int | None]] = {
            (FlagKind.OUTLIER, int(flag["bid"][1:]), seats[flag["member"]])
            for flag in result["outliers"]
            if flag["member"] in seats
        }
        pending |= {
            (FlagKind.ABNORMALLY_LOW, int(row["bid"][1:]), None)
            for row in result["ranking"]
            if "abnormally_low" in row["flags"]
        }
        return len(pending - set(self.decided()))
