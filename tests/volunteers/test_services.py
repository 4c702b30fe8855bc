import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.volunteers.conftest import next_saturday
from volunteers import services
from volunteers.models import (
    Child,
    ChildAccessLog,
    HomeVisit,
    OutingChild,
    Pairing,
    Shift,
    TutoringNote,
    TutoringSession,
)
from volunteers.pairing import Pair


def test_places_then_waiting_list_then_promotion(make_session, make_volunteer, coordinator):
    session = make_session(places=1)
    first, second = make_volunteer(), make_volunteer()

    a = services.shift_signup(session=session, volunteer=first)
    b = services.shift_signup(session=session, volunteer=second)
    assert (a.status, b.status) == ("confirmed", "waitlisted")

    promoted = services.shift_cancel(shift=a, by=first.user)
    assert promoted == b
    session.refresh_from_db()
    assert session.seats_taken == 1


def test_only_verified_volunteers_sign_up(make_session, make_volunteer):
    applied = make_volunteer(status="applied")

    with pytest.raises(ValidationError, match="只有审核通过的志愿者才能报名。"):
        services.shift_signup(session=make_session(), volunteer=applied)
    assert not Shift.objects.exists()


def test_sign_up_and_cancel_close_at_the_cutoff(make_session, make_volunteer):
    volunteer = make_volunteer()
    today = timezone.localdate()
    closed = make_session(date=today)  # its cut-off was yesterday at 18:00
    open_ = make_session(date=today + datetime.timedelta(days=3))

    with pytest.raises(ValidationError, match="报名已截止"):
        services.shift_signup(session=closed, volunteer=volunteer)
    assert services.shift_signup(session=open_, volunteer=volunteer).status == "confirmed"
    late = Shift.objects.create(session=closed, volunteer=volunteer, status="confirmed")
    with pytest.raises(ValidationError, match="已过截止时间"):
        services.shift_cancel(shift=late, by=volunteer.user)


def test_the_default_cutoff_is_the_friday_18_00_before():
    session = TutoringSession(date=datetime.date(2026, 12, 5))

    cutoff = timezone.localtime(session.signup_cutoff())

    assert (cutoff.date(), cutoff.hour, cutoff.minute) == (datetime.date(2026, 12, 4), 18, 0)


def test_the_coordinator_may_cancel_after_the_cutoff(make_session, make_volunteer, coordinator):
    session = make_session(date=timezone.localdate())
    volunteer = make_volunteer()
    shift = Shift.objects.create(session=session, volunteer=volunteer, status="confirmed")
    TutoringSession.objects.filter(pk=session.pk).update(seats_taken=1)

    services.shift_cancel(shift=shift, by=coordinator, as_coordinator=True)

    shift.refresh_from_db()
    assert shift.status == "cancelled"


def test_attendance_sets_hours_and_no_shows(make_session, make_volunteer, coordinator):
    session = make_session(starts_at=datetime.time(9), ends_at=datetime.time(11, 30))
    came, absent = make_volunteer(), make_volunteer()
    shifts = [services.shift_signup(session=session, volunteer=v) for v in (came, absent)]

    with pytest.raises(ValidationError, match="尚未开始"):
        services.attendance_mark(session=session, attended=[shifts[0].pk], by=coordinator)
    assert services.hours_of(came)["hours"] == 0

    with time_machine.travel(session.begins, tick=False):
        services.attendance_mark(session=session, attended=[shifts[0].pk], by=coordinator)

        assert dict(Shift.objects.values_list("volunteer_id", "status")) == {
            came.pk: "attended",
            absent.pk: "no_show",
        }
        assert services.hours_of(came)["hours"] == Decimal("2.5")
        assert services.hours_of(absent)["hours"] == 0


