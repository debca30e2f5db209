"""Imports every model module, so that the metadata is complete for migrations and tests."""

from procurement.accounts.models import Insurer, InsurerStatus, Role, User
from procurement.audit.models import AuditEvent, AuditHead
from procurement.auth.models import LoginFailure
from procurement.bids.models import Bid, BidAttachment, BidStatus
from procurement.consultation.models import (
    Consultation,
    ConsultationChange,
    ConsultationMinute,
    FinalOffer,
)
from procurement.evaluation.models import (
    CommitteeMember,
    EvaluationResult,
    FlagDecision,
    ReportDraft,
    ReportSignature,
    ReviewResult,
    Score,
    Scoresheet,
)
from procurement.jobs.models import Job, JobState
from procurement.keyholders.models import HolderKey, KeyShare, TenderKey
from procurement.maintenance.models import (
    CompanyData,
    CompanyResult,
    DataImport,
    EvaluationPeriod,
    MaintenanceCompany,
    Publication,
)
from procurement.organisations.models import District, Organisation, OrganisationKind
from procurement.pagecache import CachedPage
from procurement.publication.models import Notice, Notification, Objection
from procurement.register.annex_files import AnnexFile
from procurement.register.models import (
    Claim,
    Community,
    Elevator,
    Policy,
    RegisterUpload,
    ReportSubmission,
    Survey,
)
from procurement.register.target_models import PilotTarget
from procurement.rulesets.models import RuleOverride
from procurement.shaoguan.models import (
    ClauseReview,
    Eligibility,
    Evidence,
    LedgerEntry,
    OwnerObjection,
    Programme,
    ProgrammeDocument,
    Proposal,
)
from procurement.supervision.models import SupervisionNote
from procurement.tenders.models import (
    Amendment,
    AmendmentAcknowledgement,
    LegalRoute,
    Tender,
    TenderMethod,
    TenderStatus,
)
from procurement.workdays.models import CalendarDay

__all__ = [
    "Consultation",
    "ConsultationChange",
    "ConsultationMinute",
    "FinalOffer",
    "RuleOverride",
    "ClauseReview",
    "Eligibility",
    "Evidence",
    "LedgerEntry",
    "OwnerObjection",
    "Programme",
    "ProgrammeDocument",
    "Proposal",
    "Claim",
    "Community",
    "Elevator",
    "Policy",
    "Survey",
    "RegisterUpload",
    "ReportSubmission",
    "AnnexFile",
    "PilotTarget",
    "Amendment",
    "AmendmentAcknowledgement",
    "AuditEvent",
    "AuditHead",
    "Bid",
    "BidAttachment",
    "BidStatus",
    "CachedPage",
    "CalendarDay",
    "CommitteeMember",
    "CompanyData",
    "CompanyResult",
    "DataImport",
    "District",
    "Organisation",
    "OrganisationKind",
    "EvaluationPeriod",
    "MaintenanceCompany",
    "Publication",
    "EvaluationResult",
    "FlagDecision",
    "HolderKey",
    "Job",
    "JobState",
    "KeyShare",
    "TenderKey",
    "ReportDraft",
    "ReportSignature",
    "ReviewResult",
    "Score",
    "SupervisionNote",
    "Scoresheet",
    "Insurer",
    "Notice",
    "Notification",
    "Objection",
    "InsurerStatus",
    "LegalRoute",
    "LoginFailure",
    "Role",
    "Tender",
    "TenderMethod",
    "TenderStatus",
    "User",
]
