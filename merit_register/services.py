"""Writes of the merit register: reports, review, publication, and the boards."""

import contextlib
import datetime
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from community import audit
from community.images import ProcessedImage
from community.models import AuditEntry, Community, User

from . import notices
from .models import Board, BoardDeed, Deed, DeedDoer, DeedPhoto


def _require_reviewer(user: User) -> None:
    if not user.has_perm("merit_register.review_deed"):
        raise PermissionDenied(_("Only merit reviewers can do this."))


MAX_REPORT_PHOTOS = 3


def deed_report(
    *,
    reporter: User,
    title: str,
    story: str,
    date: datetime.date,
    category: str,
    community: Community,
    doers: Sequence[str],
    beneficiary: str = "",
    photos: Sequence[ProcessedImage] = (),
) -> Deed:
    """A resident (or staff) reports a deed, with up to three checked photos; it waits for review
    and is not public until then. The deed, its doers and its photos are saved together or not
    at all: if a photo cannot be written, nothing is kept, not even the files already written."""
    names = [name.strip() for name in doers if name.strip()]
    if not names:
        raise ValidationError({"doers": _("Name at least one person or group who did it.")})
    if date > timezone.localdate():
        raise ValidationError({"date": _("The date of the deed cannot be in the future.")})
    if len(photos) > MAX_REPORT_PHOTOS:
        message = _("Choose at most %(limit)d photos (you chose %(count)d).")
        raise ValidationError(
            {"photos": message % {"limit": MAX_REPORT_PHOTOS, "count": len(photos)}}
        )
    written: list[FieldFile] = []
    try:
        with transaction.atomic():
            deed = Deed.objects.create(
                title=title,
                story=story,
                date=date,
                category=category,
                beneficiary=beneficiary,
                community=community,
                submitted_by=reporter,
            )
            DeedDoer.objects.bulk_create(DeedDoer(deed=deed, name=name) for name in names)
            rows = [_photo_written(deed, photo, written) for photo in photos]
            DeedPhoto.objects.bulk_create(rows)
            notices.deed_reported(deed)
    except BaseException:
        for file in written:
            with contextlib.suppress(OSError):
                file.storage.delete(file.name)
        raise
    return deed


def _photo_written(deed: Deed, photo: ProcessedImage, written: list[FieldFile]) -> DeedPhoto:
    """A photo row for `deed`, its image and thumbnail written to storage (and to `written`, so
    that they can be removed if the report is not saved after all)."""
    row = DeedPhoto(deed=deed)
    for file, content in ((row.image, photo), (row.thumbnail, photo.thumbnail)):
        # Named before writing: a write that fails half-way leaves a file under this name.
        file.name = file.field.generate_filename(row, content.name)
        written.append(file)
        try:
            file.save(content.name, content, save=False)
        except OSError as error:
            raise ValidationError(
                _(
                    "The photos could not be stored just now, so nothing was saved. Please try "
                    "again later, or send the report without photos."
                ),
                code="storage",
            ) from error
    return row


def _transition(deed: Deed, *, allowed_from: set[str], by: User) -> Deed:
    _require_reviewer(by)
    deed = Deed.objects.select_for_update().get(pk=deed.pk)
    if deed.status not in allowed_from:
        raise ValidationError(
            _("This deed is “%(status)s” and cannot be changed that way.")
            % {"status": deed.get_status_display()},
            code="transition",
        )
    return deed


@transaction.atomic
def deed_approve(*, deed: Deed, by: User) -> Deed:
    deed = _transition(deed, allowed_from={Deed.Status.SUBMITTED, Deed.Status.REJECTED}, by=by)
    deed.status = Deed.Status.APPROVED
    deed.reviewed_by, deed.reviewed_at = by, timezone.now()
    deed.rejection_reason = ""
    deed.save(update_fields=["status", "reviewed_by", "reviewed_at", "rejection_reason"])
    notices.deed_reviewed(deed, "deed_approved", by=by)
    return deed


@transaction.atomic
def deed_reject(*, deed: Deed, by: User, reason: str) -> Deed:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the rejection.")})
    deed = _transition(deed, allowed_from={Deed.Status.SUBMITTED, Deed.Status.APPROVED}, by=by)
    deed.status = Deed.Status.REJECTED
    deed.reviewed_by, deed.reviewed_at = by, timezone.now()
    deed.rejection_reason = reason.strip()
    deed.save(update_fields=["status", "reviewed_by", "reviewed_at", "rejection_reason"])
    audit.record(
        actor=by, action=AuditEntry.Action.DEED_RETURNED, target=deed, reason=deed.rejection_reason
    )
    notices.deed_reviewed(deed, "deed_returned", by=by)
    return deed


@transaction.atomic
def deed_publish(*, deed: Deed, by: User) -> Deed:
    deed = _transition(deed, allowed_from={Deed.Status.APPROVED, Deed.Status.WITHDRAWN}, by=by)
    deed.status = Deed.Status.PUBLISHED
    deed.published_at = timezone.now()
    deed.save(update_fields=["status", "published_at"])
    audit.record(actor=by, action=AuditEntry.Action.DEED_PUBLISHED, target=deed)
    notices.deed_reviewed(deed, "deed_published", by=by)
    return deed


@transaction.atomic
def deed_withdraw(*, deed: Deed, by: User) -> Deed:
    deed = _transition(deed, allowed_from={Deed.Status.PUBLISHED}, by=by)
    deed.status = Deed.Status.WITHDRAWN
    deed.save(update_fields=["status"])
    audit.record(actor=by, action=AuditEntry.Action.DEED_WITHDRAWN, target=deed)
    return deed


