"""Keeping a person's messages theirs when a record gains a login (a counter-made resident who
claims their record): what was told to the record moves to the login's inbox."""

from django.db.models import Exists, OuterRef
from django.db.models.signals import post_save
from django.dispatch import receiver

from community.models import Resident

from .kinds import KINDS
from .models import Message


@receiver(post_save, sender=Resident)
def messages_follow_the_login(sender, instance, raw=False, **kwargs):
    if raw or instance.user_id is None:
        return
    key = f"user:{instance.user_id}"
    told_before = Message.objects.filter(person_key=f"resident:{instance.pk}")
    # A cause told both ways keeps the login's copy (the once-per-person rule holds).
    told_before.filter(
        Exists(
            Message.objects.filter(person_key=key, dedupe_key=OuterRef("dedupe_key")).exclude(
                dedupe_key=""
            )
        )
    ).delete()
    # Into the inbox go the kinds the inbox shows (not the codes sent to claim the record).
    told_before.filter(kind__in=[code for code, kind in KINDS.items() if kind.inbox]).update(
        user_id=instance.user_id
    )
    told_before.update(person_key=key)
