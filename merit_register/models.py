from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Concat, Left, Length, Replace, Right, Trim
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from community.masking import mask_name, public_text, searchable
from community.models import Community, Resident
from community.pagecache import PageRowsQuerySet


class DeedQuerySet(PageRowsQuerySet):
    def published(self):
        return self.filter(status=Deed.Status.PUBLISHED)

    def public_search(self, query: str):
        """Deeds whose public text (what the pages show) holds the query: the beneficiary's
        masked name cannot be confirmed by searching, nor a masked mobile number."""
        if not searchable(query):
            return self.none()
        beneficiary = Trim("beneficiary")
        full_mask = Concat(Left(beneficiary, 1), Value("**"))
        given = Right(beneficiary, 2)

        def masked(field):
            text = Replace(F(field), beneficiary, full_mask, output_field=models.TextField())
            return Case(
                When(beneficiary_length__gte=3, then=Replace(text, given, Value("**"))),
                default=text,
                output_field=models.TextField(),
            )

        named = DeedDoer.objects.filter(deed=OuterRef("pk"), name__icontains=query)
        return (
            self.alias(beneficiary_length=Length(beneficiary))
            .alias(public_title=masked("title"), public_story=masked("story"))
            .filter(
                Q(public_title__icontains=query) | Q(public_story__icontains=query) | Exists(named)
            )
        )

    def for_public_listing(self):
        return self.published().select_related("community").order_by("-date", "-pk")

    def awaiting_review(self):
        return self.filter(status=Deed.Status.SUBMITTED)

    def for_board_checklist(self, board, *, start=None, end=None):
        """What composing a board offers: the deeds on it now (that may stay there) first, in
        their order, with `board_position`; then the published deeds of its committee in the
        period, oldest first."""
        on_board = BoardDeed.objects.filter(board=board, deed=OuterRef("pk")).values("position")
        offered = Q(community=board.community_id, status=Deed.Status.PUBLISHED)
        if start:
            offered &= Q(date__gte=start)
        if end:
            offered &= Q(date__lte=end)
        return (
            self.annotate(board_position=Subquery(on_board[:1]))
            .filter(
                offered
                | Q(
                    board_position__isnull=False,
                    status__in=[Deed.Status.APPROVED, Deed.Status.PUBLISHED],
                )
            )
            .order_by(F("board_position").asc(nulls_last=True), "date", "pk")
        )


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

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Waiting for the answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Not accepted")

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
    recommendation_outcome = models.CharField(
        _("outcome of the recommendation"), max_length=10, choices=Outcome.choices, blank=True
    )
    recommendation_honour = models.CharField(
        _("honour received"),
        max_length=100,
        blank=True,
        help_text=_("When accepted: the honour it received, such as 区级好人好事."),
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
            models.CheckConstraint(
                condition=(Q(recommended_upward=False) & Q(recommendation_outcome=""))
                | (Q(recommended_upward=True) & ~Q(recommendation_outcome="")),
                name="%(app_label)s_%(class)s_recommendation_has_outcome",
                violation_error_message=_("A recommended deed has an outcome, pending at first."),
            ),
            models.CheckConstraint(
                condition=~Q(recommendation_outcome="accepted") | ~Q(recommendation_honour=""),
                name="%(app_label)s_%(class)s_accepted_names_honour",
                violation_error_message=_("An accepted recommendation names the honour."),
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
        return public_text(self.story, hiding=self.beneficiary)

    @property
    def public_title(self) -> str:
        return public_text(self.title, hiding=self.beneficiary)

    @property
    def first_photo(self) -> "DeedPhoto | None":
        """The photo a poster shows (from prefetched photos, when they are)."""
        photos = self.photos.all()
        return photos[0] if photos else None


class DeedDoer(models.Model):
    """Who did the deed: a resident, a staff member, or a person or group named in full."""

    deed = models.ForeignKey(
        Deed, on_delete=models.CASCADE, related_name="doers", verbose_name=_("deed")
    )
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

    objects = PageRowsQuerySet.as_manager()

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
        """The doer as the public pages name them (a mobile number typed in is masked)."""
        if self.name:
            name = self.name
        elif self.resident_id:
            name = self.resident.name
        else:
            name = self.user.name if self.user_id else ""
        return public_text(name)


class DeedPhoto(models.Model):
    deed = models.ForeignKey(
        Deed, on_delete=models.CASCADE, related_name="photos", verbose_name=_("deed")
    )
    image = models.ImageField(_("photo"), upload_to="merit/deeds/")
    thumbnail = models.ImageField(upload_to="merit/deeds/thumbs/", editable=False)
    caption = models.CharField(_("caption"), max_length=100, blank=True)

    objects = PageRowsQuerySet.as_manager()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["pk"]

    def __str__(self):
        return self.caption or self.image.name


class BoardQuerySet(PageRowsQuerySet):
    def public(self):
        return self.exclude(status=Board.Status.DRAFT)

    def posted(self):
        return self.filter(status=Board.Status.POSTED)

    def hanging_at(self, *, community, location: str):
        """The committee's boards posted in that place and not yet taken down."""
        return self.posted().filter(community=community, location=location.strip())

    def replaced_by(self, board):
        """The issues that came down in the place where `board` went up, the day it did."""
        return self.filter(
            community=board.community_id,
            location=board.location,
            status=Board.Status.TAKEN_DOWN,
            taken_down_on=board.posted_on,
        ).exclude(pk=board.pk)


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

    @property
    def poster_heading(self) -> str:
        """The poster's heading: "功德榜 · title", without saying 功德榜 twice."""
        kind = gettext("Merit board")
        return self.title if kind in self.title else f"{kind} · {self.title}"


class BoardDeed(models.Model):
    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="entries", verbose_name=_("board")
    )
    deed = models.ForeignKey(
        Deed, on_delete=models.PROTECT, related_name="board_entries", verbose_name=_("deed")
    )
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("order on a board", "position"), default=0
    )

    objects = PageRowsQuerySet.as_manager()

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
        return gettext("No. %(position)s on the board: %(deed)s") % {
            "position": self.position,
            "deed": self.deed.title,
        }
