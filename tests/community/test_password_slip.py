"""The slip staff print after a counter password reset: the name masked, the mobile number, the
one-time password, where to log in and until when; shown once, on the reset's answer only. The
one-time password logs in until the end of the slip's last day, and not after."""

import datetime
import re
import uuid
import zoneinfo

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import translation

from community import accounts, roles
from community.models import User
from notifications.models import Delivery

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
PASSWORD = "学习型社区-2026"
NEW_PASSWORD = "新的密码-2027-春"
RESET_AT = datetime.datetime(2026, 11, 29, 19, 30, tzinfo=SHANGHAI)
# Seven days after the reset, to the end of the day.
LAST_MOMENT = datetime.datetime(2026, 12, 6, 23, 59, 59, tzinfo=SHANGHAI)
EXPIRED = datetime.datetime(2026, 12, 7, 0, 0, tzinfo=SHANGHAI)


def chinese(message: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return translation.gettext(message)


@pytest.fixture
def resident(make_user, make_resident):
    login = make_user(mobile="13812345678", name="王秀英", password=PASSWORD)
    return make_resident(name="王秀英", mobile="13812345678", user=login)


@pytest.fixture
def street_admin(make_user):
    user = make_user(mobile="13700000001", name="街道管理员", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=roles.STREET_ADMIN))
    return user


def reset_url(resident):
    return reverse("admin:community_resident_password_reset", args=[resident.pk])


def reset(client, staff, resident, token=None):
    """Staff reset the password at RESET_AT: the answer page."""
    with time_machine.travel(RESET_AT, tick=False):
        client.force_login(staff)
        return client.post(reset_url(resident), {"submission": token or uuid.uuid4().hex})


def slip(response) -> str:
    page = response.content.decode()
    found = re.findall(r'<section class="password-slip".*?</section>', page, re.S)
    return found[0] if found else ""


def one_time_password(response) -> str:
    [(first, last)] = re.findall(r'class="one-time-password">(\d{4}) (\d{4})<', slip(response))
    return first + last


def log_in(mobile, password, when):
    with time_machine.travel(when, tick=False):
        return Client().post(reverse("login"), {"username": mobile, "password": password})


def test_the_answer_to_the_reset_is_a_slip_to_print_and_hand_over(
    client, street_admin, resident, street
):
    response = reset(client, street_admin, resident)
    on_slip = slip(response)

    assert response.status_code == 200 and on_slip
    password = one_time_password(response)
    assert User.objects.get(mobile="13812345678").check_password(password)
    assert "王**" in on_slip and "王秀英" not in on_slip and "秀英" not in on_slip
    assert "13812345678" in on_slip
    assert "http://testserver/accounts/login/" in on_slip
    assert '<svg class="qr-code"' in on_slip  # the same address, to scan
    assert "2026-12-06" in on_slip and street.name in on_slip
    page = response.content.decode()
    assert "css/slip.css" in page and "js/print-button.js" in page and "data-print" in page


def test_the_slip_prints_on_one_a6_sheet_with_nothing_of_the_admin_around_it():
    stylesheet = (settings.BASE_DIR / "static" / "css" / "slip.css").read_text()
    printed = stylesheet.split("@media print", 1)[1]

    assert re.search(r"@page\s*{\s*size:\s*A6", printed)
    for admin_part in ["#header", ".breadcrumbs", "#nav-sidebar", "#footer", ".titles-and-tools"]:
        assert admin_part in printed


def test_the_slip_is_shown_once_and_never_again(client, street_admin, resident):
    token = uuid.uuid4().hex
    first = reset(client, street_admin, resident, token)
    password = one_time_password(first)

    with time_machine.travel(RESET_AT + datetime.timedelta(minutes=1), tick=False):
        later = [
            client.get(reverse("admin:community_resident_change", args=[resident.pk])),
            client.get(reset_url(resident)),
            # A reload of the answer sends the same form again.
            client.post(reset_url(resident), {"submission": token}, follow=True),
        ]

    assert "no-store" in first["Cache-Control"]  # the browser keeps no copy to go back to
    for response in later:
        page = response.content.decode()
        assert password not in page and "password-slip" not in page
    assert User.objects.get(mobile="13812345678").check_password(password)


def test_the_one_time_password_logs_in_until_the_end_of_its_last_day(
    client, street_admin, resident
):
    password = one_time_password(reset(client, street_admin, resident))

    in_time = log_in("13812345678", password, LAST_MOMENT)
    too_late = log_in("13812345678", password, EXPIRED)

    assert in_time.status_code == 302
    assert too_late.status_code == 200
    message = chinese(
        "This one-time password has expired. Ask at the counter for a new one, or use "
        "“Forgot password?” below."
    )
    assert too_late.context["form"].non_field_errors() == [message]
    assert message in too_late.content.decode()
    assert "_auth_user_id" not in too_late.wsgi_request.session


def test_a_password_of_their_own_does_not_expire(client, street_admin, resident):
    password = one_time_password(reset(client, street_admin, resident))
    with time_machine.travel(LAST_MOMENT, tick=False):
        person = Client()
        person.post(reverse("login"), {"username": "13812345678", "password": password})
        person.post(
            reverse("password_change"),
            {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )

    login = User.objects.get(mobile="13812345678")
    assert login.password_expires_at is None and not login.must_change_password
    assert (
        log_in("13812345678", NEW_PASSWORD, EXPIRED + datetime.timedelta(days=30)).status_code
        == 302
    )


def test_a_new_password_by_sms_ends_the_one_time_password_and_its_expiry(
    client, street_admin, resident
):
    reset(client, street_admin, resident)
    with time_machine.travel(EXPIRED, tick=False):
        accounts.account_code_send(
            purpose=accounts.Purpose.PASSWORD_RESET, mobile="13812345678", address="10.0.0.1"
        )
        [sms] = Delivery.objects.filter(channel="sms", address="13812345678")
        code = re.search(r"(?<!\d)\d{6}(?!\d)", sms.message.text).group()
        accounts.password_reset_with_code(mobile="13812345678", code=code, password=NEW_PASSWORD)

    login = User.objects.get(mobile="13812345678")
    assert login.password_expires_at is None and not login.must_change_password
    assert log_in("13812345678", NEW_PASSWORD, EXPIRED).status_code == 302


@pytest.mark.parametrize(
    "reset_at, last_day",
    [
        (datetime.datetime(2026, 11, 29, 0, 0, tzinfo=SHANGHAI), datetime.date(2026, 12, 6)),
        (datetime.datetime(2026, 11, 29, 23, 59, tzinfo=SHANGHAI), datetime.date(2026, 12, 6)),
        # 00:30 in Shanghai is still the previous day in UTC.
        (datetime.datetime(2026, 11, 30, 0, 30, tzinfo=SHANGHAI), datetime.date(2026, 12, 7)),
    ],
)
def test_the_last_day_is_counted_in_local_days(reset_at, last_day):
    expires = accounts.counter_password_expiry(reset_at)

    given = accounts.CounterPassword(password="12345678", expires_at=expires)
    assert given.last_day == last_day
    assert expires == datetime.datetime.combine(
        last_day + datetime.timedelta(days=1), datetime.time(), tzinfo=SHANGHAI
    )
