from .cadre import (
    AssignmentCompletion,
    Cadre,
    CentralGroupStudy,
    Exam,
    ExamResult,
    ExamTarget,
    LeadershipMember,
    ReadingNote,
    StudyAssignment,
    StudyCheck,
    StudyPlan,
)
from .course import Audience, Course, CourseSession
from .enrolment import Attendance, CalendarFeed, Enrolment
from .event import ContestWinner, Event
from .offering import Offering
from .school import Branch, School, Venue, manages, manages_all_schools

__all__ = [
    "AssignmentCompletion",
    "Cadre",
    "CalendarFeed",
    "CentralGroupStudy",
    "Exam",
    "ExamResult",
    "ExamTarget",
    "LeadershipMember",
    "ReadingNote",
    "StudyAssignment",
    "StudyCheck",
    "StudyPlan",
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
    "manages",
    "manages_all_schools",
]
