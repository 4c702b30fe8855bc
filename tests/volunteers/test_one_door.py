"""The 爱心班's rules hold through the admin staff use: places of a Saturday, home visits,
outings, notes."""

import datetime
from decimal import Decimal

import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.adminforms import form_data
from tests.volunteers.conftest import next_saturday
from volunteers import services
from volunteers.models import HomeVisit, Outing, OutingChild, Shift, TutoringSession


def test_an_admin_save_of_a_saturday_from_a_stale_form_keeps_the_places_taken(
    client, coordinator, make_session, make_volunteer
):
    session = make_session(places=2)
    client.force_login(coordinator)
    url = reverse("admin:volunteers_tutoringsession_change", args=[session.pk])
    stale = form_data(client.get(url))
    services.shift_signup(session=session, volunteer=make_volunteer())

    assert client.post(url, stale).status_code == 302

    assert TutoringSession.objects.get(pk=session.pk).seats_taken == 1


def test_a_saturdays_places_cannot_go_below_the_confirmed_and_more_fill_the_waiting_list(
    client, coordinator, make_session, make_volunteer
):
    session = make_session(places=1)
    for _ in range(3):
        services.shift_signup(session=session, volunteer=make_volunteer())
    client.force_login(coordinator)
    url = reverse("admin:volunteers_tutoringsession_change", args=[session.pk])

    lowered = client.post(url, form_data(client.get(url), capacity="0"))
    raised = client.post(url, form_data(client.get(url), capacity="3"), follow=True)

    assert lowered.status_code == 200 and "已有1个名额确认" in lowered.content.decode()
    assert "2人已从候补转为正式报名" in raised.content.decode()
    assert Shift.objects.filter(status="confirmed").count() == 3
    assert TutoringSession.objects.get(pk=session.pk).seats_taken == 3


def test_a_home_visit_for_a_child_without_consent_is_refused_in_the_admin(
    client, coordinator, make_child, make_volunteer
):
    client.force_login(coordinator)
    url = reverse("admin:volunteers_homevisit_add")
    data = {
        "child": make_child(consent=False).pk,
        "date": timezone.localdate().isoformat(),
        "volunteers": [make_volunteer().pk, make_volunteer().pk],
        "notes": "辅导数学",
    }

    response = client.post(url, data)

    assert response.status_code == 200
    assert "监护人同意" in response.content.decode()
    assert not HomeVisit.objects.exists()


def test_a_home_visit_through_the_admin_goes_through_the_service(
    client, coordinator, make_child, make_volunteer
):
    client.force_login(coordinator)
    child = make_child()
    volunteers = [make_volunteer().pk, make_volunteer().pk]
    url = reverse("admin:volunteers_homevisit_add")
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    today = timezone.localdate().isoformat()

    future = client.post(url, {"child": child.pk, "date": tomorrow, "volunteers": volunteers})
    alone = client.post(url, {"child": child.pk, "date": today, "volunteers": volunteers[:1]})
    done = client.post(url, {"child": child.pk, "date": today, "volunteers": volunteers})

    assert future.status_code == 200 and alone.status_code == 200
    assert done.status_code == 302
    assert sorted(HomeVisit.objects.get().volunteers.values_list("pk", flat=True)) == volunteers


def test_a_child_without_consent_cannot_be_put_on_an_outing_in_the_admin(
    client, coordinator, station, make_child
):
    outing = Outing.objects.create(
        station=station, title="参观科学宫", date=datetime.date(2026, 10, 1), place="科学宫"
    )
    client.force_login(coordinator)
    url = reverse("admin:volunteers_outing_change", args=[outing.pk])
    page = client.get(url)
    prefix = page.context["inline_admin_formsets"][0].formset.prefix
    refused = make_child(consent=False)
    allowed = make_child()

    def post(child):
        return client.post(
            url,
            form_data(
                page,
                **{
                    f"{prefix}-TOTAL_FORMS": "1",
                    f"{prefix}-0-child": str(child.pk),
                    f"{prefix}-0-permission_given_on": "2026-09-20",
                },
            ),
        )

    assert post(refused).status_code == 200
    assert not OutingChild.objects.exists()
    assert post(allowed).status_code == 302
    assert list(OutingChild.objects.values_list("child", flat=True)) == [allowed.pk]


def test_notes_cannot_be_added_in_the_admin(client, coordinator):
    client.force_login(coordinator)

    assert client.get(reverse("admin:volunteers_tutoringnote_add")).status_code == 403


def test_hours_and_certificates_count_only_saturdays_that_have_begun(make_session, make_volunteer):
    volunteer = make_volunteer()
    past, coming = make_session(date=next_saturday(-2)), make_session()
    for session in (past, coming):  # the coming one as the attendance page once allowed
        Shift.objects.create(session=session, volunteer=volunteer, status="attended", hours=2.5)

    certificate = services.certificate_issue(volunteer=volunteer)

    assert (certificate.sessions, certificate.hours) == (1, Decimal("2.5"))
    assert certificate.period_start == certificate.period_end == past.date


def test_the_attendance_page_takes_attendance_only_once_the_saturday_has_begun(
    client, coordinator, make_session, make_volunteer
):
    session = make_session()
    shift = services.shift_signup(session=session, volunteer=make_volunteer())
    url = reverse("volunteers:staff_session", args=[session.pk])

    with time_machine.travel(session.begins - datetime.timedelta(seconds=1), tick=False):
        client.force_login(coordinator)
        page = client.get(url).content.decode()
        client.post(url, {"attended": [shift.pk]})
    assert 'name="attended"' not in page
    assert Shift.objects.get().status == "confirmed"

    with time_machine.travel(session.begins, tick=False):
        client.force_login(coordinator)
        client.post(url, {"attended": [shift.pk]})
    assert Shift.objects.get().status == "attended"
