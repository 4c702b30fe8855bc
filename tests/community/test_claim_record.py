"""认领我的记录: a person signed up at the counter proves the number with a code by SMS and gets a
login linked to the record staff made."""

import datetime
import html
import re
import threading

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from community import accounts, services
from community.models import Resident, User
from notifications.models import Delivery

PASSWORD = "学习型社区-2026"


def zh(message: str) -> str:
    """A message as the portal shows it (in its default language, escaped as in a page)."""
    with translation.override(settings.LANGUAGE_CODE):
        return html.escape(translation.gettext(message))


def wrong_code() -> str:
    return zh(
        "This code is not right, or it has expired (codes last 10 minutes and allow 5 tries). "
        "Check the SMS, or ask for a new code."
    )


def already_a_login() -> str:
    return zh(
        "This number already has a login. Log in with it, or use “Forgot password?” on the "
        "login page."
    )


def sent_codes(mobile: str) -> list[str]:
    deliveries = Delivery.objects.filter(channel="sms", address=mobile).select_related("message")
    return [
        re.search(r"(?<!\d)\d{6}(?!\d)", delivery.message.text).group()
        for delivery in deliveries.order_by("pk")
    ]


def ask_for_code(client, mobile="13612345678", address="10.0.0.1"):
    return client.post(reverse("claim"), {"mobile": mobile}, REMOTE_ADDR=address)


def claim(client, code, mobile="13612345678", password=PASSWORD):
    data = {"mobile": mobile, "code": code, "password1": password, "password2": password}
    return client.post(reverse("claim_confirm"), data)


def same_page(page: str) -> str:
    page = re.sub(r"1[3-9][0-9]{9}", "N", page)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


@pytest.fixture
def counter_record(make_resident):
    """A resident staff signed up at the counter: a mobile number and no login."""
    return make_resident(name="赵大妈", mobile="13612345678")


def test_the_registration_and_login_pages_link_to_claiming_a_record(client, street):
    for page in [reverse("register"), reverse("login")]:
        assert reverse("claim") in client.get(page).content.decode()


def test_a_counter_record_is_claimed_with_the_code_and_the_person_is_logged_in(
    client, counter_record
):
    asked = ask_for_code(client)
    [code] = sent_codes("13612345678")
    response = claim(client, code)

    assert asked["Location"] == reverse("claim_confirm")
    assert response.status_code == 302 and response["Location"] == reverse("account")
    user = User.objects.get(mobile="13612345678")
    assert user.name == "赵大妈" and user.check_password(PASSWORD) and not user.is_staff
    counter_record.refresh_from_db()
    assert counter_record.user == user
    assert client.session["_auth_user_id"] == str(user.pk)
    assert Client().post(
        reverse("login"), {"username": "13612345678", "password": PASSWORD}
    ).status_code == (302)


def test_the_oldest_of_several_records_with_the_number_is_claimed(client, make_resident):
    newer = make_resident(name="赵大妈", mobile="13612345678")
    older = make_resident(name="赵秀兰", mobile="13612345678")
    Resident.objects.filter(pk=older.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=30)
    )

    ask_for_code(client)
    claim(client, sent_codes("13612345678")[0])

    user = User.objects.get(mobile="13612345678")
    older.refresh_from_db()
    newer.refresh_from_db()
    assert older.user == user and user.name == "赵秀兰"
    assert newer.user is None


def test_asking_answers_the_same_for_a_record_a_login_and_nobody(
    client, counter_record, make_user, make_resident
):
    make_user(mobile="13812345678")  # a login (with its own record)
    make_resident(name="王秀英", mobile="13812345678")
    answers = []
    for n, mobile in enumerate(["13612345678", "13812345678", "13899999999"]):
        visitor = Client()
        asked = ask_for_code(visitor, mobile, address=f"10.0.0.{n}")
        page = visitor.get(asked["Location"]).content.decode()
        messages = [str(m) for m in get_messages(asked.wsgi_request)]
        answers.append((asked.status_code, asked["Location"], messages, same_page(page)))

    assert answers[0] == answers[1] == answers[2]
    assert answers[0][2] != []
    # Only the number of the unclaimed record was texted.
    assert len(sent_codes("13612345678")) == 1
    assert sent_codes("13812345678") == sent_codes("13899999999") == []


