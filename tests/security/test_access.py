import datetime
import logging

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from community import roles
from community.models import AuditEntry

PASSWORD = "学习型社区-2026"


def attempt(client, mobile, password, address):
    return client.post(
        reverse("login"), {"username": mobile, "password": password}, REMOTE_ADDR=address
    )


def test_five_failures_lock_the_account_from_that_address_only(client, make_user, street):
    make_user(mobile="13812345678", password=PASSWORD)
    for _ in range(5):
        attempt(client, "13812345678", "wrong", "10.0.0.1")

    locked = attempt(client, "13812345678", PASSWORD, "10.0.0.1")  # right, but locked
    elsewhere = attempt(client, "13812345678", PASSWORD, "10.0.0.2")

    assert locked.status_code == 429
    assert "登录已暂停" in locked.content.decode()
    assert elsewhere.status_code == 302  # the real owner still logs in from elsewhere


def test_four_failures_do_not_lock(client, make_user, street):
    make_user(mobile="13812345678", password=PASSWORD)
    for _ in range(4):
        attempt(client, "13812345678", "wrong", "10.0.0.1")

    assert attempt(client, "13812345678", PASSWORD, "10.0.0.1").status_code == 302


def test_public_forms_are_rate_limited_per_address_with_a_friendly_page(
    client, community, settings
):
    settings.PUBLIC_FORM_POSTS_PER_MINUTE = 3
    url = reverse("register")
    for n in range(3):
        response = client.post(url, {"mobile": "bad"}, REMOTE_ADDR="10.0.0.5")
        assert response.status_code == 200, n

    limited = client.post(url, {"mobile": "bad"}, REMOTE_ADDR="10.0.0.5")
    other = client.post(url, {"mobile": "bad"}, REMOTE_ADDR="10.0.0.6")

    assert limited.status_code == 429 and limited["Retry-After"] == "60"
    assert "请稍候再试" in limited.content.decode()
    assert other.status_code == 200
    assert client.get(url, REMOTE_ADDR="10.0.0.5").status_code == 200  # reading is never limited


def staff_user(make_user, role, mobile):
    user = make_user(mobile=mobile, name=role, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.mark.parametrize(
    "role", [roles.STATION_COORDINATOR, roles.STREET_ADMIN, roles.MERIT_REVIEWER]
)
def test_sensitive_staff_need_a_second_factor(client, make_user, settings, street, role):
    settings.OTP_REQUIRED = True
    client.force_login(staff_user(make_user, role, "13700000020"))

    for url in ("/admin/", "/staff/aixinban/", "/dashboard/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("two_factor"))


def test_setting_up_and_using_the_second_factor(client, make_user, settings, street):
    settings.OTP_REQUIRED = True
    user = staff_user(make_user, roles.STATION_COORDINATOR, "13700000021")
    client.force_login(user)

    page = client.get(reverse("two_factor"), {"next": "/admin/"})
    assert "扫描二维码" in page.content.decode()
    assert client.get(reverse("two_factor_qr"))["Content-Type"] == "image/svg+xml"
    device = TOTPDevice.objects.get(user=user)
    wrong = client.post(reverse("two_factor") + "?next=/admin/", {"token": "000000"})
    assert "验证码不正确" in wrong.content.decode()
    # django-otp makes the next try wait after a failure; let that second pass.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=None, throttling_failure_count=0
    )

    right = client.post(
        reverse("two_factor") + "?next=/admin/", {"token": f"{TOTP(device.bin_key).token():06d}"}
    )

    assert right["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_a_school_manager_needs_no_second_factor(client, make_user, settings, street):
    settings.OTP_REQUIRED = True
    client.force_login(staff_user(make_user, roles.SCHOOL_MANAGER, "13700000022"))

    assert client.get("/admin/").status_code == 200


def test_the_second_factor_is_on_by_default_when_not_debugging():
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "portal.example.org",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings;"
            " print(settings.OTP_REQUIRED, settings.STAFF_IDLE_SECONDS)",
        ],
        env={**env, "DJANGO_SETTINGS_MODULE": "community.settings"},
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == ["True", "1800"], result.stderr


def test_staff_sessions_end_after_30_idle_minutes(client, make_user, street):
    staff = make_user(mobile="13700000023", is_staff=True)
    client.force_login(staff)
    client.get(reverse("home"))
    assert client.session.get_expiry_age() == 30 * 60

    resident = make_user(mobile="13812340001")
    client.force_login(resident)
    client.get(reverse("home"))
    assert client.session.get_expiry_age() > 30 * 60


def test_changing_the_password_signs_out_everywhere_else(client, make_user, street):
    from django.test import Client

    user = make_user(mobile="13812345678", password=PASSWORD)
    other_device = Client()
    other_device.force_login(user)
    client.force_login(user)

    client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "新的密码-2027-春",
            "new_password2": "新的密码-2027-春",
        },
    )

    assert client.get(reverse("account")).status_code == 200  # this device stays in
    assert other_device.get(reverse("account")).status_code == 302  # the other is signed out


