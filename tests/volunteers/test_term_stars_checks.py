"""Term sign-up, children's attendance and the pairing cap, stars, the record check, the
volunteer's own registration and the guardian's copy."""

import datetime
import zoneinfo
from collections import Counter
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from community.models import AuditEntry, Resident, User
from community.terms import term_dates, term_of
from volunteers import services
from volunteers.models import (
    Certificate,
    ChildAccessLog,
    Pairing,
    Shift,
    Volunteer,
    stars_for,
)
from volunteers.pairing import Pair, propose_pairs

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day, hour=12, minute=0):
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


# --- Terms ---------------------------------------------------------------------------------------


def test_terms_cover_the_year_without_gaps():
    assert term_dates("2026-autumn") == (datetime.date(2026, 8, 1), datetime.date(2027, 1, 31))
    assert term_dates("2027-spring") == (datetime.date(2027, 2, 1), datetime.date(2027, 7, 31))
    assert term_of(datetime.date(2027, 1, 31)) == "2026-autumn"
    assert term_of(datetime.date(2027, 2, 1)) == "2027-spring"
    assert term_of(datetime.date(2026, 7, 31)) == "2026-spring"
    assert term_of(datetime.date(2026, 8, 1)) == "2026-autumn"


@pytest.fixture
def autumn(make_session):
    """Four Saturdays of autumn 2026 and one of spring 2027."""
    days = [datetime.date(2026, 12, d) for d in (5, 12, 19, 26)] + [datetime.date(2027, 2, 20)]
    return [make_session(date=day) for day in days]


def test_term_sign_up_takes_every_open_saturday_of_the_term_only(autumn, make_volunteer):
    volunteer = make_volunteer()
    # Friday 2026-12-04 18:00 is the cut-off of the 5th: one minute after it, the 5th is closed.
    with time_machine.travel(at(datetime.date(2026, 12, 4), 18, 1), tick=False):
        counts = services.term_signup(
            volunteer=volunteer, station=autumn[0].station, term="2026-autumn"
        )

    assert counts == {"confirmed": 3, "waitlisted": 0, "closed": 0}
    signed = set(Shift.objects.live().filter(volunteer=volunteer).values_list("session", flat=True))
    assert signed == {autumn[1].pk, autumn[2].pk, autumn[3].pk}


def test_term_sign_up_one_minute_before_the_cut_off_includes_that_saturday(autumn, make_volunteer):
    volunteer = make_volunteer()
    with time_machine.travel(at(datetime.date(2026, 12, 4), 17, 59), tick=False):
        counts = services.term_signup(
            volunteer=volunteer, station=autumn[0].station, term="2026-autumn"
        )

    assert counts["confirmed"] == 4


def test_each_saturday_of_a_term_sign_up_is_cancelled_on_its_own_until_its_cut_off(
    autumn, make_volunteer
):
    volunteer = make_volunteer()
    with time_machine.travel(at(datetime.date(2026, 12, 1)), tick=False):
        services.term_signup(volunteer=volunteer, station=autumn[0].station, term="2026-autumn")
    first = Shift.objects.get(volunteer=volunteer, session=autumn[0])
    second = Shift.objects.get(volunteer=volunteer, session=autumn[1])

    with time_machine.travel(at(datetime.date(2026, 12, 4), 18, 1), tick=False):
        with pytest.raises(ValidationError):
            services.shift_cancel(shift=first, by=volunteer.user)
        services.shift_cancel(shift=second, by=volunteer.user)

    assert set(
        Shift.objects.live().filter(volunteer=volunteer).values_list("session", flat=True)
    ) == {autumn[0].pk, autumn[2].pk, autumn[3].pk}


def test_term_sign_up_of_a_full_saturday_joins_its_waiting_list(autumn, make_volunteer):
    autumn[2].capacity = 0
    autumn[2].save()
    volunteer = make_volunteer()
    with time_machine.travel(at(datetime.date(2026, 12, 1)), tick=False):
        counts = services.term_signup(
            volunteer=volunteer, station=autumn[0].station, term="2026-autumn"
        )

    assert counts == {"confirmed": 3, "waitlisted": 1, "closed": 0}


