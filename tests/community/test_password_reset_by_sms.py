"""忘记密码: a 6-digit code by SMS, 10 minutes, once, 5 tries, limited per number and address,
and the same answer whether or not the number has a login."""

import datetime
import html
import re

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from community import roles
from community.models import AccountCode
from notifications.models import Delivery

PASSWORD = "学习型社区-2026"
NEW_PASSWORD = "新的密码-2027-春"


def zh(message: str) -> str:
    """A message as the portal shows it (in its default language, escaped as in a page)."""
    with translation.override(settings.LANGUAGE_CODE):
        return html.escape(translation.gettext(message))


def wrong_code() -> str:
    return zh(
        "This code is not right, or it has expired (codes last 10 minutes and allow 5 tries). "
        "Check the SMS, or ask for a new code."
    )


def too_many() -> str:
    return zh(
        "Too many codes were asked for this number or from your connection. Please try again "
        "in an hour, or ask your residents' committee."
    )


def sent_codes(mobile: str) -> list[str]:
    """The codes texted to the number, oldest first."""
    deliveries = Delivery.objects.filter(channel="sms", address=mobile).select_related("message")
    return [
        re.search(r"(?<!\d)\d{6}(?!\d)", delivery.message.text).group()
        for delivery in deliveries.order_by("pk")
    ]


def ask_for_code(client, mobile="13812345678", address="10.0.0.1", url="password_reset"):
    return client.post(reverse(url), {"mobile": mobile}, REMOTE_ADDR=address)


def reset(client, code, mobile="13812345678", password=NEW_PASSWORD, address="10.0.0.1"):
    data = {"mobile": mobile, "code": code, "password1": password, "password2": password}
    return client.post(reverse("password_reset_confirm"), data, REMOTE_ADDR=address)


def same_page(page: str) -> str:
    """The page without what differs anyway: the number typed in and the CSRF token."""
    page = page.replace("13812345678", "N").replace("13899999999", "N")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


def logs_in(mobile, password) -> bool:
    response = Client().post(reverse("login"), {"username": mobile, "password": password})
    return response.status_code == 302


@pytest.fixture(autouse=True)
def no_per_minute_limit(settings):
    """Only the tests of the per-minute limit of public forms meet it."""
    settings.PUBLIC_FORM_POSTS_PER_MINUTE = 1000


@pytest.fixture
def owner(make_user):
    return make_user(mobile="13812345678", name="王秀英", password=PASSWORD)


def test_the_login_page_links_to_forgot_password_and_to_claiming_a_record(client, street):
    page = client.get(reverse("login")).content.decode()

    assert reverse("password_reset") in page
    assert reverse("claim") in page


def test_a_forgotten_password_is_reset_with_the_code_sent_by_sms(client, owner):
    asked = ask_for_code(client)
    [code] = sent_codes("13812345678")
    form = client.get(asked["Location"])
    done = reset(client, code)

    assert asked["Location"] == reverse("password_reset_confirm")
    assert form.context["form"]["mobile"].value() == "13812345678"  # filled in from the request
    assert done.status_code == 302 and done["Location"] == reverse("login")
    assert [html.escape(str(m)) for m in get_messages(done.wsgi_request)] == [
        zh("Your new password is set. Please log in with it.")
    ]
    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)
    assert logs_in("13812345678", NEW_PASSWORD)
    assert not logs_in("13812345678", PASSWORD)


def test_the_code_is_kept_only_as_a_hash(client, owner):
    ask_for_code(client)
    [code] = sent_codes("13812345678")

    stored = AccountCode.objects.get()
    assert code not in stored.digest
    assert len(stored.digest) == 64


def test_resetting_signs_out_every_other_session(client, owner):
    phone = Client()
    phone.force_login(owner)
    assert phone.get(reverse("account")).status_code == 200

    ask_for_code(client)
    reset(client, sent_codes("13812345678")[0])

    assert phone.get(reverse("account")).status_code == 302


