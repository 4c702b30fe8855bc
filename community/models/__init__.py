from .audit import AuditEntry
from .people import Community, Resident, Street, StreetQuerySet, User, UserManager
from .showcase import Exemplar, Honour, NewsletterIssue, Work

__all__ = [
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