def test_term_sign_up_through_the_page(client, autumn, make_volunteer):
    volunteer = make_volunteer()
    client.force_login(volunteer.user)
    with time_machine.travel(at(datetime.date(2026, 12, 1)), tick=False):
        page = client.get(reverse("volunteers:saturdays")).content.decode()
        assert "2026年秋季学期" in page and "还有4个星期六可报名" in page
        done = client.post(
            reverse("volunteers:term_signup"),
            {"station": autumn[0].station.pk, "term": "2026-autumn"},
            follow=True,
        )
        again = client.post(
            reverse("volunteers:term_signup"),
            {"station": autumn[0].station.pk, "term": "2026-autumn"},
            follow=True,
        )
        nonsense = client.post(
            reverse("volunteers:term_signup"), {"station": "x", "term": "2026-winter"}
        )

    assert "4个星期六已报上" in done.content.decode()
    assert "本学期已没有可报名的星期六" in again.content.decode()
    assert nonsense.status_code == 302
    assert Shift.objects.live().filter(volunteer=volunteer).count() == 4


def test_the_coordinator_sees_the_gap_of_each_saturday(client, autumn, coordinator, make_volunteer):
    with time_machine.travel(at(datetime.date(2026, 12, 1)), tick=False):
        services.shift_signup(session=autumn[1], volunteer=make_volunteer())
        client.force_login(coordinator)
        page = client.get(reverse("volunteers:staff_sessions")).content.decode()

    assert "缺10人" in page and "缺9人" in page


# --- Children's attendance and the pairing -------------------------------------------------------


def test_the_proposal_never_gives_a_volunteer_more_than_the_cap():
    pairs = propose_pairs(
        volunteers={1: {"maths"}, 2: {"english"}},
        children={c: {"maths"} for c in range(10, 20)},
        cap=3,
    )

    assert max(Counter(p.volunteer for p in pairs).values()) == 3
    assert len(pairs) == 6  # four children wait for more volunteers


def test_the_proposal_matches_subjects_before_keeping_last_weeks_pair():
    pairs = propose_pairs(
        volunteers={1: {"maths"}, 2: {"english"}},
        children={10: {"english"}},
        last_pairs={10: 1},
    )

    assert pairs == [Pair(2, 10, "english")]


@pytest.fixture
def seeded_saturday(make_session, make_volunteer, make_child):
    """A Saturday that has begun: two volunteers (maths, English), eight children."""
    day = datetime.date(2026, 12, 5)
    session = make_session(date=day)
    maths, english = make_volunteer(can=("maths",)), make_volunteer(can=("english",))
    with time_machine.travel(at(datetime.date(2026, 12, 1)), tick=False):
        for volunteer in (maths, english):
            services.shift_signup(session=session, volunteer=volunteer)
    children = [make_child(needs=("maths",)) for _ in range(5)] + [
        make_child(needs=("english",)) for _ in range(3)
    ]
    return session, maths, english, children


def test_the_pairing_proposes_only_the_children_marked_present(
    client, seeded_saturday, coordinator
):
    session, maths, english, children = seeded_saturday
    came = [children[0], children[1], children[5]]
    with time_machine.travel(at(session.date, 9, 5), tick=False):
        client.force_login(coordinator)
        client.post(
            reverse("volunteers:staff_session", args=[session.pk]),
            {"form": "children", "present": [c.pk for c in came]},
        )
        page = client.get(reverse("volunteers:staff_pairing", args=[session.pk]))

    listed = {child.pk for child, _volunteer in page.context["rows"]}
    assert listed == {c.pk for c in came}
    chosen = {child.pk: volunteer for child, volunteer in page.context["rows"]}
    assert chosen == {
        children[0].pk: maths.pk,
        children[1].pk: maths.pk,
        children[5].pk: english.pk,
    }
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CHILDREN_MARKED).count() == 1


def test_without_children_marked_every_child_is_proposed_within_the_cap(
    client, seeded_saturday, coordinator
):
    session, maths, english, children = seeded_saturday
    client.force_login(coordinator)
    page = client.get(reverse("volunteers:staff_pairing", args=[session.pk]))

    loads = Counter(volunteer for _child, volunteer in page.context["rows"] if volunteer)
    assert loads == {maths.pk: 3, english.pk: 3}
    assert page.context["unpaired"] == 2
    assert "2名孩子没有志愿者" in page.content.decode()


def test_saving_pairs_refuses_an_absent_child_and_a_fourth_child(seeded_saturday, coordinator):
    session, maths, english, children = seeded_saturday
    with time_machine.travel(at(session.date, 9, 5), tick=False):
        services.children_mark(
            session=session, present=[c.pk for c in children[:6]], by=coordinator
        )
        with pytest.raises(ValidationError) as absent:
            services.pairings_save(
                session=session, pairs=[Pair(maths.pk, children[7].pk, None)], by=coordinator
            )
        with pytest.raises(ValidationError) as fourth:
            services.pairings_save(
                session=session,
                pairs=[Pair(maths.pk, c.pk, "maths") for c in children[:4]],
                by=coordinator,
            )

    assert absent.value.code == "absent" and fourth.value.code == "cap"
    assert not Pairing.objects.filter(session=session).exists()