def test_asking_for_a_code_answers_the_same_whether_or_not_the_number_has_a_login(client, owner):
    registered = ask_for_code(client, "13812345678", address="10.0.0.1")
    registered_messages = [str(m) for m in get_messages(registered.wsgi_request)]
    registered_page = client.get(registered["Location"]).content.decode()
    other = Client()
    unknown = ask_for_code(other, "13899999999", address="10.0.0.2")
    unknown_messages = [str(m) for m in get_messages(unknown.wsgi_request)]
    unknown_page = other.get(unknown["Location"]).content.decode()

    assert registered.status_code == unknown.status_code == 302
    assert registered["Location"] == unknown["Location"]
    assert registered_messages == unknown_messages != []
    assert registered.content == unknown.content
    assert set(registered.cookies) == set(unknown.cookies)
    assert same_page(registered_page) == same_page(unknown_page)
    # Only the registered number was texted, and no code was kept for the other.
    assert len(sent_codes("13812345678")) == 1
    assert sent_codes("13899999999") == []
    assert not AccountCode.objects.filter(mobile="13899999999").exists()


def test_an_inactive_login_gets_no_code(client, make_user):
    make_user(mobile="13812345678", is_active=False)

    assert ask_for_code(client).status_code == 302
    assert sent_codes("13812345678") == []


@pytest.mark.parametrize(("minutes", "works"), [(9.9, True), (10.1, False)])
def test_a_code_lasts_10_minutes(client, owner, minutes, works):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        ask_for_code(client)
        traveller.shift(datetime.timedelta(minutes=minutes))
        response = reset(client, sent_codes("13812345678")[0])

    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD) is works
    assert owner.check_password(PASSWORD) is not works
    if not works:
        assert response.status_code == 200
        assert wrong_code() in response.content.decode()


def test_a_code_is_used_only_once(client, owner):
    ask_for_code(client)
    [code] = sent_codes("13812345678")
    reset(client, code)

    again = reset(client, code, password="第三个密码-2028-夏")

    assert wrong_code() in again.content.decode()
    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)


def test_a_wrong_code_is_refused_clearly_and_changes_nothing(client, owner):
    ask_for_code(client)
    [code] = sent_codes("13812345678")
    wrong = f"{(int(code) + 1) % 10**6:06d}"

    response = reset(client, wrong)

    assert response.status_code == 200
    assert wrong_code() in response.content.decode()
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


def test_four_wrong_tries_leave_the_code_alive_and_the_fifth_kills_it(client, owner):
    ask_for_code(client)
    [code] = sent_codes("13812345678")
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(4):
        reset(client, wrong)
    assert reset(client, code).status_code == 302  # four wrong tries: still alive

    owner.set_password(PASSWORD)
    owner.save()
    ask_for_code(client, address="10.0.0.2")
    code = sent_codes("13812345678")[-1]
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(5):
        reset(client, wrong)
    response = reset(client, code)  # the right code, but after five wrong ones

    assert wrong_code() in response.content.decode()
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


def test_a_new_code_replaces_the_earlier_one(client, owner):
    ask_for_code(client)
    ask_for_code(client)
    first, second = sent_codes("13812345678")

    if first != second:
        assert wrong_code() in reset(client, first).content.decode()
    assert reset(client, second).status_code == 302


def test_a_code_for_one_number_does_not_reset_another(client, owner, make_user):
    other = make_user(mobile="13812340000", password=PASSWORD)
    ask_for_code(client)
    [code] = sent_codes("13812345678")

    response = reset(client, code, mobile="13812340000")

    assert wrong_code() in response.content.decode()
    other.refresh_from_db()
    assert other.check_password(PASSWORD)


def test_codes_are_limited_to_3_an_hour_per_number_registered_or_not(client, owner):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        for mobile in ["13812345678", "13899999999"]:
            for n in range(3):
                assert ask_for_code(client, mobile, address=f"10.0.{n}.1").status_code == 302
        limited = ask_for_code(Client(), "13812345678", address="10.0.9.1")
        limited_unknown = ask_for_code(Client(), "13899999999", address="10.0.9.2")

        assert limited.status_code == limited_unknown.status_code == 429
        assert too_many() in limited.content.decode()
        assert same_page(limited.content.decode()) == same_page(limited_unknown.content.decode())
        assert len(sent_codes("13812345678")) == 3

        traveller.shift(datetime.timedelta(minutes=61))
        assert ask_for_code(client, "13812345678", address="10.0.9.1").status_code == 302
        assert len(sent_codes("13812345678")) == 4


