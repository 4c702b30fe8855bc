from .child import Child, ChildAccessLog, Subject
from .records import BookDonation, BookGift, GradeRecord, HomeVisit, Outing, OutingChild
from .session import (
    CheckInCode,
    ChildPresence,
    Pairing,
    Shift,
    TutoringNote,
    TutoringSession,
)
from .station import Station, coordinates_all_stations
from .volunteer import (
    STAR_LABELS,
    STAR_THRESHOLDS,
    Certificate,
    Volunteer,
    next_star,
    stars_for,
)

__all__ = [
    "BookDonation",
    "BookGift",
    "Certificate",
    "CheckInCode",
    "ChildPresence",
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
    "STAR_LABELS",
    "STAR_THRESHOLDS",
    "Volunteer",
    "next_star",
    "stars_for",
]
