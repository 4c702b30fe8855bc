from .people import Community, Resident, Street, StreetQuerySet, User, UserManager
from .showcase import Exemplar, Honour, NewsletterIssue, Work

__all__ = [
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
