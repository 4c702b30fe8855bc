"""Progress towards the target "every cadre passes English, computer skills and Putonghua"."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from .models import Cadre, Exam, ExamResult


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
