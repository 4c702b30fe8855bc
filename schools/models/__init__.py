from .course import Audience, Course, CourseSession
from .enrolment import Attendance, Enrolment
from .event import ContestWinner, Event
from .offering import Offering
from .school import Branch, School, Venue

__all__ = [
    "Attendance",
    "Audience",
    "Branch",
    "ContestWinner",
    "Course",
    "CourseSession",
    "Enrolment",
    "Event",
    "Offering",
    "School",
    "Venue",
]
