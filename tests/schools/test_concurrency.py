"""Sign-ups racing for places: real threads, each with its own database connection and
transaction, against PostgreSQL (a test transaction would hide the race)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from community.models import Resident
from schools import services
from schools.models import Course, Enrolment

pytestmark = pytest.mark.usefixtures("migration_data")


def race(calls):
    """Run every call at the same moment, each in its own thread; return results and errors."""
    barrier = threading.Barrier(len(calls))
    results, errors = [], []

    def run(call):
        try:
            barrier.wait()
            results.append(call())
        except ValidationError as refusal:
            results.append(refusal)
        except Exception as error:  # noqa: BLE001 - any other failure is what we look for
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_forty_residents_racing_for_ten_places_get_ten_places_and_thirty_waits(
    make_course, community
):
    course = make_course(capacity=10)
    residents = Resident.objects.bulk_create(
        Resident(name=f"居民{n}", mobile=f"135{n:08d}", community=community) for n in range(40)
    )

    results, errors = race(
        [
            lambda r=resident: services.enrol(offering=course, resident=r, by=None)
            for resident in residents
        ]
    )

    assert errors == []
    statuses = sorted(result.status for result in results)
    assert statuses.count("confirmed") == 10
    assert statuses.count("waitlisted") == 30
    course.refresh_from_db()
    assert course.seats_taken == 10
    assert Enrolment.objects.filter(course=course, status="confirmed").count() == 10


def test_the_same_resident_twice_at_once_gets_one_live_sign_up(course, make_resident):
    resident = make_resident()

    results, errors = race(
        [lambda: services.enrol(offering=course, resident=resident, by=None) for _ in range(2)]
    )

    assert errors == []
    assert sum(isinstance(result, Enrolment) for result in results) == 1
    assert sum(isinstance(result, ValidationError) for result in results) == 1
    assert Enrolment.objects.live().filter(course=course, resident=resident).count() == 1
    assert Course.objects.get(pk=course.pk).seats_taken == 1
