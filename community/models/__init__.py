from .accounts import AccountCode
from .annual_report import AnnualReport
from .audit import AuditEntry
from .people import Community, Resident, Street, StreetQuerySet, User, UserManager
from .showcase import Exemplar, Honour, NewsletterIssue, Work

__all__ = [
    "AccountCode",
    "AnnualReport",
    "AuditEntry",
    "Community",
    "Exemplar",
    "Honour",
    "NewsletterIssue",
    "Resident",
    "Street",
    "StreetQuerySet",
    "User",
    "UserManager",
    "Work",
]
