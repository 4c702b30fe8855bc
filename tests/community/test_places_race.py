"""Staff changing the places in the admin while 40 people sign up: real threads, each with its own
connection, against PostgreSQL. Whatever the order, nobody is confirmed past the capacity and the
count of confirmed places is the count of confirmed rows."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from community.models import Resident
from schools import services as school_services
from schools.models import Course, Enrolment, Event, School
from tests.adminforms import form_data
from tests.schools.test_concurrency import race
from volunteers import services as volunteer_services
from volunteers.models import Shift, Station, TutoringSession, Volunteer

pytestmark = pytest.mark.usefixtures("migration_data")

CAPACITIES = ["12", "8", "15", "10"]


def admin_edits(user, url):
    """One admin tab per capacity, each opened before the rush and saved during it."""
    clients = []
    for capacity in CAPACITIES:
        client = Client()
        client.force_login(user)
        clients.append((client, form_data(client.get(url), capacity=capacity)))
    return [lambda c=c, data=data: c.post(url, data).status_code for c, data in clients]


def superuser(make_user):
    return make_user(mobile="13900000001", is_staff=True, is_superuser=True)


def people(community, count=40):
    return Resident.objects.bulk_create(
        Resident(name=f"居民{n}", mobile=f"135{n:08d}", community=community) for n in range(count)
    )


@pytest.mark.parametrize("kind", ["course", "event"])
def test_admin_capacity_edits_racing_forty_sign_ups_never_overbook(kind, community, make_user):
    school = School.objects.create(name="健康教育学校", slug="health")
    starts = timezone.now() + datetime.timedelta(days=3)
    if kind == "course":
        offering = Course.objects.create(
            school=school, title="太极拳", category="taste", capacity=10, status="published"
        )
    else:
        offering = Event.objects.create(
            school=school,
            title="防跌倒讲座",
            kind="lecture",
            starts_at=starts,
            capacity=10,
            status="published",
            has_signup=True,
        )
    url = reverse(f"admin:schools_{kind}_change", args=[offering.pk])
    edits = admin_edits(superuser(make_user), url)
    sign_ups = [
        lambda r=r: school_services.enrol(offering=offering, resident=r, by=None)
        for r in people(community)
    ]

    results, errors = race([*edits, *sign_ups])

    assert errors == []
    offering.refresh_from_db()
    confirmed = Enrolment.objects.filter(status="confirmed", **{kind: offering}).count()
    assert confirmed == offering.seats_taken <= offering.capacity
    assert Enrolment.objects.filter(**{kind: offering}).count() == 40
    if offering.places_left:
        assert not Enrolment.objects.filter(status="waitlisted", **{kind: offering}).exists()


def test_admin_capacity_edits_racing_forty_volunteers_never_overbook_a_saturday(
    community, make_user
):
    station = Station.objects.create(name="爱心驿站", community=community)
    today = timezone.localdate()
    session = TutoringSession.objects.create(
        station=station, date=today + datetime.timedelta(days=(5 - today.weekday()) % 7 + 7)
    )
    volunteers = [
        Volunteer.objects.create(
            user=make_user(mobile=f"138{n:08d}", name=f"志愿者{n}"),
            name=f"志愿者{n}",
            university="江城大学",
            student_number=f"2024{n:04d}",
            mobile=f"138{n:08d}",
            status=Volunteer.Status.VERIFIED,
            pledge_signed_on=today,
            verified_at=timezone.now(),
            record_checked_on=today,
            record_check_result="clear",
            record_checked_by="派出所",
        )
        for n in range(40)
    ]
    url = reverse("admin:volunteers_tutoringsession_change", args=[session.pk])
    edits = admin_edits(superuser(make_user), url)
    sign_ups = [
        lambda v=v: volunteer_services.shift_signup(session=session, volunteer=v)
        for v in volunteers
    ]

    results, errors = race([*edits, *sign_ups])

    assert errors == []
    session.refresh_from_db()
    confirmed = Shift.objects.filter(session=session, status="confirmed").count()
    assert confirmed == session.seats_taken <= session.capacity
    assert Shift.objects.filter(session=session).count() == 40