def test_every_response_has_a_request_id_and_a_json_log_line(client, street, caplog):
    with caplog.at_level(logging.INFO, logger="portal.request"):
        response = client.get(reverse("home"), HTTP_X_REQUEST_ID="abc-123")
        fresh = client.get(reverse("home") + "?q=张桂英")

    assert response["X-Request-ID"] == "abc-123"
    assert len(fresh["X-Request-ID"]) == 32
    record = next(r for r in caplog.records if r.fields.get("path") == "/")
    assert record.fields["status"] == 200 and "ms" in record.fields
    assert all("张桂英" not in str(r.fields) for r in caplog.records)  # no query strings


def test_the_audit_trail_records_sensitive_actions_and_is_read_only(client, make_user, street):
    admin = staff_user(make_user, roles.STREET_ADMIN, "13700000024")
    admin.is_superuser = True
    admin.save()
    target = make_user(mobile="13812349999", name="新同事", is_staff=True)
    client.force_login(admin)
    url = reverse("admin:community_user_change", args=[target.pk])
    form = client.get(url).context["adminform"].form
    data = {
        k: v
        for k, v in form.initial.items()
        if v is not None
        and k not in ("groups", "user_permissions", "last_login", "date_joined", "password")
    }
    data.update(
        groups=[Group.objects.get(name=roles.MERIT_REVIEWER).pk],
        date_joined_0="2026-01-01",
        date_joined_1="10:00:00",
    )

    client.post(url, data)

    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action) == (admin, "roles_changed")
    assert entry.details == {"before": [], "after": [roles.MERIT_REVIEWER]}
    listing = client.get(reverse("admin:community_auditentry_changelist"))
    assert listing.status_code == 200
    assert client.get(reverse("admin:community_auditentry_add")).status_code == 403
    delete = client.post(
        reverse("admin:community_auditentry_delete", args=[entry.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403 and AuditEntry.objects.count() == 1


def test_services_write_the_audit_trail(make_user, community):
    from merit_register import services as merit
    from merit_register.models import Deed, DeedDoer
    from volunteers import services as volunteering
    from volunteers.models import Child, Station, Volunteer

    admin = staff_user(make_user, roles.STREET_ADMIN, "13700000025")
    deed = Deed.objects.create(
        title="好事",
        story="故事",
        date=datetime.date(2026, 1, 1),
        category="helping",
        community=community,
        status="approved",
    )
    DeedDoer.objects.create(deed=deed, name="王师傅")
    merit.deed_publish(deed=deed, by=admin)
    merit.deed_withdraw(deed=deed, by=admin)
    volunteer = Volunteer.objects.create(
        user=make_user(mobile="13500000009"),
        name="志愿者",
        university="大学",
        major="数学",
        student_number="1",
        mobile="13500000009",
        pledge_signed_on=datetime.date(2026, 1, 1),
    )
    volunteering.volunteer_verify(
        volunteer=volunteer,
        by=admin,
        record_checked_on=datetime.date(2026, 1, 1),
        record_check_result="clear",
        record_checked_by="派出所",
    )
    volunteering.volunteer_suspend(volunteer=volunteer, by=admin)
    station = Station.objects.create(name="驿站", community=community)
    child = Child.objects.create(
        station=station,
        name="刘小军",
        gender="boy",
        grade="四年级",
        guardian_name="刘",
        guardian_relation="父亲",
    )
    volunteering.child_export(child=child, by=admin)
    volunteering.child_erase(child=child, by=admin, reason="监护人申请")

    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "deed_published",
        "deed_withdrawn",
        "volunteer_verified",
        "volunteer_suspended",
        "child_exported",
        "child_erased",
    ]
    assert set(AuditEntry.objects.values_list("actor", flat=True)) == {admin.pk}


def test_a_second_editor_of_a_course_is_told_of_the_conflict(client, make_user, street):
    from django.test import Client

    from schools.models import Course, School

    course = Course.objects.create(
        school=School.objects.create(name="学校", slug="s"),
        title="太极拳",
        category="taste",
        capacity=10,
    )
    first, second = Client(), Client()
    for n, browser in enumerate((first, second)):
        browser.force_login(staff_user(make_user, roles.STREET_ADMIN, f"1370000003{n}"))
    url = reverse("admin:schools_course_change", args=[course.pk])

    def form_data(browser, title):
        form = browser.get(url).context["adminform"].form
        data = {k: v for k, v in form.initial.items() if v is not None and k != "audiences"}
        data.update(title=title, school=course.school_id)
        data["version_seen"] = form.fields["version_seen"].initial  # the hidden field
        return data

    first_data, second_data = form_data(first, "太极拳（上午班）"), form_data(second, "太极扇")
    assert first.post(url, first_data).status_code == 302
    response = second.post(url, second_data)

    assert "其他人已保存了修改" in response.content.decode()
    assert Course.objects.get().title == "太极拳（上午班）"