def test_saturdays_are_generated_for_a_term_skipping_holidays(station):
    created = services.saturdays_generate(
        station=station,
        first_date=datetime.date(2026, 9, 1),
        last_date=datetime.date(2026, 10, 31),
        skip_dates=[datetime.date(2026, 10, 3)],
    )

    dates = [s.date for s in created]
    assert all(d.weekday() == 5 for d in dates)
    assert dates[0] == datetime.date(2026, 9, 5) and datetime.date(2026, 10, 3) not in dates
    assert len(dates) == 8
    assert services.saturdays_generate(
        station=station, first_date=datetime.date(2026, 9, 1), last_date=datetime.date(2026, 10, 31)
    ) == [TutoringSession.objects.get(date=datetime.date(2026, 10, 3))]


def test_a_child_without_consent_cannot_be_paired_and_the_database_backs_it(
    make_session, make_volunteer, make_child, coordinator
):
    session = make_session()
    volunteer = make_volunteer()
    services.shift_signup(session=session, volunteer=volunteer)
    child = make_child(consent=False)

    with pytest.raises(ValidationError, match="没有有效监护人同意的孩子不能结对。"):
        services.pairings_save(
            session=session, pairs=[Pair(volunteer.pk, child.pk, "maths")], by=coordinator
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Pairing.objects.create(session=session, volunteer=volunteer, child=child)
    assert not Pairing.objects.exists()


def test_a_withdrawn_consent_counts_as_none_in_the_database(
    make_session, make_volunteer, make_child
):
    child = make_child(consent_withdrawn_on=datetime.date(2026, 6, 1))

    with pytest.raises(IntegrityError), transaction.atomic():
        Pairing.objects.create(session=make_session(), volunteer=make_volunteer(), child=child)


def test_a_child_without_consent_cannot_go_on_an_outing(station, make_child, coordinator):
    from volunteers.models import Outing

    outing = Outing.objects.create(
        station=station, title="参观科学宫", date=datetime.date(2026, 10, 1), place="科学宫"
    )

    with pytest.raises(ValidationError, match="不能参加外出活动"):
        services.outing_child_save(
            entry=OutingChild(
                outing=outing,
                child=make_child(consent=False),
                permission_given_on=datetime.date(2026, 9, 20),
            ),
            by=coordinator,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        OutingChild.objects.create(
            outing=outing, child=make_child(consent=False), permission_given_on=outing.date
        )
    services.outing_child_save(
        entry=OutingChild(
            outing=outing, child=make_child(), permission_given_on=datetime.date(2026, 9, 20)
        ),
        by=coordinator,
    )
    assert OutingChild.objects.count() == 1


def test_a_home_visit_needs_two_volunteers_consent_and_to_have_happened(
    make_child, make_volunteer, coordinator
):
    child = make_child(needs_home_tutoring=True)
    one, two = make_volunteer(), make_volunteer()
    today = timezone.localdate()

    def record(**fields):
        visit = HomeVisit(child=fields.pop("child", child), date=fields.pop("date", today))
        return services.home_visit_save(visit=visit, by=coordinator, **fields)

    with pytest.raises(ValidationError, match="上门辅导至少需要两名志愿者。"):
        record(volunteers=[one, one])
    with pytest.raises(ValidationError, match="监护人同意"):
        record(child=make_child(consent=False), volunteers=[one, two])
    with pytest.raises(ValidationError):
        record(date=today + datetime.timedelta(days=1), volunteers=[one, two])
    assert not HomeVisit.objects.exists()

    visit = record(volunteers=[one, two])
    assert visit.volunteers.count() == 2


def test_only_the_paired_volunteer_writes_a_note_after_the_session(
    make_session, make_volunteer, make_child
):
    volunteer, other = make_volunteer(), make_volunteer()
    future = Pairing.objects.create(session=make_session(), volunteer=volunteer, child=make_child())
    past = Pairing.objects.create(
        session=make_session(date=next_saturday(-2)), volunteer=volunteer, child=make_child()
    )

    with pytest.raises(ValidationError, match="辅导开始后"):
        services.note_write(pairing=future, volunteer=volunteer, done="讲了分数")
    with pytest.raises(PermissionDenied):
        services.note_write(pairing=past, volunteer=other, done="讲了分数")
    services.note_write(pairing=past, volunteer=volunteer, done="讲了分数", homework="练习册")
    assert TutoringNote.objects.get().homework == "练习册"


def test_a_certificate_states_the_hours_and_is_reissued_only_when_they_change(
    make_session, make_volunteer, coordinator
):
    volunteer = make_volunteer()
    with pytest.raises(ValidationError):
        services.certificate_issue(volunteer=volunteer)
    session = make_session(date=next_saturday(-1))
    Shift.objects.create(session=session, volunteer=volunteer, status="attended", hours=2.5)

    first = services.certificate_issue(volunteer=volunteer)
    again = services.certificate_issue(volunteer=volunteer)

    assert first == again
    assert (first.hours, first.sessions, first.station_names) == (Decimal("2.5"), 1, "景和爱心驿站")


def test_exporting_a_child_logs_it_and_holds_everything(make_child, coordinator):
    child = make_child()

    data = services.child_export(child=child, by=coordinator)

    assert data["name"] == child.name
    assert data["family_circumstances"] == child.family_circumstances
    assert data["guardian"]["mobile"] == child.guardian_mobile
    assert ChildAccessLog.objects.get().action == "export"


def test_erasing_a_child_anonymises_but_keeps_the_counts(
    make_child, make_session, make_volunteer, coordinator
):
    child = make_child()
    session = make_session(date=next_saturday(-1))
    pairing = Pairing.objects.create(session=session, volunteer=make_volunteer(), child=child)
    TutoringNote.objects.create(pairing=pairing, author=pairing.volunteer, done="刘小0的作文")

    services.child_erase(child=child, by=coordinator, reason="监护人申请")

    child.refresh_from_db()
    assert child.name == "（已删除）" and child.anonymised_on is not None
    assert child.guardian_mobile == child.address == child.family_circumstances == ""
    assert Pairing.objects.filter(child=child).count() == 1  # the count stays
    assert TutoringNote.objects.get().done == "（已删除）"
    assert ChildAccessLog.objects.get().action == "erase"


def test_only_coordinators_and_street_admins_export_children(make_child, make_user):
    with pytest.raises(PermissionDenied):
        services.child_export(child=make_child(), by=make_user(mobile="13800000009"))


def test_purge_children_anonymises_those_who_left_long_ago(make_child, capsys):
    long_ago = timezone.localdate() - datetime.timedelta(days=200)
    old = make_child(status="left", left_on=long_ago)
    recent = make_child(status="left", left_on=timezone.localdate() - datetime.timedelta(days=10))
    active = make_child()

    call_command("purge_children", "--dry-run")
    assert "1 children" in capsys.readouterr().out
    assert Child.objects.get(pk=old.pk).anonymised_on is None

    call_command("purge_children")

    assert Child.objects.get(pk=old.pk).anonymised_on is not None
    assert Child.objects.get(pk=recent.pk).anonymised_on is None
    assert Child.objects.get(pk=active.pk).anonymised_on is None
    assert ChildAccessLog.objects.get().user is None


def test_crediting_hours_and_issuing_a_certificate_are_in_the_audit_trail(
    make_session, make_volunteer, coordinator
):
    from community.models import AuditEntry

    volunteer = make_volunteer()
    with time_machine.travel(
        datetime.datetime(2026, 11, 25, 10, tzinfo=timezone.get_current_timezone())
    ):
        session = make_session(date=datetime.date(2026, 11, 28))
        shift = services.shift_signup(session=session, volunteer=volunteer)
    with time_machine.travel(
        datetime.datetime(2026, 11, 28, 12, tzinfo=timezone.get_current_timezone())
    ):
        services.attendance_mark(session=session, attended=[shift.pk], by=coordinator)
        certificate = services.certificate_issue(volunteer=volunteer)
    credited = AuditEntry.objects.get(action="hours_credited")
    assert credited.actor == coordinator and credited.details["attended"] == 1
    issued = AuditEntry.objects.get(action="certificate_issued")
    assert issued.actor == volunteer.user and issued.target_id == str(certificate.pk)
