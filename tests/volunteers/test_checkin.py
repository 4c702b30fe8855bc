"""Check-in on the day: the coordinator's code, a volunteer's scans, the hours between, and the
coordinator's corrections. Every clock is fixed on both sides of each boundary."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from community.models import AuditEntry
from tests.qrcodes import dark_modules, drawn_modules
from volunteers import checkin, services
from volunteers.models import CheckInCode, Shift

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
DAY = datetime.date(2026, 12, 5)  # a Saturday


def at(hour, minute=0, second=0, day=DAY):
    return datetime.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=SHANGHAI)


@pytest.fixture
def saturday(make_session):
    """9:00–11:30, signed up for before the day."""
    return make_session(date=DAY)


@pytest.fixture
def placed(saturday, make_volunteer):
    with time_machine.travel(at(9, day=datetime.date(2026, 12, 1)), tick=False):
        volunteer = make_volunteer()
        services.shift_signup(session=saturday, volunteer=volunteer)
    return volunteer


def code_at(moment, session, coordinator) -> CheckInCode:
    with time_machine.travel(moment, tick=False):
        return checkin.current_code(session=session, by=coordinator)


def scan_at(moment, code, volunteer) -> Shift:
    with time_machine.travel(moment, tick=False):
        return checkin.scan(token=code.token, volunteer=volunteer)


def refusal_code(moment, code, volunteer) -> str:
    with pytest.raises(ValidationError) as refused:
        scan_at(moment, code, volunteer)
    return refused.value.code


# --- The code ------------------------------------------------------------------------------------


def test_the_code_is_shown_from_an_hour_before_the_start_and_not_earlier(saturday, coordinator):
    with pytest.raises(ValidationError):
        code_at(at(7, 59, 59), saturday, coordinator)
    assert code_at(at(8, 0), saturday, coordinator).session == saturday


def test_the_code_stays_for_a_minute_then_changes(saturday, coordinator):
    first = code_at(at(9, 0, 0), saturday, coordinator)

    assert code_at(at(9, 0, 59), saturday, coordinator) == first
    assert code_at(at(9, 1, 1), saturday, coordinator) != first


def test_the_code_changes_as_soon_as_it_is_used(saturday, coordinator, placed):
    first = code_at(at(9, 0, 0), saturday, coordinator)
    scan_at(at(9, 0, 10), first, placed)

    assert code_at(at(9, 0, 12), saturday, coordinator) != first


def test_only_a_coordinator_gets_a_code(saturday, placed):
    with pytest.raises(PermissionDenied):
        code_at(at(9), saturday, placed.user)


# --- Refused scans -------------------------------------------------------------------------------


def test_a_stale_code_is_refused_and_a_fresh_one_accepted(saturday, coordinator, placed):
    code = code_at(at(9, 0, 0), saturday, coordinator)

    assert refusal_code(at(9, 1, 31), code, placed) == "stale"  # 60 s + 30 s grace
    assert not Shift.objects.get(volunteer=placed).checked_in_at

    shift = scan_at(at(9, 1, 29), code, placed)
    assert shift.checked_in_at == at(9, 1, 29)


def test_a_code_used_once_is_refused_to_the_next_phone(
    saturday, coordinator, placed, make_volunteer
):
    other = make_volunteer()
    with time_machine.travel(at(9, day=datetime.date(2026, 12, 1)), tick=False):
        services.shift_signup(session=saturday, volunteer=other)
    code = code_at(at(9, 0, 0), saturday, coordinator)
    scan_at(at(9, 0, 5), code, placed)

    assert refusal_code(at(9, 0, 6), code, other) == "replayed"
    assert refusal_code(at(9, 0, 7), code, placed) == "replayed"
    assert Shift.objects.get(volunteer=other).checked_in_at is None


def test_a_code_of_a_session_the_volunteer_has_no_place_in_is_refused(
    saturday, coordinator, placed, make_volunteer, make_session
):
    stranger = make_volunteer()
    code = code_at(at(9, 0, 0), saturday, coordinator)
    assert refusal_code(at(9, 0, 5), code, stranger) == "foreign"
    assert not Shift.objects.filter(volunteer=stranger).exists()
    # The code is still good for the volunteer it was meant for.
    assert scan_at(at(9, 0, 6), code, placed).checked_in_at == at(9, 0, 6)


def test_a_waiting_list_place_is_no_place_for_check_in(saturday, coordinator, make_volunteer):
    saturday.capacity = 0
    saturday.save()
    volunteer = make_volunteer()
    with time_machine.travel(at(9, day=datetime.date(2026, 12, 1)), tick=False):
        assert services.shift_signup(session=saturday, volunteer=volunteer).status == "waitlisted"
    code = code_at(at(9), saturday, coordinator)

    assert refusal_code(at(9, 0, 5), code, volunteer) == "foreign"


def test_an_unknown_code_is_refused(placed):
    with time_machine.travel(at(9), tick=False), pytest.raises(ValidationError) as refused:
        checkin.scan(token="made-up", volunteer=placed)
    assert refused.value.code == "unknown"


def test_scans_after_check_in_closes_are_refused(saturday, coordinator, placed):
    code = code_at(at(13, 29, 30), saturday, coordinator)  # closes 11:30 + 2 h

    assert refusal_code(at(13, 30, 1), code, placed) == "closed"


# --- Hours ---------------------------------------------------------------------------------------


def in_and_out(saturday, coordinator, volunteer, arrive, leave) -> Shift:
    scan_at(arrive, code_at(arrive, saturday, coordinator), volunteer)
    return scan_at(leave, code_at(leave, saturday, coordinator), volunteer)


def test_hours_come_from_check_in_and_out(saturday, coordinator, placed):
    shift = in_and_out(saturday, coordinator, placed, at(9, 20), at(11, 5))

    assert shift.status == Shift.Status.ATTENDED
    assert shift.hours == Decimal("1.7")  # 105 minutes, in tenths rounded down
    with time_machine.travel(at(12), tick=False):
        assert services.hours_of(placed)["hours"] == Decimal("1.7")


def test_hours_are_bounded_by_the_session(saturday, coordinator, placed):
    shift = in_and_out(saturday, coordinator, placed, at(8, 10), at(12, 40))

    assert shift.hours == saturday.hours == Decimal("2.5")


def test_a_second_scan_right_after_arrival_does_not_check_out(saturday, coordinator, placed):
    scan_at(at(9, 0), code_at(at(9, 0), saturday, coordinator), placed)
    code = code_at(at(9, 9, 30), saturday, coordinator)

    assert refusal_code(at(9, 9, 59), code, placed) == "too_soon"
    assert Shift.objects.get(volunteer=placed).checked_out_at is None


def test_after_check_out_further_scans_are_refused(saturday, coordinator, placed):
    in_and_out(saturday, coordinator, placed, at(9), at(11, 30))
    code = code_at(at(11, 40), saturday, coordinator)

    assert refusal_code(at(11, 40, 5), code, placed) == "done"
    assert Shift.objects.get(volunteer=placed).hours == Decimal("2.5")


def test_ticking_attendance_keeps_scanned_hours_and_gives_the_others_the_sessions(
    saturday, coordinator, placed, make_volunteer
):
    ticked = make_volunteer()
    with time_machine.travel(at(9, day=datetime.date(2026, 12, 1)), tick=False):
        services.shift_signup(session=saturday, volunteer=ticked)
    in_and_out(saturday, coordinator, placed, at(9, 30), at(11, 0))
    shifts = Shift.objects.filter(session=saturday)

    with time_machine.travel(at(11, 45), tick=False):
        services.attendance_mark(session=saturday, attended=[s.pk for s in shifts], by=coordinator)

    assert Shift.objects.get(volunteer=placed).hours == Decimal("1.5")
    assert Shift.objects.get(volunteer=ticked).hours == Decimal("2.5")


# --- Corrections ---------------------------------------------------------------------------------


def test_a_coordinator_corrects_hours_with_a_reason_and_it_is_audited(
    client, saturday, coordinator, placed
):
    scan_at(at(9, 0), code_at(at(9, 0), saturday, coordinator), placed)
    shift = Shift.objects.get(volunteer=placed)
    url = reverse("volunteers:staff_session", args=[saturday.pk])

    with time_machine.travel(at(12, 0), tick=False):
        client.force_login(coordinator)
        refused = client.post(url, {"form": "hours", "shift": shift.pk, "hours": "2", "reason": ""})
        too_many = client.post(
            url, {"form": "hours", "shift": shift.pk, "hours": "3", "reason": "手机没电"}
        )
        done = client.post(
            url, {"form": "hours", "shift": shift.pk, "hours": "2.0", "reason": "手机没电，未签退"}
        )

    assert refused.status_code == too_many.status_code == 200
    assert done.status_code == 302
    shift.refresh_from_db()
    assert shift.hours == Decimal("2.0") and shift.hours_corrected_reason == "手机没电，未签退"
    entry = AuditEntry.objects.get(action=AuditEntry.Action.HOURS_CORRECTED)
    assert entry.actor == coordinator
    assert entry.details == {"before": "0.0", "after": "2.0", "reason": "手机没电，未签退"}


def test_hours_are_not_corrected_before_the_session_begins(saturday, coordinator, placed):
    shift = Shift.objects.get(volunteer=placed)
    with time_machine.travel(at(8, 59), tick=False), pytest.raises(ValidationError) as refused:
        checkin.hours_correct(shift=shift, hours=Decimal(2), reason="提前", by=coordinator)
    assert refused.value.code == "not_begun"
    with time_machine.travel(at(9, 0), tick=False):
        checkin.hours_correct(shift=shift, hours=Decimal(2), reason="到岗", by=coordinator)


# --- The pages -----------------------------------------------------------------------------------


def test_the_coordinators_page_draws_the_current_code(client, saturday, coordinator):
    with time_machine.travel(at(9, 0), tick=False):
        client.force_login(coordinator)
        page = client.get(reverse("volunteers:staff_checkin", args=[saturday.pk]))
        data = client.get(reverse("volunteers:staff_checkin_code", args=[saturday.pk])).json()

    code = CheckInCode.objects.get()
    url = "http://testserver" + reverse("volunteers:checkin_scan", args=[code.token])
    assert drawn_modules(page.content.decode()) == dark_modules(url)
    assert data["token"] == code.token and data["url"] == url


def test_a_volunteer_checks_in_from_the_scanned_page(client, saturday, coordinator, placed):
    code = code_at(at(9, 0), saturday, coordinator)
    url = reverse("volunteers:checkin_scan", args=[code.token])

    with time_machine.travel(at(9, 0, 20), tick=False):
        client.force_login(placed.user)
        shown = client.get(url)
        assert Shift.objects.get(volunteer=placed).checked_in_at is None  # opening changes nothing
        done = client.post(url, follow=True)

    assert "签到" in shown.content.decode()
    assert Shift.objects.get(volunteer=placed).checked_in_at == at(9, 0, 20)
    assert "已签到" in done.content.decode()


def test_a_refused_scan_says_why_in_chinese(client, saturday, coordinator, placed):
    code = code_at(at(9, 0), saturday, coordinator)
    url = reverse("volunteers:checkin_scan", args=[code.token])

    with time_machine.travel(at(9, 5), tick=False):
        client.force_login(placed.user)
        page = client.post(url, follow=True).content.decode()

    assert "二维码已过期" in page
    assert Shift.objects.get(volunteer=placed).checked_in_at is None