def recommendation_check(*, level: str, on: datetime.date) -> None:
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date of the recommendation cannot be in the future.")})
    if level not in Deed.Level.values:
        raise ValidationError({"level": _("Choose the level it is recommended to.")})


def recommendation_answer_check(*, outcome: str, honour: str) -> None:
    if outcome not in (Deed.Outcome.ACCEPTED, Deed.Outcome.DECLINED):
        raise ValidationError({"outcome": _("Choose the outcome.")})
    if outcome == Deed.Outcome.ACCEPTED and not honour.strip():
        raise ValidationError({"honour": _("Name the honour the deed received.")})


@transaction.atomic
def deed_recommend(*, deed: Deed, by: User, level: str, on: datetime.date) -> Deed:
    """推荐上报: put an approved or published deed forward to higher-level recognition; the
    answer is pending until it is recorded."""
    recommendation_check(level=level, on=on)
    deed = _transition(deed, allowed_from={Deed.Status.APPROVED, Deed.Status.PUBLISHED}, by=by)
    if deed.recommended_upward:
        raise ValidationError(_("This deed has already been recommended upward."), code="again")
    deed.recommended_upward, deed.recommended_level, deed.recommended_on = True, level, on
    deed.recommendation_outcome = Deed.Outcome.PENDING
    deed.save(
        update_fields=[
            "recommended_upward",
            "recommended_level",
            "recommended_on",
            "recommendation_outcome",
        ]
    )
    return deed


@transaction.atomic
def deed_recommendation_answered(*, deed: Deed, by: User, outcome: str, honour: str = "") -> Deed:
    """The answer to a recommendation: accepted (with the honour it received) or not."""
    _require_reviewer(by)
    deed = Deed.objects.select_for_update().get(pk=deed.pk)
    if not deed.recommended_upward:
        raise ValidationError(
            _("This deed has not been recommended upward."), code="not_recommended"
        )
    recommendation_answer_check(outcome=outcome, honour=honour)
    deed.recommendation_outcome = outcome
    deed.recommendation_honour = honour.strip() if outcome == Deed.Outcome.ACCEPTED else ""
    deed.save(update_fields=["recommendation_outcome", "recommendation_honour"])
    return deed


def board_compose_check(deeds: Sequence[Deed]) -> None:
    """A board holds each deed once, and only approved or published deeds."""
    ids = [deed.pk for deed in deeds]
    if len(set(ids)) != len(ids):
        raise ValidationError(_("A deed can be on a board only once."), code="duplicate")
    unfit = Deed.objects.filter(pk__in=ids).exclude(
        status__in=[Deed.Status.APPROVED, Deed.Status.PUBLISHED]
    )
    if unfit.exists():
        raise ValidationError(
            _("Only approved or published deeds can go on a board."), code="unfit"
        )


@transaction.atomic
def board_compose(*, board: Board, deeds: Sequence[Deed], by: User) -> list[BoardDeed]:
    """Put deeds on a board in the given order, replacing what it held."""
    _require_reviewer(by)
    board = Board.objects.select_for_update().get(pk=board.pk)
    board_compose_check(deeds)
    board.entries.all().delete()
    return BoardDeed.objects.bulk_create(
        BoardDeed(board=board, deed_id=deed.pk, position=n) for n, deed in enumerate(deeds, 1)
    )


@transaction.atomic
def board_post(
    *, board: Board, by: User, location: str, posted_on: datetime.date, image=None
) -> Board:
    """Mark a board as posted, with where and when, and optionally a photo of it as posted.
    The committee's issue that hung in the same place until then comes down that day."""
    _require_reviewer(by)
    board = Board.objects.select_for_update().get(pk=board.pk)
    if not location.strip():
        raise ValidationError({"location": _("Say where the board is posted.")})
    if not board.entries.exists():
        raise ValidationError(_("Put at least one deed on the board before posting it."))
    board.status = Board.Status.POSTED
    board.location, board.posted_on, board.taken_down_on = location.strip(), posted_on, None
    if image is not None:
        board.image, board.thumbnail = image, image.thumbnail
    board.save()
    replaced = list(
        Board.objects.select_for_update()
        .hanging_at(community=board.community_id, location=board.location)
        .filter(posted_on__lte=posted_on)
        .exclude(pk=board.pk)
        .order_by("issue_number")
    )
    for previous in replaced:
        previous.status, previous.taken_down_on = Board.Status.TAKEN_DOWN, posted_on
    Board.objects.bulk_update(replaced, ["status", "taken_down_on"])
    audit.record(
        actor=by,
        action=AuditEntry.Action.BOARD_POSTED,
        target=board,
        location=board.location,
        posted_on=f"{posted_on:%Y-%m-%d}",
        **({"replaced_issues": [b.issue_number for b in replaced]} if replaced else {}),
    )
    return board


@transaction.atomic
def board_take_down(*, board: Board, by: User, on: datetime.date) -> Board:
    _require_reviewer(by)
    board = Board.objects.select_for_update().get(pk=board.pk)
    if board.status != Board.Status.POSTED:
        raise ValidationError(_("Only a posted board can be taken down."))
    if board.posted_on and on < board.posted_on:
        raise ValidationError(_("A board cannot come down before it went up."))
    board.status, board.taken_down_on = Board.Status.TAKEN_DOWN, on
    board.save(update_fields=["status", "taken_down_on"])
    return board
