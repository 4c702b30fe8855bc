"""Volunteers racing for Saturday places: real threads, real transactions, PostgreSQL."""

import pytest
from django.core.exceptions import ValidationError

from tests.schools.test_concurrency import race
from volunteers import services
from volunteers.models import Shift, TutoringSession

pytestmark = pytest.mark.usefixtures("migration_data")


def test_fifty_volunteers_racing_for_ten_places_get_exactly_ten(make_session, make_volunteer):
    session = make_session(places=10)
    volunteers = [make_volunteer() for _ in range(50)]

    results, errors = race(
        [lambda v=v: services.shift_signup(session=session, volunteer=v) for v in volunteers]
    )

    assert errors == []
    statuses = [r.status for r in results]
    assert statuses.count("confirmed") == 10 and statuses.count("waitlisted") == 40
    assert TutoringSession.objects.get(pk=session.pk).seats_taken == 10


def test_the_same_volunteer_twice_at_once_gets_one_shift(make_session, make_volunteer):
    session, volunteer = make_session(), make_volunteer()

    results, errors = race(
        [lambda: services.shift_signup(session=session, volunteer=volunteer) for _ in range(2)]
    )

    assert errors == []
    assert sum(isinstance(r, ValidationError) for r in results) == 1
    assert Shift.objects.live().filter(session=session, volunteer=volunteer).count() == 1
