"""Messages and their deliveries: channels, choices, quiet hours, once only, retries, the inbox."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from notifications import services
from notifications.kinds import KINDS
from notifications.models import Delivery, Message, Preference
from notifications.sms import SmsError
from notifications.tasks import deliver
from tests.notices import channels, run_queue

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(hour, minute=0, second=0, *, day=3):
    return datetime.datetime(2026, 12, day, hour, minute, second, tzinfo=SHANGHAI)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """A block whose on-commit work (queueing deliveries) runs, as after a real commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def person(make_user):
    return make_user(mobile="13811112222", name="李桂兰", email="li@example.org")


def tell(person, **extra):
    return services.notify(person, "promoted", {"title": "太极拳"}, link="/my/courses/", **extra)


def test_a_message_goes_to_the_inbox_by_sms_and_by_email_in_chinese(
    person, sms_outbox, django_capture_on_commit_callbacks, mailoutbox
):
    with time_machine.travel(at(10), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            message = tell(person)
        run_queue()
    assert message.user == person
    assert message.text == "您已由候补转为正式报名：“太极拳”的名额已确认。"
    assert channels(message) == {"sms", "email"}
    assert sms_outbox.to("13811112222") == [message.text]
    assert [m.to for m in mailoutbox] == [["li@example.org"]]
    assert mailoutbox[0].subject == "【学习型社区】由候补转正"
    assert "/my/courses/" in mailoutbox[0].body
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


def test_a_cause_that_rolls_back_tells_nobody_and_queues_nothing(person, sms_outbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        tell(person)
        raise RuntimeError("the cause failed")
    run_queue()
    assert Message.objects.count() == 0
    assert DBTaskResult.objects.count() == 0
    assert sms_outbox.sent() == []


def test_one_cause_is_told_once(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert tell(person, once="promoted:enrolment:1") is not None
        assert tell(person, once="promoted:enrolment:1") is None
        assert tell(person, once="promoted:enrolment:2") is not None
    assert Message.objects.count() == 2


@pytest.mark.parametrize(
    ("moment", "held_until"),
    [
        (at(20, 59), None),
        (at(21, 0), at(8, day=4)),
        (at(23, 30), at(8, day=4)),
        (at(7, 59), at(8)),
        (at(8, 0), None),
    ],
)
def test_no_sms_in_the_quiet_hours(person, sms_outbox, moment, held_until, commit):
    with time_machine.travel(moment, tick=False):
        with commit():
            message = tell(person)
        run_queue()
        sms = Delivery.objects.get(message=message, channel="sms")
        assert sms.not_before == held_until
        email = Delivery.objects.get(message=message, channel="email")
        assert email.status == "sent"  # e-mail is not held
    if held_until is None:
        assert sms_outbox.to("13811112222") == [message.text]
        return
    assert sms_outbox.sent() == []
    with time_machine.travel(held_until - datetime.timedelta(minutes=1), tick=False):
        run_queue()
    assert sms_outbox.sent() == []
    with time_machine.travel(held_until + datetime.timedelta(seconds=5), tick=False):
        run_queue()
    assert sms_outbox.to("13811112222") == [message.text]


def test_a_code_the_person_asked_for_is_not_held_by_the_quiet_hours(person, sms_outbox, commit):
    with time_machine.travel(at(23, 30), tick=False):
        with commit():
            message = services.notify(
                person, "account_code", {"code": "123456", "purpose": "重置密码"}
            )
        run_queue()
    assert message.user is None  # not in the inbox
    assert sms_outbox.to("13811112222") == [
        "您正在重置密码，验证码123456，10分钟内有效，请勿告诉他人。"
    ]


def test_choices_sms_off_and_reminders_off(person, django_capture_on_commit_callbacks):
    Preference.objects.create(user=person, by_sms=False, by_email=False, reminders=False)
    message = tell(person)
    assert channels(message) == set()
    assert message.user == person  # still in the inbox
    reminder = services.notify(
        person, "course_reminder", {"title": "太极拳", "time": "09:00", "venue": "文化中心"}
    )
    assert reminder is None
    assert not Message.objects.filter(kind="course_reminder").exists()


def test_a_resident_without_a_login_still_gets_sms(make_resident, sms_outbox, commit):
    resident = make_resident(name="陈爷爷", mobile="13900001111")
    with time_machine.travel(at(10), tick=False):
        with commit():
            message = tell(resident)
        run_queue()
    assert message.user is None and message.person_key == f"resident:{resident.pk}"
    assert sms_outbox.to("13900001111") == [message.text]


def test_a_resident_with_a_login_is_the_same_person_as_the_login(make_user, make_resident):
    user = make_user(mobile="13811113333")
    resident = make_resident(user=user, mobile="13811113333")
    assert tell(resident, once="x") is not None
    assert tell(user, once="x") is None


class FlakyProvider:
    calls = 0

    def send(self, mobile, text, reference):
        FlakyProvider.calls += 1
        raise SmsError("LimitExceeded: try later", retry=True)


class RefusingProvider:
    def send(self, mobile, text, reference):
        raise SmsError("InvalidParameterValue.IncorrectPhoneNumber", retry=False)


def test_a_provider_error_is_retried_with_growing_pauses_then_marked_failed(
    person, settings, admin_client, commit
):
    settings.NOTIFICATIONS_SMS_BACKEND = f"{__name__}.FlakyProvider"
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    settings.NOTIFICATIONS_RETRY_SECONDS = 60
    FlakyProvider.calls = 0
    with time_machine.travel(at(10), tick=False) as clock:
        with commit():
            message = tell(person)
        run_queue()
        sms = Delivery.objects.get(message=message, channel="sms")
        assert (sms.status, sms.attempts) == ("pending", 1)
        assert sms.not_before == at(10, 1)
        run_queue()  # not yet due
        assert FlakyProvider.calls == 1
        clock.move_to(at(10, 1, 1))
        run_queue()
        sms.refresh_from_db()
        assert (sms.status, sms.attempts, sms.not_before) == ("pending", 2, at(10, 5, 1))
        clock.move_to(at(10, 6))
        run_queue()
    sms.refresh_from_db()
    assert (sms.status, sms.attempts) == ("failed", 3)
    assert "LimitExceeded" in sms.last_error
    assert FlakyProvider.calls == 3
    # Staff see it in the admin, filtered by status, and can send it again.
    page = admin_client.get(reverse("admin:notifications_delivery_changelist") + "?status=failed")
    assert "13811112222" in page.text and "LimitExceeded" in page.text
    messages = admin_client.get(reverse("admin:notifications_message_changelist"))
    assert "由候补转正" in messages.text and ">promoted<" not in messages.text


def test_a_permanent_provider_error_fails_at_once(person, settings, commit):
    settings.NOTIFICATIONS_SMS_BACKEND = f"{__name__}.RefusingProvider"
    with time_machine.travel(at(10), tick=False):
        with commit():
            message = tell(person)
        run_queue()
    sms = Delivery.objects.get(message=message, channel="sms")
    assert (sms.status, sms.attempts) == ("failed", 1)


def test_failed_deliveries_can_be_tried_again_from_the_admin(
    person, settings, client, admin_user, commit
):
    settings.NOTIFICATIONS_SMS_BACKEND = f"{__name__}.RefusingProvider"
    with time_machine.travel(at(10), tick=False):
        with commit():
            message = tell(person)
        run_queue()
        sms = Delivery.objects.get(message=message, channel="sms")
        settings.NOTIFICATIONS_SMS_BACKEND = "notifications.sms.file.SmsBackend"
        client.force_login(admin_user)
        with commit():
            answer = client.post(
                reverse("admin:notifications_delivery_changelist"),
                {"action": "try_again", "_selected_action": [sms.pk]},
                follow=True,
            )
        assert "1条消息将重新发送" in answer.text
        run_queue()
    sms.refresh_from_db()
    assert sms.status == "sent"


def test_a_job_run_twice_sends_once(person, sms_outbox, commit):
    with time_machine.travel(at(10), tick=False):
        with commit():
            message = tell(person)
        sms = Delivery.objects.get(message=message, channel="sms")
        deliver.enqueue(sms.pk)
        deliver.enqueue(sms.pk)
        run_queue()
    assert len(sms_outbox.to("13811112222")) == 1


def test_every_text_sent_by_sms_fits_one_message():
    long = "社区老年人智能手机使用技巧与防范电信诈骗知识系列讲座第二期"
    context = {
        "title": services.short(long),
        "when": "12月25日 14:30",
        "venue": services.short("景和街道社区文化活动中心三楼多功能厅", 14),
        "time": "14:30",
        "station": services.short("景和街道第一爱心驿站（东区）", 14),
        "day": "12月25日",
        "cutoff": "12月24日 18:00",
        "pupils": services.short("四年级数学、五年级英语、六年级语文", 30),
        "count": 3,
        "reason": services.short(
            "照片里能看到居民的门牌号和手机号，请遮挡后重新提交。谢谢配合！", 30
        ),
        "name": services.short("欧阳娜娜娜娜娜娜娜娜娜", 10),
        "university": services.short("江城理工大学计算机科学与技术学院", 14),
        "sender": services.short(long, 12),
        "text": "下" * 50,
        "code": "123456",
        "purpose": "认领居民记录",
        "hours": "12.5",
    }
    for kind, spec in KINDS.items():
        text = services.render(kind, context)
        assert "{" not in text and text, kind
        if spec.sms:
            assert len(text) <= services.SMS_LENGTH, (kind, len(text), text)


# --- The inbox ------------------------------------------------------------------------------


def test_the_header_counts_unread_messages_and_opening_one_reads_it(client, person):
    first = tell(person)
    tell(person)
    client.force_login(person)
    page = client.get(reverse("notifications:inbox"))
    assert 'class="badge text-bg-danger">2<' in page.text
    assert first.text in page.text
    answer = client.post(reverse("notifications:read", args=[first.pk]))
    assert answer.url == "/my/courses/"
    first.refresh_from_db()
    assert first.read_at is not None
    page = client.get(reverse("home"))
    assert 'class="badge text-bg-danger">1<' in page.text
    client.post(reverse("notifications:read_all"))
    assert not person.messages.unread().exists()
    assert "badge text-bg-danger" not in client.get(reverse("home")).text


def test_nobody_opens_another_persons_message(client, person, make_user):
    message = tell(person)
    someone = make_user(mobile="13811119999")
    client.force_login(someone)
    assert client.post(reverse("notifications:read", args=[message.pk])).status_code == 404
    assert message.text not in client.get(reverse("notifications:inbox")).text
    message.refresh_from_db()
    assert message.read_at is None


def test_the_inbox_costs_the_same_queries_whatever_the_number_of_messages(client, person):
    client.force_login(person)
    for _ in range(3):
        tell(person)
    client.get(reverse("notifications:inbox"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("notifications:inbox"))
    for _ in range(30):
        tell(person)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("notifications:inbox"))
    assert len(many) == len(few)


def test_a_person_chooses_channels_and_gives_an_email(client, person):
    client.force_login(person)
    answer = client.post(
        reverse("notifications:preferences"),
        {"by_sms": "", "by_email": "on", "reminders": "", "email": "new@example.org"},
    )
    assert answer.status_code == 302
    person.refresh_from_db()
    assert person.email == "new@example.org"
    choice = Preference.objects.get(user=person)
    assert (choice.by_sms, choice.by_email, choice.reminders) == (False, True, False)
    bad = client.post(reverse("notifications:preferences"), {"email": "不是邮箱"})
    assert bad.status_code == 200 and "is-invalid" in bad.text
    person.refresh_from_db()
    assert person.email == "new@example.org"


def test_a_claimed_record_brings_its_messages_to_the_new_login(make_resident, make_user):
    resident = make_resident(mobile="13900005555")
    services.notify(resident, "promoted", {"title": "太极拳"}, once="promoted:enrolment:7")
    services.notify(resident, "cancelled", {"title": "太极拳"})
    services.notify(resident, "account_code", {"code": "123456", "purpose": "认领居民记录"})
    user = make_user(mobile="13900005555")
    services.notify(user, "promoted", {"title": "太极拳"}, once="promoted:enrolment:7")
    resident.user = user
    resident.save()
    assert sorted(user.messages.values_list("kind", flat=True)) == ["cancelled", "promoted"]
    assert not Message.objects.filter(person_key=f"resident:{resident.pk}").exists()
    assert Message.objects.get(kind="account_code").user is None  # a code stays out of the inbox


def test_a_code_is_never_shown_to_staff_and_forgotten_once_sent(
    person, client, admin_user, sms_outbox, commit
):
    with time_machine.travel(at(10), tick=False):
        with commit():
            message = services.notify(person, "account_code", {"code": "654321"})
        client.force_login(admin_user)
        for url in [
            reverse("admin:notifications_message_changelist"),
            reverse("admin:notifications_message_change", args=[message.pk]),
            reverse("admin:notifications_delivery_changelist"),
        ]:
            assert "654321" not in client.get(url).text, url
        # The text is not searchable, so a search cannot tell which code was sent to whom.
        found = client.get(reverse("admin:notifications_message_changelist") + "?q=654321")
        assert "李桂兰" not in found.text
        run_queue()
    assert "654321" in sms_outbox.to("13811112222")[0]
    message.refresh_from_db()
    assert "654321" not in message.text
