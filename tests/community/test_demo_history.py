"""The demo has five years of history, so the dashboard's year switch, the summary and the
year-on-year figures show something real; and its people and times make sense."""

import datetime
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from schools.models import Attendance, Course, Enrolment, Event, StudyPlan
from volunteers.models import Child, ChildPresence, GradeRecord, Shift, TutoringSession, Volunteer

YEARS = range(2022, timezone.localdate().year + 1)


@pytest.mark.django_db
def test_the_demo_has_five_years_of_history_that_grows():
    call_command("load_demo")
    now = timezone.now()

    for year in YEARS:
        assert Course.objects.filter(sessions__starts_at__year=year).distinct().exists(), year
        assert Attendance.objects.filter(session__starts_at__year=year, present=True).exists()
        assert Enrolment.objects.filter(created_at__year=year).exists(), year
        assert TutoringSession.objects.filter(date__year=year, shifts__isnull=False).exists()
        assert Shift.objects.filter(session__date__year=year, hours__gt=0).exists(), year
        assert ChildPresence.objects.filter(session__date__year=year).exists(), year
        assert GradeRecord.objects.filter(term__startswith=str(year)).exists(), year
        assert Event.objects.filter(starts_at__year=year, starts_at__lt=now).exists(), year
        assert StudyPlan.objects.filter(year=year).exists(), year
    sign_ups = Counter(
        Enrolment.objects.filter(created_at__year__lt=timezone.localdate().year).values_list(
            "created_at__year", flat=True
        )
    )
    years = sorted(sign_ups)
    assert all(sign_ups[a] <= sign_ups[b] for a, b in zip(years, years[1:], strict=False))
    # Sign-ups came in over weeks, not all on the day the demo was loaded.
    assert Enrolment.objects.dates("created_at", "day").count() > 30
    # Nothing is recorded for what has not happened yet.
    assert not Attendance.objects.filter(session__starts_at__gt=now).exists()
    assert not Shift.objects.filter(session__date__gt=timezone.localdate(), hours__gt=0).exists()
    assert not Enrolment.objects.filter(created_at__gt=now).exists()


@pytest.mark.django_db
def test_the_demo_people_and_times_make_sense():
    call_command("load_demo")

    # Events at daytime hours on days fixed in the programme year, whatever the load time.
    for event in Event.objects.all():
        local = timezone.localtime(event.starts_at)
        assert datetime.time(8) <= local.time() <= datetime.time(18), event
    # Children and volunteers are named from different pools.
    volunteers = set(Volunteer.objects.values_list("name", flat=True))
    assert not volunteers & set(Child.objects.values_list("name", flat=True))
    # Subjects fit the grade: no chemistry before 初三, no physics before 初二.
    assert not Child.objects.exclude(grade="初三").filter(subjects__code="chemistry").exists()
    assert not Child.objects.exclude(grade__in=["初二", "初三"]).filter(subjects__code="physics")
    # A child is in the 爱心班 only once they go to school.
    for child in Child.objects.exclude(grade=None):
        assert child.birth_date.year <= child.consent_given_on.year - 5, child
