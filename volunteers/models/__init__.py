from .child import Child, ChildAccessLog, Subject
from .records import BookDonation, BookGift, GradeRecord, HomeVisit, Outing, OutingChild
from .session import Pairing, Shift, TutoringNote, TutoringSession
from .station import Station, coordinates_all_stations
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
    "coordinates_all_stations",
    "Subject",
    "TutoringNote",
    "TutoringSession",
    "Volunteer",
]
