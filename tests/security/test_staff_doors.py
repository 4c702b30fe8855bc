"""The staff doors of the security test of 95a28a4: the second factor wherever the portal is
mounted, lockout behind the proxy, password spraying, and the small doors around the gate."""

import re
import time

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from community import roles
from merit_register.models import Board

PASSWORD = "学习型社区-2026"

PROTECTED = [
    "/admin/",
    "/admin/volunteers/child/",
    "/admin/community/user/",
    "/staff/aixinban/",
    "/dashboard/",
    "/accounts/password/",
]


def staff_user(make_user, role, mobile="13700000020"):
    user = make_user(mobile=mobile, name=role, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.mark.parametrize("prefix", ["", "/portal", "/x"])
@pytest.mark.parametrize("url", PROTECTED)
def test_the_second_factor_holds_at_the_root_and_under_a_script_prefix(
    client, make_user, settings, street, prefix, url
):
    settings.OTP_REQUIRED = True
    client.force_login(staff_user(make_user, roles.STREET_ADMIN))

    # SCRIPT_NAME is what a sub-path mount, or a proxy header gunicorn trusts, sets.
    response = client.get(url, SCRIPT_NAME=prefix)

    assert response.status_code == 302
    assert "/accounts/two-factor/?next=" in response["Location"]


def test_staff_given_permissions_one_by_one_need_the_second_factor_too(
    client, make_user, settings, street
):
    settings.OTP_REQUIRED = True
    user = make_user(mobile="13700000030", password=PASSWORD, is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_child"))
    client.force_login(user)

    assert client.get("/admin/volunteers/child/")["Location"].startswith(reverse("two_factor"))


def test_the_second_factor_page_makes_no_device_for_those_who_need_none(
    client, make_user, settings, street
):
    settings.OTP_REQUIRED = True
    client.force_login(make_user(mobile="13812345678"))

    assert client.get(reverse("two_factor")).status_code == 404
    assert client.get(reverse("two_factor_qr")).status_code == 404
    assert not TOTPDevice.objects.exists()


def test_draft_boards_are_shown_to_reviewers_only_after_the_second_factor(
    client, make_user, settings, community
):
    settings.OTP_REQUIRED = True
    draft = Board.objects.create(title="草稿功德榜", issue_number=9, community=community)
    client.force_login(staff_user(make_user, roles.MERIT_REVIEWER))

    assert client.get(reverse("merit_register:board_detail", args=[draft.pk])).status_code == 404


def login(client, mobile, password, forwarded_for):
    return client.post(
        reverse("login"),
        {"username": mobile, "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_behind_the_proxy_an_attacker_cannot_lock_the_owner_out(
    client, make_user, settings, street
):
    settings.PROXY_COUNT = 1
    make_user(mobile="13812345678", password=PASSWORD)
    for _ in range(5):
        login(client, "13812345678", "wrong", "203.0.113.1")

    attacker = login(client, "13812345678", PASSWORD, "203.0.113.1")
    owner = login(client, "13812345678", PASSWORD, "198.51.100.7")

    assert attacker.status_code == 429
    assert owner.status_code == 302


def test_password_spraying_from_one_address_is_stopped(client, make_user, settings, street):
    settings.LOGIN_FAILURES_PER_ADDRESS = 10
    settings.PROXY_COUNT = 1
    for n in range(12):
        make_user(mobile=f"1381234{n:04d}", password=PASSWORD)
    statuses = [
        login(client, f"1381234{n:04d}", "wrong", "203.0.113.9").status_code for n in range(12)
    ]
    other_address = login(client, "13812340011", PASSWORD, "198.51.100.7")

    assert statuses[:10] == [200] * 10
    assert statuses[10:] == [429, 429]
    assert other_address.status_code == 302


def test_a_staff_session_ends_ten_hours_after_login_however_busy(client, make_user, street):
    user = staff_user(make_user, roles.SCHOOL_MANAGER)
    client.post(reverse("login"), {"username": user.mobile, "password": PASSWORD})
    start = time.time()

    for minutes in range(25, 600, 25):  # a request every 25 minutes: it never idles out
        with time_machine.travel(start + minutes * 60, tick=False):
            assert client.get("/admin/").status_code == 200, minutes
    with time_machine.travel(start + 10 * 3600 + 60, tick=False):
        after = client.get("/admin/")

    assert after.status_code == 302
    assert "login" in after["Location"]


def test_pages_and_downloads_of_a_logged_in_person_are_not_stored(resident_client, street):
    for url in [reverse("account"), reverse("schools:my_courses")]:
        assert "no-store" in resident_client.get(url)["Cache-Control"]


def test_no_post_form_on_a_public_page_lacks_a_token(client, street):
    for url in [
        reverse("home"),
        reverse("schools:course_list"),
        reverse("merit_register:deed_list"),
    ]:
        page = client.get(url).content.decode()
        for form in re.findall(r"<form[^>]*method=\"post\".*?</form>", page, re.S | re.I):
            assert "csrfmiddlewaretoken" in form, (url, form[:200])


@pytest.fixture
def course_with_place(resident_client):
    from schools import services
    from schools.models import Course, School

    course = Course.objects.create(
        school=School.objects.create(name="健康教育学校", slug="health"),
        title="太极拳",
        category="taste",
        status="published",
    )
    return services.enrol(offering=course, resident=resident_client.resident, by=None)


def test_cancelling_never_sends_one_elsewhere(resident_client, course_with_place):
    enrolment = course_with_place
    url = reverse("schools:enrolment_cancel", args=[enrolment.pk])
    evil = "https://evil.example/phish"

    question = resident_client.post(url, {"next": evil}).content.decode()
    response = resident_client.post(url, {"next": evil, "confirm": "1"})

    assert "evil.example" not in question
    assert response["Location"] == reverse("schools:my_courses")


@pytest.fixture
def two_schools(community, make_user):
    from community.models import Resident
    from schools import services
    from schools.models import Branch, Course, School

    mine = School.objects.create(name="健康教育学校", slug="health")
    theirs = School.objects.create(name="法制学校", slug="law")
    manager = staff_user(make_user, roles.SCHOOL_MANAGER, "13700000040")
    mine.managers.add(manager)
    course = Course.objects.create(
        school=mine, title="太极拳", category="taste", status="published"
    )
    other_course = Course.objects.create(
        school=theirs, title="普法讲堂", category="knowledge", status="published"
    )
    signed_up = Resident.objects.create(name="本校学员", mobile="13600000001", community=community)
    stranger = Resident.objects.create(name="外校学员", mobile="13600000002", community=community)
    services.enrol(offering=course, resident=signed_up, by=None)
    services.enrol(offering=other_course, resident=stranger, by=None)
    their_branch = Branch.objects.create(school=theirs, community=community, name="法制一村分校")
    return {"manager": manager, "course": course, "their_branch": their_branch}


def test_a_school_manager_sees_only_the_residents_of_their_schools(client, two_schools):
    client.force_login(two_schools["manager"])

    listed = client.get(reverse("admin:community_resident_changelist")).content.decode()
    counter = reverse("schools:staff_counter", args=[two_schools["course"].pk])
    by_name = client.get(counter, {"q": "学员"}).content.decode()
    by_mobile = client.get(counter, {"q": "13600000002"}).content.decode()

    assert "本校学员" in listed and "外校学员" not in listed
    assert "本校学员" in by_name and "外校学员" not in by_name
    assert "外校学员" in by_mobile  # the full number the person at the counter gives


def test_coordinators_and_reviewers_see_no_list_of_residents(client, make_user, street):
    for n, role in enumerate([roles.STATION_COORDINATOR, roles.MERIT_REVIEWER]):
        client.force_login(staff_user(make_user, role, f"1370000005{n}"))
        assert client.get(reverse("admin:community_resident_changelist")).status_code == 403


def test_the_station_form_offers_only_coordinators_not_every_login(client, make_user, community):
    from volunteers.models import Station

    station = Station.objects.create(name="景和爱心驿站", community=community)
    make_user(mobile="13812345678", name="普通居民")
    coordinator = staff_user(make_user, roles.STATION_COORDINATOR, "13700000060")
    admin_user = staff_user(make_user, roles.STREET_ADMIN, "13700000061")
    client.force_login(admin_user)

    page = client.get(reverse("admin:volunteers_station_change", args=[station.pk]))

    offered = page.context["adminform"].form.fields["coordinators"].queryset
    assert list(offered) == [coordinator]


def test_a_school_manager_cannot_set_another_schools_branch(client, two_schools):
    from tests.adminforms import form_data

    client.force_login(two_schools["manager"])
    course = two_schools["course"]
    url = reverse("admin:schools_course_change", args=[course.pk])

    response = client.post(
        url, form_data(client.get(url), branch=str(two_schools["their_branch"].pk))
    )

    assert response.status_code == 200
    course.refresh_from_db()
    assert course.branch is None
