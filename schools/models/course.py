import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.pagecache import PageRowsQuerySet
from community.terms import term_of

from .offering import Offering
from .school import Branch, School, Venue, manages_all_schools


class Audience(models.Model):
    """Who a course or event is for; one row per kind, made by a migration."""

    class Code(models.TextChoices):
        SENIORS = "seniors", _("Seniors")
        YOUTH = "youth", _("Young people")
        PARENTS = "parents", _("Parents")
        UNEMPLOYED = "unemployed", _("The unemployed")
        WOMEN = "women", _("Women")
        PARTY_MEMBERS = "party_members", _("Party members")
        CADRES = "cadres", _("Cadres")
        EVERYONE = "everyone", _("Everyone")

    code = models.CharField(_("code"), max_length=20, choices=Code.choices, unique=True)

    objects = PageRowsQuerySet.as_manager()

    class Meta:
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")
        ordering = ["pk"]

    def __str__(self):
        return str(self.get_code_display())


def current_term(today: datetime.date | None = None) -> str:
    """The term label of a date: spring runs February to July, autumn August to January."""
    return term_of(today or timezone.localdate())


class CourseQuerySet(PageRowsQuerySet):
    def published(self):
        return self.filter(status=Course.Status.PUBLISHED)

    def managed_by(self, user):
        if manages_all_schools(user):
            return self
        return self.filter(school__managers=user)

    def with_session_bounds(self):
        """Annotate the start and end of the last session (when sign-up ends, when it is over)."""
        last = CourseSession.objects.filter(course=OuterRef("pk")).order_by("-starts_at")
        return self.annotate(
            last_session_start=models.Subquery(last.values("starts_at")[:1]),
            last_session_end=models.Subquery(last.values("ends_at")[:1]),
        )

    def for_listing(self):
        """Published courses with what a card shows, in a constant number of queries: those
        still running first, those over (已结束) last."""
        now = timezone.now()
        return (
            self.published()
            .select_related("school", "venue", "branch__community")
            .with_session_bounds()
            .annotate(
                next_session_at=models.Subquery(
                    CourseSession.objects.filter(course=OuterRef("pk"), starts_at__gte=now)
                    .order_by("starts_at")
                    .values("starts_at")[:1]
                ),
                over=models.Case(
                    models.When(last_session_end__lte=now, then=models.Value(True)),
                    default=models.Value(False),
                ),
            )
            .order_by("over", "school__name", "title", "pk")
        )

    def held_in(self, year: int):
        """The courses that met in a year: published or closed (neither a draft nor called
        off), with a session of that year that has begun."""
        begun = CourseSession.objects.filter(
            course=OuterRef("pk"), starts_at__year=year, starts_at__lte=timezone.now()
        )
        return self.filter(
            Exists(begun), status__in=[Course.Status.PUBLISHED, Course.Status.CLOSED]
        )

    def with_free_places(self):
        return self.filter(seats_taken__lt=F("capacity"))

    def meeting_on(self, weekday: int):
        """Courses with a session on an ISO weekday (1 Monday … 7 Sunday), by rule or by date."""
        django_week_day = weekday % 7 + 1  # Django's week_day: 1 Sunday … 7 Saturday
        return self.filter(
            Q(weekday=weekday)
            | Exists(
                CourseSession.objects.filter(
                    course=OuterRef("pk"), starts_at__week_day=django_week_day
                )
            )
        )


class Course(Offering):
    class Category(models.TextChoices):
        SKILLS = "skills", _("Skills")
        SERVICE = "service", _("Service")
        ARTS = "arts", _("Arts")
        KNOWLEDGE = "knowledge", _("Knowledge")
        TASTE = "taste", _("Taste")
        PARTY = "party", _("Party member education")
        CADRE = "cadre", _("Cadre training")

    class Weekday(models.IntegerChoices):
        MONDAY = 1, _("Monday")
        TUESDAY = 2, _("Tuesday")
        WEDNESDAY = 3, _("Wednesday")
        THURSDAY = 4, _("Thursday")
        FRIDAY = 5, _("Friday")
        SATURDAY = 6, _("Saturday")
        SUNDAY = 7, _("Sunday")

    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="courses", verbose_name=_("school")
    )
    branch = models.ForeignKey(
        Branch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("branch"),
    )
    title = models.CharField(_("title"), max_length=100)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    audiences = models.ManyToManyField(
        Audience, related_name="courses", verbose_name=_("audiences"), blank=True
    )
    teacher = models.CharField(_("teacher"), max_length=50, blank=True)
    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("venue"),
    )
    description = models.TextField(_("description"), blank=True)
    term = models.CharField(_("term"), max_length=12, default=current_term, db_index=True)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=Weekday.choices, null=True, blank=True, editable=False
    )
    start_time = models.TimeField(_("starts at"), null=True, blank=True, editable=False)
    end_time = models.TimeField(_("ends at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CourseQuerySet.as_manager()

    class Meta(Offering.Meta):
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["school__name", "title"]
        indexes = [
            models.Index(fields=["status", "category"], name="schools_course_status_cat_idx"),
            models.Index(fields=["status", "weekday"], name="schools_course_status_wday_idx"),
            models.Index(fields=["status", "school"], name="schools_course_status_sch_idx"),
        ]
        constraints = [
            *Offering.Meta.constraints,
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(min_age__lte=F("max_age")),
                name="%(app_label)s_%(class)s_age_range_ordered",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("schools:course_detail", args=[self.pk])

    def clean(self):
        if self.branch_id and self.school_id and self.branch.school_id != self.school_id:
            raise ValidationError(
                {"branch": _("The branch must be one of this course's school.")}, code="branch"
            )

    def _session_bounds(self) -> tuple:
        if not hasattr(self, "last_session_start"):
            last = self.sessions.order_by("-starts_at").values("starts_at", "ends_at").first()
            self.last_session_start = last["starts_at"] if last else None
            self.last_session_end = last["ends_at"] if last else None
        return self.last_session_start, self.last_session_end

    def signup_deadline(self) -> datetime.datetime | None:
        return self._session_bounds()[0]

    def ends_at_latest(self) -> datetime.datetime | None:
        return self._session_bounds()[1]

    @property
    def schedule_display(self) -> str:
        if self.weekday is None or self.start_time is None:
            return ""
        end = f"–{self.end_time:%H:%M}" if self.end_time else ""
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}{end}"

    def age_allows(self, birth_year: int | None, today: datetime.date | None = None) -> bool:
        if self.min_age is None and self.max_age is None:
            return True
        if birth_year is None:
            return False
        age = (today or timezone.localdate()).year - birth_year
        if self.min_age is not None and age < self.min_age:
            return False
        return not (self.max_age is not None and age > self.max_age)


class CourseSession(models.Model):
    """One dated meeting of a course (课次)."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("course")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("venue"),
        help_text=_("Empty: the course's venue."),
    )

    objects = PageRowsQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "starts_at"], name="%(app_label)s_%(class)s_one_per_start"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="%(app_label)s_%(class)s_ends_after_start",
            ),
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{self.course.title} {local:%Y-%m-%d %H:%M}"
