from .child import Child, ChildAccessLog, Subject
from .records import BookDonation, BookGift, GradeRecord, HomeVisit, Outing, OutingChild
from .session import Pairing, Shift, TutoringNote, TutoringSession
from .station import Station
from .volunteer import Certificate, Volunteer

__all__ = [
    "BookDonation",
    "BookGift",
    "Certificate",
    "Child",
    "ChildAccessLog",
    "GradeRecord",
    "HomeVisit",
    "Outing",
    "OutingChild",
    "Pairing",
    "Shift",
    "Station",
    "Subject",
    "TutoringNote",
    "TutoringSession",
    "Volunteer",
]
