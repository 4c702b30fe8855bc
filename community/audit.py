"""Writing the audit trail of sensitive actions."""

from django.db import models

from .models import AuditEntry, User


def record(*, actor: User | None, action: str, target: models.Model, **details) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        target_type=target._meta.label,
        target_id=str(target.pk),
        target_label=str(target)[:200],
        details=details,
    )
