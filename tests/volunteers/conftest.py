import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from community import roles
from volunteers.models import Child, Station, Subject, TutoringSession, Volunteer


@pytest.fixture
def station(community):
    return Station.objects.create(name="景和爱心驿站", community=community)


@pytest.fixture
def subjects(db):
    return {s.code: s for s in Subject.objects.all()}


@pytest.fixture
def make_child(station, subjects):
    counter = iter(range(10_000))

    def make(consent=True, needs=("maths",), **fields):
        n = next(counter)
        defaults = {
            "station": station,
            "name": f"刘小{n}",
            "gender": "boy",
            "grade": "四年级",
            "guardian_name": "刘华军",
            "guardian_relation": "父亲",
            "guardian_mobile": f"1390000{n:04d}",
            "address": "景和路12弄3号",
            "family_circumstances": "父亲残疾，母亲患病，靠祖母的退休金生活。",
        }
        if consent:
            defaults.update(
                consent_given_on=datetime.date(2026, 3, 1),
                consent_guardian_name="刘华军",
                consent_text_version="2026-01",
            )
        defaults.update(fields)
        child = Child.objects.create(**defaults)
        child.subjects.set([subjects[code] for code in needs])
        return child

    return make


@pytest.fixture
def make_volunteer(make_user, subjects):
    counter = iter(range(10_000))

    def make(status=Volunteer.Status.VERIFIED, can=("maths",), **fields):
        n = next(counter)
        user = make_user(mobile=f"1350000{n:04d}", name=f"志愿者{n}")
        defaults = {
            "user": user,
            "name": user.name,
            "university": "江城大学",
            "major": "数学",
            "student_number": f"2024{n:04d}",
            "mobile": user.mobile,
            "status": status,
            "pledge_signed_on": datetime.date(2026, 9, 1),
        }
        if status == Volunteer.Status.VERIFIED:
            defaults.update(
                verified_at=timezone.now(),
                record_checked_on=datetime.date(2026, 9, 1),
                record_check_result="clear",
                record_checked_by="派出所",
            )
        defaults.update(fields)
        volunteer = Volunteer.objects.create(**defaults)
        volunteer.subjects.set([subjects[code] for code in can])
        return volunteer

    return make


def next_saturday(weeks=1):
    today = timezone.localdate()
    return today + datetime.timedelta(days=(5 - today.weekday()) % 7 + 7 * weeks)


@pytest.fixture
def make_session(station):
    def make(date=None, places=10, **fields):
        return TutoringSession.objects.create(
            station=station, date=date or next_saturday(), capacity=places, **fields
        )

    return make


@pytest.fixture
def coordinator(make_user, station):
    """The coordinator of the station the fixtures use."""
    user = make_user(mobile="13700000005", name="驿站负责人", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.STATION_COORDINATOR))
    station.coordinators.add(user)
    return user


@pytest.fixture
def volunteer_client(client, make_volunteer):
    volunteer = make_volunteer()
    client.force_login(volunteer.user)
    client.volunteer = volunteer
    return client
