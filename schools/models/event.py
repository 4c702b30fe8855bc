from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models import Resident
from community.pagecache import PageRowsQuerySet

from .course import Audience
from .offering import Offering
from .school import School, Venue, manages_all_schools


class EventQuerySet(PageRowsQuerySet):
    def published(self):
        return self.filter(status=Event.Status.PUBLISHED)

    def managed_by(self, user):
        if manages_all_schools(user):
            return self
        return self.filter(school__managers=user)

    def held_in(self, year: int):
        """The events of a year that took place: published or closed (neither a draft nor
        called off), and begun."""
        return self.filter(
            starts_at__year=year,
            starts_at__lte=timezone.now(),
            status__in=[Event.Status.PUBLISHED, Event.Status.CLOSED],
        )

    def for_listing(self):
        """Published events, those to come first (soonest first), those over (已结束) after
        them (latest first)."""
        now = timezone.now()
        return (
            self.published()
            .select_related("venue", "school")
            .annotate(
                over=models.Case(
                    models.When(
                        models.Q(ends_at__lte=now)
                        | models.Q(ends_at__isnull=True, starts_at__lte=now),
                        then=models.Value(True),
                    ),
                    default=models.Value(False),
                ),
                coming_order=models.Case(
                    models.When(over=False, then=models.F("starts_at")),
                    default=None,
                ),
            )
            .order_by("over", "coming_order", "-starts_at", "pk")
        )


class Event(Offering):
    """A one-off lecture, 党课, plaza consultation, knowledge contest or exhibition."""

    class Kind(models.TextChoices):
        LECTURE = "lecture", _("Expert lecture")
        PARTY_LECTURE = "party_lecture", _("Party lecture")
        PLAZA = "plaza", _("Plaza consultation")
        CONTEST = "contest", _("Knowledge contest")
        EXHIBITION = "exhibition", _("Exhibition")

    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=100)
    school = models.ForeignKey(
        School,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("organised by"),
    )
    speaker = models.CharField(_("speaker"), max_length=80, blank=True)
    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("venue"),
    )
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    audiences = models.ManyToManyField(
        Audience, related_name="events", verbose_name=_("audiences"), blank=True
    )
    description = models.TextField(_("description"), blank=True)
    has_signup = models.BooleanField(
        _("sign-up needed"), default=False, help_text=_("Residents sign up for a place.")
    )

    objects = EventQuerySet.as_manager()

    class Meta(Offering.Meta):
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("schools:event_detail", args=[self.pk])

    def signup_deadline(self):
        return self.starts_at

    def ends_at_latest(self):
        return self.ends_at or self.starts_at

    def accepts_signups(self, now=None) -> bool:
        return self.has_signup and super().accepts_signups(now)


class ContestWinner(models.Model):
    """A winner of a knowledge contest and the prize."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="winners", verbose_name=_("contest")
    )
    rank = models.PositiveSmallIntegerField(_("rank"), default=1)
    name = models.CharField(_("name"), max_length=80, help_text=_("A person or a team."))
    resident = models.ForeignKey(
        Resident,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contest_prizes",
        verbose_name=_("resident"),
    )
    prize = models.CharField(_("prize"), max_length=80)

    objects = PageRowsQuerySet.as_manager()

    class Meta:
        verbose_name = _("contest winner")
        verbose_name_plural = _("contest winners")
        ordering = ["event", "rank", "pk"]

    def __str__(self):
        return f"{self.name}（{self.prize}）"
