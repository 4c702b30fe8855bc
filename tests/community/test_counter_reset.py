"""Staff reset a resident's password at the counter: a one-time password of 8 digits shown once,
a new password first at the next login, refused for staff and people without a login, audited,
and only for staff who may change the resident and can see them."""

import logging
import re
import uuid

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import translation

from community import accounts, roles
from community.models import AuditEntry, User

PASSWORD = "学习型社区-2026"
NEW_PASSWORD = "新的密码-2027-春"


def staff(make_user, role, mobile):
    user = make_user(mobile=mobile, name=role, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def reset_url(resident):
    return reverse("admin:community_resident_password_reset", args=[resident.pk])


def fresh() -> dict:
    """The reset form as the page sends it, with its one-time token."""
    return {"submission": uuid.uuid4().hex}


def one_time_password(response) -> str:
    [(first, last)] = re.findall(
        r'class="one-time-password">(\d{4}) (\d{4})<', response.content.decode()
    )
    return first + last


def logs_in(mobile, password) -> bool:
    response = Client().post(reverse("login"), {"username": mobile, "password": password})
    return response.status_code == 302


@pytest.fixture
def resident(make_user, make_resident):
    login = make_user(mobile="13812345678", name="王秀英", password=PASSWORD)
    return make_resident(name="王秀英", mobile="13812345678", user=login)


@pytest.fixture
def street_admin(make_user):
    return staff(make_user, roles.STREET_ADMIN, "13700000001")


@pytest.fixture
def desk(client, street_admin):
    client.force_login(street_admin)
    return client


def test_the_change_page_offers_the_reset(desk, resident):
    page = desk.get(reverse("admin:community_resident_change", args=[resident.pk]))

    assert reset_url(resident) in page.content.decode()


def test_asking_changes_nothing(desk, resident):
    page = desk.get(reset_url(resident))

    assert page.status_code == 200
    assert 'method="post"' in page.content.decode()
    assert logs_in("13812345678", PASSWORD)
    assert not AuditEntry.objects.exists()
    assert not User.objects.get(mobile="13812345678").must_change_password


def test_the_reset_shows_an_8_digit_password_once_and_keeps_it_nowhere(
    desk, resident, street_admin, caplog
):
    with caplog.at_level(logging.DEBUG):
        response = desk.post(reset_url(resident), fresh())
    password = one_time_password(response)

    login = User.objects.get(mobile="13812345678")
    assert login.check_password(password) and login.must_change_password
    assert password not in login.password
    assert response.status_code == 200  # shown on the answer itself, never in a URL
    assert password not in caplog.text
    entry = AuditEntry.objects.get()
    assert password not in str(entry.details)
    # Shown once: the record's pages do not show it again.
    for url in [
        reverse("admin:community_resident_change", args=[resident.pk]),
        reset_url(resident),
    ]:
        assert password not in desk.get(url).content.decode()
    assert not logs_in("13812345678", PASSWORD)


def test_the_reset_is_recorded_in_the_audit_trail(desk, resident, street_admin):
    desk.post(reset_url(resident), fresh())

    entry = AuditEntry.objects.get()
    assert entry.actor == street_admin
    assert entry.action == AuditEntry.Action.PASSWORD_RESET
    assert entry.target_type == "community.Resident" and entry.target_id == str(resident.pk)


def test_the_reset_signs_the_resident_out_everywhere(desk, resident):
    phone = Client()
    phone.force_login(resident.user)
    assert phone.get(reverse("account")).status_code == 200

    desk.post(reset_url(resident), fresh())

    assert phone.get(reverse("account")).status_code == 302


def test_after_logging_in_with_it_a_new_password_comes_before_anything_else(desk, resident):
    password = one_time_password(desk.post(reset_url(resident), fresh()))
    person = Client()
    person.post(reverse("login"), {"username": "13812345678", "password": password})

    for url in [reverse("home"), reverse("account"), reverse("schools:course_list")]:
        response = person.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("password_change")
    form_page = person.get(reverse("password_change"))
    assert form_page.status_code == 200
    assert "old_password" not in form_page.context["form"].fields  # typed in a moment ago

    changed = person.post(
        reverse("password_change"),
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert changed["Location"] == reverse("account")
    login = User.objects.get(mobile="13812345678")
    assert login.check_password(NEW_PASSWORD) and not login.must_change_password
    assert person.get(reverse("account")).status_code == 200
    assert not logs_in("13812345678", password)


def test_a_bad_new_password_keeps_the_gate_shut(desk, resident):
    password = one_time_password(desk.post(reset_url(resident), fresh()))
    person = Client()
    person.post(reverse("login"), {"username": "13812345678", "password": password})

    refused = person.post(
        reverse("password_change"), {"new_password1": "12345678", "new_password2": "12345678"}
    )

    assert refused.status_code == 200 and refused.context["form"].errors
    assert User.objects.get(mobile="13812345678").must_change_password
    assert person.get(reverse("home"))["Location"] == reverse("password_change")


def test_the_person_may_log_out_before_choosing(desk, resident):
    password = one_time_password(desk.post(reset_url(resident), fresh()))
    person = Client()
    person.post(reverse("login"), {"username": "13812345678", "password": password})

    person.post(reverse("logout"))

    assert "_auth_user_id" not in person.session


def test_a_resident_without_a_login_is_refused_clearly(desk, make_resident):
    record = make_resident(name="赵大妈", mobile="13612345678")
    with translation.override(settings.LANGUAGE_CODE):
        refusal = accounts.counter_reset_refusal(record, None)

    page = desk.get(reset_url(record)).content.decode()
    response = desk.post(reset_url(record), fresh())

    assert refusal and refusal in page and 'method="post"' not in page.split("content-main")[1]
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [refusal]
    assert not User.objects.filter(mobile="13612345678").exists()
    assert not AuditEntry.objects.exists()


def test_a_staff_login_is_refused_clearly(desk, make_user, make_resident):
    colleague = make_user(mobile="13700000099", name="同事", password=PASSWORD, is_staff=True)
    record = make_resident(name="同事", mobile="13700000099", user=colleague)

    response = desk.post(reset_url(record), fresh())

    with translation.override(settings.LANGUAGE_CODE):
        refusal = accounts.counter_reset_refusal(record, colleague)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [refusal]
    colleague.refresh_from_db()
    assert colleague.check_password(PASSWORD) and not colleague.must_change_password
    assert not AuditEntry.objects.exists()


@pytest.fixture
def two_schools(community, make_user, make_resident):
    from schools import services
    from schools.models import Course, School

    mine = School.objects.create(name="健康教育学校", slug="health")
    theirs = School.objects.create(name="法制学校", slug="law")
    manager = staff(make_user, roles.SCHOOL_MANAGER, "13700000040")
    mine.managers.add(manager)
    ours = Course.objects.create(school=mine, title="太极拳", category="taste", status="published")
    other = Course.objects.create(
        school=theirs, title="普法讲堂", category="knowledge", status="published"
    )
    signed_up = make_resident(
        name="本校学员", mobile="13600000001", user=make_user(mobile="13600000001")
    )
    stranger = make_resident(
        name="外校学员", mobile="13600000002", user=make_user(mobile="13600000002")
    )
    services.enrol(offering=ours, resident=signed_up, by=None)
    services.enrol(offering=other, resident=stranger, by=None)
    return {"manager": manager, "signed_up": signed_up, "stranger": stranger}


def test_a_school_manager_resets_a_resident_of_their_school(client, two_schools):
    client.force_login(two_schools["manager"])
    signed_up = two_schools["signed_up"]

    page = client.get(reverse("admin:community_resident_change", args=[signed_up.pk]))
    password = one_time_password(client.post(reset_url(signed_up), fresh()))

    assert reset_url(signed_up) in page.content.decode()
    assert User.objects.get(mobile="13600000001").check_password(password)
    assert AuditEntry.objects.get().actor == two_schools["manager"]


def test_a_school_manager_cannot_reset_a_resident_they_cannot_see(client, two_schools):
    client.force_login(two_schools["manager"])
    stranger = two_schools["stranger"]

    asked = client.get(reset_url(stranger))
    posted = client.post(reset_url(stranger), fresh())

    assert asked.status_code == posted.status_code == 404
    assert User.objects.get(mobile="13600000002").check_password("学习型社区-2026")
    assert not AuditEntry.objects.exists()


def test_staff_who_may_only_view_residents_cannot_reset(client, make_user, resident):
    viewer = make_user(mobile="13700000077", is_staff=True)
    viewer.user_permissions.add(
        Permission.objects.get(codename="view_resident"),
        Permission.objects.get(codename="view_all_residents"),
    )
    client.force_login(viewer)

    assert client.get(reset_url(resident)).status_code == 403
    assert client.post(reset_url(resident), fresh()).status_code == 403
    assert logs_in("13812345678", PASSWORD)
    assert not AuditEntry.objects.exists()


def test_people_who_are_not_staff_are_sent_to_the_admin_login(client, resident):
    client.force_login(resident.user)

    response = client.post(reset_url(resident), fresh())

    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert logs_in("13812345678", PASSWORD)


def test_the_service_refuses_staff_who_cannot_see_the_resident(two_schools):
    with pytest.raises(PermissionDenied):
        accounts.counter_password_reset(resident=two_schools["stranger"], by=two_schools["manager"])

    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("object_id", ["999999", "abc", "١٢", "1" * 40])
def test_an_unknown_record_is_not_found(desk, object_id):
    url = reverse("admin:community_resident_password_reset", args=[object_id])

    assert desk.get(url).status_code == 404
    assert desk.post(url).status_code == 404


def test_sending_the_reset_again_does_not_make_another_password(desk, resident):
    """A reload of the answer page posts the same form again: the password shown stands."""
    form = fresh()
    password = one_time_password(desk.post(reset_url(resident), form))
    again = desk.post(reset_url(resident), form, follow=True)

    assert "这次重置已经完成" in again.content.decode()
    assert User.objects.get(mobile="13812345678").check_password(password)
    assert AuditEntry.objects.filter(action="password_reset").count() == 1
