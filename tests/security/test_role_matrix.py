"""Who gets what: anonymous, a resident, a volunteer and each staff role against the pages and
the admin lists. 200 = shown, 302 = sent to a login, 403 = refused, 404 = outside one's scope."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from community import roles
from schools.models import Course, School
from volunteers.models import Child, Station, TutoringSession, Volunteer

ROLES = [
    "anonymous",
    "resident",
    "volunteer",
    "school_manager",
    "coordinator",
    "street_admin",
    "reviewer",
]
GROUPS = {
    "school_manager": roles.SCHOOL_MANAGER,
    "coordinator": roles.STATION_COORDINATOR,
    "street_admin": roles.STREET_ADMIN,
    "reviewer": roles.MERIT_REVIEWER,
}
PUBLIC = [
    "/",
    "/schools/",
    "/courses/",
    "/events/",
    "/merit/",
    "/merit/boards/",
    "/aixinban/",
    "/showcase/",
    "/honours/",
    "/newsletters/",
    "/about/",
    "/verify/NOCODE/",
    "/accounts/register/",
]
LOGIN = ["/my/courses/", "/accounts/", "/merit/report/"]
VOLUNTEER = ["/aixinban/saturdays/", "/aixinban/my/", "/aixinban/hours/"]


def row(anonymous, resident, volunteer, school_manager, coordinator, street_admin, reviewer):
    return dict(
        zip(
            ROLES,
            [anonymous, resident, volunteer, school_manager, coordinator, street_admin, reviewer],
            strict=True,
        )
    )


STAFF_PAGES = {
    "/accounts/register/": row(200, 302, 302, 302, 302, 302, 302),  # logged in: to my account
    # Staff pages: a visitor logs in; a resident or volunteer is told it is for staff (403).
    "/staff/": row(302, 403, 403, 200, 200, 200, 200),
    "/dashboard/": row(302, 403, 403, 200, 200, 200, 200),
    "/staff/courses/": row(302, 403, 403, 200, 403, 200, 403),
    "/staff/aixinban/": row(302, 403, 403, 403, 200, 200, 403),
    "/staff/merit/boards/": row(302, 403, 403, 403, 403, 200, 200),
    "/staff/merit/ledger/": row(302, 403, 403, 403, 403, 200, 200),
    "/staff/cadres/exams/": row(302, 403, 403, 403, 403, 200, 403),
    "/staff/cadres/notes/": row(302, 403, 403, 403, 403, 200, 403),
}
ADMIN_LISTS = {
    "community_user": row(302, 302, 302, 403, 403, 200, 403),
    "community_resident": row(302, 302, 302, 200, 403, 200, 403),
    "community_auditentry": row(302, 302, 302, 403, 403, 200, 403),
    "schools_course": row(302, 302, 302, 200, 403, 200, 403),
    "schools_enrolment": row(302, 302, 302, 200, 403, 200, 403),
    "schools_cadre": row(302, 302, 302, 403, 403, 200, 403),
    "volunteers_child": row(302, 302, 302, 403, 200, 200, 403),
    "volunteers_childaccesslog": row(302, 302, 302, 403, 200, 200, 403),
    "volunteers_volunteer": row(302, 302, 302, 403, 200, 200, 403),
    "merit_register_deed": row(302, 302, 302, 403, 403, 200, 200),
    "merit_register_board": row(302, 302, 302, 403, 403, 200, 200),
}


@pytest.fixture
def people(make_user, street, community):
    made = {"anonymous": None, "resident": make_user(mobile="13812300001")}
    volunteer_user = make_user(mobile="13812300002")
    Volunteer.objects.create(
        user=volunteer_user,
        name="志愿者",
        university="大学",
        major="数学",
        student_number="1",
        mobile="13812300002",
        status="verified",
        verified_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        record_checked_on=datetime.date(2026, 1, 1),
        record_check_result="clear",
        record_checked_by="派出所",
        pledge_signed_on=datetime.date(2026, 1, 1),
    )
    made["volunteer"] = volunteer_user
    for n, (key, group) in enumerate(GROUPS.items()):
        user = make_user(mobile=f"1370000010{n}", is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        made[key] = user
    return made


def status_for(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url).status_code


def test_the_role_by_url_matrix(client, people):
    answers, expected = {}, {}
    for role, user in people.items():
        for url in PUBLIC:
            answers[(role, url)], expected[(role, url)] = status_for(client, user, url), 200
        for url in LOGIN:
            answers[(role, url)] = status_for(client, user, url)
            expected[(role, url)] = 302 if user is None else 200
        for url in VOLUNTEER:
            answers[(role, url)] = status_for(client, user, url)
            expected[(role, url)] = {None: 302}.get(user, 200 if role == "volunteer" else 403)
        for url, by_role in STAFF_PAGES.items():
            answers[(role, url)], expected[(role, url)] = (
                status_for(client, user, url),
                by_role[role],
            )
        for name, by_role in ADMIN_LISTS.items():
            url = reverse(f"admin:{name}_changelist")
            answers[(role, url)], expected[(role, url)] = (
                status_for(client, user, url),
                by_role[role],
            )

    wrong = {key: (answers[key], want) for key, want in expected.items() if answers[key] != want}
    assert wrong == {}


def test_every_admin_list_refuses_the_public_and_residents(client, people):
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for role in ("anonymous", "resident", "volunteer"):
            assert status_for(client, people[role], url) == 302, (role, url)


def test_ids_outside_ones_scope_give_404(client, people):
    other = Course.objects.create(
        school=School.objects.create(name="别的学校", slug="other"),
        title="课程",
        category="arts",
        capacity=5,
    )
    manager = people["school_manager"]

    assert status_for(client, manager, f"/staff/courses/{other.pk}/counter/") == 404
    change = status_for(client, manager, reverse("admin:schools_course_change", args=[other.pk]))
    assert change == 302  # the admin says the object does not exist and goes back


@pytest.mark.parametrize("prefix", ["", "/portal"])
def test_password_only_sensitive_staff_open_no_staff_page_wherever_the_portal_is_mounted(
    client, people, settings, prefix
):
    settings.OTP_REQUIRED = True
    urls = [*STAFF_PAGES, *(reverse(f"admin:{name}_changelist") for name in ADMIN_LISTS)]
    opened = {}
    for role in ("coordinator", "street_admin", "reviewer"):
        client.logout()
        client.force_login(people[role])
        for url in urls:
            response = client.get(url, SCRIPT_NAME=prefix)
            if response.status_code == 200:
                opened[(role, url)] = 200

    assert opened == {}


def test_a_coordinator_of_another_station_reaches_none_of_its_children_or_saturdays(
    client, people, community
):
    mine = Station.objects.create(name="景和爱心驿站", community=community)
    theirs = Station.objects.create(name="阳光爱心驿站", community=community)
    coordinator = people["coordinator"]
    mine.coordinators.add(coordinator)
    child = Child.objects.create(
        station=theirs, name="别站的孩子", gender="girl", grade="三年级", guardian_mobile="139"
    )
    saturday = TutoringSession.objects.create(station=theirs, date=datetime.date(2026, 12, 12))
    own_child = Child.objects.create(station=mine, name="本站的孩子", gender="boy", grade="三年级")

    closed = {
        url: status_for(client, coordinator, url)
        for url in [
            reverse("volunteers:staff_child_progress", args=[child.pk]),
            reverse("volunteers:staff_session", args=[saturday.pk]),
            reverse("volunteers:staff_pairing", args=[saturday.pk]),
        ]
    }
    admin_change = status_for(
        client, coordinator, reverse("admin:volunteers_child_change", args=[child.pk])
    )
    children_list = client.get(reverse("admin:volunteers_child_changelist")).content.decode()

    assert set(closed.values()) == {404}, closed
    assert admin_change == 302  # "does not exist", back to the admin index
    assert "本站的孩子" in children_list and "别站的孩子" not in children_list
    assert (
        status_for(
            client, coordinator, reverse("admin:volunteers_child_change", args=[own_child.pk])
        )
        == 200
    )
