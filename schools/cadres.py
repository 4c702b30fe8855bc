"""Progress towards the target "every cadre passes English, computer skills and Putonghua", and
who has handed in a month's reading note and done its study assignments."""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    AssignmentCompletion,
    Cadre,
    CentralGroupStudy,
    Exam,
    ExamResult,
    ReadingNote,
    StudyAssignment,
)


@dataclass
class ExamProgress:
    cadres: int
    passed: dict[str, int]  # subject code -> cadres who passed it
    all_three: int
    missing: list[tuple[Cadre, list[str]]]  # cadres still to pass, with the subjects' labels

    def share(self, count: int) -> float:
        return round(count * 100 / self.cadres, 1) if self.cadres else 0.0

    @property
    def shares(self) -> list[tuple[str, float]]:
        return [(str(label), self.share(self.passed[code])) for code, label in Exam.Subject.choices]

    @property
    def all_three_share(self) -> float:
        return self.share(self.all_three)


def exam_progress(on: datetime.date | None = None) -> ExamProgress:
    """Who has passed which exam by a date, among the cadres serving on that date.

    A cadre passes a subject with any passing result: a failed retake does not undo a pass,
    and a pass after failures counts. Cadres who left are not counted. Two queries.
    """
    on = on or timezone.localdate()
    cadres = list(Cadre.objects.exclude(left_on__lte=on).order_by("department", "name", "pk"))
    passes: dict[int, set[str]] = {}
    for cadre_id, subject in (
        ExamResult.objects.filter(passed=True, exam__date__lte=on, cadre__in=cadres)
        .values_list("cadre_id", "exam__subject")
        .distinct()
    ):
        passes.setdefault(cadre_id, set()).add(subject)
    subjects = dict(Exam.Subject.choices)
    passed = {code: sum(code in passes.get(c.pk, set()) for c in cadres) for code in subjects}
    missing = [
        (
            cadre,
            [str(subjects[code]) for code in subjects if code not in passes.get(cadre.pk, set())],
        )
        for cadre in cadres
        if len(passes.get(cadre.pk, set())) < len(subjects)
    ]
    return ExamProgress(
        cadres=len(cadres),
        passed=passed,
        all_three=len(cadres) - len(missing),
        missing=missing,
    )


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def previous_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


class NoteStatus(models.TextChoices):
    HANDED_IN = "handed_in", _("Handed in")
    MISSING = "missing", _("Not handed in")
    NOT_YET = "not_yet", _("Study not held yet")
    NOT_REQUIRED = "not_required", _("Not required")


class AssignmentStatus(models.TextChoices):
    DONE = "done", _("Done")
    NOT_DONE = "not_done", _("Not done")
    NONE = "none", _("No assignment")


@dataclass
class CadreMonth:
    """One cadre's study in a month: their reading note, whether one is due, and whether they
    completed the month's assignments."""

    cadre: Cadre
    note: ReadingNote | None
    note_due: bool
    note_to_come: bool
    completed_on: datetime.date | None
    assignments: int
    assignments_missing: int

    @property
    def note_missing(self) -> bool:
        return self.note_due and self.note is None

    @property
    def note_status(self) -> NoteStatus:
        if self.note is not None:
            return NoteStatus.HANDED_IN
        if self.note_due:
            return NoteStatus.MISSING
        return NoteStatus.NOT_YET if self.note_to_come else NoteStatus.NOT_REQUIRED

    @property
    def assignment_status(self) -> AssignmentStatus:
        if not self.assignments:
            return AssignmentStatus.NONE
        return AssignmentStatus.NOT_DONE if self.assignments_missing else AssignmentStatus.DONE


@dataclass
class StudyMonth:
    """Who has handed in a month's reading note and done its study assignments."""

    month: datetime.date
    begun: bool
    studies: list[CentralGroupStudy] = field(default_factory=list)  # held by now
    studies_to_come: list[CentralGroupStudy] = field(default_factory=list)
    assignments: list[StudyAssignment] = field(default_factory=list)
    rows: list[CadreMonth] = field(default_factory=list)

    @property
    def notes_due(self) -> int:
        return sum(row.note_due for row in self.rows)

    @property
    def notes_handed_in(self) -> int:
        return sum(row.note is not None for row in self.rows)

    @property
    def notes_missing(self) -> int:
        return sum(row.note_missing for row in self.rows)

    @property
    def assignments_done(self) -> int:
        return sum(row.assignment_status == AssignmentStatus.DONE for row in self.rows)

    @property
    def assignments_not_done(self) -> int:
        return sum(row.assignment_status == AssignmentStatus.NOT_DONE for row in self.rows)


def study_month(month: datetime.date, today: datetime.date | None = None) -> StudyMonth:
    """Every cadre serving in the month, those missing a note or an assignment first.

    A note is due from the cadres who attended a central-group study of the month that has
    taken place, and a note on any of them counts. Every cadre has the month's study
    assignments. A month that has not begun has nothing due. Six queries, whatever the number
    of cadres.
    """
    today = today or timezone.localdate()
    month = month_start(month)
    if month > today:
        return StudyMonth(month=month, begun=False)
    cadres = list(Cadre.objects.exclude(left_on__lte=month).order_by("department", "name", "pk"))
    studies = list(
        CentralGroupStudy.objects.filter(date__gte=month, date__lt=next_month(month)).order_by(
            "date", "pk"
        )
    )
    held = [study for study in studies if study.date <= today]
    held_ids = {study.pk for study in held}
    attended, to_attend = set(), set()
    for study_id, cadre_id in CentralGroupStudy.attendees.through.objects.filter(
        centralgroupstudy__in=studies
    ).values_list("centralgroupstudy_id", "cadre_id"):
        (attended if study_id in held_ids else to_attend).add(cadre_id)
    notes = {}
    for note in ReadingNote.objects.filter(study__in=held, cadre__in=cadres).order_by(
        "submitted_at", "pk"
    ):
        notes.setdefault(note.cadre_id, note)
    assignments = list(StudyAssignment.objects.filter(month=month).order_by("pk"))
    completions: dict[int, list[datetime.date]] = {}
    for cadre_id, completed_on in AssignmentCompletion.objects.filter(
        assignment__in=assignments, cadre__in=cadres
    ).values_list("cadre_id", "completed_on"):
        completions.setdefault(cadre_id, []).append(completed_on)
    rows = [
        CadreMonth(
            cadre=cadre,
            note=notes.get(cadre.pk),
            note_due=cadre.pk in attended,
            note_to_come=cadre.pk in to_attend - attended,
            completed_on=max(completions.get(cadre.pk, []), default=None),
            assignments=len(assignments),
            assignments_missing=len(assignments) - len(completions.get(cadre.pk, [])),
        )
        for cadre in cadres
    ]
    # Stable: within each group the cadres stay in department and name order.
    rows.sort(key=lambda row: (not row.note_missing, not row.assignments_missing))
    return StudyMonth(
        month=month,
        begun=True,
        studies=held,
        studies_to_come=[study for study in studies if study.pk not in held_ids],
        assignments=assignments,
        rows=rows,
    )