def test_a_claimed_record_gets_no_code(client, counter_record, make_user):
    counter_record.user = make_user(mobile="13612345678")
    counter_record.save()

    ask_for_code(client)

    assert sent_codes("13612345678") == []


def test_a_wrong_code_claims_nothing(client, counter_record):
    ask_for_code(client)
    [code] = sent_codes("13612345678")

    response = claim(client, f"{(int(code) + 1) % 10**6:06d}")

    assert response.status_code == 200
    assert wrong_code() in response.content.decode()
    assert not User.objects.exists()
    counter_record.refresh_from_db()
    assert counter_record.user is None


def test_a_reset_code_does_not_claim_and_a_claim_code_does_not_reset(
    client, counter_record, make_user
):
    owner = make_user(mobile="13812345678", password=PASSWORD)
    client.post(reverse("password_reset"), {"mobile": "13812345678"})
    [reset_code] = sent_codes("13812345678")
    ask_for_code(client)
    [claim_code] = sent_codes("13612345678")

    assert wrong_code() in claim(client, reset_code, mobile="13812345678").content.decode()
    refused = client.post(
        reverse("password_reset_confirm"),
        {
            "mobile": "13612345678",
            "code": claim_code,
            "password1": "新的密码-2027-春",
            "password2": "新的密码-2027-春",
        },
    )
    assert wrong_code() in refused.content.decode()
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
    assert User.objects.count() == 1


def test_a_number_registered_after_the_code_was_sent_is_refused_clearly(
    client, counter_record, community
):
    ask_for_code(client)
    [code] = sent_codes("13612345678")
    services.register_resident(
        mobile="13612345678", name="赵大妈", community=community, password="别人的密码-2026"
    )

    response = claim(client, code)

    assert response.status_code == 200
    assert already_a_login() in response.content.decode()
    assert User.objects.filter(mobile="13612345678").count() == 1
    counter_record.refresh_from_db()
    assert counter_record.user is None
    assert "_auth_user_id" not in client.session


def test_a_logged_in_person_is_sent_to_their_account(resident_client):
    assert resident_client.get(reverse("claim"))["Location"] == reverse("account")
    assert resident_client.get(reverse("claim_confirm"))["Location"] == reverse("account")


@pytest.mark.parametrize(
    "fields",
    [
        {"code": "١٢٣٤٥٦"},
        {"code": "x" * 5000},
        {"mobile": "١٣٦١٢٣٤٥٦٧٨"},
        {"password2": "另一个密码-2027"},
        {"password1": "", "password2": ""},
    ],
)
def test_bad_input_on_the_claim_page_is_refused_and_creates_nothing(client, counter_record, fields):
    ask_for_code(client)
    [code] = sent_codes("13612345678")
    data = {"mobile": "13612345678", "code": code, "password1": PASSWORD, "password2": PASSWORD}
    data.update(fields)

    response = client.post(reverse("claim_confirm"), data)

    assert response.status_code == 200 and response.context["form"].errors
    assert not User.objects.exists()


@pytest.mark.usefixtures("migration_data")
def test_two_claims_at_once_make_one_login(make_resident):
    """Real threads, each in its own transaction: one claim wins, the other is refused."""
    record = make_resident(name="赵大妈", mobile="13612345678")
    accounts.account_code_send(
        purpose=accounts.Purpose.CLAIM, mobile="13612345678", address="10.0.0.1"
    )
    [code] = sent_codes("13612345678")
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(
                accounts.resident_claim(mobile="13612345678", code=code, password=PASSWORD)
            )
        except ValidationError as refusal:
            results.append(refusal)
        except Exception as error:  # noqa: BLE001 - any other failure is what we look for
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(isinstance(result, User) for result in results) == 1
    assert sum(isinstance(result, ValidationError) for result in results) == 1
    record.refresh_from_db()
    assert record.user == User.objects.get(mobile="13612345678")
