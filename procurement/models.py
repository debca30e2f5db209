"""Imports every model module, so that the metadata is complete for migrations and tests."""

from procurement.accounts.models import Insurer, InsurerStatus, Role, User
from procurement.audit.models import AuditEvent, AuditHead
from procurement.auth.models import LoginFailure

__all__ = ["AuditEvent", "AuditHead", "Insurer", "InsurerStatus", "LoginFailure", "Role", "User"]