def test_codes_are_limited_to_10_an_hour_per_client_address(client, make_user):
    for n in range(11):
        make_user(mobile=f"1381234{n:04d}")
    for n in range(10):
        assert ask_for_code(client, f"1381234{n:04d}").status_code == 302

    limited = ask_for_code(client, "13812340010")
    elsewhere = ask_for_code(client, "13812340010", address="10.0.0.2")

    assert limited.status_code == 429
    assert too_many() in limited.content.decode()
    assert elsewhere.status_code == 302
    assert len(sent_codes("13812340010")) == 1


def test_the_code_pages_take_part_in_the_per_minute_limit_of_public_forms(client, owner, settings):
    settings.PUBLIC_FORM_POSTS_PER_MINUTE = 3
    for _ in range(3):
        reset(client, "000000")

    assert reset(client, "000000").status_code == 429


@pytest.mark.parametrize(
    "mobile", ["", "١٣٨١٢٣٤٥٦٧٨", "13٨12345678", "1" * 5000, "abcdefghijk", "138123456789"]
)
def test_a_malformed_number_is_refused_in_chinese_and_sends_nothing(client, owner, mobile):
    response = ask_for_code(client, mobile)

    assert response.status_code == 200
    assert response.context["form"].errors["mobile"]
    assert not Delivery.objects.exists()


def test_full_width_digits_are_read_as_the_ordinary_ones(client, owner):
    ask_for_code(client, "１３８１２３４５６７８")
    [code] = sent_codes("13812345678")
    full_width = code.translate(str.maketrans("0123456789", "０１２３４５６７８９"))

    assert reset(client, full_width, mobile="１３８ 1234 5678").status_code == 302
    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)


@pytest.mark.parametrize(
    "fields",
    [
        {"code": ""},
        {"code": "12345"},
        {"code": "١٢٣٤٥٦"},
        {"code": "1" * 5000},
        {"code": "12345a"},
        {"mobile": ""},
        {"mobile": "x" * 5000},
        {"password1": "", "password2": ""},
        {"password2": "另一个密码-2027"},
        {"password1": "12345678", "password2": "12345678"},
    ],
)
def test_bad_input_on_the_code_page_is_refused_and_changes_nothing(client, owner, fields):
    ask_for_code(client)
    [code] = sent_codes("13812345678")
    data = {"mobile": "13812345678", "code": code, "password1": NEW_PASSWORD}
    data["password2"] = NEW_PASSWORD
    data.update(fields)

    response = client.post(reverse("password_reset_confirm"), data)

    assert response.status_code == 200
    assert response.context["form"].errors
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
    assert AccountCode.objects.get().wrong_tries == 0  # a malformed form costs no try


def test_missing_fields_are_refused_not_a_server_error(client, owner):
    assert client.post(reverse("password_reset"), {}).status_code == 200
    assert client.post(reverse("password_reset_confirm"), {}).status_code == 200


def test_a_password_like_the_persons_name_or_number_is_refused_after_the_code(client, owner):
    ask_for_code(client)
    [code] = sent_codes("13812345678")

    response = reset(client, code, password="13812345678")

    assert response.status_code == 200
    assert response.context["form"].errors["password2"]
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
    assert reset(client, code).status_code == 302  # the code was not used up by that


def test_a_locked_out_login_can_log_in_after_the_reset(client, owner):
    for _ in range(5):
        client.post(
            reverse("login"),
            {"username": "13812345678", "password": "wrong"},
            REMOTE_ADDR="1.2.3.4",
        )
    assert (
        client.post(
            reverse("login"),
            {"username": "13812345678", "password": PASSWORD},
            REMOTE_ADDR="1.2.3.4",
        ).status_code
        == 429
    )

    ask_for_code(client, address="1.2.3.4")
    reset(client, sent_codes("13812345678")[0], address="1.2.3.4")
    response = client.post(
        reverse("login"),
        {"username": "13812345678", "password": NEW_PASSWORD},
        REMOTE_ADDR="1.2.3.4",
    )

    assert response.status_code == 302


def test_staff_reset_by_sms_but_still_pass_their_second_factor(client, make_user, settings):
    settings.OTP_REQUIRED = True
    admin = make_user(mobile="13700000001", name="街道管理员", password=PASSWORD, is_staff=True)
    admin.groups.add(Group.objects.get(name=roles.STREET_ADMIN))

    ask_for_code(client, "13700000001")
    assert reset(client, sent_codes("13700000001")[0], mobile="13700000001").status_code == 302
    client.post(reverse("login"), {"username": "13700000001", "password": NEW_PASSWORD})
    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor"))
