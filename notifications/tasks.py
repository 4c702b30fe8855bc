"""The background side of messages: sending one delivery, on Django's tasks framework.

A delivery is sent under a lock on its row and only while it is pending, so a job that runs
twice (retried, enqueued again by the sweep, or taken by two workers) sends it once. Provider
errors worth retrying are tried again with growing pauses, then the delivery is marked failed,
which staff see in the admin.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone, translation

from . import sms
from .kinds import KINDS
from .models import Delivery, Message
from .services import quiet_until

logger = logging.getLogger(__name__)


def backoff(attempts: int) -> datetime.timedelta:
    """The pause after the n-th failed attempt: 1, 4, 16, 64 … minutes (first base)."""
    return datetime.timedelta(seconds=settings.NOTIFICATIONS_RETRY_SECONDS * 4 ** (attempts - 1))


def _send(delivery: Delivery) -> str:
    message = delivery.message
    reference = f"d{delivery.pk}"
    if delivery.channel == Delivery.Channel.SMS:
        return sms.send(delivery.address, message.text, reference)
    with translation.override(settings.LANGUAGE_CODE):
        subject = f"{settings.NOTIFICATIONS_EMAIL_PREFIX}{KINDS[message.kind].label}"
    body = message.text
    if message.link:
        body += f"\n\n{settings.NOTIFICATIONS_SITE_URL.rstrip('/')}{message.link}"
    send_mail(subject, body, None, [delivery.address])
    return reference


@task()
def deliver(delivery_id: int) -> str:
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update()
            .select_related("message")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status != Delivery.Status.PENDING:
            return "done already"
        now = timezone.now()
        held = delivery.not_before if delivery.not_before and delivery.not_before > now else None
        if delivery.channel == Delivery.Channel.SMS and not KINDS[delivery.message.kind].urgent:
            held = held or quiet_until(now)
        if held:
            # Too early (quiet hours, or a job run before its time): wait for the time.
            delivery.not_before = held
            delivery.save(update_fields=["not_before"])
            _again(delivery)
            return "held"
        delivery.attempts += 1
        try:
            reference = _send(delivery)
        except sms.SmsError as error:
            return _failed(delivery, str(error), retry=error.retry)
        except OSError as error:  # e-mail server unreachable, connection reset …
            return _failed(delivery, f"{type(error).__name__}: {error}", retry=True)
        delivery.status = Delivery.Status.SENT
        delivery.sent_at = timezone.now()
        delivery.provider_ref = reference[:100]
        delivery.last_error = ""
        delivery.save(update_fields=["status", "sent_at", "provider_ref", "attempts", "last_error"])
        _forget_secret(delivery)
        return "sent"


def _forget_secret(delivery: Delivery) -> None:
    """A code is kept only until its SMS is out (or has failed for good)."""
    message = delivery.message
    if KINDS[message.kind].secret:
        Message.objects.filter(pk=message.pk).update(text="••••••")


def _again(delivery: Delivery) -> None:
    """Queue the delivery for its `not_before`, in this transaction: the jobs live in the same
    database, so the new job exists exactly when the delivery's new state does."""
    deliver.using(run_after=delivery.not_before).enqueue(delivery.pk)


def _failed(delivery: Delivery, error: str, *, retry: bool) -> str:
    delivery.last_error = error[:300]
    if retry and delivery.attempts < settings.NOTIFICATIONS_MAX_ATTEMPTS:
        delivery.not_before = timezone.now() + backoff(delivery.attempts)
        delivery.save(update_fields=["attempts", "last_error", "not_before"])
        _again(delivery)
        logger.warning("Delivery %s failed (%s); trying again later", delivery.pk, error)
        return "retry"
    delivery.status = Delivery.Status.FAILED
    delivery.save(update_fields=["attempts", "last_error", "status"])
    _forget_secret(delivery)
    logger.error("Delivery %s failed for good: %s", delivery.pk, error)
    return "failed"


def sweep(older_than: datetime.timedelta = datetime.timedelta(minutes=15)) -> int:
    """Queue again deliveries still pending well after their time (a lost job, a queue that was
    down when their cause committed). Sending stays once: the task checks under a lock."""
    cutoff = timezone.now() - older_than
    stale = Delivery.objects.filter(status=Delivery.Status.PENDING).filter(
        Q(not_before__lt=cutoff) | Q(not_before__isnull=True, message__created_at__lt=cutoff)
    )
    pks = list(stale.values_list("pk", flat=True))
    for pk in pks:
        deliver.enqueue(pk)
    return len(pks)
