"""Writes of the core: every view, admin action and command goes through these."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import annual_report
from .models import AnnualReport, Community, Resident, User


@transaction.atomic
def register_resident(*, mobile: str, name: str, community: Community, password: str) -> User:
    """Create a login and the resident record it belongs to.

    A record staff made at the counter is not linked automatically: without a check of the mobile
    number, anyone could claim it. The person claims it with a code sent to the number
    (`accounts.resident_claim`), or staff link the two in the admin.
    """
    user = register_login(mobile=mobile, name=name, password=password)
    Resident.objects.create(name=name, mobile=mobile, community=community, user=user)
    return user


def register_login(*, mobile: str, name: str, password: str) -> User:
    """Create a login of its own, with no resident record: a student volunteer, who does not
    live in a 居委会 of the street."""
    try:
        with transaction.atomic():
            return User.objects.create_user(mobile=mobile, name=name, password=password)
    except IntegrityError as error:
        raise ValidationError(
            {"mobile": _("This mobile number is already registered.")}, code="unique"
        ) from error


@transaction.atomic
def annual_report_edit(*, year: int, point: str, text: str, by: User) -> AnnualReport:
    """Keep staff's text for a point of a year's report, beside the generated draft it replaces.
    The draft's own text is no edit: saved unchanged, the point keeps following the data."""
    if point not in annual_report.POINT_KEYS:
        raise ValidationError(_("The report has no such point."), code="point")
    if (reason := annual_report.unavailable(year)) is not None:
        raise ValidationError(reason, code="year")
    text = annual_report.tidy(text)
    if not text:
        raise ValidationError(
            _("Write the point's text, or go back to the generated draft."), code="empty"
        )
    draft = annual_report.drafts(year)[point]
    report = AnnualReport.objects.get_or_create(year=year)[0]
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if text == annual_report.tidy(draft):
        report.texts.pop(point, None)
        report.drafts.pop(point, None)
    else:
        report.texts[point] = text
        report.drafts[point] = draft
    report.edited_by, report.edited_at = by, timezone.now()
    report.save()
    return report


@transaction.atomic
def annual_report_revert(*, year: int, point: str, by: User) -> None:
    """Back to the generated draft for a point of a year's report: staff's text is dropped."""
    report = AnnualReport.objects.select_for_update().filter(year=year).first()
    if report is None or point not in report.texts:
        return
    del report.texts[point]
    report.drafts.pop(point, None)
    report.edited_by, report.edited_at = by, timezone.now()
    report.save()