def test_children_are_marked_only_once_the_saturday_has_begun(seeded_saturday, coordinator):
    session, _maths, _english, children = seeded_saturday
    with time_machine.travel(at(session.date, 8, 59), tick=False), pytest.raises(ValidationError):
        services.children_mark(session=session, present=[children[0].pk], by=coordinator)
    with time_machine.travel(at(session.date, 9, 0), tick=False):
        assert services.children_mark(session=session, present=[children[0].pk], by=coordinator)


def test_marking_a_child_absent_drops_their_pairing(seeded_saturday, coordinator):
    session, maths, _english, children = seeded_saturday
    services.pairings_save(
        session=session, pairs=[Pair(maths.pk, children[0].pk, "maths")], by=coordinator
    )
    with time_machine.travel(at(session.date, 9, 5), tick=False):
        services.children_mark(session=session, present=[children[1].pk], by=coordinator)

    assert not Pairing.objects.filter(session=session).exists()


# --- Stars ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "stars"),
    [
        ("99.9", 0),
        ("100", 1),
        ("299.9", 1),
        ("300", 2),
        ("599.9", 2),
        ("600", 3),
        ("999.9", 3),
        ("1000", 4),
        ("1499.9", 4),
        ("1500", 5),
        ("4000", 5),
    ],
)
def test_stars_at_the_thresholds(hours, stars):
    assert stars_for(Decimal(hours)) == stars


def past_saturdays(make_session, count, first=datetime.date(2024, 3, 2)):
    return [
        make_session(
            date=first + datetime.timedelta(weeks=n),
            starts_at=datetime.time(8, 0),
            ends_at=datetime.time(13, 0),
        )
        for n in range(count)
    ]


def test_the_hours_page_and_the_certificate_show_the_stars(client, make_volunteer, make_session):
    volunteer = make_volunteer()
    sessions = past_saturdays(make_session, 20)  # 20 × 5 hours = 100 hours
    Shift.objects.bulk_create(
        Shift(session=s, volunteer=volunteer, status="attended", hours=s.hours) for s in sessions
    )
    client.force_login(volunteer.user)

    hours_page = client.get(reverse("volunteers:hours")).content.decode()
    client.post(reverse("volunteers:certificate_issue"))
    certificate = Certificate.objects.get(volunteer=volunteer)
    certificate_page = client.get(
        reverse("volunteers:certificate", args=[certificate.code])
    ).content.decode()
    verify_page = client.get(reverse("volunteers:verify", args=[certificate.code])).content.decode()

    assert "一星级志愿者" in hours_page and "再服务200.0小时可成为二星级志愿者" in hours_page
    assert "一星级志愿者" in certificate_page and "一星级志愿者" in verify_page


def test_just_below_a_hundred_hours_there_is_no_star(client, make_volunteer, make_session):
    volunteer = make_volunteer()
    sessions = past_saturdays(make_session, 20)
    Shift.objects.bulk_create(
        Shift(session=s, volunteer=volunteer, status="attended", hours=s.hours) for s in sessions
    )
    Shift.objects.filter(session=sessions[0]).update(hours=Decimal("4.9"))
    client.force_login(volunteer.user)

    page = client.get(reverse("volunteers:hours")).content.decode()

    assert "volunteer-stars" not in page and "再服务0.1小时可成为一星级志愿者" in page


# --- The record check ----------------------------------------------------------------------------


