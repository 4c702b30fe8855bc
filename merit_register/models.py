import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from community.models import Community, Resident

MOBILE_IN_TEXT = re.compile(r"1[3-9]\d{9}")


def mask_name(name: str) -> str:
    """A beneficiary's name as the public sees it: the first character, then ** (张**)."""
    name = name.strip()
    return f"{name[0]}**" if name else ""


class DeedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Deed.Status.PUBLISHED)

    def for_public_listing(self):
        return self.published().select_related("community").order_by("-date", "-pk")

    def awaiting_review(self):
        return self.filter(status=Deed.Status.SUBMITTED)


class Deed(models.Model):
    """A good deed (功德) recorded in the merit register (功德录)."""

    class Category(models.TextChoices):
        FOR_RESIDENTS = "for_residents", _("Practical things done for residents")
        FOR_COMMUNITY = "for_community", _("Good things done for the community")
        HELPING = "helping", _("Helping others")
        BRAVERY = "bravery", _("Acting bravely for justice")
        HONESTY = "honesty", _("Honesty and trustworthiness")
        DEDICATION = "dedication", _("Dedication to work")
        FILIAL = "filial", _("Caring for elders and family")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Level(models.TextChoices):
        DISTRICT = "district", _("District")
        CITY = "city", _("City")
        PROVINCE = "province", _("Province")

    title = models.CharField(_("title"), max_length=100)
    story = models.TextField(_("story"))
    date = models.DateField(_("date of the deed"), db_index=True)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    beneficiary = models.CharField(
        _("beneficiary"),
        max_length=100,
        blank=True,
        help_text=_("Shown masked in public (张**)."),
    )
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        related_name="deeds",
        verbose_name=_("residents' committee"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reported_deeds",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    recommended_upward = models.BooleanField(_("recommended upward"), default=False)
    recommended_on = models.DateField(_("recommended on"), null=True, blank=True)
    recommended_level = models.CharField(
        _("recommended to"), max_length=10, choices=Level.choices, blank=True
    )

    objects = DeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("deed")
        verbose_name_plural = _("deeds")
        ordering = ["-date", "-pk"]
        permissions = [("review_deed", _("Can review, publish and withdraw deeds"))]
        indexes = [
            models.Index(fields=["status", "-date"], name="merit_deed_status_date_idx"),
            models.Index(fields=["status", "community"], name="merit_deed_status_comm_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="%(app_label)s_%(class)s_rejection_has_reason",
                violation_error_message=_("A rejected deed needs a reason."),
            ),
            models.CheckConstraint(
                condition=Q(recommended_upward=False)
                | (Q(recommended_on__isnull=False) & ~Q(recommended_level="")),
                name="%(app_label)s_%(class)s_recommendation_complete",
                violation_error_message=_(
                    "A recommended deed needs the date and the level it was recommended to."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("merit_register:deed_detail", args=[self.pk])

    @property
    def public_beneficiary(self) -> str:
        return mask_name(self.beneficiary)

    @property
    def public_story(self) -> str:
        """The story with the beneficiary's name masked and mobile numbers removed."""
        story = self.story
        if self.beneficiary.strip():
            story = story.replace(self.beneficiary.strip(), self.public_beneficiary)
        return MOBILE_IN_TEXT.sub("***********", story)

    @property
    def public_title(self) -> str:
        title = self.title
        if self.beneficiary.strip():
            title = title.replace(self.beneficiary.strip(), self.public_beneficiary)
        return MOBILE_IN_TEXT.sub("***********", title)


class DeedDoer(models.Model):
    """Who did the deed: a resident, a staff member, or a person or group named in full."""

    deed = models.ForeignKey(Deed, on_delete=models.CASCADE, related_name="doers")
    resident = models.ForeignKey(
        Resident,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deeds_done",
        verbose_name=_("resident"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deeds_done",
        verbose_name=_("staff member"),
    )
    name = models.CharField(
        _("name"), max_length=100, blank=True, help_text=_("A person without a record, or a group.")
    )

    class Meta:
        verbose_name = _("doer")
        verbose_name_plural = _("doers")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resident__isnull=False) | Q(user__isnull=False) | ~Q(name=""),
                name="%(app_label)s_%(class)s_names_someone",
                violation_error_message=_("Name a resident, a staff member, or a person or group."),
            )
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name:
            return self.name
        if self.resident_id:
            return self.resident.name
        return self.user.name if self.user_id else ""


class DeedPhoto(models.Model):
    deed = models.ForeignKey(Deed, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="merit/deeds/")
    thumbnail = models.ImageField(upload_to="merit/deeds/thumbs/", editable=False)
    caption = models.CharField(_("caption"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["pk"]

    def __str__(self):
        return self.caption or self.image.name


class BoardQuerySet(models.QuerySet):
    def public(self):
        return self.exclude(status=Board.Status.DRAFT)

    def posted(self):
        return self.filter(status=Board.Status.POSTED)


class Board(models.Model):
    """An issue of the 功德榜: deeds posted on a board somewhere in the community."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        POSTED = "posted", _("Posted")
        TAKEN_DOWN = "taken_down", _("Taken down")

    title = models.CharField(_("title"), max_length=100)
    issue_number = models.PositiveIntegerField(_("issue number"))
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        related_name="boards",
        verbose_name=_("residents' committee"),
    )
    location = models.CharField(_("where it is posted"), max_length=100, blank=True)
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    posted_on = models.DateField(_("posted on"), null=True, blank=True, db_index=True)
    taken_down_on = models.DateField(_("taken down on"), null=True, blank=True)
    deeds = models.ManyToManyField(
        Deed, through="BoardDeed", related_name="boards", verbose_name=_("deeds")
    )
    image = models.ImageField(_("photo of the board"), upload_to="merit/boards/", blank=True)
    thumbnail = models.ImageField(upload_to="merit/boards/thumbs/", blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )

    objects = BoardQuerySet.as_manager()

    class Meta:
        verbose_name = _("board")
        verbose_name_plural = _("boards")
        ordering = ["-issue_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "issue_number"],
                name="%(app_label)s_%(class)s_issue_per_committee",
                violation_error_message=_("This committee already has a board with that number."),
            ),
            models.CheckConstraint(
                condition=~Q(status="posted") | (Q(posted_on__isnull=False) & ~Q(location="")),
                name="%(app_label)s_%(class)s_posted_has_place_and_date",
                violation_error_message=_("A posted board needs the place and the date."),
            ),
        ]

    def __str__(self):
        return f"{self.title}（{self.issue_number}）"

    def get_absolute_url(self):
        return reverse("merit_register:board_detail", args=[self.pk])


class BoardDeed(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="entries")
    deed = models.ForeignKey(Deed, on_delete=models.PROTECT, related_name="board_entries")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("deed on the board")
        verbose_name_plural = _("deeds on the board")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "deed"], name="%(app_label)s_%(class)s_once_per_board"
            )
        ]

    def __str__(self):
        return f"{self.position}. {self.deed_id}"
