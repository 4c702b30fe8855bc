"""Telling people: `notify()` records a message and its deliveries; a task sends them.

Callers are the services of the apps (and their signal receivers), so a cause reached through any
door (page, admin, command) tells people the same way. Everything is written in the caller's
transaction; the deliveries are queued when it commits, so a rolled-back cause tells nobody.
"""

import datetime
import functools
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from community.models import Resident, User

from .kinds import KINDS
from .models import Delivery, Message, Preference

logger = logging.getLogger(__name__)

SMS_LENGTH = 70


@dataclass(frozen=True)
class Recipient:
    """Who a message is for and where to reach them."""

    key: str
    name: str
    user: User | None
    mobile: str
    email: str


def recipient(person) -> Recipient:
    """A login, a resident (with or without a login) or anyone with `user`, `name`, `mobile`
    (a volunteer). A person with a login is always the same recipient, however reached."""
    if isinstance(person, Recipient):
        return person
    if isinstance(person, User):
        return Recipient(f"user:{person.pk}", person.name, person, person.mobile, person.email)
    user = getattr(person, "user", None)
    mobile = getattr(person, "mobile", "") or (user.mobile if user else "")
    if user is not None:
        return Recipient(f"user:{user.pk}", person.name, user, mobile, user.email)
    if isinstance(person, Resident):
        return Recipient(f"resident:{person.pk}", person.name, None, mobile, "")
    return Recipient(f"{person._meta.model_name}:{person.pk}", person.name, None, mobile, "")


def short(text: str, length: int = 16) -> str:
    """A title cut to fit an SMS."""
    text = " ".join(str(text).split())
    return text if len(text) <= length else text[: length - 1] + "…"


def day_text(day: datetime.date | datetime.datetime) -> str:
    """12月5日 (a date, or a moment in local time)."""
    if isinstance(day, datetime.datetime):
        day = timezone.localtime(day).date()
    with translation.override(settings.LANGUAGE_CODE):
        return translation.gettext("%(month)s/%(day)s") % {"month": day.month, "day": day.day}


def moment_text(moment: datetime.datetime) -> str:
    """12月5日 14:30 in local time."""
    return f"{day_text(moment)} {timezone.localtime(moment):%H:%M}"


def render(kind: str, context: dict) -> str:
    """The text of a message, in the portal's language, on one line."""
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(f"notifications/kinds/{kind}.txt", context)
    return re.sub(r"\s+", " ", text).strip()


def quiet_until(now: datetime.datetime) -> datetime.datetime | None:
    """When SMS may be sent again if `now` is in the quiet hours (none between 21:00 and 08:00)."""
    if not settings.NOTIFICATIONS_QUIET_HOURS:
        return None
    start, end = settings.NOTIFICATIONS_QUIET_HOURS
    local = timezone.localtime(now)
    if start <= local.hour or local.hour < end:
        day = local.date() if local.hour < end else local.date() + datetime.timedelta(days=1)
        return datetime.datetime.combine(day, datetime.time(end), tzinfo=local.tzinfo)
    return None


def preference(user: User | None) -> Preference:
    if user is None:
        return Preference()
    try:
        return user.message_preference
    except Preference.DoesNotExist:
        return Preference(user=user)


@dataclass(frozen=True)
class Plan:
    """Where a message of a kind would go for one person."""

    to: Recipient
    channels: tuple  # (Delivery.Channel, address) pairs beyond the inbox
    inbox: bool


def plan(person, kind: str) -> Plan | None:
    """The channels a person is told a kind by, after their choices; None for nowhere."""
    spec = KINDS[kind]
    to = recipient(person)
    wants = preference(to.user)
    if spec.reminder and not wants.reminders:
        return None
    channels = []
    if spec.sms and to.mobile and (spec.urgent or wants.by_sms):
        channels.append((Delivery.Channel.SMS, to.mobile))
    if spec.email and to.email and wants.by_email:
        channels.append((Delivery.Channel.EMAIL, to.email))
    inbox = spec.inbox and to.user is not None
    if not channels and not inbox:
        return None
    return Plan(to, tuple(channels), inbox)


def notify(person, kind: str, context: dict, *, link: str = "", once: str = "") -> Message | None:
    """Tell a person something. `once` names the cause (e.g. "reminder:session:12"): a person
    is told of one cause once, however often it is reported. Returns the message, or None when
    nothing was sent (already told, opted out, or nowhere to reach them)."""
    spec = KINDS[kind]
    where = plan(person, kind)
    if where is None:
        return None
    to = where.to
    text = render(kind, context)
    try:
        with transaction.atomic():
            message = Message.objects.create(
                person_key=to.key,
                user=to.user if where.inbox else None,
                name=to.name[:50],
                kind=kind,
                text=text[:300],
                link=link,
                dedupe_key=once[:80],
            )
    except IntegrityError:
        if once and Message.objects.filter(person_key=to.key, dedupe_key=once[:80]).exists():
            return None
        raise
    now = timezone.now()
    deliveries = Delivery.objects.bulk_create(
        Delivery(
            message=message,
            channel=channel,
            address=address,
            not_before=None if spec.urgent or channel != Delivery.Channel.SMS else quiet_until(now),
        )
        for channel, address in where.channels
    )
    for delivery in deliveries:
        queue(delivery)
    return message


def notify_all(people, kind: str, context: dict, *, link: str = "", once: str = "") -> int:
    """Tell each of several people (each once); the number told."""
    told = 0
    seen = set()
    for person in people:
        key = recipient(person).key
        if key in seen:
            continue
        seen.add(key)
        told += notify(person, kind, context, link=link, once=once) is not None
    return told


def queue(delivery: Delivery) -> None:
    """Send the delivery in the background once the current transaction commits."""
    from .tasks import deliver

    def enqueue():
        task = deliver
        if delivery.not_before and delivery.not_before > timezone.now():
            task = deliver.using(run_after=delivery.not_before)
        task.enqueue(delivery.pk)

    transaction.on_commit(functools.partial(_enqueue_safely, enqueue, delivery.pk))


def _enqueue_safely(enqueue, delivery_id: int) -> None:
    # The cause has committed; if the queue is unreachable now, `send_reminders` sweeps the
    # delivery up later instead of failing the request that caused it.
    try:
        enqueue()
    except Exception:
        logger.exception("Could not queue delivery %s; it will be swept up later", delivery_id)


def staff_with_perm(permission: str):
    """Active staff who hold a permission (through a role or their own), superusers included."""
    app_label, codename = permission.split(".")
    perms = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return (
        User.objects.filter(is_active=True, is_staff=True)
        .filter(
            Q(is_superuser=True) | Q(groups__permissions__in=perms) | Q(user_permissions__in=perms)
        )
        .distinct()
    )


def mark_read(user: User, pk: int | None = None) -> int:
    """Mark one of a user's messages, or all of them, read."""
    messages = Message.objects.filter(user=user, read_at__isnull=True)
    if pk is not None:
        messages = messages.filter(pk=pk)
    return messages.update(read_at=timezone.now())