def test_verification_is_refused_without_a_record_check(make_volunteer, coordinator):
    volunteer = make_volunteer(status=Volunteer.Status.APPLIED)
    for check in (
        {"record_checked_on": None, "record_check_result": "clear", "record_checked_by": "派出所"},
        {
            "record_checked_on": datetime.date(2026, 11, 1),
            "record_check_result": "",
            "record_checked_by": "派出所",
        },
        {
            "record_checked_on": datetime.date(2026, 11, 1),
            "record_check_result": "not_clear",
            "record_checked_by": "派出所",
        },
        {
            "record_checked_on": datetime.date(2026, 11, 1),
            "record_check_result": "clear",
            "record_checked_by": "  ",
        },
        {
            "record_checked_on": datetime.date(2099, 1, 1),
            "record_check_result": "clear",
            "record_checked_by": "派出所",
        },
    ):
        with pytest.raises(ValidationError):
            services.volunteer_verify(volunteer=volunteer, by=coordinator, **check)
        volunteer.refresh_from_db()
        assert volunteer.status == Volunteer.Status.APPLIED

    services.volunteer_verify(
        volunteer=volunteer,
        by=coordinator,
        record_checked_on=datetime.date(2026, 11, 1),
        record_check_result="clear",
        record_checked_by="新华里派出所 王警官",
    )
    volunteer.refresh_from_db()
    assert volunteer.is_verified and volunteer.record_checked_by == "新华里派出所 王警官"
    entry = AuditEntry.objects.get(action=AuditEntry.Action.VOLUNTEER_VERIFIED)
    assert entry.details["record_checked_on"] == "2026-11-01"


def test_the_admin_action_asks_for_the_record_check_and_refuses_without_it(
    client, make_volunteer, coordinator
):
    volunteer = make_volunteer(status=Volunteer.Status.APPLIED)
    client.force_login(coordinator)
    url = reverse("admin:volunteers_volunteer_changelist")
    base = {"action": "verify_volunteers", "_selected_action": [volunteer.pk]}

    asked = client.post(url, base)
    refused = client.post(
        url,
        {
            **base,
            "confirm": "1",
            "record_checked_on": "2026-11-01",
            "record_check_result": "not_clear",
            "record_checked_by": "派出所",
        },
    )

    assert asked.status_code == refused.status_code == 200
    assert 'name="record_checked_by"' in asked.content.decode()
    assert "查询结果无不良记录" in refused.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.status == Volunteer.Status.APPLIED


def test_the_database_refuses_a_verified_volunteer_without_a_clear_check(make_volunteer):
    volunteer = make_volunteer()
    with pytest.raises(IntegrityError), transaction.atomic():
        Volunteer.objects.filter(pk=volunteer.pk).update(record_check_result="not_clear")
    with pytest.raises(IntegrityError), transaction.atomic():
        Volunteer.objects.filter(pk=volunteer.pk).update(record_checked_by="")


def test_the_admin_form_cannot_change_a_record_check(client, make_volunteer, coordinator):
    volunteer = make_volunteer()
    client.force_login(coordinator)
    page = client.get(reverse("admin:volunteers_volunteer_change", args=[volunteer.pk]))

    assert 'name="record_check_result"' not in page.content.decode()
    assert 'name="record_checked_by"' not in page.content.decode()


# --- The volunteer's own registration ------------------------------------------------------------


def test_a_student_registers_without_a_committee_and_comes_back_to_the_application(client, db):
    response = client.post(
        reverse("volunteers:register"),
        {
            "mobile": "13600001111",
            "name": "陈思远",
            "password1": "Saturday-2026!",
            "password2": "Saturday-2026!",
        },
    )

    login = reverse("login") + "?next=" + reverse("volunteers:apply")
    assert response.status_code == 302 and response["Location"] == login
    user = User.objects.get(mobile="13600001111")
    assert not Resident.objects.filter(user=user).exists()
    logged_in = client.post(
        login, {"username": "13600001111", "password": "Saturday-2026!"}, follow=True
    )
    assert logged_in.redirect_chain[-1][0] == reverse("volunteers:apply")
    assert logged_in.context["form"].initial["name"] == "陈思远"


def test_the_volunteer_registration_does_not_tell_who_has_an_account(client, make_user):
    make_user(mobile="13600002222", name="王先生")
    response = client.post(
        reverse("volunteers:register"),
        {
            "mobile": "13600002222",
            "name": "冒名",
            "password1": "Xx-2026-abc!",
            "password2": "Xx-2026-abc!",
        },
    )

    assert response.status_code == 302
    assert User.objects.get(mobile="13600002222").name == "王先生"


# --- The guardian's copy -------------------------------------------------------------------------


def test_the_guardians_copy_is_a_printable_page_and_logged(client, make_child, coordinator):
    child = make_child(name="田文杰")
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:volunteers_child_changelist"),
        {"action": "export_children", "_selected_action": [child.pk]},
    )

    page = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert "no-store" in response["Cache-Control"]
    assert "田文杰" in page and "刘华军" in page and "景和路12弄3号" in page
    assert "监护人副本" in page
    assert ChildAccessLog.objects.filter(child=child, action="export").count() == 1
